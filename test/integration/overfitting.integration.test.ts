import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FIT_THRESHOLDS } from '../../src/shared/charts/training';
import { gradeInProcess } from '../support/inProcessGrader';
import { REPO_ROOT } from '../support/inProcessProbe';

/**
 * Exercise 17's fit check over 20 initialisations: the reference and two other correct regressors
 * (a tanh 32 written another way, and the ELU 12 that the old check failed) pass every time with a margin, and a
 * 3×64 ReLU network really over-fits (training error under the noise, validation clearly above)
 * and is told so. The check seeds a model's initialisation per check, not per run, so a sweep
 * over run seeds would train the same model 20 times: instead each submission burns k draws of
 * Math.random before building, which gives its layers another initialisation (k = 0 is what the
 * check itself sees). About 3 minutes on one core.
 */
const SEEDS = 20;
const solution = fs.readFileSync(path.join(REPO_ROOT, 'exercises/17-overfitting/solution.ts'), 'utf8');
const earlyStopping = solution.slice(solution.indexOf('export function earlyStopping'));

const builders: Record<string, string> = {
  'reference (tanh 16)': solution.slice(
    solution.indexOf('export function buildRegressor'),
    solution.indexOf('export function earlyStopping'),
  ),
  // (A ReLU 16 → 8 passes at the check's own initialisation but truly memorises on some others:
  // training MSE 0.0062, gap 0.0263 at k = 1; 177 parameters for 20 points is on the edge.)
  'tanh 32, built with add()': `export function buildRegressor(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [1], units: 32, activation: 'tanh' }));
  m.add(tf.layers.dense({ units: 1 }));
  return m;
}`,
  'ELU 12': `export const buildRegressor = (): tf.Sequential =>
  tf.sequential({ layers: [tf.layers.dense({ inputShape: [1], units: 12, activation: 'elu' }), tf.layers.dense({ units: 1 })] });`,
};

const OVERFITTER = `export function buildRegressor(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [1], units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 1 }),
    ],
  });
}`;

/** A submission whose buildRegressor draws `k` numbers from Math.random first: another initialisation. */
function seeded(builder: string, k: number): string {
  const renamed = builder.replace(/export (function|const) buildRegressor\b/, '$1 buildRegressorBase');
  return `import * as tf from '@tensorflow/tfjs';
${renamed}
export function buildRegressor(): tf.Sequential {
  for (let i = 0; i < ${k}; i++) Math.random();
  return buildRegressorBase();
}
${earlyStopping}`;
}

interface Fit {
  status: string;
  message: string;
  train: number;
  val: number;
  gap: number;
}

async function fitCheck(source: string): Promise<Fit> {
  const outcomes = await gradeInProcess('17-overfitting', source);
  const o = outcomes.find((x) => x.id === 'regressor-fit')!;
  const m = /Training MSE (\S+), validation MSE (\S+), gap (\S+) /.exec(o.message.en);
  const n = (s: string | undefined) => Number((s ?? 'NaN').replace('−', '-'));
  return { status: o.status, message: o.message.en, train: n(m?.[1]), val: n(m?.[2]), gap: n(m?.[3]) };
}

const T = FIT_THRESHOLDS;

describe('17-overfitting: the fit check over 20 initialisations', () => {
  for (const [name, builder] of Object.entries(builders)) {
    it(`${name} passes on every one, with a margin`, { timeout: 600_000 }, async () => {
      const fits: Fit[] = [];
      for (let k = 0; k < SEEDS; k++) {
        const f = await fitCheck(seeded(builder, k));
        assert.equal(f.status, 'passed', `${name}, seed ${k}: ${f.message}`);
        fits.push(f);
      }
      const worstVal = Math.max(...fits.map((f) => f.val));
      const worstGap = Math.max(...fits.map((f) => f.gap));
      const worstTrain = Math.max(...fits.map((f) => f.train));
      process.stderr.write(
        `[17 sweep] ${name}: validation MSE ≤ ${worstVal.toFixed(4)} (pass ≤ ${T.maxValMse}), gap ≤ ${worstGap.toFixed(4)} (pass ≤ ${T.maxGap}), training MSE ≤ ${worstTrain.toFixed(4)} (under-fitting > ${T.underTrainMse})\n`,
      );
      // A margin, not a near miss: at least a fifth of each pass mark to spare.
      assert.ok(worstVal <= 0.8 * T.maxValMse, `${name}: validation MSE ${worstVal}`);
      assert.ok(worstGap <= 0.8 * T.maxGap, `${name}: gap ${worstGap}`);
      assert.ok(worstTrain <= 0.8 * T.underTrainMse, `${name}: training MSE ${worstTrain}`);
      // The sweep really changes the initialisation.
      assert.ok(new Set(fits.map((f) => f.train.toFixed(6))).size > 1, `${name}: every seed trained the same model`);
    });
  }

  it('a 3×64 ReLU network over-fits on every one and is told so', { timeout: 600_000 }, async () => {
    const fits: Fit[] = [];
    for (let k = 0; k < SEEDS / 2; k++) {
      const f = await fitCheck(seeded(OVERFITTER, k));
      assert.equal(f.status, 'failed', `seed ${k}: ${f.message}`);
      assert.match(f.message, /Over-fitting: the training error is under half the noise/, `seed ${k}`);
      // Observable: training error well under the noise, validation error clearly above it.
      assert.ok(f.train < T.noiseMse / 2 && f.val > 1.5 * T.noiseMse, `seed ${k}: ${f.message}`);
      fits.push(f);
    }
    process.stderr.write(
      `[17 sweep] 3×64 ReLU: training MSE ≤ ${Math.max(...fits.map((f) => f.train)).toFixed(4)}, validation MSE ≥ ${Math.min(...fits.map((f) => f.val)).toFixed(4)}, gap ≥ ${Math.min(...fits.map((f) => f.gap)).toFixed(4)}\n`,
    );
  });
});

describe('17-overfitting: early stopping is judged on every probe', () => {
  const withRule = (body: string) =>
    `import * as tf from '@tensorflow/tfjs';\n${builders['reference (tanh 16)']}\nexport function earlyStopping(valLosses: number[], patience: number): boolean {\n${body}\n}`;
  const messages = async (body: string) =>
    (await gradeInProcess('17-overfitting', withRule(body))).filter((o) => o.id.startsWith('early-stopping')).map((o) => o.message.en);

  it('a constant false is told it never stops, not "off by one"', { timeout: 120_000 }, async () => {
    for (const m of await messages('void valLosses; void patience; return false;')) {
      assert.match(m, /returned false for all \d+ histories/);
      assert.match(m, /never stops/);
      assert.doesNotMatch(m, /Off by one/);
    }
  });
  it('a constant true is told it stops at once', { timeout: 120_000 }, async () => {
    for (const m of await messages('void valLosses; void patience; return true;')) assert.match(m, /always says true/);
  });
  it('a window one epoch too long is named off by one', { timeout: 120_000 }, async () => {
    const [rule] = await messages(
      'const n = valLosses.length; if (n <= patience + 1) return false; const best = Math.min(...valLosses.slice(0, n - patience - 1)); return valLosses.slice(n - patience - 1).every((v) => v >= best);',
    );
    assert.match(rule!, /Off by one/);
  });
});
