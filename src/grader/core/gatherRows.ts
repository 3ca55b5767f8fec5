/**
 * tf.gather of whole rows (axis 0) on the wasm backend as a copy of each row, the same values as
 * the stock GatherV2 kernel.
 *
 * Why: model.fit gathers every batch from the training set by index (tfjs-layers' fit loop, with
 * or without shuffling), and wasm's GatherV2 walks the output element by element through strides:
 * 2 ms of a 20 ms batch of the course CNN (64 digits of 28×28 out of 2 048; `npm run bench`'s
 * profile). A row of x is contiguous, so the gather is one memory copy per index.
 *
 * Only the common case takes this path: axis 0, no batch dimensions, float32 or int32 values,
 * int32 indices all in range. Anything else (and an index out of range, which the stock kernel
 * rejects with its own message) goes to the stock kernel.
 *
 * Environment-free (imports only tf.ts).
 */
import * as tf from './tf';

/** The wasm backend's heap access (tfjs-backend-wasm BackendWasm; not in tfjs-core's types). */
interface WasmHeap {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

interface GatherAttrs {
  axis: number;
  batchDims: number;
}

const FAST = Symbol.for('dl-course.gatherRows');

/**
 * Installs the row-copy GatherV2 for wasm in front of the stock kernel. Idempotent; returns a
 * function that puts the stock kernel back. Needs `@tensorflow/tfjs-backend-wasm` imported (a
 * no-op returning a no-op otherwise).
 */
export function registerGatherRows(): () => void {
  const current = tf.getKernel('GatherV2', 'wasm') as (tf.KernelConfig & { [FAST]?: tf.KernelConfig }) | undefined;
  if (!current) return () => undefined;
  const stock = current[FAST] ?? current;
  const install = (config: tf.KernelConfig): void => {
    tf.unregisterKernel('GatherV2', 'wasm');
    tf.registerKernel(config);
  };
  if (!current[FAST]) {
    const fast: tf.KernelConfig & { [FAST]?: tf.KernelConfig } = {
      ...stock,
      kernelFunc: (args) => gatherRows(args) ?? stock.kernelFunc(args),
    };
    fast[FAST] = stock;
    install(fast);
  }
  return () => {
    if ((tf.getKernel('GatherV2', 'wasm') as { [FAST]?: tf.KernelConfig } | undefined)?.[FAST]) install(stock);
  };
}

/** The gather as row copies, or undefined when the stock kernel must do it. */
function gatherRows({ inputs, attrs, backend }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo | undefined {
  const { x, indices } = inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
  const { axis, batchDims } = attrs as unknown as GatherAttrs;
  if (batchDims !== 0 || x.shape.length === 0 || tf.util.parseAxisParam(axis, x.shape)[0] !== 0) return undefined;
  if ((x.dtype !== 'float32' && x.dtype !== 'int32') || indices.dtype !== 'int32') return undefined;
  const heap = backend as unknown as WasmHeap;
  if (typeof heap.typedArrayFromHeap !== 'function' || typeof heap.makeOutput !== 'function') return undefined;
  const rows = x.shape[0]!;
  const rowSize = tf.util.sizeFromShape(x.shape.slice(1));
  const idx = heap.typedArrayFromHeap(indices);
  for (let i = 0; i < idx.length; i++) if (!(idx[i]! >= 0 && idx[i]! < rows)) return undefined;
  const out = heap.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
  // Views after the allocation, which may have grown (and so moved) the wasm memory.
  const src = heap.typedArrayFromHeap(x);
  const dst = heap.typedArrayFromHeap(out);
  const at = heap.typedArrayFromHeap(indices);
  for (let i = 0; i < at.length; i++) dst.set(src.subarray(at[i]! * rowSize, (at[i]! + 1) * rowSize), i * rowSize);
  return out;
}
