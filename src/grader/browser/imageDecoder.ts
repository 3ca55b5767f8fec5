/// <reference lib="webworker" />
import type { RgbaImage } from '../core/images';

/** Pictures are drawn at most this wide/high before the grader's own resize (a 4000-pixel photo needs no more for 32 × 32). */
const MAX_SIDE = 256;

/**
 * The webview grader's image decoder: the browser's own (PNG, JPEG, GIF, WebP, BMP) through
 * createImageBitmap, drawn on an OffscreenCanvas — in the Worker, off the page.
 */
export async function decodeImageBrowser(bytes: Uint8Array): Promise<RgbaImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as BlobPart]));
  } catch {
    throw new Error('the image could not be decoded (damaged file, or a format the browser does not read)');
  }
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const g = canvas.getContext('2d');
    if (!g) throw new Error('no 2D canvas in this worker');
    g.imageSmoothingQuality = 'high';
    g.drawImage(bitmap, 0, 0, width, height);
    const data = g.getImageData(0, 0, width, height);
    return { pixels: data.data, width, height };
  } finally {
    bitmap.close();
  }
}
