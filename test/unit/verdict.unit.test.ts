import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { findingsFor, syntaxFinding } from '../../src/checking/verdict';
import { transpileExercise } from '../../src/shared/transpile';
import { course } from '../support/inProcessGrader';

describe('verdict → diagnostics', () => {
  const e = course.exercises.find((x) => x.manifest.id === '01-weighted-sum')!;
  const source = fs.readFileSync(e.starterPath, 'utf8');
  it('puts a failing check on the declaration of the export it tests, in the learner language', () => {
    const findings = findingsFor(
      e.manifest,
      source,
      [
        { id: 'neuron-random', status: 'failed', message: { en: 'expected 3, got 0', fr: 'attendu 3, obtenu 0' }, durationMs: 1 },
        { id: 'science-gino', status: 'passed', message: { en: 'ok', fr: 'ok' }, durationMs: 1 },
        { id: 'science-all', status: 'timeout', message: { en: 'too slow', fr: 'trop lent' }, durationMs: 1 },
      ],
      'fr',
    );
    assert.equal(findings.length, 2);
    const lines = source.split('\n');
    assert.match(lines[findings[0]!.range.line]!, /export function neuron/);
    assert.match(findings[0]!.message, /attendu 3, obtenu 0/);
    assert.match(lines[findings[1]!.range.line]!, /export const scienceWeights/);
  });
  it('puts a syntax error at its position', () => {
    const broken = source.replace('return 0;', 'return 0 +;');
    const t = transpileExercise(broken);
    assert.equal(t.ok, false);
    if (t.ok) return;
    const f = syntaxFinding(t.error, broken);
    assert.match(broken.split('\n')[f.range.line]!, /return 0 \+;/);
  });
});
