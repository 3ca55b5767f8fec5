import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '../../src/grader/core/tf';
import { initBackend } from '../../src/grader/core/backend';
import { machineSlowdown, paceWorkload, REFERENCE_PACE_MS } from '../../src/grader/core/machinePace';
import { failOverBudget, fitWithProgress } from '../../src/grader/core/models';
import { CheckFailure } from '../../src/grader/core/assert';
import type { CheckContext } from '../../src/grader/core/types';

/**
 * The machine-pace workload on the grader's own engine, and a fit that runs past its budget: its
 * verdict gives the budget (the slow-machine note's wording: test/unit/machinePace).
 */
describe('machine pace (training budgets in reference-machine seconds)', () => {
  it('every backend the grader trains on has a reference time, and the workload runs on it', async () => {
    for (const backend of ['wasm', 'cpu'] as const) {
      assert.equal(await initBackend([backend]), backend);
      assert.ok((REFERENCE_PACE_MS[backend] ?? 0) > 0, `${backend} has no reference pace`);
      const ms = paceWorkload();
      assert.ok(Number.isFinite(ms) && ms > 0, `${backend}: ${ms} ms`);
      const slowdown = machineSlowdown();
      assert.ok(slowdown !== undefined && slowdown > 0, `${backend}: slowdown ${slowdown}`);
      assert.ok(machineSlowdown({ [backend]: 1e-3 })! > 100, 'a workload of a few ms is over 100 times a reference of 1 µs');
      assert.equal(machineSlowdown({}), undefined);
    }
  });

  it('a fit past its budget stops early and its verdict gives the budget', { timeout: 120_000 }, async () => {
    await initBackend(['cpu']);
    const model = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [4], units: 64, activation: 'relu' }), tf.layers.dense({ units: 1 })],
    });
    model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    const xs = tf.randomNormal([256, 4]);
    const ys = tf.randomNormal([256, 1]);
    const ctx = { progress: () => {} } as unknown as CheckContext;
    const result = await fitWithProgress(ctx, model, xs, ys, { epochs: 50, batchSize: 8, budgetMs: 1 }, 'buildModel()');
    assert.equal(result.overBudget, true);
    assert.equal(result.budgetMs, 1);
    assert.ok(result.epochsRun < 50);
    // The verdict's message gives the budget the fit ran under.
    assert.throws(
      () => failOverBudget(result, { en: 'Lighter.', fr: 'Plus léger.' }),
      (e) => e instanceof CheckFailure && /time budget \(0 s\)/.test(e.text.en),
    );
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
