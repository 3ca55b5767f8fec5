/**
 * Conv2D gradients that need no `Conv2DBackpropFilter` kernel, so CNNs train on the wasm backend.
 *
 * Why this exists: `@tensorflow/tfjs-backend-wasm` 4.22 registers no `Conv2DBackpropFilter`
 * kernel, so training any model with a conv layer fails on wasm ("Kernel
 * 'Conv2DBackpropFilter' not registered for backend 'wasm'"). The stock gradient also rejects
 * dilations > 1 on every backend. Both halves of the gradient are rewritten here as *forward*
 * convolutions, which every backend implements (wasm runs them through XNNPACK's SIMD GEMM),
 * plus a few cheap layout kernels that wasm has (Transpose, Reverse, Reshape, PadV2, Slice):
 *
 *   dW = conv2d(transpose(x), transpose(dy)): the batch axis becomes the contracted channel
 *        axis, dy becomes the filter, the forward stride becomes this conv's dilation and the
 *        forward dilation its stride.
 *   dx = conv2d(zeroStuff(dy), flip(W)): the textbook "full" correlation with the spatially
 *        flipped filter (in/out channels swapped); a stride is undone by inserting zeros
 *        between dy's rows/columns.
 *
 * `registerConv2dGradient()` installs this in two places, because tfjs reaches the filter
 * gradient by two routes:
 *  1. the gradient registry entry for the `Conv2D` kernel (used by `tf.conv2d`, and by
 *     tf.layers.conv2d with activation 'relu' or 'elu', which run unfused while training). The
 *     registry is global, so this also replaces the stock gradient on cpu/webgl: on the pure-JS
 *     cpu backend it is several times faster, and it matches the stock gradient to float32
 *     rounding;
 *  2. a `Conv2DBackpropFilter` *kernel* for the wasm backend. `tf.fused.conv2d` with a linear
 *     activation computes its gradient inline (customGrad → conv2DBackpropFilter op), bypassing
 *     the registry, and tf.layers.conv2d takes that route for every other activation (none,
 *     'linear', 'sigmoid', 'tanh', 'softmax', ...). The kernel runs the same maths directly on
 *     the backend's own kernels.
 *
 * Environment-free on purpose (imports only tf.ts): the same file runs in the Node
 * grader, the tests and the webview bundle.
 */
import * as tf from './tf';

type ExplicitPadding = tf.backend_util.ExplicitPadding;
type PadPair = [number, number];
type Pair = [number, number];
type Shape4 = [number, number, number, number];

/** Attributes the `Conv2D` kernel is called with (tfjs-core `Conv2DAttrs`). */
interface Conv2DAttrs {
  strides: number | Pair;
  pad: 'valid' | 'same' | number | ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: number | Pair;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Attributes of the `Conv2DBackpropFilter` kernel (tfjs-core `Conv2DBackpropFilterAttrs`). */
interface Conv2DBackpropFilterAttrs extends Omit<Conv2DAttrs, 'dilations'> {
  filterShape: Shape4;
}

/**
 * Geometry of one spatial axis of the forward convolution:
 * output o reads input index o*stride + k*dilation - padBefore, for k = 0..kernel-1.
 */
interface Axis {
  inSize: number;
  outSize: number;
  kernel: number;
  stride: number;
  dilation: number;
  padBefore: number;
}

const NO_PAD: PadPair = [0, 0];

/**
 * The few primitives the two gradients are built from, implemented twice: with tensor ops
 * (the gradient registry path: autograd-friendly, works on every backend) and with a backend's
 * raw kernels (the kernel path: a kernel function must return a TensorInfo and free its own
 * intermediates). Writing the maths once against this interface keeps the two in lockstep.
 */
interface Primitives<T extends { shape: number[] }> {
  transpose(x: T, perm: number[]): T;
  reverse(x: T, dims: number[]): T;
  reshape(x: T, shape: number[]): T;
  pad(x: T, paddings: PadPair[]): T;
  slice(x: T, begin: number[], size: number[]): T;
  conv2d(x: T, filter: T, strides: Pair, pad: ExplicitPadding, dilations: Pair): T;
}

const tensorPrimitives: Primitives<tf.Tensor> = {
  transpose: (x, perm) => tf.transpose(x, perm),
  reverse: (x, dims) => tf.reverse(x, dims),
  reshape: (x, shape) => tf.reshape(x, shape),
  pad: (x, paddings) => tf.pad(x, paddings),
  slice: (x, begin, size) => tf.slice(x, begin, size),
  conv2d: (x, filter, strides, pad, dilations) => tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, strides, pad, 'NHWC', dilations),
};

/**
 * Runs `body` with primitives that call `backendName`'s kernels directly and disposes every
 * intermediate it created except the returned one (also when `body` throws).
 */
function withKernelPrimitives(
  backend: tf.KernelBackend,
  backendName: string,
  body: (p: Primitives<tf.TensorInfo>) => tf.TensorInfo,
): tf.TensorInfo {
  const created: tf.TensorInfo[] = [];
  const run = (kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): tf.TensorInfo => {
    const kernel = tf.getKernel(kernelName, backendName);
    if (kernel == null) {
      throw new Error(`Conv2D gradient: backend '${backendName}' has no '${kernelName}' kernel.`);
    }
    const out = kernel.kernelFunc({ inputs, attrs, backend }) as tf.TensorInfo;
    created.push(out);
    return out;
  };
  const p: Primitives<tf.TensorInfo> = {
    transpose: (x, perm) => run('Transpose', { x }, { perm }),
    reverse: (x, dims) => run('Reverse', { x }, { dims }),
    reshape: (x, shape) => run('Reshape', { x }, { shape }),
    pad: (x, paddings) => run('PadV2', { x }, { paddings, constantValue: 0 }),
    slice: (x, begin, size) => run('Slice', { x }, { begin, size }),
    conv2d: (x, filter, strides, pad, dilations) => run('Conv2D', { x, filter }, { strides, pad, dataFormat: 'NHWC', dilations }),
  };
  let result: tf.TensorInfo | undefined;
  try {
    result = body(p);
    return result;
  } finally {
    // Kernels such as Reshape share the input's buffer and take a reference on it, so
    // releasing every intermediate once is exactly right, even when `result` aliases one.
    for (const t of created) if (t !== result) backend.disposeData(t.dataId);
  }
}

function assertNhwc(dataFormat: string | undefined): void {
  if (dataFormat === 'NCHW') {
    throw new Error(
      "Conv2D gradient: dataFormat 'NCHW' is not supported; use the default 'NHWC' " + "(in tf.layers: dataFormat 'channelsLast').",
    );
  }
}

/** Reads the forward geometry exactly the way the forward kernels do (same padInfo). */
function axesOf(xShape: number[], filterShape: number[], dyShape: number[], attrs: Conv2DAttrs): [Axis, Axis] {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as Shape4,
    filterShape as Shape4,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  // dy's shape is the ground truth for the output size: it is what backprop hands us.
  return [
    {
      inSize: xShape[1],
      outSize: dyShape[1],
      kernel: filterShape[0],
      stride: info.strideHeight,
      dilation: info.dilationHeight,
      padBefore: info.padInfo.top,
    },
    {
      inSize: xShape[2],
      outSize: dyShape[2],
      kernel: filterShape[1],
      stride: info.strideWidth,
      dilation: info.dilationWidth,
      padBefore: info.padInfo.left,
    },
  ];
}

/**
 * Applies [before, after] padding to axes 1 and 2 of a 4-D tensor, split into the part a conv
 * takes as explicit padding (non-negative amounts) and the part that must be cropped (negative
 * amounts: rows the convolution never reads, e.g. a large explicit pad or the leftover rows of
 * a strided 'valid' conv). Letting the conv pad avoids a separate Pad op and buffer.
 */
function cropForPadding<T extends { shape: number[] }>(
  p: Primitives<T>,
  x: T,
  rows: PadPair,
  cols: PadPair,
): { x: T; pad: ExplicitPadding } {
  const [top, bottom, left, right] = [rows[0], rows[1], cols[0], cols[1]].map((v) => Math.max(0, -v));
  let out = x;
  if (top + bottom + left + right > 0) {
    const [n, h, w, c] = x.shape;
    out = p.slice(x, [0, top, left, 0], [n, h - top - bottom, w - left - right, c]);
  }
  const pad: ExplicitPadding = [NO_PAD, [Math.max(0, rows[0]), Math.max(0, rows[1])], [Math.max(0, cols[0]), Math.max(0, cols[1])], NO_PAD];
  return { x: out, pad };
}

/** Length of the padded input the forward conv actually reads: up to the last window's end. */
function paddedExtent(a: Axis): number {
  return (a.outSize - 1) * a.stride + (a.kernel - 1) * a.dilation + 1;
}

/**
 * dW[kh,kw,ci,co] = Σ_{b,oh,ow} xpad[b, oh*sh + kh*dh, ow*sw + kw*dw, ci] · dy[b,oh,ow,co]
 *
 * is a convolution whose batch is ci, whose contracted channel axis is b and whose filter is
 * dy: input transpose(x) [ci,H,W,B], filter transpose(dy) [OH,OW,B,co], stride = forward
 * dilation, dilation = forward stride, output [ci,KH,KW,co] → transpose to [KH,KW,ci,co].
 *
 * Why this and not im2col + matMul: it is 4 kernels whatever the filter size, while im2col
 * needs KH·KW slices + concat + matMul and materialises a KH·KW× larger patch matrix (and
 * wasm's matMul with transposeA is ~20× slower than without). Measured on wasm for the course
 * CNN (batch 64, ms per call incl. layout ops): layer 1 (28×28×1 → 8) conv 2.2 vs im2col 1.3,
 * layer 2 (13×13×8 → 16) conv 1.5 vs im2col 4.1; end-to-end training throughput showed no
 * difference between the two for layer 1, so one formulation serves all shapes. Much of the
 * conv's time is XNNPACK re-packing dy as a new filter on every call (layer 1: ~1.4 of 1.7 ms),
 * which no public op avoids.
 */
function filterGradient<T extends { shape: number[] }>(p: Primitives<T>, x: T, dy: T, [ah, aw]: [Axis, Axis]): T {
  const xT = p.transpose(x, [3, 1, 2, 0]);
  const dyT = p.transpose(dy, [1, 2, 0, 3]);
  // Pad (or crop) so the valid output is exactly KH×KW: before = the forward padding,
  // after = whatever the last window needs (negative when trailing rows are never read).
  const { x: input, pad } = cropForPadding(
    p,
    xT,
    [ah.padBefore, paddedExtent(ah) - ah.inSize - ah.padBefore],
    [aw.padBefore, paddedExtent(aw) - aw.inSize - aw.padBefore],
  );
  const dW = p.conv2d(input, dyT, [ah.dilation, aw.dilation], pad, [ah.stride, aw.stride]);
  return p.transpose(dW, [1, 2, 0, 3]);
}

/**
 * Inserts (stride-1) zeros after every row/column of dy, so that a stride-1 correlation over it
 * equals the transposed strided convolution: [B,OH,OW,C] → [B, OH*sh, OW*sw, C]. The trailing
 * zero rows/columns are absorbed by the caller's padding arithmetic (cropped if unneeded).
 */
function zeroStuff<T extends { shape: number[] }>(p: Primitives<T>, dy: T, sh: number, sw: number): T {
  const [b, oh, ow, c] = dy.shape;
  const spread = p.reshape(dy, [b, oh, 1, ow, 1, c]);
  const padded = p.pad(spread, [NO_PAD, NO_PAD, [0, sh - 1], NO_PAD, [0, sw - 1], NO_PAD]);
  return p.reshape(padded, [b, oh * sh, ow * sw, c]);
}

/**
 * dx[b,i,j,ci] = Σ dy[b,oh,ow,co] · W[kh,kw,ci,co] over i = oh*sh + kh*dh - padTop (same for j).
 *
 * With dy zero-stuffed by the stride (dy'[o*s] = dy[o]) this is a stride-1 correlation of dy',
 * front-padded by (K-1)*d - padTop, with the flipped filter at the forward dilation; the back
 * padding makes the output exactly inSize long. Why not wasm's Conv2DBackpropInput kernel: it
 * is a scalar loop with no dilation support, 1.6× (layer 1) to 8× (layer 2 of the course CNN)
 * slower than this XNNPACK conv, and still 3–4× slower at stride 2 although the conv then
 * multiplies the stuffed zeros too. (The one shape where it wins, stride 2 into a 1-channel
 * tensor, is the image input, whose gradient training never asks for.)
 */
function inputGradient<T extends { shape: number[] }>(p: Primitives<T>, dy: T, filter: T, [ah, aw]: [Axis, Axis]): T {
  const stuffed = ah.stride > 1 || aw.stride > 1 ? zeroStuff(p, dy, ah.stride, aw.stride) : dy;
  const flipped = p.transpose(p.reverse(filter, [0, 1]), [0, 1, 3, 2]);
  const before = (a: Axis) => (a.kernel - 1) * a.dilation - a.padBefore;
  const after = (a: Axis, len: number) => a.inSize + (a.kernel - 1) * a.dilation - before(a) - len;
  const { x: input, pad } = cropForPadding(
    p,
    stuffed,
    [before(ah), after(ah, stuffed.shape[1])],
    [before(aw), after(aw, stuffed.shape[2])],
  );
  return p.conv2d(input, flipped, [1, 1], pad, [ah.dilation, aw.dilation]);
}

const conv2dGradConfig: tf.GradConfig = {
  kernelName: 'Conv2D',
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: tf.NamedAttrMap) => {
    const [x, filter] = saved;
    const conv = attrs as unknown as Conv2DAttrs;
    assertNhwc(conv.dataFormat);
    const grad = dy as tf.Tensor;
    const axes = axesOf(x.shape, filter.shape, grad.shape, conv);
    return {
      x: () => inputGradient(tensorPrimitives, grad, filter, axes),
      filter: () => filterGradient(tensorPrimitives, x, grad, axes),
    };
  },
};

/** The `Conv2DBackpropFilter` kernel wasm lacks, for the fused-conv route (see header). */
const wasmBackpropFilterKernel: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const conv = attrs as unknown as Conv2DBackpropFilterAttrs;
    assertNhwc(conv.dataFormat);
    const axes = axesOf(x.shape, conv.filterShape, dy.shape, { ...conv, dilations: 1 });
    return withKernelPrimitives(backend as tf.KernelBackend, 'wasm', (p) => filterGradient(p, x, dy, axes));
  },
};

/**
 * Installs the Conv2D gradient above for every backend and the missing wasm
 * `Conv2DBackpropFilter` kernel. Idempotent: calling it again re-installs the same gradient and
 * leaves an existing `Conv2DBackpropFilter` kernel for wasm (ours, or a future official one)
 * alone. May be called before or after `@tensorflow/tfjs-backend-wasm` is imported.
 */
export function registerConv2dGradient(): void {
  tf.registerGradient(conv2dGradConfig);
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') == null) {
    tf.registerKernel(wasmBackpropFilterKernel);
  }
}
