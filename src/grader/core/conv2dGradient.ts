/**
 * Replacement gradient for the `Conv2D` kernel that needs no `Conv2DBackpropFilter` kernel.
 *
 * Why: `@tensorflow/tfjs-backend-wasm` 4.22 registers no `Conv2DBackpropFilter` kernel, so any
 * model with a `conv2d` layer fails to train on wasm ("Kernel 'Conv2DBackpropFilter' not
 * registered for backend 'wasm'"). The stock gradient also refuses dilations > 1 on every
 * backend. This module rewrites both halves of the gradient as *forward* convolutions, which
 * every backend implements (wasm runs them through XNNPACK's fast SIMD GEMM), plus a few cheap
 * layout ops (Transpose, Reverse, Reshape, PadV2, Slice — all registered on wasm):
 *
 *   dW = conv2d(transpose(x), transpose(dy))  — batch becomes the contracted channel axis;
 *        the learner's stride becomes this conv's dilation and vice versa.
 *   dx = conv2d(zeroStuff(dy), rot180(W)ᵀ)    — the textbook "full" correlation with the
 *        flipped filter; strides are undone by inserting zeros between dy rows/columns.
 *
 * Environment-free on purpose (only `@tensorflow/tfjs`): the same file runs in the Node grader,
 * in tests and in the webview bundle. The gradient registry is global (not per backend), so the
 * override also applies to cpu/webgl; on the pure-JS cpu backend it is several times faster
 * than the stock kernels too, and results match the stock gradient within float32 rounding.
 *
 * Not covered (by design of tfjs, not of this file): `tf.fused.conv2d` with a *linear*
 * activation computes its gradient inline (customGrad) with `conv2DBackpropFilter`, bypassing
 * the registry. tfjs-layers takes that path for a Conv2D layer without activation, so on wasm
 * such a layer still needs a `Conv2DBackpropFilter` kernel.
 */
import * as tf from '@tensorflow/tfjs';

/** Attributes the `Conv2D` kernel is called with (see tfjs-core `Conv2DAttrs`). */
interface Conv2DAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * Geometry of one spatial axis of the forward convolution:
 * output o reads input rows o*stride + k*dilation - padBefore, k = 0..kernel-1.
 */
interface Axis {
  inSize: number;
  outSize: number;
  kernel: number;
  stride: number;
  dilation: number;
  padBefore: number;
}

type PadPair = [number, number];
type Shape4 = [number, number, number, number];

const NO_PAD: PadPair = [0, 0];

/** Reads the forward geometry exactly the way the forward kernels do (same padInfo). */
function axesOf(xShape: Shape4, filterShape: Shape4, dyShape: Shape4, attrs: Conv2DAttrs): [Axis, Axis] {
  const dilations = attrs.dilations ?? [1, 1];
  const info = tf.backend_util.computeConv2DInfo(
    xShape, filterShape, attrs.strides, dilations, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
  // dy's own shape is the ground truth for the output size (it is what backprop hands us).
  return [
    {
      inSize: xShape[1], outSize: dyShape[1], kernel: filterShape[0],
      stride: info.strideHeight, dilation: info.dilationHeight, padBefore: info.padInfo.top,
    },
    {
      inSize: xShape[2], outSize: dyShape[2], kernel: filterShape[1],
      stride: info.strideWidth, dilation: info.dilationWidth, padBefore: info.padInfo.left,
    },
  ];
}

/**
 * Applies [before, after] padding to axes 1 and 2 of a 4-D tensor, split into the part a conv
 * can take as explicit padding (non-negative) and the part that must be cropped (negative
 * amounts: rows the convolution never reads). Returns the cropped tensor and the padding to
 * hand to `conv2d`, so no separate Pad op is ever needed.
 */
function cropForPadding(t: tf.Tensor4D, rows: PadPair, cols: PadPair): { t: tf.Tensor4D; pad: tf.backend_util.ExplicitPadding } {
  const cropTop = Math.max(0, -rows[0]);
  const cropBottom = Math.max(0, -rows[1]);
  const cropLeft = Math.max(0, -cols[0]);
  const cropRight = Math.max(0, -cols[1]);
  let out = t;
  if (cropTop + cropBottom + cropLeft + cropRight > 0) {
    const [n, h, w, c] = t.shape;
    out = tf.slice(t, [0, cropTop, cropLeft, 0], [n, h - cropTop - cropBottom, w - cropLeft - cropRight, c]);
  }
  const pad: tf.backend_util.ExplicitPadding = [
    NO_PAD,
    [Math.max(0, rows[0]), Math.max(0, rows[1])],
    [Math.max(0, cols[0]), Math.max(0, cols[1])],
    NO_PAD,
  ];
  return { t: out, pad };
}

/** Input rows the forward conv touches when padded: enough for the last output's window. */
function paddedExtent(a: Axis): number {
  return (a.outSize - 1) * a.stride + (a.kernel - 1) * a.dilation + 1;
}

/**
 * dW[kh,kw,ci,co] = Σ_{b,oh,ow} xpad[b, oh*sh + kh*dh, ow*sw + kw*dw, ci] · dy[b,oh,ow,co].
 *
 * Read as a convolution whose "batch" is ci, whose contracted channel axis is b, and whose
 * filter is dy itself: input transpose(x) [ci,H,W,B], filter transpose(dy) [OH,OW,B,co],
 * stride = forward dilation, dilation = forward stride, output [ci,KH,KW,co].
 *
 * Chosen over im2col + matMul because it is 4 ops whatever the kernel size (im2col needs
 * KH·KW slices + concat + matMul and materialises a KH·KW× larger patch matrix), and XNNPACK's
 * conv packs the big dy "filter" once and runs one long-K GEMM. Measured on wasm for the course
 * CNN: see scripts/bench-conv.mjs and the figures in the comment of `filterGradient` callers.
 */
function filterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, [ah, aw]: [Axis, Axis]): tf.Tensor4D {
  const xT = tf.transpose(x, [3, 1, 2, 0]);
  const dyT = tf.transpose(dy, [1, 2, 0, 3]);
  // Pad (or crop) so that the valid output is exactly KH×KW: top/left = the forward padding,
  // bottom/right = whatever the last window needs (negative when trailing rows are never read).
  const { t, pad } = cropForPadding(
    xT,
    [ah.padBefore, paddedExtent(ah) - ah.inSize - ah.padBefore],
    [aw.padBefore, paddedExtent(aw) - aw.inSize - aw.padBefore],
  );
  const dW = tf.conv2d(t, dyT, [ah.dilation, aw.dilation], pad, 'NHWC', [ah.stride, aw.stride]);
  return tf.transpose(dW, [1, 2, 0, 3]);
}

/**
 * Inserts (stride-1) zeros after every row/column of dy, so that a stride-1 correlation over the
 * result equals the transposed strided convolution. Returns [B, OH*sh, OW*sw, C]; the trailing
 * (stride-1) zero rows/columns are accounted for by the caller's padding arithmetic.
 */
function zeroStuff(dy: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  const [b, oh, ow, c] = dy.shape;
  const spread = tf.reshape(dy, [b, oh, 1, ow, 1, c]);
  const padded = tf.pad(spread, [NO_PAD, NO_PAD, [0, sh - 1], NO_PAD, [0, sw - 1], NO_PAD]);
  return tf.reshape(padded, [b, oh * sh, ow * sw, c]);
}

/**
 * dx[b,i,j,ci] = Σ dy[b,oh,ow,co] · W[kh,kw,ci,co] over i = oh*sh + kh*dh - padTop (same for j).
 *
 * With dy zero-stuffed by the stride (dy'[o*s] = dy[o]) this is a stride-1 correlation of dy',
 * padded by (K-1)*d - padTop in front, with the spatially flipped filter (in/out channels
 * swapped) at the forward dilation. A forward conv2d runs on XNNPACK on wasm, much faster
 * than wasm's scalar-loop Conv2DBackpropInput kernel, and handles dilations, which the stock
 * gradient does not.
 */
function inputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D, [ah, aw]: [Axis, Axis]): tf.Tensor4D {
  const stuffed = ah.stride > 1 || aw.stride > 1 ? zeroStuff(dy, ah.stride, aw.stride) : dy;
  const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]);
  // Front padding P = (K-1)*d - padBefore; the back padding is what makes the output exactly
  // inSize long: total = inSize + (K-1)*d.
  const before = (a: Axis) => (a.kernel - 1) * a.dilation - a.padBefore;
  const after = (a: Axis, stuffedLen: number) => a.inSize + (a.kernel - 1) * a.dilation - before(a) - stuffedLen;
  const { t, pad } = cropForPadding(
    stuffed,
    [before(ah), after(ah, stuffed.shape[1])],
    [before(aw), after(aw, stuffed.shape[2])],
  );
  return tf.conv2d(t, flipped, 1, pad, 'NHWC', [ah.dilation, aw.dilation]);
}

const conv2dGradConfig: tf.GradConfig = {
  kernelName: 'Conv2D',
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: tf.NamedAttrMap) => {
    const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
    const conv = attrs as unknown as Conv2DAttrs;
    if (conv.dataFormat === 'NCHW') {
      throw new Error(
        "Conv2D gradient: dataFormat 'NCHW' is not supported; use the default 'NHWC' " +
          '(tf.layers: dataFormat "channelsLast").');
    }
    const dy4 = dy as tf.Tensor4D;
    const axes = axesOf(x.shape, filter.shape, dy4.shape, conv);
    return {
      x: () => inputGradient(dy4, filter, axes),
      filter: () => filterGradient(x, dy4, axes),
    };
  },
};

/**
 * Re-registers the `Conv2D` gradient with the implementation above. Global (all backends),
 * idempotent: calling it again just re-installs the same config.
 */
export function registerConv2dGradient(): void {
  tf.registerGradient(conv2dGradConfig);
}
