import type * as tf from './tf';
import { both, type Label, type Localized } from '../../shared/i18n';
import type { RgbaImage } from '../../shared/images';
import { DEFAULT_ATOL, DEFAULT_RTOL, expectShape, fail, fmt, isClose } from './assert';
import { MNIST_SIDE } from './datasets';
import type { CheckContext } from './types';

/**
 * The course's shipped images as raw pixels, for checks (and panels) that need real images:
 * the photos of `media/photos/` (RGBA, uint8, with a meta.json giving their size) and MNIST
 * digits (`media/data/mnist/*.u8`, N × 28 × 28 grey levels). Environment-free: reads through
 * `ctx.loadAsset`.
 */
export interface PhotoInfo {
  readonly name: string;
  readonly raw: string;
  readonly width: number;
  readonly height: number;
  readonly credit?: string;
}

type AssetLoader = Pick<CheckContext, 'loadAsset'>;

function missing(path: string, e: unknown): never {
  fail(
    both(
      "The extension's file media/{0} could not be read ({1}): the extension's data is incomplete; rebuild it with `npm run data`.",
      path,
      e instanceof Error ? e.message : String(e),
    ),
  );
}

async function load(ctx: AssetLoader, path: string): Promise<Uint8Array> {
  try {
    return await ctx.loadAsset(path);
  } catch (e) {
    missing(path, e);
  }
}

/** The list of shipped photos (media/photos/meta.json). */
async function photoList(ctx: AssetLoader): Promise<PhotoInfo[]> {
  const bytes = await load(ctx, 'photos/meta.json');
  const meta = JSON.parse(new TextDecoder().decode(bytes)) as { photos: PhotoInfo[] };
  return meta.photos;
}

/** One shipped photo by name ("chelsea", "coffee", …), as RGBA bytes. */
export async function loadPhoto(ctx: AssetLoader, name: string): Promise<RgbaImage> {
  const info = (await photoList(ctx)).find((p) => p.name === name);
  if (!info) missing(`photos/${name}.u8`, new Error('not listed in photos/meta.json'));
  const bytes = await load(ctx, `photos/${info.raw}`);
  if (bytes.length !== info.width * info.height * 4)
    missing(`photos/${info.raw}`, new Error(`${bytes.length} bytes, expected ${info.width}×${info.height}×4`));
  return { pixels: new Uint8ClampedArray(bytes.buffer, bytes.byteOffset, bytes.length), width: info.width, height: info.height };
}

/** Digit `index` of an MNIST split ('test' or 'train'): 28×28 grey levels, 0 = background, 255 = ink. */
export async function loadMnistDigit(
  ctx: AssetLoader,
  index: number,
  split: 'test' | 'train' = 'test',
): Promise<{ grey: Uint8Array; label: number }> {
  const images = await load(ctx, `data/mnist/${split}-images.u8`);
  const labels = await load(ctx, `data/mnist/${split}-labels.u8`);
  const n = MNIST_SIDE * MNIST_SIDE;
  if ((index + 1) * n > images.length) missing(`data/mnist/${split}-images.u8`, new Error(`no image #${index}`));
  return { grey: images.slice(index * n, (index + 1) * n), label: labels[index]! };
}

/** Grey levels → RGBA, R = G = B = grey, opaque: how a canvas would hold a grey image. */
export function greyToRgba(grey: Uint8Array, width: number, height: number): RgbaImage {
  const pixels = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    pixels[4 * i] = grey[i]!;
    pixels[4 * i + 1] = grey[i]!;
    pixels[4 * i + 2] = grey[i]!;
    pixels[4 * i + 3] = 255;
  }
  return { pixels, width, height };
}

/** A rectangle of an RGBA image (copy). */
export function cropRgba(img: RgbaImage, x: number, y: number, width: number, height: number): RgbaImage {
  const pixels = new Uint8ClampedArray(width * height * 4);
  for (let r = 0; r < height; r++) {
    const from = ((y + r) * img.width + x) * 4;
    pixels.set(img.pixels.subarray(from, from + width * 4), r * width * 4);
  }
  return { pixels, width, height };
}

/**
 * Compares two image tensors [h, w, c] of the same shape value by value (default rtol 1e-4,
 * atol 1e-5) with a short message: the first pixel that differs, its channels expected vs got,
 * and how many values differ — instead of printing thousands of numbers.
 */
export function expectImageClose(
  got: tf.Tensor,
  want: tf.Tensor,
  what: Label,
  misconception?: Localized,
  rtol = DEFAULT_RTOL,
  atol = DEFAULT_ATOL,
): void {
  expectShape(got.shape, want.shape, what, misconception);
  const g = got.dataSync();
  const e = want.dataSync();
  const channels = want.shape[want.shape.length - 1] ?? 1;
  const width = want.shape.length >= 2 ? want.shape[want.shape.length - 2]! : 1;
  let first = -1;
  let count = 0;
  for (let i = 0; i < e.length; i++) {
    if (!isClose(g[i]!, e[i]!, rtol, atol)) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (first < 0) return;
  const pixel = Math.floor(first / channels);
  const y = Math.floor(pixel / width);
  const x = pixel % width;
  const at = (a: ArrayLike<number>) => `[${Array.from({ length: channels }, (_, c) => fmt(a[pixel * channels + c]!)).join(', ')}]`;
  fail(
    both('{0}: {1} of {2} values differ. First at row {3}, column {4}: expected {5}, got {6}.', what, count, e.length, y, x, at(e), at(g)),
    misconception,
  );
}

/**
 * The image as it should be seen, given its EXIF orientation (1–8): mirrored and/or turned by a
 * quarter, half or three quarters of a turn (a phone photo taken sideways is stored sideways).
 */
export function orientRgba(img: RgbaImage, orientation: number): RgbaImage {
  if (orientation <= 1 || orientation > 8) return img;
  const { width: w, height: h } = img;
  const swap = orientation >= 5;
  const W = swap ? h : w;
  const H = swap ? w : h;
  const pixels = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      // Where the displayed pixel (x, y) is stored.
      const [sx, sy] = [
        [x, y],
        [x, y],
        [w - 1 - x, y],
        [w - 1 - x, h - 1 - y],
        [x, h - 1 - y],
        [y, x],
        [y, h - 1 - x],
        [w - 1 - y, h - 1 - x],
        [w - 1 - y, x],
      ][orientation]!;
      const from = (sy! * w + sx!) * 4;
      pixels.set(img.pixels.subarray(from, from + 4), (y * W + x) * 4);
    }
  }
  return { pixels, width: W, height: H };
}
