import * as tf from './tf';
import { both } from '../../shared/i18n';
import { fail, show } from './assert';

/**
 * Plain-array convolution helpers shared by the convolution and image-filter checks (and the
 * feature-map panel): the tf.conv2d reference on `number[][]`, and the typical mistakes a
 * learner makes (kernel flipped, rows and columns swapped, 'same' padding) so that checks can
 * recognise them. Environment-free.
 */
export type Matrix = number[][];

/**
 * The slides' 5×5 pixel patch ("Filtres de convolution en traitement d'images"): the GIMP manual's
 * "Convolution Matrix" example. The slides' text export lost a few cells (row 0's 35 became a
 * bullet, row 1's first 40 lost its 4) and read the kernel's 1 as a "7"; the picture is this patch
 * and the kernel below. The slide's result, 42, is the output at the patch's centre: the pixel
 * just above the centre (cross-correlation, what tf.conv2d computes). A flipped kernel gives 56,
 * the pixel just below.
 */
export const SEED_PATCH: Matrix = [
  [35, 40, 41, 45, 50],
  [40, 40, 42, 46, 52],
  [42, 46, 50, 55, 55],
  [48, 52, 56, 58, 60],
  [56, 60, 65, 70, 75],
];

/** The slides' 3×3 kernel: a single 1 above the centre, so each output pixel copies the pixel above the window's centre. */
export const SLIDE_KERNEL: Matrix = [
  [0, 1, 0],
  [0, 0, 0],
  [0, 0, 0],
];

/** The slide's result at the centre of the patch ('valid' output [1][1]), and what a flipped kernel gives there. */
export const SLIDE_RESULT = 42;
export const SLIDE_RESULT_FLIPPED = 56;

/** The 3×3 identity kernel: each output pixel is the input pixel under the kernel's centre. */
export const IDENTITY_3X3: Matrix = [
  [0, 0, 0],
  [0, 1, 0],
  [0, 0, 0],
];

/** Cross-correlation, 'valid', stride 1: what tf.conv2d computes (no kernel flip). */
export function crossCorrelate(image: Matrix, kernel: Matrix): Matrix {
  const kh = kernel.length;
  const kw = kernel[0]!.length;
  const oh = image.length - kh + 1;
  const ow = image[0]!.length - kw + 1;
  const out: Matrix = [];
  for (let i = 0; i < oh; i++) {
    const row: number[] = [];
    for (let j = 0; j < ow; j++) {
      let s = 0;
      for (let u = 0; u < kh; u++) for (let v = 0; v < kw; v++) s += image[i + u]![j + v]! * kernel[u]![v]!;
      row.push(s);
    }
    out.push(row);
  }
  return out;
}

/** The kernel rotated by 180°: sliding it equals the mathematicians' convolution. */
export function flip180(m: Matrix): Matrix {
  return m.map((row) => [...row].reverse()).reverse();
}

export function transpose(m: Matrix): Matrix {
  if (m.length === 0) return [];
  return m[0]!.map((_, j) => m.map((row) => row[j]!));
}

/** Zero-padded 'same' cross-correlation (tf's convention: extra padding at the bottom/right). */
export function crossCorrelateSame(image: Matrix, kernel: Matrix): Matrix {
  const kh = kernel.length;
  const kw = kernel[0]!.length;
  const top = Math.floor((kh - 1) / 2);
  const left = Math.floor((kw - 1) / 2);
  const h = image.length;
  const w = image[0]!.length;
  const padded: Matrix = [];
  for (let i = 0; i < h + kh - 1; i++) {
    const row: number[] = [];
    for (let j = 0; j < w + kw - 1; j++) row.push(image[i - top]?.[j - left] ?? 0);
    padded.push(row);
  }
  return crossCorrelate(padded, kernel);
}

/** tf.conv2d on plain arrays ('valid', stride 1, one channel): the reference the checks compare with. */
export function tfConv2d(image: Matrix, kernel: Matrix, padding: 'valid' | 'same' = 'valid'): Matrix {
  return tf.tidy(() => {
    const x = tf.tensor4d(image.flat(), [1, image.length, image[0]!.length, 1]);
    const k = tf.tensor4d(kernel.flat(), [kernel.length, kernel[0]!.length, 1, 1]);
    return (tf.conv2d(x, k, 1, padding).squeeze([0, 3]) as tf.Tensor2D).arraySync();
  });
}

export function sameMatrix(a: Matrix, b: Matrix, tol = 1e-4): boolean {
  return (
    a.length === b.length &&
    a.every((row, i) => row.length === b[i]!.length && row.every((v, j) => Math.abs(v - b[i]![j]!) <= tol * (1 + Math.abs(b[i]![j]!))))
  );
}

/**
 * A plain `number[][]` of finite numbers with rows of equal length, or a failure saying what it
 * is instead (a tensor, a flat array, ragged rows, NaN…).
 */
export function expectMatrix(v: unknown, what: string): Matrix {
  if (v instanceof tf.Tensor) {
    fail(both('{0} must be a plain number[][], but it is a tensor ({1}): convert it with .arraySync().', what, show(v)));
  }
  if (!Array.isArray(v)) {
    fail(both('{0} must be a number[][] (an array of rows), but it is {1}: {2}.', what, typeof v, show(v)));
  }
  if (v.length === 0) fail(both('{0} is an empty array: it should hold the rows of the output.', what));
  if (!v.every((row) => Array.isArray(row))) {
    fail(
      both(
        '{0} must be an array of rows (number[][]), but it holds {1}: is it a flat array?',
        what,
        show(v.find((row) => !Array.isArray(row))),
      ),
    );
  }
  const rows = v as unknown[][];
  const width = rows[0]!.length;
  const ragged = rows.findIndex((row) => row.length !== width);
  if (ragged >= 0) {
    fail(
      both(
        '{0} has rows of different lengths: row 0 has {1} values, row {2} has {3}. Every output row has the same width.',
        what,
        width,
        ragged,
        rows[ragged]!.length,
      ),
    );
  }
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < width; j++) {
      const x = rows[i]![j];
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        fail(
          both(
            '{0}[{1}][{2}] is {3}, not a finite number: an index probably goes past the edge of the image or of the kernel (undefined × number = NaN).',
            what,
            i,
            j,
            show(x),
          ),
        );
      }
    }
  }
  return rows as Matrix;
}

export function cloneMatrix(m: Matrix): Matrix {
  return m.map((row) => [...row]);
}
