/**
 * The loop form of the MaxPool gradient (src/grader/core/maxPoolLoop.ts) against the tensor form it
 * stands for on wasm (maxPoolGradient): bit for bit the same dx for 'valid' pools of every size and
 * stride (overlapping windows included), on random values, exact ties, values after a ReLU (windows
 * of zeros), all-negative values and a constant input; and no answer (the tensor form then runs)
 * for 'same' padding and non-finite inputs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/grader/core/tf';
import '@tensorflow/tfjs-backend-wasm';
import { maxPoolGradient, type MaxPoolAttrs } from '../../src/grader/core/maxPoolGradient';
import { maxPoolGradientLoop, registerMaxPoolLoop } from '../../src/grader/core/maxPoolLoop';

let unregister: (() => void) | undefined;
before(async () => {
  assert.ok(await tf.setBackend('wasm'));
});
after(() => unregister?.());

type Shape4 = [number, number, number, number];
type Values = 'random' | 'ties' | 'relu' | 'negative' | 'constant';

function input(shape: Shape4, values: Values, seed: number): tf.Tensor4D {
  const n = tf.util.sizeFromShape(shape);
  let s = seed;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s / 2 ** 32);
  const v = Float32Array.from({ length: n }, () => {
    const u = next();
    if (values === 'ties') return Math.floor(u * 3);
    if (values === 'relu') return Math.max(0, u - 0.6);
    if (values === 'negative') return -1 - u * 5;
    if (values === 'constant') return 0.25;
    return (u - 0.5) * 10;
  });
  return tf.tensor4d(v, shape);
}

const POOLS: Array<{ filterSize: number | [number, number]; strides: number | [number, number] }> = [
  { filterSize: 2, strides: 2 },
  { filterSize: 3, strides: 2 },
  { filterSize: 3, strides: 1 },
  { filterSize: [2, 3], strides: [1, 2] },
  { filterSize: 2, strides: 3 },
];
const SHAPES: Shape4[] = [
  [4, 8, 8, 3],
  [2, 9, 7, 5],
  [1, 26, 26, 8],
];
const VALUES: Values[] = ['random', 'ties', 'relu', 'negative', 'constant'];

const bits = (t: tf.Tensor) => Array.from(new Uint32Array((t.dataSync() as Float32Array).slice().buffer));

for (const pool of POOLS) {
  test(`pool ${JSON.stringify(pool.filterSize)} stride ${JSON.stringify(pool.strides)}, valid: bit for bit the tensor form`, () => {
    let seed = 1;
    for (const shape of SHAPES) {
      for (const values of VALUES) {
        tf.tidy(() => {
          const x = input(shape, values, seed++);
          const attrs: MaxPoolAttrs = { ...pool, pad: 'valid' };
          const y = tf.maxPool(x, pool.filterSize, pool.strides, 'valid');
          const dy = input(y.shape as Shape4, 'random', seed++);
          unregister?.();
          const want = maxPoolGradient(dy, x, attrs);
          assert.equal(maxPoolGradientLoop(dy, x, attrs), undefined, 'not used until registered');
          unregister = registerMaxPoolLoop();
          const got = maxPoolGradientLoop(dy, x, attrs);
          assert.ok(got, 'the loop applies');
          assert.deepEqual(got.shape, want.shape);
          assert.deepEqual(bits(got), bits(want), `${shape} ${values}`);
        });
      }
    }
  });
}

test("no answer for 'same' padding or a non-finite input (the tensor form runs)", () => {
  unregister = registerMaxPoolLoop();
  tf.tidy(() => {
    const x = input([1, 5, 5, 2], 'random', 3);
    const dySame = tf.ones([1, 3, 3, 2]) as tf.Tensor4D;
    assert.equal(maxPoolGradientLoop(dySame, x, { filterSize: 2, strides: 2, pad: 'same' }), undefined);
    const withNaN = tf.concat([tf.fill([1, 1, 5, 2], NaN), x.slice([0, 1, 0, 0], [1, 4, 5, 2])], 1) as tf.Tensor4D;
    assert.equal(
      maxPoolGradientLoop(tf.ones([1, 2, 2, 2]) as tf.Tensor4D, withNaN, { filterSize: 2, strides: 2, pad: 'valid' }),
      undefined,
    );
  });
});
