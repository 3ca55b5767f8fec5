/**
 * A faster, and on wasm more correct, gradient for 2-D max pooling (the `MaxPool` kernel).
 *
 * Why this exists: profiling the course CNN training on the wasm backend put ~32 % of each batch
 * in wasm's `MaxPoolGrad` kernel: a scalar loop that re-finds every window's maximum, then walks,
 * for every input element, all the windows that contain it.
 *
 * Formulation (wasm): dx = scatterND(argmax, dy) — wasm's `MaxPoolWithArgmax` kernel (one pass,
 * includeBatchInIndex, so each index is a flat offset into x) gives, for every window, the input
 * element holding its maximum; `ScatterNd` (which sums duplicate indices, i.e. an element that is
 * the maximum of several overlapping windows) writes dy there. Measured on this project's 2-core
 * box (shared, so ratios): the gradient alone is 2.0× faster than stock on the course CNN's pool
 * shapes (CPU time, interleaved), and training the course CNN goes from 2,676 to 3,409 samples/s
 * (+27 %; es2017 bundle +21 %) — scripts/bench-conv.mjs, config 'wasm+override+maxpool'.
 * Other formulations measured slower on wasm: argMax over windows extracted by transposes or a
 * one-hot depthwise conv, with oneHot routing or a gather (wasm's Slice, Gather, OneHot and
 * broadcasting binary ops are scalar index loops), at 0.6–2.7× the stock gradient's time.
 *
 * A wasm bug it must work around: `MaxPoolWithArgmax` and `MaxPoolGrad` start their running
 * maximum at `FLT_MIN` — the smallest *positive* float, not the lowest one — so a window whose
 * maximum is below 1.2e-38 (all zeros, all negative) never records a position: argmax returns
 * index 0 (element 0 of the whole batch, and 1.2e-38 as the pooled value) and stock `MaxPoolGrad`
 * drops that window's gradient. After a ReLU that is harmless (an all-zero window's ReLU gradient
 * is 0 anyway), but with no activation, tanh or leakyRelu before the pool, stock wasm silently
 * loses the gradient of all-negative windows, and a plain argmax + scatter would pour all of it
 * into x[0]. So the argmax runs on x + c, with c = 2·max(0, −min(x)) + 2·FLT_MIN, which makes
 * every element ≥ FLT_MIN:
 *  - when min(x) ≥ 0 (after relu, sigmoid, softmax, …) c is 2^−125, which leaves every value
 *    above ~1e-30 unchanged: the argmax is exact;
 *  - when x has negative values the shift is ≈ 2|min(x)| and rounds: two values of one window
 *    closer than ~1e-7 × (max(x) + 3|min(x)|) may become equal, and the gradient may then go to
 *    one that is below the true maximum by less than that. For training this is immaterial
 *    (it is the exact gradient of an input perturbed by float32 rounding); the tests check it
 *    against the exact stock gradient on inputs with negative values.
 *
 * Tie rule: each window's gradient goes to exactly one element. Stock cpu (the reference) picks
 * the *first* maximum in row-major window order (top row first, left to right); wasm's argmax
 * kernel compares with `>=` and so picks the *last* one, like the stock wasm gradient. Both are
 * valid subgradients of max: the choice only matters for exact ties, and the common one —
 * windows of zeros after a ReLU — is multiplied by the ReLU's zero gradient whichever element
 * gets it, so weight gradients come out identical (tested). Overlapping windows sum, as stock.
 * Non-finite inputs (NaN, −∞) make the shift non-finite and the routing meaningless, but the
 * loss is already non-finite then.
 *
 * Where it applies: the wasm backend only. cpu keeps the stock gradient (the reference, and its
 * own maxPoolWithArgmax already starts at −∞); webgl/webgpu keep theirs (one shader pass each).
 * A pool whose output shape maxPoolWithArgmax would compute differently (a `dimRoundingMode` or
 * explicit padding passed to tf.maxPool; tf.layers never does) also keeps the stock gradient
 * (with stock wasm's dropped all-negative windows).
 *
 * Environment-free on purpose (imports only tf.ts): the same file runs in the Node
 * grader, the tests and the webview bundle.
 */
import * as tf from './tf';

type Pair = [number, number];
type Shape4 = [number, number, number, number];

/** Attributes the `MaxPool` kernel is called with (tfjs-core `MaxPoolAttrs`). */
export interface MaxPoolAttrs {
  filterSize: number | Pair;
  strides: number | Pair;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The smallest positive normal float32 (C's FLT_MIN): wasm's argmax kernels start from it. */
const FLT_MIN = 1.1754943508222875e-38;

/** Backends the formulation is used on; everything else keeps the stock gradient. */
const FAST_BACKENDS = new Set(['wasm']);

/** Whether maxPoolWithArgmax pools exactly as the forward MaxPool did (same output shape). */
function supported(xShape: number[], dyShape: number[], attrs: MaxPoolAttrs): boolean {
  if (attrs.dimRoundingMode != null || Array.isArray(attrs.pad)) return false;
  const info = tf.backend_util.computePool2DInfo(xShape as Shape4, attrs.filterSize, attrs.strides, 1, attrs.pad);
  return info.outShape.every((v, i) => v === dyShape[i]);
}

/**
 * dL/dx of y = maxPool(x) given dy = dL/dy, by argmax + scatter (see the header). Works on any
 * backend that has MaxPoolWithArgmax and ScatterNd; the registered gradient uses it on wasm.
 * Exported for the tests.
 */
export function maxPoolGradient(dy: tf.Tensor4D, x: tf.Tensor4D, attrs: MaxPoolAttrs): tf.Tensor4D {
  if (!supported(x.shape, dy.shape, attrs)) {
    throw new Error(`MaxPool gradient: unsupported pool (dy [${dy.shape}], attrs ${JSON.stringify(attrs)}).`);
  }
  return tf.tidy(() => {
    // c = 2·max(0, −min x) + 2·FLT_MIN: x + c ≥ FLT_MIN everywhere, and = x when x ≥ 0 (≳ 1e-30).
    const shift = tf.add(tf.mul(tf.relu(tf.neg(tf.min(x))), 2), 2 * FLT_MIN);
    const { indexes } = tf.maxPoolWithArgmax(
      tf.add(x, shift) as tf.Tensor4D,
      attrs.filterSize,
      attrs.strides,
      attrs.pad as 'valid' | 'same' | number,
      true,
    );
    const dx = tf.scatterND(tf.reshape(indexes, [-1, 1]), tf.reshape(dy, [-1]), [x.size]);
    return tf.reshape(dx, x.shape);
  });
}

/** The stock gradient, captured once before the first override (never our own config). */
let stockGradConfig: tf.GradConfig | undefined;

const maxPoolGradConfig: tf.GradConfig = {
  kernelName: 'MaxPool',
  // Same saved tensors as the stock config, so it can be delegated to unchanged.
  inputsToSave: ['x'],
  outputsToSave: [true],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: tf.NamedAttrMap) => {
    const grad = dy as tf.Tensor4D;
    const x = saved[0] as tf.Tensor4D;
    const pool = attrs as unknown as MaxPoolAttrs;
    const stock = stockGradConfig?.gradFunc;
    if (stock && !(FAST_BACKENDS.has(tf.getBackend()) && supported(x.shape, grad.shape, pool))) {
      return stock(dy, saved, attrs);
    }
    return { x: () => maxPoolGradient(grad, x, pool) };
  },
};

/**
 * Installs the MaxPool gradient above (used on wasm; other backends keep the stock gradient).
 * Idempotent: the stock gradient is captured on the first call only, and re-registering the
 * same config changes nothing. May be called before or after the wasm backend is imported.
 */
export function registerMaxPoolGradient(): void {
  const current = tf.getGradient('MaxPool');
  if (stockGradConfig === undefined && current !== maxPoolGradConfig) stockGradConfig = current;
  tf.registerGradient(maxPoolGradConfig);
}
