/**
 * The row-copy GatherV2 on wasm (src/grader/core/gatherRows.ts) against the stock wasm kernel:
 * the same values and shapes for every gather a fit loop or a check makes (axis 0, indices of any
 * shape, repeated and in any order, float32 and int32 values, 1-D to 4-D), the stock kernel's own
 * results where it must take over (other axes, batch dimensions, bool values), and the same error
 * for an index out of range.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/grader/core/tf';
import '@tensorflow/tfjs-backend-wasm';
import { registerGatherRows } from '../../src/grader/core/gatherRows';

let unregister: (() => void) | undefined;
before(async () => {
  assert.ok(await tf.setBackend('wasm'));
});
after(() => unregister?.());

interface Case {
  name: string;
  x: () => tf.Tensor;
  indices: () => tf.Tensor;
  axis?: number;
  batchDims?: number;
}

const seq = (shape: number[], dtype: 'float32' | 'int32' = 'float32') =>
  tf.tensor(
    Array.from({ length: tf.util.sizeFromShape(shape) }, (_, i) => (dtype === 'int32' ? i * 7 - 50 : Math.sin(i) * 1e3)),
    shape,
    dtype,
  );
const ints = (values: number[], shape?: number[]) => tf.tensor(values, shape ?? [values.length], 'int32');

const CASES: Case[] = [
  {
    name: 'a batch of digits out of a training set (shuffled indices)',
    x: () => seq([300, 28, 28, 1]),
    indices: () => ints([299, 3, 150, 0, 42, 7, 7, 120]),
  },
  { name: 'one-hot labels (2-D)', x: () => seq([50, 10]), indices: () => ints([49, 0, 25, 25, 1]) },
  { name: 'int32 values, 1-D', x: () => seq([20], 'int32'), indices: () => ints([19, 0, 5]) },
  { name: 'indices of rank 2', x: () => seq([9, 3, 2]), indices: () => ints([8, 0, 1, 2, 3, 4], [2, 3]) },
  { name: 'negative axis naming axis 0', x: () => seq([12]), indices: () => ints([11, 2]), axis: -1 },
  { name: 'no index at all', x: () => seq([5, 4]), indices: () => ints([]) },
  { name: 'axis 1 (the stock kernel)', x: () => seq([4, 6, 3]), indices: () => ints([5, 0, 2]), axis: 1 },
  {
    name: 'batch dimensions (the stock kernel)',
    x: () => seq([3, 5, 2]),
    indices: () => ints([4, 0, 1, 2, 3, 3], [3, 2]),
    axis: 1,
    batchDims: 1,
  },
  { name: 'bool values (the stock kernel)', x: () => tf.tensor([true, false, true], [3], 'bool'), indices: () => ints([2, 1]) },
];

function gather(c: Case): { shape: number[]; dtype: string; values: number[] } {
  return tf.tidy(() => {
    const y = tf.gather(c.x(), c.indices(), c.axis ?? 0, c.batchDims ?? 0);
    return { shape: y.shape, dtype: y.dtype, values: Array.from(y.dataSync()) };
  });
}

test('every case: the same shape, dtype and values as the stock wasm kernel, and no tensor left behind', () => {
  unregister?.();
  const want = CASES.map(gather);
  unregister = registerGatherRows();
  assert.notEqual(tf.getKernel('GatherV2', 'wasm')?.kernelFunc, undefined);
  const before = tf.memory().numTensors;
  for (const [i, c] of CASES.entries()) assert.deepEqual(gather(c), want[i], c.name);
  assert.equal(tf.memory().numTensors, before);
  unregister();
  unregister = undefined;
});

test('the row copy is what runs (and unregister puts the stock kernel back)', () => {
  const stockKernel = tf.getKernel('GatherV2', 'wasm')!.kernelFunc;
  unregister = registerGatherRows();
  const fastKernel = tf.getKernel('GatherV2', 'wasm')!.kernelFunc;
  assert.notEqual(fastKernel, stockKernel);
  registerGatherRows(); // idempotent: still one layer in front of the stock kernel
  assert.equal(tf.getKernel('GatherV2', 'wasm')!.kernelFunc, fastKernel);
  unregister();
  unregister = undefined;
  assert.equal(tf.getKernel('GatherV2', 'wasm')!.kernelFunc, stockKernel);
});

test('an index out of range fails as with the stock kernel', () => {
  const bad = (): unknown => tf.tidy(() => tf.gather(seq([5, 2]), ints([1, 5])).dataSync());
  const stockError = (() => {
    try {
      bad();
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  })();
  assert.match(stockError, /index value 5 is not in \[0, 4\]/);
  unregister = registerGatherRows();
  assert.throws(bad, { message: stockError });
  unregister();
  unregister = undefined;
});
