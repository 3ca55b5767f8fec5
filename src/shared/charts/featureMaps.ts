/**
 * Chart data for the feature-maps panel, environment-free (unit-tested in Node): grey levels
 * from RGBA pixels, the symmetric colour domain of a diverging scale centred on 0, the 3×3
 * patch × kernel behind one output pixel, and the layout of a grid of small heatmaps.
 */

/** A grid of numbers, row-major. */
export interface Grid {
  readonly width: number;
  readonly height: number;
  readonly values: readonly number[];
}

/** Mean of R, G, B (what exercise 07's featureMap sees), scaled by `scale` (1/255 → [0, 1]). */
export function greyFromRgba(rgba: ArrayLike<number>, width: number, height: number, scale = 1 / 255): number[] {
  const out = new Array<number>(width * height);
  for (let i = 0; i < width * height; i++) out[i] = ((rgba[4 * i]! + rgba[4 * i + 1]! + rgba[4 * i + 2]!) / 3) * scale;
  return out;
}

/** Grid → number[][] (rows), for learner functions that take plain arrays. */
export function toRows(g: Grid): number[][] {
  const rows: number[][] = [];
  for (let r = 0; r < g.height; r++) rows.push(g.values.slice(r * g.width, (r + 1) * g.width) as number[]);
  return rows;
}

/** Largest |v| over finite values (never 0, so a flat map still gets a valid scale). */
export function maxAbs(values: Iterable<number>): number {
  let m = 0;
  for (const v of values) if (Number.isFinite(v) && Math.abs(v) > m) m = Math.abs(v);
  return m > 0 ? m : 1;
}

/**
 * Position of v on a diverging scale centred on 0 with domain [−m, m], in [0, 1]: 0.5 for 0,
 * 0 for +m, 1 for −m, so that d3.interpolateRdBu paints positive values red and negative blue.
 */
export function divergingT(v: number, m: number): number {
  if (!Number.isFinite(v)) return v > 0 ? 0 : 1;
  return Math.min(1, Math.max(0, 0.5 - v / (2 * m)));
}

/** Five legend ticks −m, −m/2, 0, m/2, m. */
export function legendTicks(m: number): number[] {
  return [-m, -m / 2, 0, m / 2, m];
}

export interface PatchProduct {
  /** Input values under the kernel (0 where it hangs over a zero padding). */
  readonly patch: number[][];
  readonly kernel: number[][];
  /** patch × kernel, element by element. */
  readonly products: number[][];
  readonly sum: number;
  /** Top-left input row/column of the window (may be negative with 'same' padding). */
  readonly top: number;
  readonly left: number;
}

/**
 * The window of the input that produced output pixel (row, col) of a stride-1 cross-correlation
 * (tf.conv2d's convention: the kernel is not flipped). 'valid': the window starts at (row, col);
 * 'same': it is centred there, with tf's padding (the extra row/column at the bottom/right).
 */
export function patchProduct(input: Grid, kernel: number[][], row: number, col: number, padding: 'valid' | 'same' = 'valid'): PatchProduct {
  const kh = kernel.length;
  const kw = kernel[0]?.length ?? 0;
  const top = padding === 'same' ? row - Math.floor((kh - 1) / 2) : row;
  const left = padding === 'same' ? col - Math.floor((kw - 1) / 2) : col;
  const patch: number[][] = [];
  const products: number[][] = [];
  let sum = 0;
  for (let u = 0; u < kh; u++) {
    const pr: number[] = [];
    const xr: number[] = [];
    for (let v = 0; v < kw; v++) {
      const r = top + u;
      const c = left + v;
      const x = r >= 0 && r < input.height && c >= 0 && c < input.width ? input.values[r * input.width + c]! : 0;
      const p = x * kernel[u]![v]!;
      pr.push(x);
      xr.push(p);
      sum += p;
    }
    patch.push(pr);
    products.push(xr);
  }
  return { patch, kernel, products, sum, top, left };
}

export interface TileLayout {
  readonly columns: number;
  /** Screen pixels per data pixel. */
  readonly scale: number;
  readonly tileWidth: number;
  readonly tileHeight: number;
  readonly positions: readonly { x: number; y: number }[];
  readonly width: number;
  readonly height: number;
}

/**
 * Lays `count` heatmaps of width × height data pixels in rows that fit `maxWidth` screen pixels:
 * the largest whole scale (≥ 1, ≤ maxScale) at which at least `minColumns` tiles fit a row.
 */
export function tileLayout(
  count: number,
  width: number,
  height: number,
  maxWidth: number,
  opts: { gap?: number; label?: number; maxScale?: number; minColumns?: number } = {},
): TileLayout {
  const gap = opts.gap ?? 8;
  const label = opts.label ?? 16;
  const minColumns = Math.max(1, Math.min(count, opts.minColumns ?? 1));
  const maxScale = opts.maxScale ?? 8;
  let scale = Math.max(1, Math.min(maxScale, Math.floor((maxWidth - gap * (minColumns - 1)) / (minColumns * Math.max(1, width)))));
  if (!Number.isFinite(scale)) scale = 1;
  const tileWidth = width * scale;
  const tileHeight = height * scale + label;
  const columns = Math.max(1, Math.min(count, Math.floor((maxWidth + gap) / (tileWidth + gap))));
  const positions = Array.from({ length: count }, (_, i) => ({
    x: (i % columns) * (tileWidth + gap),
    y: Math.floor(i / columns) * (tileHeight + gap),
  }));
  const rows = Math.ceil(count / columns);
  return {
    columns,
    scale,
    tileWidth,
    tileHeight,
    positions,
    width: columns * tileWidth + (columns - 1) * gap,
    height: rows * tileHeight + Math.max(0, rows - 1) * gap,
  };
}

/** Summary statistics of a map, for its data table. */
export function mapStats(values: readonly number[]): { min: number; max: number; mean: number; zeros: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let zeros = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    if (v === 0) zeros++;
  }
  return { min, max, mean: values.length ? sum / values.length : NaN, zeros };
}

/** Output pixel under the pointer: screen offset inside a tile → (row, col), or undefined outside. */
export function pixelAt(
  offsetX: number,
  offsetY: number,
  scale: number,
  width: number,
  height: number,
): { row: number; col: number } | undefined {
  const col = Math.floor(offsetX / scale);
  const row = Math.floor(offsetY / scale);
  return row >= 0 && row < height && col >= 0 && col < width ? { row, col } : undefined;
}

/** The classic kernels offered by the panel for exercise 06 (the seed's identity first). */
export const CLASSIC_KERNELS: Readonly<Record<string, { en: string; fr: string; kernel: number[][] }>> = {
  slide: {
    en: "the slides' kernel (1 above the centre)",
    fr: 'noyau des diapositives (1 au-dessus du centre)',
    kernel: [
      [0, 1, 0],
      [0, 0, 0],
      [0, 0, 0],
    ],
  },
  identity: {
    en: 'identity',
    fr: 'identité',
    kernel: [
      [0, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
    ],
  },
  blur: {
    en: 'blur',
    fr: 'flou',
    kernel: [
      [1 / 9, 1 / 9, 1 / 9],
      [1 / 9, 1 / 9, 1 / 9],
      [1 / 9, 1 / 9, 1 / 9],
    ],
  },
  edges: {
    en: 'edges',
    fr: 'bords',
    kernel: [
      [-1, -1, -1],
      [-1, 8, -1],
      [-1, -1, -1],
    ],
  },
  vertical: {
    en: 'vertical edges (Sobel)',
    fr: 'bords verticaux (Sobel)',
    kernel: [
      [-1, 0, 1],
      [-2, 0, 2],
      [-1, 0, 1],
    ],
  },
  horizontal: {
    en: 'horizontal edges (Sobel)',
    fr: 'bords horizontaux (Sobel)',
    kernel: [
      [-1, -2, -1],
      [0, 0, 0],
      [1, 2, 1],
    ],
  },
  sharpen: {
    en: 'sharpen',
    fr: 'netteté',
    kernel: [
      [0, -1, 0],
      [-1, 5, -1],
      [0, -1, 0],
    ],
  },
};
