/**
 * tf.train.adam's update in one pass over each variable on the wasm backend, bit for bit the
 * stock `AdamOptimizer.applyGradients`.
 *
 * Why: the stock update runs 14 element-wise kernels per variable (and uploads 6 scalars), each
 * paying the engine's dispatch and bookkeeping; on the grader's small CNNs that is most of the
 * optimizer's time per batch and none of it arithmetic (`npm run bench`'s profile). Here each
 * variable, gradient and moment is read once and each new value written once, in the wasm heap.
 *
 * Same numbers: every float32 operation of the stock chain is done in the same order and
 * rounded to float32 after each step (`Math.fround`), as the wasm kernels do (IEEE float32 add,
 * mul, div and sqrt, no fused multiply-add), so the weights, moments and β powers come out
 * identical to the stock kernels' (test/unit/adamUpdate.unit.test.ts). Anything else — another
 * backend, a non-float32 tensor, a variable whose memory another tensor shares — goes to the
 * stock update.
 *
 * Environment-free (imports only tf.ts).
 */
import * as tf from './tf';

/** The fields of tfjs-core's AdamOptimizer this update reads and writes (not in its public types). */
interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  accumulatedSecondMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  incrementIterations(): void;
}

/** The wasm backend's heap access (tfjs-backend-wasm BackendWasm; not in tfjs-core's types). */
interface WasmHeap {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

type NamedGradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];
type ApplyGradients = (this: tf.AdamOptimizer, variableGradients: NamedGradients) => void;

const PATCHED = Symbol.for('dl-course.adamUpdate');
const f32 = Math.fround;

/**
 * Replaces AdamOptimizer.prototype.applyGradients with the one-pass update on wasm (the stock
 * one elsewhere). Idempotent; returns a function that puts the stock update back.
 */
export function registerAdamUpdate(): () => void {
  const proto = tf.AdamOptimizer.prototype as unknown as { applyGradients: ApplyGradients; [PATCHED]?: ApplyGradients };
  const stock = proto[PATCHED] ?? proto.applyGradients;
  proto[PATCHED] = stock;
  proto.applyGradients = function (this: tf.AdamOptimizer, variableGradients: NamedGradients) {
    if (!onePassUpdate(this as unknown as AdamInternals, variableGradients)) stock.call(this, variableGradients);
  };
  return () => {
    proto.applyGradients = stock;
    delete proto[PATCHED];
  };
}

/** The update on the wasm heap; false (nothing changed) when it cannot be done bit for bit here. */
function onePassUpdate(opt: AdamInternals, variableGradients: NamedGradients): boolean {
  if (tf.getBackend() !== 'wasm') return false;
  const backend = tf.backend() as unknown as WasmHeap;
  if (typeof backend.typedArrayFromHeap !== 'function' || typeof backend.makeOutput !== 'function') return false;
  const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
  const gradientOf = (name: string, i: number): tf.Tensor | undefined =>
    Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
  const variables = names.map((name) => tf.engine().registeredVariables[name]);
  for (const [i, v] of variables.entries()) {
    if (!v || v.dtype !== 'float32') return false;
    const g = gradientOf(names[i]!, i);
    if (g && (g.dtype !== 'float32' || g.size !== v.size)) return false;
  }
  if (opt.accBeta1.dtype !== 'float32' || opt.accBeta2.dtype !== 'float32') return false;

  tf.tidy(() => {
    // The moments, created as the stock update creates them (zeros, not trainable).
    for (const [i, name] of names.entries()) {
      opt.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(variables[i]!).variable(false)) };
      opt.accumulatedSecondMoment[i] ??= {
        originalName: `${name}/v`,
        variable: tf.tidy(() => tf.zerosLike(variables[i]!).variable(false)),
      };
    }
    // New values go to new memory and are assigned, as the stock update does: the wasm backend
    // caches weights packed for XNNPACK by tensor, so a weight changed in place would be used stale.
    // Everything is allocated before any heap view is taken (allocating may move the wasm memory).
    const fresh = (like: tf.Tensor): tf.Tensor => tf.engine().makeTensorFromTensorInfo(backend.makeOutput(like.shape, 'float32'));
    const updates = names.map((name, i) => {
      const gradient = gradientOf(name, i);
      if (!gradient) return undefined;
      return { i, gradient, value: fresh(variables[i]!), m: fresh(variables[i]!), v: fresh(variables[i]!) };
    });
    const newAccBeta1 = fresh(opt.accBeta1);
    const newAccBeta2 = fresh(opt.accBeta2);
    const heap = (t: tf.Tensor): Float32Array => backend.typedArrayFromHeap(t);

    // The scalars as the stock chain makes them: float32 tensors of JavaScript numbers.
    const beta1 = f32(opt.beta1);
    const beta2 = f32(opt.beta2);
    const oneMinusBeta1 = f32(1 - opt.beta1);
    const oneMinusBeta2 = f32(1 - opt.beta2);
    const epsilon = f32(opt.epsilon);
    const minusLr = f32(-opt.learningRate);
    const accBeta1 = heap(opt.accBeta1)[0]!;
    const accBeta2 = heap(opt.accBeta2)[0]!;
    const oneMinusAccBeta1 = f32(1 - accBeta1);
    const oneMinusAccBeta2 = f32(1 - accBeta2);
    for (const u of updates) {
      if (!u) continue;
      const g = heap(u.gradient);
      const value = heap(variables[u.i]!);
      const m = heap(opt.accumulatedFirstMoment[u.i]!.variable);
      const v = heap(opt.accumulatedSecondMoment[u.i]!.variable);
      const newValue = heap(u.value);
      const newM = heap(u.m);
      const newV = heap(u.v);
      for (let k = 0; k < value.length; k++) {
        const gk = g[k]!;
        // m ← m·β1 + g·(1−β1); v ← v·β2 + g²·(1−β2)
        const mk = f32(f32(m[k]! * beta1) + f32(gk * oneMinusBeta1));
        const vk = f32(f32(v[k]! * beta2) + f32(f32(gk * gk) * oneMinusBeta2));
        // value + (m̂ / (√v̂ + ε))·(−lr), with m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ)
        const mHat = f32(mk / oneMinusAccBeta1);
        const vHat = f32(vk / oneMinusAccBeta2);
        newM[k] = mk;
        newV[k] = vk;
        newValue[k] = f32(f32(f32(mHat / f32(f32(Math.sqrt(vHat)) + epsilon)) * minusLr) + value[k]!);
      }
    }
    heap(newAccBeta1)[0] = f32(accBeta1 * beta1);
    heap(newAccBeta2)[0] = f32(accBeta2 * beta2);
    for (const u of updates) {
      if (!u) continue;
      opt.accumulatedFirstMoment[u.i]!.variable.assign(u.m);
      opt.accumulatedSecondMoment[u.i]!.variable.assign(u.v);
      variables[u.i]!.assign(u.value);
    }
    opt.accBeta1.assign(newAccBeta1);
    opt.accBeta2.assign(newAccBeta2);
  });
  opt.incrementIterations();
  return true;
}
