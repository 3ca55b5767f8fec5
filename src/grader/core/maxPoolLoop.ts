/**
 * maxPoolGradient (maxPoolGradient.ts) for 'valid' pools on the wasm backend as one JavaScript
 * pass over the wasm heap, with the same result bit for bit: the same shift c (computed with the
 * same float32 operations), the same argmax rule (running maximum from FLT_MIN, `>=`, windows read
 * row by row, so the last maximum wins), and dy summed into dx in the same order as ScatterNd.
 *
 * Why: the tensor formulation costs a Min, four scalar kernels, MaxPoolWithArgmax and ScatterNd,
 * about 3 ms of a 20 ms course-CNN batch (`npm run bench`'s profile); the argmax kernel alone is
 * ~2 ms for the first pool. The loop reads x once and writes dx once; measured alone on the course
 * CNN's pools (batch 64, wasm, this project's shared 2-core box): 3.5–3.9 → 2.4–2.9 ms for the first,
 * 1.2–1.5 → 0.7 ms for the second.
 *
 * Environment-free (imports only tf.ts).
 */
import * as tf from './tf';
import type { MaxPoolAttrs } from './maxPoolGradient';

/** The wasm backend's heap access (tfjs-backend-wasm BackendWasm; not in tfjs-core's types). */
interface WasmHeap {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

/** The smallest positive normal float32 (C's FLT_MIN): wasm's argmax kernels start from it. */
const FLT_MIN = 1.1754943508222875e-38;
const f32 = Math.fround;

let enabled = false;

/** Lets maxPoolGradient use the loop (initBackend does); returns the way back to the tensor form. */
export function registerMaxPoolLoop(): () => void {
  enabled = true;
  return () => {
    enabled = false;
  };
}

/** dL/dx of a 'valid' max pool as maxPoolGradient computes it on wasm; undefined where it does not apply (or is not registered). */
export function maxPoolGradientLoop(dy: tf.Tensor4D, x: tf.Tensor4D, attrs: MaxPoolAttrs): tf.Tensor4D | undefined {
  if (!enabled || tf.getBackend() !== 'wasm' || attrs.pad !== 'valid' || attrs.dimRoundingMode != null) return undefined;
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') return undefined;
  const heap = tf.backend() as unknown as WasmHeap;
  if (typeof heap.typedArrayFromHeap !== 'function' || typeof heap.makeOutput !== 'function') return undefined;
  const info = tf.backend_util.computePool2DInfo(x.shape, attrs.filterSize, attrs.strides, 1, 'valid');
  if (!info.outShape.every((v, i) => v === dy.shape[i])) return undefined;
  const [batch, inH, inW, channels] = x.shape;
  const [, outH, outW] = dy.shape;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;

  const out = tf.engine().makeTensorFromTensorInfo(heap.makeOutput(x.shape, 'float32')) as tf.Tensor4D;
  // Views after the allocation, which may have grown (and so moved) the wasm memory.
  const xs = heap.typedArrayFromHeap(x);
  const dys = heap.typedArrayFromHeap(dy);
  const dx = heap.typedArrayFromHeap(out);
  dx.fill(0);
  // c = 2·max(0, −min x) + 2·FLT_MIN, each step a float32 kernel in maxPoolGradient.
  let min = Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i]! < min || Number.isNaN(xs[i]!)) min = xs[i]!;
  if (!Number.isFinite(min)) {
    out.dispose();
    return undefined;
  }
  const shift = f32(f32(Math.max(0, -min) * 2) + f32(2 * FLT_MIN));
  let k = 0; // dy's flat index, in ScatterNd's order
  if (fh === 2 && fw === 2 && sh === 2 && sw === 2) {
    // The course's pool, unrolled: windows do not overlap, so each dx element gets at most one dy.
    const rowStride = inW * channels;
    for (let b = 0; b < batch; b++) {
      for (let oh = 0; oh < outH; oh++) {
        const top = (b * inH + oh * 2) * rowStride;
        for (let ow = 0; ow < outW; ow++) {
          const p0 = top + ow * 2 * channels;
          for (let c = 0; c < channels; c++, k++) {
            const a0 = p0 + c;
            const a1 = a0 + channels;
            const a2 = a0 + rowStride;
            const a3 = a2 + channels;
            let best = FLT_MIN;
            let at = 0;
            let v = f32(xs[a0]! + shift);
            if (v >= best) {
              best = v;
              at = a0;
            }
            v = f32(xs[a1]! + shift);
            if (v >= best) {
              best = v;
              at = a1;
            }
            v = f32(xs[a2]! + shift);
            if (v >= best) {
              best = v;
              at = a2;
            }
            v = f32(xs[a3]! + shift);
            if (v >= best) at = a3;
            dx[at] = f32(dx[at]! + dys[k]!);
          }
        }
      }
    }
    return out;
  }
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        for (let c = 0; c < channels; c++, k++) {
          let best = FLT_MIN;
          let at = 0;
          for (let i = 0; i < fh; i++) {
            const row = (b * inH + oh * sh + i) * inW;
            for (let j = 0; j < fw; j++) {
              const flat = (row + ow * sw + j) * channels + c;
              const v = f32(xs[flat]! + shift);
              if (v >= best) {
                best = v;
                at = flat;
              }
            }
          }
          dx[at] = f32(dx[at]! + dys[k]!);
        }
      }
    }
  }
  return out;
}
