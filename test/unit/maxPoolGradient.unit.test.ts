/**
 * The MaxPool gradient override (src/grader/core/maxPoolGradient.ts) against two references,
 * over every pool a learner can write (sizes 2/3, non-square, strides 1/2/3/unequal, 'valid'
 * and 'same', odd sizes, batch 1 and > 1, many channels), on inputs with and without ties:
 *  - the stock tfjs gradient on the cpu backend, computed before anything is overridden;
 *  - a float64 loop written from the definition, with either tie rule: the gradient of a window
 *    goes to its first (stock cpu) or last (wasm's argmax kernel) maximum in row-major order.
 * Without ties the override must equal stock cpu; with ties it must follow the last-maximum
 * rule on wasm, and (after a ReLU, the common source of ties) give the same gradient as stock
 * cpu through relu∘maxPool. The override runs on wasm through the gradient registry (what the
 * grader uses) and, called directly, on cpu (where the registered gradient stays the stock one).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/grader/core/tf';
import '@tensorflow/tfjs-backend-wasm';
import { maxPoolGradient, registerMaxPoolGradient, type MaxPoolAttrs } from '../../src/grader/core/maxPoolGradient';
import { registerConv2dGradient } from '../../src/grader/core/conv2dGradient';

type Shape4 = [number, number, number, number];
type Values = 'random' | 'ties' | 'relu' | 'negative' | 'constant';

interface Case {
  name: string;
  x: Shape4;
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same';
  values: Values;
}

const CASES: Case[] = [
  { name: 'course pool: 2, stride 2, valid, even size', x: [4, 8, 8, 3], filterSize: 2, strides: 2, pad: 'valid', values: 'random' },
  {
    name: 'course pool after relu (all-zero windows, ties at 0)',
    x: [4, 8, 8, 3],
    filterSize: 2,
    strides: 2,
    pad: 'valid',
    values: 'relu',
  },
  { name: '2/2 valid, odd size (last row/column never read)', x: [2, 7, 9, 2], filterSize: 2, strides: 2, pad: 'valid', values: 'random' },
  { name: '2/2 same, odd size (padded)', x: [2, 7, 9, 2], filterSize: 2, strides: 2, pad: 'same', values: 'random' },
  { name: '2/2 same, all negative (wasm stock drops these)', x: [2, 7, 9, 2], filterSize: 2, strides: 2, pad: 'same', values: 'negative' },
  { name: '3/3 valid, tiling 3×3 windows, ties', x: [2, 9, 10, 2], filterSize: 3, strides: 3, pad: 'valid', values: 'ties' },
  { name: '3/2 valid (overlapping)', x: [2, 9, 9, 3], filterSize: 3, strides: 2, pad: 'valid', values: 'random' },
  { name: '3/2 same, non-square input, ties', x: [2, 8, 11, 2], filterSize: 3, strides: 2, pad: 'same', values: 'ties' },
  { name: '3/2 same, after relu', x: [2, 8, 11, 2], filterSize: 3, strides: 2, pad: 'same', values: 'relu' },
  { name: '2/1 valid', x: [2, 6, 7, 2], filterSize: 2, strides: 1, pad: 'valid', values: 'random' },
  { name: '2/1 same, ties', x: [2, 6, 7, 2], filterSize: 2, strides: 1, pad: 'same', values: 'ties' },
  { name: '3/1 same, all negative', x: [1, 7, 6, 3], filterSize: 3, strides: 1, pad: 'same', values: 'negative' },
  {
    name: '3/1 same, constant input (every window a full tie)',
    x: [2, 5, 6, 2],
    filterSize: 3,
    strides: 1,
    pad: 'same',
    values: 'constant',
  },
  { name: '2/2 valid, constant input', x: [2, 6, 6, 2], filterSize: 2, strides: 2, pad: 'valid', values: 'constant' },
  { name: 'unequal strides [1,2], same', x: [2, 7, 8, 2], filterSize: 2, strides: [1, 2], pad: 'same', values: 'ties' },
  { name: 'unequal strides [2,1], valid', x: [2, 7, 8, 2], filterSize: 3, strides: [2, 1], pad: 'valid', values: 'random' },
  {
    name: 'non-square pool [2,3], stride [2,3] (tiling), same',
    x: [2, 7, 8, 2],
    filterSize: [2, 3],
    strides: [2, 3],
    pad: 'same',
    values: 'ties',
  },
  { name: 'non-square pool [3,2], stride 2, valid', x: [2, 9, 7, 2], filterSize: [3, 2], strides: 2, pad: 'valid', values: 'random' },
  { name: 'stride larger than pool (gaps): 2/3 valid', x: [2, 8, 9, 2], filterSize: 2, strides: 3, pad: 'valid', values: 'random' },
  { name: 'stride larger than pool (gaps): 2/3 same', x: [2, 8, 9, 2], filterSize: 2, strides: 3, pad: 'same', values: 'ties' },
  { name: 'batch 1, many channels, 2/2', x: [1, 6, 6, 32], filterSize: 2, strides: 2, pad: 'valid', values: 'random' },
  { name: 'batch 1, many channels, 3/2 same', x: [1, 6, 6, 32], filterSize: 3, strides: 2, pad: 'same', values: 'relu' },
  { name: 'pool as large as the input', x: [3, 4, 5, 2], filterSize: [4, 5], strides: 1, pad: 'valid', values: 'ties' },
  { name: 'course layer-1 shape, batch 16', x: [16, 26, 26, 8], filterSize: 2, strides: 2, pad: 'valid', values: 'relu' },
];

/** mulberry32: small seeded PRNG so every run (and both backends) sees the same numbers. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function valuesFor(kind: Values, size: number, seed: number): Float32Array {
  const next = seeded(seed);
  const u = () => next() * 2 - 1;
  switch (kind) {
    case 'random':
      return Float32Array.from({ length: size }, u);
    case 'ties':
      return Float32Array.from({ length: size }, () => Math.round(u() * 2)); // -2..2: many equal maxima
    case 'relu':
      return Float32Array.from({ length: size }, () => Math.max(0, u() - 0.3)); // ~65 % zeros
    case 'negative':
      return Float32Array.from({ length: size }, () => -1 - next());
    case 'constant':
      return new Float32Array(size).fill(0.5);
  }
}

interface Inputs {
  x: Float32Array;
  /** Upstream gradient = the weights of the linear loss Σ maxPool(x) · dy. */
  dy: Float32Array;
  dyShape: Shape4;
}

function attrsOf(c: Case): MaxPoolAttrs {
  return { filterSize: c.filterSize, strides: c.strides, pad: c.pad };
}

function inputsFor(c: Case, index: number): Inputs {
  const info = tf.backend_util.computePool2DInfo(c.x, c.filterSize, c.strides, 1, c.pad);
  const dyShape = info.outShape as Shape4;
  const next = seeded(5000 + index);
  return {
    x: valuesFor(c.values, sizeOf(c.x), 1000 + index),
    dy: Float32Array.from({ length: sizeOf(dyShape) }, () => 0.25 + next()), // positive: lost gradient shows
    dyShape,
  };
}

/** dL/dx of Σ maxPool(x) · dy through whatever gradient is registered, on the active backend. */
async function registeredGrad(c: Case, inp: Inputs): Promise<Float32Array> {
  const x = tf.tensor4d(inp.x, c.x);
  const dy = tf.tensor4d(inp.dy, inp.dyShape);
  const gx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, c.filterSize, c.strides, c.pad), dy)))(x);
  assert.deepEqual(gx.shape, c.x);
  const out = (await gx.data()) as Float32Array;
  tf.dispose([x, dy, gx]);
  return out;
}

/** The override's maths called directly (used on cpu, where the registry keeps the stock gradient). */
async function directGrad(c: Case, inp: Inputs): Promise<Float32Array> {
  const x = tf.tensor4d(inp.x, c.x);
  const dy = tf.tensor4d(inp.dy, inp.dyShape);
  const gx = maxPoolGradient(dy, x, attrsOf(c));
  assert.deepEqual(gx.shape, c.x);
  const out = (await gx.data()) as Float32Array;
  tf.dispose([x, dy, gx]);
  return out;
}

/** From the definition, float64: each window's dy goes to its first/last maximum in row-major order. */
function naiveGrad(c: Case, inp: Inputs, tie: 'first' | 'last' = 'first'): Float64Array {
  const info = tf.backend_util.computePool2DInfo(c.x, c.filterSize, c.strides, 1, c.pad);
  const [B, H, W, C] = c.x;
  const [, OH, OW] = inp.dyShape;
  const dx = new Float64Array(sizeOf(c.x));
  for (let b = 0; b < B; b++)
    for (let oh = 0; oh < OH; oh++)
      for (let ow = 0; ow < OW; ow++)
        for (let ch = 0; ch < C; ch++) {
          let best = -Infinity;
          let at = -1;
          for (let i = 0; i < info.filterHeight; i++) {
            const h = oh * info.strideHeight + i - info.padInfo.top;
            if (h < 0 || h >= H) continue;
            for (let j = 0; j < info.filterWidth; j++) {
              const w = ow * info.strideWidth + j - info.padInfo.left;
              if (w < 0 || w >= W) continue;
              const xi = ((b * H + h) * W + w) * C + ch;
              if (inp.x[xi] > best || (tie === 'last' && inp.x[xi] === best)) {
                best = inp.x[xi];
                at = xi;
              }
            }
          }
          dx[at] += inp.dy[((b * OH + oh) * OW + ow) * C + ch];
        }
  return dx;
}

/** Max |got − want| relative to the largest |want| (only sums of several windows can round). */
function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string, tolerance = 1e-6): void {
  assert.equal(got.length, want.length, `${what}: length`);
  let scale = 0;
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < want.length; i++) {
    scale = Math.max(scale, Math.abs(want[i]));
    const d = Math.abs(got[i] - want[i]);
    if (!(d <= worst)) {
      // also catches NaN
      worst = d;
      worstAt = i;
    }
  }
  assert.ok(scale > 0, `${what}: reference is all zeros, the case tests nothing`);
  assert.ok(
    worst <= tolerance * scale,
    `${what}: max |diff| ${worst} at ${worstAt} (got ${got[worstAt]}, want ${want[worstAt]}) > ${tolerance} × ${scale}`,
  );
}

const stockConfig = tf.getGradient('MaxPool');
const inputs = CASES.map(inputsFor);
const stockCpu: Float32Array[] = [];
const stockWasm: Float32Array[] = [];

before(async () => {
  // References first, with the stock gradient, before anything is overridden.
  assert.ok(await tf.setBackend('cpu'));
  for (const [i, c] of CASES.entries()) stockCpu.push(await registeredGrad(c, inputs[i]));
  assert.ok(await tf.setBackend('wasm'));
  for (const [i, c] of CASES.entries()) stockWasm.push(await registeredGrad(c, inputs[i]));
  registerMaxPoolGradient();
});

after(() => {
  tf.registerGradient(stockConfig);
});

test('the stock cpu gradient is the documented first-maximum rule (so it is a fair reference)', () => {
  for (const [i, c] of CASES.entries()) assertClose(stockCpu[i], naiveGrad(c, inputs[i]), `${c.name}: stock cpu`);
});

test('stock wasm drops the gradient of windows whose maximum is ≤ 0 (one reason for the override)', () => {
  const i = CASES.findIndex((c) => c.values === 'negative');
  const lost = stockCpu[i].reduce((a, v) => a + v, 0) - stockWasm[i].reduce((a, v) => a + v, 0);
  assert.ok(lost > 1, `expected stock wasm to lose gradient, lost ${lost}`);
});

/** Cases whose windows have no equal maxima: the tie rule does not matter there. */
const hasTies = (c: Case) => c.values !== 'random' && c.values !== 'negative';

describe('override on wasm (through the gradient registry)', () => {
  for (const [i, c] of CASES.entries()) {
    test(c.name, async () => {
      assert.ok(await tf.setBackend('wasm'));
      const got = await registeredGrad(c, inputs[i]);
      if (hasTies(c)) {
        assertClose(got, naiveGrad(c, inputs[i], 'last'), 'vs definition, last maximum');
      } else {
        assertClose(got, stockCpu[i], 'vs stock cpu gradient');
        assertClose(got, naiveGrad(c, inputs[i]), 'vs definition');
      }
    });
  }
});

describe('override maths on cpu (called directly; cpu argmax keeps the first maximum)', () => {
  for (const [i, c] of CASES.entries()) {
    test(c.name, async () => {
      assert.ok(await tf.setBackend('cpu'));
      assertClose(await directGrad(c, inputs[i]), stockCpu[i], 'vs stock cpu gradient');
    });
  }
});

test('ties after a ReLU: the gradient through relu∘maxPool equals stock cpu', async () => {
  // x here is the pre-activation; relu makes the all-zero (fully tied) windows.
  const reluCases = CASES.map((c, i) => [c, i] as const).filter(([c]) => c.values === 'relu');
  assert.ok(reluCases.length >= 3);
  for (const [c, i] of reluCases) {
    const pre = Float32Array.from(inputs[i].x, (v, k) => (v > 0 ? v : -((k % 7) + 1) / 8));
    const run = async () => {
      const x = tf.tensor4d(pre, c.x);
      const dy = tf.tensor4d(inputs[i].dy, inputs[i].dyShape);
      const gx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(tf.relu(a) as tf.Tensor4D, c.filterSize, c.strides, c.pad), dy)))(x);
      const out = (await gx.data()) as Float32Array;
      tf.dispose([x, dy, gx]);
      return out;
    };
    assert.ok(await tf.setBackend('cpu'));
    tf.registerGradient(stockConfig);
    const want = await run();
    registerMaxPoolGradient();
    assert.ok(await tf.setBackend('wasm'));
    // Equal up to float32 summation order where overlapping windows add up (exact when they tile).
    assertClose(await run(), want, c.name);
  }
});

test('windows that tile the input, without ties, give bit-identical results to stock cpu', async () => {
  assert.ok(await tf.setBackend('wasm'));
  for (const [i, c] of CASES.entries()) {
    const [fh, fw] = Array.isArray(c.filterSize) ? c.filterSize : [c.filterSize, c.filterSize];
    const [sh, sw] = Array.isArray(c.strides) ? c.strides : [c.strides, c.strides];
    if (fh !== sh || fw !== sw || hasTies(c)) continue;
    assert.deepEqual(await registeredGrad(c, inputs[i]), stockCpu[i], c.name);
  }
});

test('the wasm argmax kernel bug is real: without the shift, all-negative windows point at x[0]', async () => {
  assert.ok(await tf.setBackend('wasm'));
  const x = tf.tensor4d([5, -1, -2, -3, 0, -4, -5, -6], [1, 2, 4, 1]);
  const { indexes } = tf.maxPoolWithArgmax(x, 2, 2, 'valid', true);
  // window 0 = [5, -1, 0, -4] → x[0]; window 1 = [-2, -3, -5, -6]: max -2 at x[2], but the kernel says 0.
  assert.deepEqual(Array.from(await indexes.data()), [0, 0]);
  const gx = tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid')))(x);
  assert.deepEqual(Array.from(await gx.data()), [1, 0, 1, 0, 0, 0, 0, 0]);
  tf.dispose([x, indexes, gx]);
});

test('on cpu the registered gradient stays the stock one', async () => {
  assert.ok(await tf.setBackend('cpu'));
  for (const i of [0, 6, 10]) assert.deepEqual(await registeredGrad(CASES[i], inputs[i]), stockCpu[i]);
});

test('no tensors or wasm buffers leak', async () => {
  assert.ok(await tf.setBackend('wasm'));
  const backend = tf.backend();
  for (const i of [0, 3, 7, 19]) {
    await registeredGrad(CASES[i], inputs[i]); // first call may allocate backend-level caches
    const tensors = tf.memory().numTensors;
    const buffers = backend.numDataIds();
    await registeredGrad(CASES[i], inputs[i]);
    await directGrad(CASES[i], inputs[i]);
    assert.equal(tf.memory().numTensors, tensors, `${CASES[i].name}: tensors leaked`);
    assert.equal(backend.numDataIds(), buffers, `${CASES[i].name}: wasm buffers leaked`);
  }
});

test('registering twice is harmless and gives bit-identical gradients', async () => {
  assert.ok(await tf.setBackend('wasm'));
  const i = 7;
  const once = await registeredGrad(CASES[i], inputs[i]);
  const config = tf.getGradient('MaxPool');
  registerMaxPoolGradient();
  registerMaxPoolGradient();
  assert.equal(tf.getGradient('MaxPool'), config);
  assert.deepEqual(await registeredGrad(CASES[i], inputs[i]), once);
  // ...and the stock gradient it falls back to on cpu was not replaced by itself.
  assert.ok(await tf.setBackend('cpu'));
  assert.deepEqual(await registeredGrad(CASES[i], inputs[i]), stockCpu[i]);
});

test('a small CNN with max pooling trains with model.fit on wasm (loss decreases)', async () => {
  assert.ok(await tf.setBackend('wasm'));
  registerConv2dGradient(); // wasm cannot train convs without it
  const init = (s: number) => tf.initializers.glorotUniform({ seed: 11 + s });
  const model = tf.sequential({
    layers: [
      // No activation before the pool: all-negative windows must pass their gradient on.
      tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 4, kernelSize: 3, padding: 'same', kernelInitializer: init(1) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: init(2) }),
      tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(3) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'categoricalCrossentropy' });
  // Learnable labels: which third of the image (left/middle/right) is brightest.
  const n = 48;
  const next = seeded(99);
  const pixels = Float32Array.from({ length: n * 144 }, next);
  const labels: number[] = [];
  for (let s = 0; s < n; s++) {
    const sums = [0, 0, 0];
    for (let r = 0; r < 12; r++) for (let col = 0; col < 12; col++) sums[Math.floor(col / 4)] += pixels[s * 144 + r * 12 + col];
    labels.push(sums.indexOf(Math.max(...sums)));
  }
  const xs = tf.tensor4d(pixels, [n, 12, 12, 1]);
  const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 3);
  const history = await model.fit(xs, ys, { epochs: 25, batchSize: 16, shuffle: false, verbose: 0 });
  const losses = history.history.loss as number[];
  assert.ok(losses.every(Number.isFinite), `non-finite loss: ${losses}`);
  assert.ok(losses[losses.length - 1] < 0.8 * losses[0], `loss did not decrease enough: ${losses.map((l) => l.toFixed(3)).join(' → ')}`);
  tf.dispose([xs, ys]);
  model.dispose();
});
