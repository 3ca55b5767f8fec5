import * as tf from './tf';
import { both } from '../../shared/i18n';
import { LearnerError } from './assert';

/**
 * Loaders for the image sets shipped under `media/data/` (written by scripts/build-data.mjs),
 * shared by checks and panels. Environment-free: files are read through the `loadAsset`
 * function the caller hands in (`ctx.loadAsset` in a check, a fetch in a webview), nothing is
 * cached between calls, and tensors are created only by the explicit `*Tensor` helpers.
 *
 * Layout on disk (raw bytes, row-major, no header):
 * - `data/mnist/{train,test}-images.u8`: N×28×28 uint8 grey levels (0 = black background);
 *   `{train,test}-labels.u8`: N uint8 digits 0–9; `meta.json`.
 * - `data/catsdogs/{default,balanced,test}/images.u8`: N×32×32×3 uint8 RGB; `labels.u8`: N uint8
 *   (0 = cat, 1 = dog); `meta.json`: class names, counts, and each image's background
 *   ("snow" / "grass"). `default` is imbalanced and confounded on purpose (most dogs on snow),
 *   `balanced` is its de-confounded variant, `test` is held out and de-confounded.
 */
export type AssetLoader = (path: string) => Promise<Uint8Array>;

export interface ImageSet {
  /** N×H×W×C bytes, row-major. */
  readonly images: Uint8Array;
  /** N class indices. */
  readonly labels: Uint8Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** Class names by index (["0", …, "9"] for MNIST, ["cat", "dog"] for the cat/dog set). */
  readonly classNames: readonly string[];
  /** Per-image background ("snow" / "grass") when the set records it. */
  readonly backgrounds?: readonly string[];
  /** The parsed meta.json, for panels that show more of it. */
  readonly meta: Readonly<Record<string, unknown>>;
}

export type MnistSplit = 'train' | 'test';
export type CatsDogsVariant = 'default' | 'balanced' | 'test';

/** An MNIST digit is MNIST_SIDE × MNIST_SIDE grey levels (the data set and images.ts's loader share it). */
export const MNIST_SIDE = 28;
const CATSDOGS_SIDE = 32;
const CATSDOGS_CLASSES: readonly string[] = ['cat', 'dog'];

function parseJson(bytes: Uint8Array, path: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(new TextDecoder('utf-8').decode(bytes));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch (e) {
    throw new Error(`${path}: invalid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

async function loadMeta(load: AssetLoader, path: string): Promise<Record<string, unknown>> {
  try {
    return parseJson(await load(path), path);
  } catch {
    return {}; // meta.json is descriptive; the byte files alone define the set
  }
}

function stringArray(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

/** Class names from meta.json (classNames / classes / labels as strings), or the fallback. */
function classNamesOf(meta: Record<string, unknown>, fallback: readonly string[]): readonly string[] {
  for (const key of ['classNames', 'classes', 'labelNames', 'names']) {
    const names = stringArray(meta[key]);
    if (names && names.length >= 2) return names;
  }
  return fallback;
}

/** Per-image backgrounds from meta.json: `backgrounds: string[]` or `images/items/samples: {background}[]`. */
function backgroundsOf(meta: Record<string, unknown>, count: number): string[] | undefined {
  for (const key of ['backgrounds', 'background']) {
    const list = stringArray(meta[key]);
    if (list && list.length === count) return list;
  }
  for (const key of ['images', 'items', 'samples', 'perImage']) {
    const list = meta[key];
    if (Array.isArray(list) && list.length === count) {
      const bgs = list.map((x) => (x && typeof x === 'object' ? (x as Record<string, unknown>).background : undefined));
      if (bgs.every((b) => typeof b === 'string')) return bgs as string[];
    }
  }
  return undefined;
}

function checkedSet(
  images: Uint8Array,
  labels: Uint8Array,
  side: number,
  channels: number,
  numClasses: number,
  classNames: readonly string[],
  meta: Record<string, unknown>,
  where: string,
  backgrounds?: readonly string[],
): ImageSet {
  const per = side * side * channels;
  const count = labels.length;
  if (images.length !== count * per) {
    throw new Error(
      `${where}: ${images.length} image bytes for ${count} labels; expected ${count}×${side}×${side}×${channels} = ${count * per}`,
    );
  }
  for (let i = 0; i < count; i++) {
    if (labels[i]! >= numClasses) throw new Error(`${where}: label ${labels[i]} at index ${i} is not a class index below ${numClasses}`);
  }
  return { images, labels, count, height: side, width: side, channels, classNames, meta, ...(backgrounds ? { backgrounds } : {}) };
}

/** The MNIST subset: 6 000 training digits or 1 000 test digits, balanced over 0–9. */
export async function loadMnist(load: AssetLoader, split: MnistSplit): Promise<ImageSet> {
  const [images, labels, meta] = await Promise.all([
    load(`data/mnist/${split}-images.u8`),
    load(`data/mnist/${split}-labels.u8`),
    loadMeta(load, 'data/mnist/meta.json'),
  ]);
  const names = classNamesOf(meta, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  return checkedSet(
    images,
    labels,
    MNIST_SIDE,
    1,
    10,
    names.length === 10 ? names : ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    meta,
    `data/mnist/${split}`,
  );
}

/** One variant of the cat/dog set (32×32 RGB, 0 = cat, 1 = dog). */
export async function loadCatsDogs(load: AssetLoader, variant: CatsDogsVariant): Promise<ImageSet> {
  const dir = `data/catsdogs/${variant}`;
  const [images, labels, meta] = await Promise.all([
    load(`${dir}/images.u8`),
    load(`${dir}/labels.u8`),
    loadMeta(load, `${dir}/meta.json`),
  ]);
  const names = classNamesOf(meta, CATSDOGS_CLASSES);
  return checkedSet(
    images,
    labels,
    CATSDOGS_SIDE,
    3,
    2,
    names.length === 2 ? names : CATSDOGS_CLASSES,
    meta,
    dir,
    backgroundsOf(meta, labels.length),
  );
}

/** The cat/dog labels and meta.json only (no image bytes): for counting and balance. */
export async function loadCatsDogsLabels(
  load: AssetLoader,
  variant: CatsDogsVariant,
): Promise<{ labels: Uint8Array; classNames: readonly string[]; backgrounds?: readonly string[] }> {
  const dir = `data/catsdogs/${variant}`;
  const [labels, meta] = await Promise.all([load(`${dir}/labels.u8`), loadMeta(load, `${dir}/meta.json`)]);
  const names = classNamesOf(meta, CATSDOGS_CLASSES);
  const backgrounds = backgroundsOf(meta, labels.length);
  return { labels, classNames: names.length === 2 ? names : CATSDOGS_CLASSES, ...(backgrounds ? { backgrounds } : {}) };
}

/**
 * For checks: awaits a course-data load and turns a missing or unreadable file into a clear
 * verdict that blames the installation, not the learner's code.
 */
export async function courseData<T>(what: string, loading: Promise<T>): Promise<T> {
  try {
    return await loading;
  } catch (e) {
    const d = e instanceof Error ? e.message : String(e);
    throw new LearnerError(
      both(
        "This extension's data ({0}) could not be read: {1}. This is not a problem in your code: the extension's data files under media/data are missing or damaged (rebuild them with `npm run data`, or reinstall the extension).",
        what,
        d,
      ),
    );
  }
}

/** Labels as class names (e.g. "cat" / "dog"), the form exercise 16 works on. */
export function labelNames(set: Pick<ImageSet, 'labels' | 'classNames'>): string[] {
  return Array.from(set.labels, (l) => set.classNames[l] ?? String(l));
}

/** Indices [start, start+count) clipped to the set, or the given index list. */
function pick(set: ImageSet, which?: { start?: number; count?: number } | readonly number[]): number[] {
  if (Array.isArray(which)) return [...(which as readonly number[])];
  const w = (which ?? {}) as { start?: number; count?: number };
  const start = Math.max(0, w.start ?? 0);
  const end = Math.min(set.count, start + (w.count ?? set.count));
  return Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
}

/** Images as a float32 tensor [n, H, W, C] with values in [0, 1] (bytes / 255). */
export function imagesTensor(set: ImageSet, which?: { start?: number; count?: number } | readonly number[]): tf.Tensor4D {
  const idx = pick(set, which);
  const per = set.height * set.width * set.channels;
  const out = new Float32Array(idx.length * per);
  idx.forEach((k, i) => {
    const src = set.images.subarray(k * per, (k + 1) * per);
    for (let j = 0; j < per; j++) out[i * per + j] = src[j]! / 255;
  });
  return tf.tensor4d(out, [idx.length, set.height, set.width, set.channels], 'float32');
}

/** One image as a float32 tensor [H, W, C]; `scale` false keeps the raw 0–255 values. */
export function imageTensor(set: ImageSet, index: number, scale = true): tf.Tensor3D {
  const per = set.height * set.width * set.channels;
  const src = set.images.subarray(index * per, (index + 1) * per);
  const out = new Float32Array(per);
  for (let j = 0; j < per; j++) out[j] = scale ? src[j]! / 255 : src[j]!;
  return tf.tensor3d(out, [set.height, set.width, set.channels], 'float32');
}

/** One-hot rows: labels [n] → float32 [n, numClasses]. */
export function oneHot(labels: ArrayLike<number>, numClasses: number): tf.Tensor2D {
  const out = new Float32Array(labels.length * numClasses);
  for (let i = 0; i < labels.length; i++) out[i * numClasses + labels[i]!] = 1;
  return tf.tensor2d(out, [labels.length, numClasses], 'float32');
}

/** One-hot labels of a set (or of the picked indices), float32 [n, classes]. */
export function labelsTensor(set: ImageSet, which?: { start?: number; count?: number } | readonly number[]): tf.Tensor2D {
  const idx = pick(set, which);
  return oneHot(
    idx.map((k) => set.labels[k]!),
    set.classNames.length,
  );
}

/** A seeded permutation of 0..n-1 (Fisher–Yates over the given uniform source). */
export function shuffledIndices(n: number, next: () => number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx;
}
