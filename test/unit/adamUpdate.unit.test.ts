/**
 * The one-pass Adam update on wasm (src/grader/core/adamUpdate.ts) against the stock
 * AdamOptimizer.applyGradients on the same backend: weights, both moments and the β powers must
 * be bit for bit the same after many steps, for the default and unusual hyper-parameters, for
 * gradients given as a map and as a list (what tfjs-layers passes), through a whole model.fit, and
 * the stock update must still run where the one-pass one must not (another backend, a variable
 * whose memory another tensor shares).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/grader/core/tf';
import '@tensorflow/tfjs-backend-wasm';
import { registerAdamUpdate } from '../../src/grader/core/adamUpdate';
import { registerConv2dGradient } from '../../src/grader/core/conv2dGradient';
import { registerMaxPoolGradient } from '../../src/grader/core/maxPoolGradient';

type Grads = Parameters<tf.AdamOptimizer['applyGradients']>[0];
const stockApply = tf.AdamOptimizer.prototype.applyGradients;
let unregister: (() => void) | undefined;

before(async () => {
  assert.ok(await tf.setBackend('wasm'));
  registerConv2dGradient();
  registerMaxPoolGradient();
});
after(() => unregister?.());

/** Deterministic values in [-scale, scale] (a few exact zeros and tiny ones among them). */
function values(n: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 2 ** 32;
    out[i] = i % 17 === 0 ? 0 : i % 23 === 0 ? 1e-30 * (u - 0.5) : scale * (2 * u - 1);
  }
  return out;
}

const SHAPES: number[][] = [[3, 3, 1, 8], [8], [400, 10], [10], [1]];

/** Runs `steps` updates of an Adam with `args` on fresh variables; returns every number it holds. */
function run(args: [number, number?, number?, number?], steps: number, asList: boolean, tag: string): Float32Array[] {
  const opt = tf.train.adam(...args);
  const vars = SHAPES.map((shape, i) => tf.variable(tf.tensor(values(tf.util.sizeFromShape(shape), 7 + i), shape), true, `${tag}-${i}`));
  for (let step = 0; step < steps; step++) {
    const grads = SHAPES.map((shape, i) =>
      tf.tensor(values(tf.util.sizeFromShape(shape), 1000 * step + i, step % 3 === 2 ? 1e3 : 1), shape),
    );
    if (asList) opt.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
    else opt.applyGradients(Object.fromEntries(vars.map((v, i) => [v.name, grads[i]!])) as Grads);
    tf.dispose(grads);
  }
  const internals = opt as unknown as {
    accBeta1: tf.Variable;
    accBeta2: tf.Variable;
    accumulatedFirstMoment: Array<{ variable: tf.Variable }>;
    accumulatedSecondMoment: Array<{ variable: tf.Variable }>;
  };
  const all = [
    ...vars,
    ...internals.accumulatedFirstMoment.map((m) => m.variable),
    ...internals.accumulatedSecondMoment.map((m) => m.variable),
    internals.accBeta1,
    internals.accBeta2,
  ].map((t) => t.dataSync() as Float32Array);
  tf.dispose(vars);
  opt.dispose();
  return all;
}

function assertSameBits(got: Float32Array[], want: Float32Array[], what: string): void {
  assert.equal(got.length, want.length);
  for (const [i, w] of want.entries()) {
    const g = got[i]!;
    assert.equal(g.length, w.length, `${what}: tensor ${i} size`);
    const gb = new Uint32Array(g.buffer, g.byteOffset, g.length);
    const wb = new Uint32Array(w.buffer, w.byteOffset, w.length);
    for (let k = 0; k < w.length; k++)
      if (gb[k] !== wb[k]) assert.fail(`${what}: tensor ${i}[${k}] is ${g[k]}, the stock update gives ${w[k]}`);
  }
}

const HYPER: Array<[number, number?, number?, number?]> = [[0.001], [0.05, 0.8, 0.95, 1e-4], [3e-4, 0.99, 0.9999, 1e-8]];

for (const [i, args] of HYPER.entries()) {
  for (const asList of [false, true]) {
    test(`adam(${args.join(', ')}), gradients as a ${asList ? 'list' : 'map'}: 25 steps bit for bit the stock update`, () => {
      tf.AdamOptimizer.prototype.applyGradients = stockApply;
      const want = run(args, 25, asList, `stock${i}${asList}`);
      unregister = registerAdamUpdate();
      assert.notEqual(tf.AdamOptimizer.prototype.applyGradients, stockApply, 'the one-pass update is installed');
      const got = run(args, 25, asList, `fast${i}${asList}`);
      unregister();
      assert.equal(tf.AdamOptimizer.prototype.applyGradients, stockApply, 'unregister puts the stock update back');
      assertSameBits(got, want, `adam(${args.join(', ')})`);
    });
  }
}

/** A small CNN as the grader trains them (conv, pool, dense, softmax), fitted for 6 batches. */
async function fitCnn(): Promise<Float32Array[]> {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [12, 12, 1],
        filters: 4,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  const xs = tf.tensor(values(48 * 144, 5).map(Math.abs), [48, 12, 12, 1]);
  const ys = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: 48 }, (_, i) => i % 3),
      'int32',
    ),
    3,
  );
  await model.fit(xs, ys, { batchSize: 8, epochs: 1, shuffle: false, verbose: 0 });
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  tf.dispose([xs, ys]);
  model.dispose();
  return weights;
}

test('model.fit of a small CNN with Adam: the same weights, bit for bit, with the one-pass update', async () => {
  tf.AdamOptimizer.prototype.applyGradients = stockApply;
  const want = await fitCnn();
  unregister = registerAdamUpdate();
  const got = await fitCnn();
  unregister();
  assertSameBits(got, want, 'fitted CNN');
  assert.ok(
    want.some((w, i) => i === 0 && w.some((x) => x !== 0)),
    'the model trained',
  );
});

test('a clone of a weight keeps its values (as with the stock update), and the stock update runs on another backend', async () => {
  unregister = registerAdamUpdate();
  try {
    // A clone shares the variable's memory: an in-place update would change the clone too.
    const v = tf.variable(tf.tensor1d([1, 2, 3]), true, 'shared');
    const clone = tf.clone(v);
    const opt = tf.train.adam(0.1);
    opt.applyGradients({ shared: tf.tensor1d([1, 1, 1]) } as unknown as Grads);
    assert.deepEqual(Array.from(clone.dataSync()), [1, 2, 3], 'the clone keeps the old values');
    assert.ok(v.dataSync()[0]! < 1, 'the variable moved');
    tf.dispose([v, clone]);
    opt.dispose();
    assert.ok(await tf.setBackend('cpu'));
    const w = tf.variable(tf.tensor1d([1, 2, 3]), true, 'on-cpu');
    const cpuOpt = tf.train.adam(0.1);
    cpuOpt.applyGradients({ 'on-cpu': tf.tensor1d([1, -1, 0]) } as unknown as Grads);
    const moved = w.dataSync();
    assert.ok(moved[0]! < 1 && moved[1]! > 2 && moved[2] === 3, `stock Adam on cpu: ${Array.from(moved)}`);
    tf.dispose(w);
    cpuOpt.dispose();
  } finally {
    unregister();
    assert.ok(await tf.setBackend('wasm'));
  }
});
