import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { ImageRef } from '../../src/shared/protocol/ownImages';
import type { RgbaImage } from '../../src/shared/images';

/**
 * Image fixtures for "Train on my images" (exercise 19): used by the unit tests (decoders, split) and the integration tests (probe,
 * CLI).
 */
export function rgba(width: number, height: number, at: (x: number, y: number) => [number, number, number, number]): RgbaImage {
  const pixels = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels.set(at(x, y), (y * width + x) * 4);
  return { pixels, width, height };
}

export function pngBytes(img: RgbaImage): Uint8Array {
  const png = new PNG({ width: img.width, height: img.height });
  Buffer.from(img.pixels.buffer, img.pixels.byteOffset, img.pixels.length).copy(png.data);
  return new Uint8Array(PNG.sync.write(png));
}

/** Image `i` of the shipped held-out cat/dog set, enlarged ×2, as PNG or JPEG bytes; its class name. */
const catsDogsDir = path.join(path.resolve(__dirname, '../../..'), 'media/data/catsdogs/test');
const catsDogsImages = fs.readFileSync(path.join(catsDogsDir, 'images.u8'));
const catsDogsLabels = fs.readFileSync(path.join(catsDogsDir, 'labels.u8'));
function catDogFile(i: number, format: 'png' | 'jpeg'): { className: string; bytes: Uint8Array } {
  const img = rgba(64, 64, (x, y) => {
    const s = (i * 32 * 32 + (y >> 1) * 32 + (x >> 1)) * 3;
    return [catsDogsImages[s]!, catsDogsImages[s + 1]!, catsDogsImages[s + 2]!, 255];
  });
  const bytes =
    format === 'png' ? pngBytes(img) : new Uint8Array(jpeg.encode({ data: Buffer.from(img.pixels), width: 64, height: 64 }, 90).data);
  return { className: catsDogsLabels[i] === 0 ? 'cats' : 'dogs', bytes };
}

/** The first `perClass` cats and dogs of the shipped test set, written as files under a fresh folder (the grader reads them by path). */
export const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-own-unit-'));
let folders = 0;
export function catDogImages(
  perClass: number,
  format: 'png' | 'jpeg' = 'png',
  edit: (bytes: Uint8Array, className: string, k: number) => Uint8Array = (b) => b,
): ImageRef[] {
  const dir = path.join(scratch, `set${folders++}`);
  const out: ImageRef[] = [];
  const n = { cats: 0, dogs: 0 } as Record<string, number>;
  for (let i = 0; i < catsDogsLabels.length; i++) {
    const f = catDogFile(i, format);
    if (n[f.className]! >= perClass) continue;
    n[f.className]!++;
    const name = `${f.className}-${i}.${format === 'png' ? 'png' : 'jpg'}`;
    fs.mkdirSync(path.join(dir, f.className), { recursive: true });
    fs.writeFileSync(path.join(dir, f.className, name), edit(f.bytes, f.className, n[f.className]!));
    out.push({ className: f.className, name, ref: path.join(dir, f.className, name) });
  }
  return out;
}

export function fileRef(className: string, name: string, bytes: Uint8Array | string): ImageRef {
  const file = path.join(scratch, `file${folders++}-${name}`);
  fs.writeFileSync(file, bytes);
  return { className, name, ref: file };
}
