import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { validateManifest } from '../../src/shared/manifest';
import { course, repoRoot } from '../support/inProcessGrader';

const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'media/schema/exercise.schema.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true });
const schemaValidate = ajv.compile(schema);

function manifests(): { id: string; value: Record<string, unknown> }[] {
  return fs.readdirSync(path.join(repoRoot, 'exercises'))
    .filter((d) => fs.existsSync(path.join(repoRoot, 'exercises', d, 'exercise.json')))
    .map((d) => ({ id: d, value: JSON.parse(fs.readFileSync(path.join(repoRoot, 'exercises', d, 'exercise.json'), 'utf8')) as Record<string, unknown> }));
}

describe('exercise manifests', () => {
  it('every shipped manifest passes both the validator and the JSON schema', () => {
    for (const { id, value } of manifests()) {
      assert.deepEqual(validateManifest(value, id), [], id);
      assert.ok(schemaValidate(value), `${id}: ${ajv.errorsText(schemaValidate.errors)}`);
    }
  });
  it('ids are unique and orders are unique', () => {
    const ids = course.exercises.map((e) => e.manifest.id);
    const orders = course.exercises.map((e) => e.manifest.order);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(new Set(orders).size, orders.length);
  });
  const base = manifests()[0]!.value;
  const broken: [string, (m: Record<string, unknown>) => void, RegExp][] = [
    ['a bad id', (m) => { m.id = 'Weighted Sum'; }, /id/],
    ['two hints only', (m) => { m.hints = { en: ['a', 'b'], fr: ['a', 'b'] }; }, /hints\.en/],
    ['a missing French title', (m) => { m.title = { en: 'x' }; }, /title\.fr/],
    ['a duplicate check id', (m) => { const c = (m.checks as object[])[0]; m.checks = [c, c]; }, /duplicate/],
    ['an unknown property', (m) => { m.colour = 'red'; }, /unknown property/],
    ['a check pointing at an unknown export', (m) => { m.checks = [{ id: 'x', title: { en: 'x', fr: 'x' }, export: 'nope' }]; }, /not in exports/],
  ];
  for (const [what, mutate, pattern] of broken) {
    it(`rejects ${what}`, () => {
      const m = structuredClone(base);
      mutate(m);
      const errors = validateManifest(m);
      assert.ok(errors.some((e) => pattern.test(e)), errors.join('\n'));
      // The schema authors see in the editor agrees, except for cross-field rules only the validator knows.
      if (!/duplicate|not in exports/.test(pattern.source)) assert.equal(schemaValidate(m), false, what);
    });
  }
});
