import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  FUNCTIONS_1D, SURFACES, clampToBox, contourThresholds, curvePoints, logSlider, logSliderPosition, lossExtent, lossGrid, lossSeries, outcomeMessage, pathPoints, roundRate, runOutcome, summarizeRun,
} from '../../src/shared/charts/gradientDescent';
import type { NeuronData, Path1DData, Paths2DData, TrainData } from '../../src/shared/protocol/gradientDescent';
import { GRAD_SOURCES } from '../../src/grader/core/probes/gradientDescent';
import { probeInProcess, REPO_ROOT } from '../support/inProcessProbe';

const solution = (id: string): string => fs.readFileSync(path.join(REPO_ROOT, 'exercises', id, 'solution.ts'), 'utf8');
const sq = FUNCTIONS_1D.square;

describe('gradientDescent: chart data', () => {
  it('functions and their gradients agree (finite differences)', () => {
    for (const fn of Object.values(FUNCTIONS_1D)) {
      for (const x of [-2.5, -0.3, 0.7, 3]) {
        const num = (fn.f(x + 1e-5) - fn.f(x - 1e-5)) / 2e-5;
        assert.ok(Math.abs(num - fn.grad(x)) < 1e-4, `${fn.name} at ${x}`);
      }
    }
    for (const s of Object.values(SURFACES)) {
      const [x, y] = [0.3, -0.4];
      const [gx, gy] = s.grad(x, y);
      assert.ok(Math.abs((s.f(x + 1e-6, y) - s.f(x - 1e-6, y)) / 2e-6 - gx) < 1e-3, s.name);
      assert.ok(Math.abs((s.f(x, y + 1e-6) - s.f(x, y - 1e-6)) / 2e-6 - gy) < 1e-3, s.name);
      assert.equal(s.f(...s.minimum), 0);
    }
  });
  it('the gradients handed to the learner realm (source text) are the chart\'s', () => {
    for (const fn of Object.values(FUNCTIONS_1D)) {
      const g = new Function(`"use strict"; return (${GRAD_SOURCES[fn.name]});`)() as (x: number) => number;
      for (const x of [-3.7, -1, -0.2, 0, 0.45, 2, 5.5]) assert.ok(Math.abs(g(x) - fn.grad(x)) < 1e-12, `${fn.name} at ${x}`);
    }
  });
  it('the non-convex curve has two valleys', () => {
    const pts = curvePoints(FUNCTIONS_1D.nonconvex, 400);
    let minima = 0;
    for (let i = 1; i < pts.length - 1; i++) if (pts[i]!.y < pts[i - 1]!.y && pts[i]!.y < pts[i + 1]!.y) minima++;
    assert.equal(minima, 2);
  });
  it('the log slider maps [0, 1] onto [lo, hi] and back', () => {
    assert.equal(logSlider(0, 1e-3, 10), 1e-3);
    assert.ok(Math.abs(logSlider(1, 1e-3, 10) - 10) < 1e-9);
    assert.ok(Math.abs(logSlider(0.5, 1e-2, 1) - 0.1) < 1e-12);
    assert.ok(Math.abs(logSliderPosition(0.1, 1e-2, 1) - 0.5) < 1e-12);
    assert.equal(roundRate(0.123456), 0.12);
  });
  it('outcomes: converged, diverged, wrong sign, budget, early stop', () => {
    const descend = (lr: number, sign = 1, n = 50, eps = 1e-3, stopAt = Infinity): number[] => {
      let x = 5;
      const path = [x];
      for (let i = 0; i < n && i < stopAt; i++) {
        if (Math.abs(sq.grad(x)) < eps) break;
        x -= sign * lr * sq.grad(x);
        path.push(x);
      }
      return path;
    };
    assert.equal(runOutcome(sq, descend(0.1), 0.1, 1e-3, 50), 'converged');
    assert.equal(runOutcome(sq, descend(1.5), 1.5, 1e-3, 50), 'diverged');
    assert.equal(runOutcome(sq, descend(1.1, 1, 5), 1.1, 1e-3, 5), 'diverged', 'slow divergence: f keeps rising');
    assert.equal(runOutcome(sq, descend(0.1, -1, 5), 0.1, 1e-3, 5), 'uphill');
    assert.equal(runOutcome(sq, descend(0.001, 1, 10), 0.001, 1e-3, 10), 'maxSteps');
    assert.equal(runOutcome(sq, descend(0.1, 1, 50, 1e-3, 3), 0.1, 1e-3, 50), 'stoppedEarly');
    assert.equal(runOutcome(sq, [], 0.1, 1e-3, 50), 'empty');
    assert.match(outcomeMessage('diverged', 50, 1e-3, 1.5).en, /α > 1/);
    assert.match(outcomeMessage('uphill', 3, 1e-3, 0.1).fr, /soustraire/);
  });
  it('path points mark the flat end and points outside the chart', () => {
    const pts = pathPoints(sq, [5, 0.0001, 1e9], 1e-3);
    assert.deepEqual(pts.map((p) => p.flat), [false, true, false]);
    assert.deepEqual(pts.map((p) => p.outside), [false, false, true]);
  });
  it('loss grid, thresholds and series', () => {
    const g = lossGrid(SURFACES.bowl, 11, 5);
    assert.equal(g.values.length, 55);
    assert.equal(g.values[0], SURFACES.bowl.f(-3, -1.5));
    assert.equal(g.values[2 * 11 + 5], 0, 'centre of the grid is the minimum');
    const lin = contourThresholds(g.values, 10, false);
    assert.equal(lin.length, 10);
    assert.ok(lin.every((t, i) => i === 0 || t > lin[i - 1]!));
    const log = contourThresholds(lossGrid(SURFACES.rosenbrock, 50, 50).values, 12, true);
    assert.ok(log[1]! / log[0]! > 1.5, 'geometric levels');
    assert.deepEqual(lossSeries(SURFACES.bowl, [[0, 0], [2, 1]]), [0, 7]);
    assert.deepEqual(lossExtent([[0.1, 10, NaN], [-1]], true), [0.1, 10]);
    assert.deepEqual(lossExtent([[2, 4]], false), [0, 4]);
  });
  it('run summary: divergence and gap to tf', () => {
    const s = summarizeRun(SURFACES.bowl, [[1, 1], [1e6, 1e6]], [[1, 1], [0.5, 0.5]]);
    assert.equal(s.diverged, true);
    assert.ok(s.maxGapToReference! > 1e5);
    assert.deepEqual(clampToBox(SURFACES.bowl, [10, -10]), [3, -1.5]);
  });
});

describe('gradientDescent: probes on the exercises', () => {
  it('09: the path of the solution, and a diverging one', async () => {
    const ok = await probeInProcess('09-gradient-descent', solution('09-gradient-descent'), 'gradientDescent.path1d', { fn: 'square', x0: 5, learningRate: 0.1, epsilon: 1e-3, maxSteps: 100 });
    assert.ok(ok.ok, JSON.stringify(ok));
    const d = ok.data as Path1DData;
    assert.equal(d.path[0], 5);
    assert.equal(runOutcome(sq, d.path, 0.1, 1e-3, 100), 'converged');
    const bad = await probeInProcess('09-gradient-descent', solution('09-gradient-descent'), 'gradientDescent.path1d', { fn: 'square', x0: 5, learningRate: 1.2, epsilon: 1e-3, maxSteps: 30 });
    assert.ok(bad.ok);
    assert.equal((bad.data as Path1DData).path.length, 31);
    assert.ok((bad.data as Path1DData).gradCalls >= 30, 'grad calls are counted in the learner realm');
    assert.equal(runOutcome(sq, (bad.data as Path1DData).path, 1.2, 1e-3, 30), 'diverged');
  });
  it('09: a loop that never stops is cut, with a message', async () => {
    const src = 'export function gradientDescent(grad: (x: number) => number, x0: number) { let x = x0; const path = [x0]; while (true) { x -= 0.1 * grad(x); path.push(x); if (path.length > 1e7) break; } return { x, path }; }';
    const r = await probeInProcess('09-gradient-descent', src, 'gradientDescent.path1d', { fn: 'square', x0: 5, learningRate: 0.1, epsilon: 1e-3, maxSteps: 20 });
    assert.equal(r.ok, false);
    assert.match((r as { error: { en: string } }).error.en, /maxSteps/);
  });
  it('10: the three rules of the solution follow tf.train on both surfaces', async () => {
    for (const surface of ['bowl', 'rosenbrock'] as const) {
      const s = SURFACES[surface];
      const r = await probeInProcess('10-optimizers', solution('10-optimizers'), 'gradientDescent.paths2d', { surface, start: s.defaultStart, ...s.defaults });
      assert.ok(r.ok, JSON.stringify(r));
      const d = r.data as Paths2DData;
      assert.deepEqual(d.runs.map((x) => x.optimizer), ['sgd', 'momentum', 'adam']);
      for (const run of d.runs) {
        assert.equal(run.learner!.length, s.defaults.steps + 1);
        const gap = summarizeRun(s, run.learner!.slice(0, 30), run.reference.slice(0, 30)).maxGapToReference!;
        assert.ok(gap < 1e-2, `${surface} ${run.optimizer}: gap ${gap}`);
      }
    }
  });
  it('10: a missing rule is reported per optimiser, the others still run', async () => {
    const src = solution('10-optimizers').replace('export function adamStep', 'function adamStepNotYet');
    const r = await probeInProcess('10-optimizers', src, 'gradientDescent.paths2d', { surface: 'bowl', start: [-2, 1], learningRate: 0.05, adamLearningRate: 0.1, momentum: 0.9, steps: 10 });
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
    const r = await probeInProcess('12-training-loop', solution('12-training-loop'), 'gradientDescent.train', { learningRate: 0.5, epochs: 80 });
    assert.ok(r.ok, JSON.stringify(r));
    const d = r.data as TrainData;
    assert.equal(d.losses.length, 80);
    assert.ok(d.losses[79]! < d.losses[0]! / 10);
    assert.ok(Math.abs(d.kernel[0]! - 2) < 0.2);
  });
});
