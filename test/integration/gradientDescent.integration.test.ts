import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FUNCTIONS_1D, SURFACES, runOutcome, summarizeRun } from '../../src/shared/charts/gradientDescent';
import type { NeuronData, Path1DData, Paths2DData, TrainData } from '../../src/shared/protocol/gradientDescent';
import { probeInProcess, REPO_ROOT } from '../support/inProcessProbe';

const solution = (id: string): string => fs.readFileSync(path.join(REPO_ROOT, 'exercises', id, 'solution.ts'), 'utf8');
const sq = FUNCTIONS_1D.square;

describe('gradientDescent: probes on the exercises', () => {
  it('09: the path of the solution, and a diverging one', async () => {
    const ok = await probeInProcess('09-gradient-descent', solution('09-gradient-descent'), 'gradientDescent.path1d', {
      fn: 'square',
      x0: 5,
      learningRate: 0.1,
      epsilon: 1e-3,
      maxSteps: 100,
    });
    assert.ok(ok.ok, JSON.stringify(ok));
    const d = ok.data as Path1DData;
    assert.equal(d.path[0], 5);
    assert.equal(runOutcome(sq, d.path, 0.1, 1e-3, 100), 'converged');
    const bad = await probeInProcess('09-gradient-descent', solution('09-gradient-descent'), 'gradientDescent.path1d', {
      fn: 'square',
      x0: 5,
      learningRate: 1.2,
      epsilon: 1e-3,
      maxSteps: 30,
    });
    assert.ok(bad.ok);
    assert.equal((bad.data as Path1DData).path.length, 31);
    assert.ok((bad.data as Path1DData).gradCalls >= 30, 'grad calls are counted in the learner realm');
    assert.equal(runOutcome(sq, (bad.data as Path1DData).path, 1.2, 1e-3, 30), 'diverged');
  });
  it('09: a loop that never stops is cut, with a message', async () => {
    const src =
      'export function gradientDescent(grad: (x: number) => number, x0: number) { let x = x0; const path = [x0]; while (true) { x -= 0.1 * grad(x); path.push(x); if (path.length > 1e7) break; } return { x, path }; }';
    const r = await probeInProcess('09-gradient-descent', src, 'gradientDescent.path1d', {
      fn: 'square',
      x0: 5,
      learningRate: 0.1,
      epsilon: 1e-3,
      maxSteps: 20,
    });
    assert.equal(r.ok, false);
    assert.match((r as { error: { en: string } }).error.en, /maxSteps/);
  });
  it('10: the three rules of the solution follow tf.train on both surfaces', async () => {
    for (const surface of ['bowl', 'rosenbrock'] as const) {
      const s = SURFACES[surface];
      const r = await probeInProcess('10-optimizers', solution('10-optimizers'), 'gradientDescent.paths2d', {
        surface,
        start: s.defaultStart,
        ...s.defaults,
      });
      assert.ok(r.ok, JSON.stringify(r));
      const d = r.data as Paths2DData;
      assert.deepEqual(
        d.runs.map((x) => x.optimizer),
        ['sgd', 'momentum', 'adam'],
      );
      for (const run of d.runs) {
        assert.equal(run.learner!.length, s.defaults.steps + 1);
        const gap = summarizeRun(s, run.learner!.slice(0, 30), run.reference.slice(0, 30)).maxGapToReference!;
        assert.ok(gap < 1e-2, `${surface} ${run.optimizer}: gap ${gap}`);
      }
    }
  });
  it('10: a missing rule is reported per optimiser, the others still run', async () => {
    const src = solution('10-optimizers').replace('export function adamStep', 'function adamStepNotYet');
    const r = await probeInProcess('10-optimizers', src, 'gradientDescent.paths2d', {
      surface: 'bowl',
      start: [-2, 1],
      learningRate: 0.05,
      adamLearningRate: 0.1,
      momentum: 0.9,
      steps: 10,
    });
    assert.ok(r.ok);
    const d = r.data as Paths2DData;
    assert.ok(d.runs[0]!.learner && d.runs[1]!.learner);
    assert.match(d.runs[2]!.error!.en, /adamStep/);
    assert.equal(d.runs[2]!.reference.length, 11);
  });
  it('11: descending with the learner gradients matches tf.grads', async () => {
    const r = await probeInProcess('11-chain-rule', solution('11-chain-rule'), 'gradientDescent.neuron', { learningRate: 2, steps: 40 });
    assert.ok(r.ok, JSON.stringify(r));
    const d = r.data as NeuronData;
    assert.equal(d.learnerLosses.length, 41);
    assert.ok(d.learnerLosses[40]! < d.learnerLosses[0]!);
    d.learnerLosses.forEach((v, i) => assert.ok(Math.abs(v - d.referenceLosses[i]!) < 1e-4));
  });
  it('12: the loss curve of the learner train', async () => {
    const r = await probeInProcess('12-training-loop', solution('12-training-loop'), 'gradientDescent.train', {
      learningRate: 0.5,
      epochs: 80,
    });
    assert.ok(r.ok, JSON.stringify(r));
    const d = r.data as TrainData;
    assert.equal(d.losses.length, 80);
    assert.ok(d.losses[79]! < d.losses[0]! / 10);
    assert.ok(Math.abs(d.kernel[0]! - 2) < 0.2);
  });
});
