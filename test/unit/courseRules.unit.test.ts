import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  exerciseIdFromArg,
  nextExercise,
  nextHint,
  openExerciseAsks,
  panelsToClose,
  predictionDue,
  predictionView,
  progressSummary,
  ranToVerdict,
  solutionAfter,
  recordPrediction,
  solutionUnlocked,
} from '../../src/course/courseRules';
import { findingsFor } from '../../src/checking/verdict';
import type { CheckOutcome } from '../../src/shared/grading';
import { course } from '../support/inProcessGrader';

const outcome = (id: string, status: CheckOutcome['status']): CheckOutcome => ({
  id,
  status,
  message: { en: status, fr: status },
  durationMs: 1,
});

describe('what counts as a check (Show Solution after 5 checks)', () => {
  it('counts a run that reached a verdict, passed or not, timeouts and crashes of the code included', () => {
    assert.equal(ranToVerdict({ cancelled: false, backend: 'wasm', outcomes: [outcome('a', 'failed'), outcome('b', 'passed')] }), true);
    assert.equal(ranToVerdict({ cancelled: false, backend: 'cpu', outcomes: [outcome('a', 'timeout'), outcome('b', 'error')] }), true);
  });
  it('does not count a syntax error, a grader that could not start, or a cancel', () => {
    // A syntax error never runs the code: the runner records it with backend "none".
    assert.equal(ranToVerdict({ cancelled: false, backend: 'none', outcomes: [outcome('a', 'error'), outcome('b', 'error')] }), false);
    assert.equal(ranToVerdict({ cancelled: true, backend: 'wasm', outcomes: [outcome('a', 'failed'), outcome('b', 'cancelled')] }), false);
    // Even if the cancel flag were lost, a check without a verdict means the run did not finish.
    assert.equal(ranToVerdict({ cancelled: false, backend: 'wasm', outcomes: [outcome('a', 'passed'), outcome('b', 'cancelled')] }), false);
    assert.equal(ranToVerdict({ cancelled: false, backend: 'wasm', outcomes: [] }), false);
  });
  it('unlocks the solution after a pass, or after solutionAfterAttempts counted checks (5 by default)', () => {
    assert.equal(solutionAfter({}), 5);
    assert.equal(solutionAfter({ solutionAfterAttempts: 3 }), 3);
    assert.equal(solutionUnlocked({ state: 'inProgress', attempts: 4 }, {}), false);
    assert.equal(solutionUnlocked({ state: 'inProgress', attempts: 5 }, {}), true);
    assert.equal(solutionUnlocked({ state: 'inProgress', attempts: 2 }, { solutionAfterAttempts: 2 }), true);
    assert.equal(solutionUnlocked({ state: 'passed', attempts: 0 }, {}), true);
    assert.equal(solutionUnlocked({ state: 'notStarted', attempts: 0 }, undefined), false);
  });
  it('is one rule: five runs of which two syntax errors and one cancel leave the solution locked', () => {
    const runs = [
      { cancelled: false, backend: 'wasm' as const, outcomes: [outcome('a', 'failed')] },
      { cancelled: false, backend: 'none' as const, outcomes: [outcome('a', 'error')] },
      { cancelled: true, backend: 'wasm' as const, outcomes: [outcome('a', 'cancelled')] },
      { cancelled: false, backend: 'none' as const, outcomes: [outcome('a', 'error')] },
      { cancelled: false, backend: 'wasm' as const, outcomes: [outcome('a', 'failed')] },
    ];
    const attempts = runs.filter((r) => ranToVerdict(r)).length;
    assert.equal(attempts, 2);
    assert.equal(solutionUnlocked({ state: 'inProgress', attempts }, {}), false);
  });
});

describe('a cancelled check leaves nothing in Problems', () => {
  const e = course.exercises.find((x) => x.manifest.id === '01-weighted-sum')!;
  it('reports the failures that were decided before the cancel, not the cancelled ones', () => {
    const [first, second, ...rest] = e.manifest.checks;
    const findings = findingsFor(
      e.manifest,
      'export function neuron() {}\n',
      [outcome(first!.id, 'failed'), outcome(second!.id, 'cancelled'), ...rest.map((c) => outcome(c.id, 'cancelled'))],
      'en',
    );
    assert.deepEqual(
      findings.map((f) => f.checkId),
      [first!.id],
    );
  });
});

describe('the way on through the course', () => {
  const list = [
    { id: '01-a', chapter: 1 as const },
    { id: '02-b', chapter: 1 as const },
    { id: '03-c', chapter: 2 as const },
    { id: '04-d', chapter: 2 as const },
    { id: '05-e', chapter: 3 as const },
  ];
  const passedSet =
    (...ids: string[]) =>
    (id: string) =>
      ids.includes(id);
  it('offers the next exercise not yet passed, in course order, wrapping to the start', () => {
    assert.equal(nextExercise(list, passedSet('01-a'), '01-a'), '02-b');
    assert.equal(nextExercise(list, passedSet('01-a', '02-b', '03-c'), '01-a'), '04-d');
    assert.equal(nextExercise(list, passedSet('03-c', '04-d', '05-e'), '05-e'), '01-a');
    assert.equal(nextExercise(list, passedSet(), undefined), '01-a');
    assert.equal(nextExercise(list, passedSet('01-a', '02-b', '03-c', '04-d', '05-e'), '03-c'), undefined);
    // The exercise just checked is never its own next, passed or not.
    assert.equal(nextExercise(list, passedSet('01-a', '02-b', '04-d', '05-e'), '03-c'), undefined);
  });
  it('sums up progress in the course and in the chapter of the current exercise', () => {
    assert.deepEqual(progressSummary(list, passedSet('01-a', '03-c'), '04-d'), {
      passed: 2,
      total: 5,
      chapter: { chapter: 2, passed: 1, total: 2 },
    });
    assert.deepEqual(progressSummary(list, passedSet('01-a'), undefined), { passed: 1, total: 5 });
    assert.deepEqual(progressSummary(list, passedSet(), 'zz'), { passed: 0, total: 5 });
  });
});

describe('hints, one at a time', () => {
  it('shows the next hint not yet seen and counts it; once all are seen, the last again, counted once', () => {
    assert.deepEqual(nextHint(0, 3), { index: 0, hintsShown: 1, more: true });
    assert.deepEqual(nextHint(1, 3), { index: 1, hintsShown: 2, more: true });
    assert.deepEqual(nextHint(2, 3), { index: 2, hintsShown: 3, more: false });
    assert.deepEqual(nextHint(3, 3), { index: 2, hintsShown: 3, more: false });
    // A course edition with fewer hints than the learner had seen.
    assert.deepEqual(nextHint(5, 3), { index: 2, hintsShown: 5, more: false });
    assert.deepEqual(nextHint(0, 1), { index: 0, hintsShown: 1, more: false });
  });
});

describe('the exercise a command names', () => {
  const known = (id: string) => ['01-weighted-sum', '06-convolution'].includes(id);
  it('an exercise id, a tree item, a test item <exercise>/<check>', () => {
    assert.equal(exerciseIdFromArg('06-convolution', known), '06-convolution');
    assert.equal(exerciseIdFromArg({ id: '01-weighted-sum' }, known), '01-weighted-sum');
    assert.equal(exerciseIdFromArg({ id: '06-convolution/slide-example', label: 'x' }, known), '06-convolution');
  });
  it('nothing for an unknown id, another value, or no argument (the caller falls back to the editor or a pick)', () => {
    assert.equal(exerciseIdFromArg('06-convolution/slide-example', known), '06-convolution', 'a test item id given as a string');
    for (const arg of ['99-nope', '99-nope/x', { id: '99-nope/x' }, { id: 6 }, {}, null, undefined, 6])
      assert.equal(exerciseIdFromArg(arg, known), undefined, JSON.stringify(arg));
  });
  it('Open Exercise asks which exercise only when called without an argument (the palette)', () => {
    assert.equal(openExerciseAsks(undefined), true);
    assert.equal(openExerciseAsks('06-convolution'), false);
    assert.equal(openExerciseAsks({ id: '06-convolution' }), false);
  });
});

describe('predict before you run', () => {
  const l = (x: string) => ({ en: x, fr: `${x} (fr)` });
  const manifest = {
    predict: { question: l('shape?'), choices: [l('[7, 2]'), l('[3, 2]'), l('[3, 7]')], answer: 1, explain: l('rows × units') },
  };
  const at = new Date('2026-12-03T10:00:00Z');
  it('asks once, only for an exercise that has a question', () => {
    assert.equal(predictionDue(manifest, {}), true);
    assert.equal(predictionDue({}, {}), false);
    assert.equal(predictionDue(undefined, {}), false);
    assert.equal(predictionDue(manifest, { prediction: recordPrediction(manifest, 0, at) }), false);
    assert.equal(
      predictionDue(manifest, { prediction: recordPrediction(manifest, -1, at) }),
      false,
      'a skip is an answer: not asked again',
    );
  });
  it('grades the choice, and records a skip or an out-of-range choice as skipped', () => {
    assert.deepEqual(recordPrediction(manifest, 1, at), { choice: 1, correct: true, at: '2026-12-03T10:00:00.000Z' });
    assert.deepEqual(recordPrediction(manifest, 2, at), { choice: 2, correct: false, at: '2026-12-03T10:00:00.000Z' });
    assert.deepEqual(recordPrediction(manifest, -1, at), { choice: -1, correct: false, at: '2026-12-03T10:00:00.000Z' });
    assert.equal(recordPrediction(manifest, 3, at).choice, -1);
    assert.equal(recordPrediction(manifest, 0.5, at).choice, -1);
  });
  it('shows the question, the choice, the answer and why in the results panel, once answered', () => {
    assert.equal(predictionView(manifest, {}), undefined);
    assert.deepEqual(predictionView(manifest, { prediction: recordPrediction(manifest, 2, at) }), {
      question: l('shape?'),
      chosen: l('[3, 7]'),
      correct: false,
      answer: l('[3, 2]'),
      explain: l('rows × units'),
    });
    const skipped = predictionView(manifest, { prediction: recordPrediction(manifest, -1, at) });
    assert.equal(skipped?.chosen, undefined);
    assert.deepEqual(skipped?.answer, l('[3, 2]'));
  });
});

describe('Open Exercise tidies the panels of the previous exercise', () => {
  const listed = (kind: string) => kind === 'featureMaps';
  it('closes the panels the new exercise does not list, keeps those it lists', () => {
    assert.deepEqual(
      panelsToClose(listed, [
        { kind: 'featureMaps', busy: false },
        { kind: 'training', busy: false },
        { kind: 'datasetBalance', busy: false },
      ]),
      ['training', 'datasetBalance'],
    );
  });
  it('never closes a panel busy with a run the learner started (Train on My Images)', () => {
    assert.deepEqual(
      panelsToClose(listed, [
        { kind: 'training', busy: true },
        { kind: 'datasetBalance', busy: false },
      ]),
      ['datasetBalance'],
    );
  });
});
