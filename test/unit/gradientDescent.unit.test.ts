import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FUNCTIONS_1D,
  SURFACES,
  clampToBox,
  contourThresholds,
  curvePoints,
  logSlider,
  logSliderPosition,
  lossExtent,
  lossGrid,
  lossSeries,
  outcomeMessage,
  pathPoints,
  roundRate,
  runOutcome,
  summarizeRun,
} from '../../src/shared/charts/gradientDescent';
import { GRAD_SOURCES } from '../../src/grader/core/probes/gradientDescent';

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
  it("the gradients handed to the learner realm (source text) are the chart's", () => {
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
    // A gradient ascent at α = 0.1 runs far away in 50 steps: still the sign, as the checker says, not "lower α".
    assert.equal(runOutcome(sq, descend(0.1, -1, 50), 0.1, 1e-3, 50), 'uphill');
    assert.equal(runOutcome(sq, descend(0.001, 1, 10), 0.001, 1e-3, 10), 'maxSteps');
    assert.equal(runOutcome(sq, descend(0.1, 1, 50, 1e-3, 3), 0.1, 1e-3, 50), 'stoppedEarly');
    assert.equal(runOutcome(sq, [], 0.1, 1e-3, 50), 'empty');
    assert.match(outcomeMessage('diverged', 50, 1e-3, 1.5).en, /α > 1/);
    assert.match(outcomeMessage('uphill', 3, 1e-3, 0.1).fr, /soustraire/);
  });
  it('path points mark the flat end and points outside the chart', () => {
    const pts = pathPoints(sq, [5, 0.0001, 1e9], 1e-3);
    assert.deepEqual(
      pts.map((p) => p.flat),
      [false, true, false],
    );
    assert.deepEqual(
      pts.map((p) => p.outside),
      [false, false, true],
    );
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
    assert.deepEqual(
      lossSeries(SURFACES.bowl, [
        [0, 0],
        [2, 1],
      ]),
      [0, 7],
    );
    assert.deepEqual(lossExtent([[0.1, 10, NaN], [-1]], true), [0.1, 10]);
    assert.deepEqual(lossExtent([[2, 4]], false), [0, 4]);
  });
  it('run summary: divergence and gap to tf', () => {
    const s = summarizeRun(
      SURFACES.bowl,
      [
        [1, 1],
        [1e6, 1e6],
      ],
      [
        [1, 1],
        [0.5, 0.5],
      ],
    );
    assert.equal(s.diverged, true);
    assert.ok(s.maxGapToReference! > 1e5);
    assert.deepEqual(clampToBox(SURFACES.bowl, [10, -10]), [3, -1.5]);
  });
});
