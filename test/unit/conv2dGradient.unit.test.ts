/**
 * The Conv2D gradient override (src/grader/core/conv2dGradient.ts) against two independent
 * references, over every padding/stride/dilation shape a learner can write:
 *  - the stock tfjs gradient on the cpu backend, computed with the stock gradient config
 *    re-installed (dilation 1 only: the stock gradient rejects dilations > 1);
 *  - a float64 triple loop written from the definition of the convolution (all cases).
 * The override runs on wasm (what the grader uses) and on cpu (the registry is global).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/grader/core/tf';
import '@tensorflow/tfjs-backend-wasm';
import { registerConv2dGradient } from '../../src/grader/core/conv2dGradient';

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
type Shape4 = [number, number, number, number];

interface Case {
  name: string;
  x: Shape4;
  filter: Shape4;
  strides: number | [number, number];
  pad: Pad;
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const CASES: Case[] = [
  { name: 'course layer: valid, stride 1, 1 input channel', x: [4, 10, 10, 1], filter: [3, 3, 1, 8], strides: 1, pad: 'valid' },
  { name: 'same, stride 1, non-square input and kernel', x: [2, 7, 9, 3], filter: [3, 2, 3, 4], strides: 1, pad: 'same' },
  { name: 'same, stride 2', x: [2, 9, 8, 3], filter: [3, 3, 3, 5], strides: 2, pad: 'same' },
  { name: 'same, stride 2, even kernel', x: [2, 8, 8, 2], filter: [2, 4, 2, 3], strides: 2, pad: 'same' },
  { name: 'valid, stride 2, trailing rows never read', x: [2, 8, 9, 2], filter: [3, 3, 2, 4], strides: 2, pad: 'valid' },
  { name: 'same, unequal strides [2,3]', x: [1, 9, 7, 2], filter: [2, 3, 2, 5], strides: [2, 3], pad: 'same' },
  { name: 'valid, unequal strides [3,1]', x: [1, 9, 7, 2], filter: [2, 3, 2, 5], strides: [3, 1], pad: 'valid' },
  { name: 'numeric pad 1, stride 1', x: [3, 8, 8, 2], filter: [3, 3, 2, 2], strides: 1, pad: 1 },
  { name: 'numeric pad 2, stride 2', x: [3, 8, 8, 2], filter: [3, 3, 2, 2], strides: 2, pad: 2 },
  { name: 'numeric pad 1, stride 2, ceil rounding', x: [2, 8, 8, 2], filter: [3, 3, 2, 3], strides: 2, pad: 1, dimRoundingMode: 'ceil' },
  {
    name: 'explicit asymmetric pad, strides [1,2]',
    x: [2, 8, 8, 2],
    filter: [3, 3, 2, 3],
    strides: [1, 2],
    pad: [
      [0, 0],
      [1, 2],
      [0, 3],
      [0, 0],
    ],
  },
  {
    name: 'explicit pad larger than the kernel',
    x: [2, 8, 8, 2],
    filter: [2, 2, 2, 3],
    strides: 1,
    pad: [
      [0, 0],
      [4, 0],
      [0, 5],
      [0, 0],
    ],
  },
  { name: 'dilation 2, valid', x: [2, 9, 9, 2], filter: [3, 3, 2, 3], strides: 1, pad: 'valid', dilations: 2 },
  { name: 'dilations [2,3], same, non-square', x: [1, 10, 11, 3], filter: [3, 2, 3, 4], strides: 1, pad: 'same', dilations: [2, 3] },
  {
    name: 'dilation 2, explicit pad',
    x: [2, 8, 7, 1],
    filter: [2, 3, 1, 2],
    strides: 1,
    pad: [
      [0, 0],
      [2, 1],
      [1, 3],
      [0, 0],
    ],
    dilations: 2,
  },
  { name: 'batch 1, many channels, same', x: [1, 6, 6, 16], filter: [3, 3, 16, 32], strides: 1, pad: 'same' },
  { name: '1×1 kernel, stride 2', x: [3, 7, 7, 4], filter: [1, 1, 4, 6], strides: 2, pad: 'valid' },
  { name: 'kernel as large as the input', x: [2, 5, 4, 3], filter: [5, 4, 3, 2], strides: 1, pad: 'valid' },
  { name: 'batch > channels, 5×5 same', x: [9, 6, 5, 2], filter: [5, 5, 2, 3], strides: 1, pad: 'same' },
];

/** Max |got − want| over the tensor, relative to the largest |want| (float32 sums reorder). */
const TOLERANCE = 1e-4;

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

function randomArray(size: number, seed: number): Float32Array {
  const next = seeded(seed);
  return Float32Array.from({ length: size }, () => next() * 2 - 1);
}

const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

interface Inputs {
  x: Float32Array;
  filter: Float32Array;
  /** Upstream gradient = the weights of the linear loss Σ conv(x, filter) · dy. */
  dy: Float32Array;
  dyShape: Shape4;
}

function inputsFor(c: Case, index: number): Inputs {
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations ?? 1, c.pad, c.dimRoundingMode);
  const dyShape = info.outShape as Shape4;
  return {
    x: randomArray(sizeOf(c.x), 1000 + index),
    filter: randomArray(sizeOf(c.filter), 2000 + index),
    dy: randomArray(sizeOf(dyShape), 3000 + index),
    dyShape,
  };
}

interface Grads {
  dx: Float32Array | Float64Array;
  dFilter: Float32Array | Float64Array;
}

/** Gradients of Σ conv2d(x, filter) · dy through whatever gradient is registered, on the active backend. */
async function tfGrads(c: Case, inp: Inputs): Promise<Grads> {
  const x = tf.tensor4d(inp.x, c.x);
  const filter = tf.tensor4d(inp.filter, c.filter);
  const dy = tf.tensor4d(inp.dy, inp.dyShape);
  const loss = (a: tf.Tensor, b: tf.Tensor) =>
    tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad, 'NHWC', c.dilations ?? 1, c.dimRoundingMode), dy));
  const [gx, gf] = tf.grads(loss)([x, filter]);
  assert.deepEqual(gx.shape, c.x);
  assert.deepEqual(gf.shape, c.filter);
  const out = { dx: (await gx.data()) as Float32Array, dFilter: (await gf.data()) as Float32Array };
  tf.dispose([x, filter, dy, gx, gf]);
  return out;
}

/** The gradients straight from the definition, in float64: an oracle that shares no code with tfjs kernels. */
function naiveGrads(c: Case, inp: Inputs): Grads {
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations ?? 1, c.pad, c.dimRoundingMode);
  const [B, H, W, CI] = c.x;
  const [KH, KW, , CO] = c.filter;
  const [, OH, OW] = inp.dyShape;
  const dx = new Float64Array(sizeOf(c.x));
  const dFilter = new Float64Array(sizeOf(c.filter));
  for (let b = 0; b < B; b++)
    for (let oh = 0; oh < OH; oh++)
      for (let ow = 0; ow < OW; ow++) {
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * info.strideHeight + kh * info.dilationHeight - info.padInfo.top;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * info.strideWidth + kw * info.dilationWidth - info.padInfo.left;
            if (iw < 0 || iw >= W) continue;
            for (let ci = 0; ci < CI; ci++) {
              const xi = ((b * H + ih) * W + iw) * CI + ci;
              for (let co = 0; co < CO; co++) {
                const g = inp.dy[((b * OH + oh) * OW + ow) * CO + co];
                const fi = ((kh * KW + kw) * CI + ci) * CO + co;
                dx[xi] += g * inp.filter[fi];
                dFilter[fi] += g * inp.x[xi];
              }
            }
          }
        }
      }
  return { dx, dFilter };
}

function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
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
    worst <= TOLERANCE * scale,
    `${what}: max |diff| ${worst} at ${worstAt} (got ${got[worstAt]}, want ${want[worstAt]}) > ${TOLERANCE} × ${scale}`,
  );
}

/** The stock gradient can only do dilation 1 and ignores dimRoundingMode; use it where it applies. */
function stockApplies(c: Case): boolean {
  const d = c.dilations ?? 1;
  return (Array.isArray(d) ? d : [d, d]).every((v) => v === 1) && c.dimRoundingMode == null;
}

const stockConfig = tf.getGradient('Conv2D');
const inputs = CASES.map(inputsFor);
const stock = new Map<number, Grads>();
let wasmStockError = '';

before(async () => {
  // References first, with the stock gradient, before anything is overridden.
  assert.ok(await tf.setBackend('cpu'));
  tf.registerGradient(stockConfig);
  for (const [i, c] of CASES.entries()) if (stockApplies(c)) stock.set(i, await tfGrads(c, inputs[i]));
  // Record why this module exists: stock wasm cannot produce the filter gradient.
  assert.ok(await tf.setBackend('wasm'));
  try {
    await tfGrads(CASES[0], inputs[0]);
  } catch (e) {
    wasmStockError = e instanceof Error ? e.message : String(e);
  }
  registerConv2dGradient();
});

after(() => {
  tf.registerGradient(stockConfig);
});

test('stock tfjs-backend-wasm cannot compute the Conv2D filter gradient (why the override exists)', () => {
  assert.match(wasmStockError, /Conv2DBackpropFilter/);
});

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`override on ${backend}`, () => {
    for (const [i, c] of CASES.entries()) {
      test(c.name, async () => {
        assert.ok(await tf.setBackend(backend));
        const got = await tfGrads(c, inputs[i]);
        const naive = naiveGrads(c, inputs[i]);
        assertClose(got.dx, naive.dx, 'dx vs definition');
        assertClose(got.dFilter, naive.dFilter, 'dFilter vs definition');
        const ref = stock.get(i);
        if (ref) {
          assertClose(got.dx, ref.dx, 'dx vs stock cpu gradient');
          assertClose(got.dFilter, ref.dFilter, 'dFilter vs stock cpu gradient');
        }
      });
    }
  });
}

test('the stock references really are a different implementation (they agree with the definition too)', () => {
  assert.ok(stock.size >= 10);
  for (const [i, ref] of stock) {
    const naive = naiveGrads(CASES[i], inputs[i]);
    assertClose(ref.dx, naive.dx, `${CASES[i].name}: stock dx`);
    assertClose(ref.dFilter, naive.dFilter, `${CASES[i].name}: stock dFilter`);
  }
});

test('fused conv2d with a linear activation (its own inline gradient) trains on wasm, without leaking buffers', async () => {
  // tf.layers.conv2d without activation, or with sigmoid/tanh/..., runs tf.fused.conv2d with a
  // linear activation while training; that gradient calls the Conv2DBackpropFilter kernel.
  const cases = [CASES[1], CASES[2], CASES[4], CASES[10], CASES[11]];
  for (const c of cases) {
    const inp = inputsFor(c, 77);
    const bias = randomArray(c.filter[3], 78);
    const run = async () => {
      const x = tf.tensor4d(inp.x, c.x);
      const filter = tf.tensor4d(inp.filter, c.filter);
      const b = tf.tensor1d(bias);
      const dy = tf.tensor4d(inp.dy, inp.dyShape);
      const loss = (xx: tf.Tensor, ff: tf.Tensor) =>
        tf.sum(tf.mul(tf.fused.conv2d({ x: xx as tf.Tensor4D, filter: ff as tf.Tensor4D, strides: c.strides, pad: c.pad, bias: b }), dy));
      const [gx, gf] = tf.grads(loss)([x, filter]);
      const out = { dx: (await gx.data()) as Float32Array, dFilter: (await gf.data()) as Float32Array };
      tf.dispose([x, filter, b, dy, gx, gf]);
      return out;
    };
    assert.ok(await tf.setBackend('wasm'));
    const backend = tf.backend();
    await run(); // first call may allocate backend-level caches
    const buffersBefore = backend.numDataIds();
    const got = await run();
    assert.equal(backend.numDataIds(), buffersBefore, `${c.name}: wasm buffers leaked`);
    const naive = naiveGrads(c, inp);
    assertClose(got.dx, naive.dx, `${c.name}: fused dx`);
    assertClose(got.dFilter, naive.dFilter, `${c.name}: fused dFilter`);
  }
});

test('NCHW is rejected with a clear error', async () => {
  assert.ok(await tf.setBackend('cpu'));
  const x = tf.ones([1, 2, 5, 5]);
  const f = tf.ones([3, 3, 2, 1]);
  const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'valid', 'NCHW')));
  assert.throws(() => g([x, f]), /NCHW.*not supported/);
  tf.dispose([x, f]);
});

test('registering twice is harmless and gives bit-identical gradients', async () => {
  assert.ok(await tf.setBackend('wasm'));
  const c = CASES[2];
  const once = await tfGrads(c, inputs[2]);
  const kernel = tf.getKernel('Conv2DBackpropFilter', 'wasm');
  registerConv2dGradient();
  registerConv2dGradient();
  assert.equal(tf.getKernel('Conv2DBackpropFilter', 'wasm'), kernel);
  const twice = await tfGrads(c, inputs[2]);
  assert.deepEqual(twice, once);
});

test('a small CNN trains with model.fit on wasm (loss decreases)', async () => {
  assert.ok(await tf.setBackend('wasm'));
  const seed = 7;
  const init = (s: number) => tf.initializers.glorotUniform({ seed: seed + s });
  const model = tf.sequential({
    layers: [
      // relu: trained through the Conv2D gradient registry entry.
      tf.layers.conv2d({
        inputShape: [12, 12, 1],
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(1),
      }),
      // tanh: tf.layers runs a fused linear conv, whose gradient needs the Conv2DBackpropFilter kernel.
      tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, activation: 'tanh', kernelInitializer: init(2) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(3) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  // Learnable labels: which third of the image (left/middle/right) is brightest.
  const n = 48;
  const pixels = randomArray(n * 144, 99).map((v) => (v + 1) / 2);
  const labels: number[] = [];
  for (let s = 0; s < n; s++) {
    const sums = [0, 0, 0];
    for (let r = 0; r < 12; r++) for (let col = 0; col < 12; col++) sums[Math.floor(col / 4)] += pixels[s * 144 + r * 12 + col];
    labels.push(sums.indexOf(Math.max(...sums)));
  }
  const xs = tf.tensor4d(pixels, [n, 12, 12, 1]);
  const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 3);
  const history = await model.fit(xs, ys, { epochs: 12, batchSize: 16, shuffle: false, verbose: 0 });
  const losses = history.history.loss as number[];
  assert.ok(losses.every(Number.isFinite), `non-finite loss: ${losses}`);
  assert.ok(losses[losses.length - 1] < 0.8 * losses[0], `loss did not decrease enough: ${losses.map((l) => l.toFixed(3)).join(' → ')}`);
  tf.dispose([xs, ys]);
  model.dispose();
});
