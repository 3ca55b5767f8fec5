import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { CHECKS } from '../../exercises/registry';
import { course, gradeInProcess } from '../support/inProcessGrader';

/** Every exercise: its starter fails at least one check (a verdict, not a crash), its reference solution passes them all. */
describe('exercises', () => {
  it('the course loads without errors', () => {
    assert.deepEqual(course.errors, []);
    assert.ok(course.exercises.length >= 1);
  });
  it('every exercise has registered checks with the ids of its manifest', () => {
    for (const e of course.exercises) {
      const impl = CHECKS[e.manifest.id];
      assert.ok(impl, `${e.manifest.id} has no checks in exercises/registry.ts`);
      assert.deepEqual(impl.map((c) => c.id).sort(), e.manifest.checks.map((c) => c.id).sort(), e.manifest.id);
    }
  });
  for (const e of course.exercises) {
    describe(e.manifest.id, () => {
      it('the starter fails at least one check, crashes in none, and has a // TODO', async () => {
        const source = fs.readFileSync(e.starterPath, 'utf8');
        assert.match(source, /\/\/\s*TODO/);
        const outcomes = await gradeInProcess(e.manifest.id, source);
        // A starter that throws or hangs would teach "the grader crashed", not "this check fails".
        const crashed = outcomes.filter((o) => o.status === 'error' || o.status === 'timeout');
        assert.deepEqual(
          crashed.map((o) => `${o.id} (${o.status}): ${o.message.en}`),
          [],
          'the starter crashes instead of failing a check',
        );
        assert.ok(
          outcomes.some((o) => o.status === 'failed'),
          'the starter fails no check',
        );
        for (const o of outcomes) {
          assert.ok(o.message.en.trim() && o.message.fr.trim(), `${o.id}: message in both languages`);
        }
      });
      it('the reference solution passes every check', async () => {
        const outcomes = await gradeInProcess(e.manifest.id, fs.readFileSync(e.solutionPath, 'utf8'));
        for (const o of outcomes) assert.equal(o.status, 'passed', `${o.id}: ${o.message.en}`);
      });
    });
  }
});
