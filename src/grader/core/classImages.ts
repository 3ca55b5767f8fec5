import { both, type Localized } from '../../shared/i18n';
import type { ImageRef } from '../../shared/protocol/ownImages';
import { shuffledIndices, type ImageSet } from './datasets';
import type { RgbaImage } from '../../shared/images';
import { rng } from './rng';

/**
 * The learner's own images (a folder with one sub-folder per class) turned into an ImageSet the
 * grader can train on: each picture read and decoded by the host's reader (ProbeContext.readImage),
 * one at a time, cropped to its centred square, averaged down (or up) to side × side RGB,
 * transparent pixels laid on white. Environment-free; no tensors here.
 */
export type ImageReader = (ref: string) => Promise<RgbaImage>;

export interface ClassImageSet {
  readonly set: ImageSet;
  /** "class/file" of every image of the set, by index. */
  readonly files: readonly string[];
  /** Files that could not be decoded, with the decoder's reason. */
  readonly failed: readonly { readonly file: string; readonly reason: string }[];
}

/**
 * Centre square of `img`, resampled to side × side RGB bytes by area averaging: each output pixel
 * is the mean of the source pixels it covers (weighted by the covered fraction), so a 4000-pixel
 * photo shrinks without aliasing and a small image is enlarged without holes.
 */
export function squareRgb(img: RgbaImage, side: number): Uint8Array {
  const s = Math.min(img.width, img.height);
  if (s <= 0) throw new Error('empty image');
  const x0 = Math.floor((img.width - s) / 2);
  const y0 = Math.floor((img.height - s) / 2);
  const scale = s / side;
  // For each output row/column: the source rows/columns it covers and with what weight.
  const spans: { index: number; weight: number }[][] = [];
  for (let o = 0; o < side; o++) {
    const start = o * scale;
    const end = start + scale;
    const span: { index: number; weight: number }[] = [];
    for (let p = Math.floor(start); p < Math.min(s, Math.ceil(end)); p++) {
      const w = Math.min(end, p + 1) - Math.max(start, p);
      if (w > 1e-9) span.push({ index: p, weight: w });
    }
    spans.push(span);
  }
  const out = new Uint8Array(side * side * 3);
  const px = img.pixels;
  for (let oy = 0; oy < side; oy++) {
    for (let ox = 0; ox < side; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let total = 0;
      for (const sy of spans[oy]!) {
        const row = (y0 + sy.index) * img.width;
        for (const sx of spans[ox]!) {
          const w = sy.weight * sx.weight;
          const k = (row + x0 + sx.index) * 4;
          const a = px[k + 3]! / 255;
          // Transparent pixels are laid on white, as an image viewer shows them.
          r += w * (a * px[k]! + (1 - a) * 255);
          g += w * (a * px[k + 1]! + (1 - a) * 255);
          b += w * (a * px[k + 2]! + (1 - a) * 255);
          total += w;
        }
      }
      const o = (oy * side + ox) * 3;
      out[o] = Math.round(r / total);
      out[o + 1] = Math.round(g / total);
      out[o + 2] = Math.round(b / total);
    }
  }
  return out;
}

/**
 * Decodes and resizes every image; classes are the sub-folder names in alphabetical order (label
 * index = position), files that do not decode are set aside with their reason.
 */
export async function classImageSet(images: readonly ImageRef[], read: ImageReader, side: number): Promise<ClassImageSet> {
  const classNames = [...new Set(images.map((i) => i.className))].sort((a, b) => a.localeCompare(b));
  const pixels: Uint8Array[] = [];
  const labels: number[] = [];
  const files: string[] = [];
  const failed: { file: string; reason: string }[] = [];
  const ordered = [...images].sort((a, b) => a.className.localeCompare(b.className) || a.name.localeCompare(b.name));
  for (const img of ordered) {
    const file = `${img.className}/${img.name}`;
    try {
      pixels.push(squareRgb(await read(img.ref), side));
      labels.push(classNames.indexOf(img.className));
      files.push(file);
    } catch (e) {
      failed.push({ file, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  const per = side * side * 3;
  const all = new Uint8Array(pixels.length * per);
  pixels.forEach((p, i) => all.set(p, i * per));
  return {
    set: {
      images: all,
      labels: Uint8Array.from(labels),
      count: pixels.length,
      height: side,
      width: side,
      channels: 3,
      classNames,
      meta: {},
    },
    files,
    failed,
  };
}

/**
 * A seeded split that holds out `fraction` of each class (at least `minPerClass` images, and at
 * least as many left to train on), so every class is both learnt and tested.
 */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  classes: number,
  fraction: number,
  seed: number,
  minPerClass = 2,
): { train: number[]; test: number[] } {
  const r = rng(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (let c = 0; c < classes; c++) {
    const members: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === c) members.push(i);
    const order = shuffledIndices(members.length, () => r.next()).map((k) => members[k]!);
    const held = Math.min(Math.floor(members.length / 2), Math.max(minPerClass, Math.round(members.length * fraction)));
    test.push(...order.slice(0, held));
    train.push(...order.slice(held));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/** The images of `set` at `indices`, as a new set (copies the bytes). */
export function subset(set: ImageSet, indices: readonly number[]): ImageSet {
  const per = set.height * set.width * set.channels;
  const images = new Uint8Array(indices.length * per);
  indices.forEach((k, i) => images.set(set.images.subarray(k * per, (k + 1) * per), i * per));
  return {
    ...set,
    images,
    labels: Uint8Array.from(indices.map((k) => set.labels[k]!)),
    count: indices.length,
    ...(set.backgrounds ? { backgrounds: indices.map((k) => set.backgrounds![k]!) } : {}),
  };
}

/** Why a decoded folder cannot be trained on (fewer than two classes, too few images in one), or undefined. */
export function classSetProblem(set: ImageSet, minPerClass: number): Localized | undefined {
  const counts = set.classNames.map((_, c) => set.labels.filter((l) => l === c).length);
  const withImages = set.classNames.filter((_, c) => counts[c]! > 0);
  if (withImages.length < 2) {
    return both(
      'Only one class ({0}) has images that could be read: a classifier needs at least two sub-folders of images, one per class.',
      withImages[0] ?? both('none'),
    );
  }
  const few = set.classNames.filter((_, c) => counts[c]! < minPerClass);
  if (few.length) {
    return both(
      'Too few images that could be read in {0}: at least {1} per class are needed to train and to keep some aside for testing.',
      few.map((c) => `${c}/ (${counts[set.classNames.indexOf(c)]})`).join(', '),
      minPerClass,
    );
  }
  return undefined;
}
