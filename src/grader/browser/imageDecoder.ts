/// <reference lib="webworker" />
import { imageSize, type RgbaImage } from '../../shared/images';
import { OWN_IMAGES } from '../../shared/protocol/ownImages';

/** Pictures are drawn at most this wide/high before the grader's own resize (a 4000-pixel photo needs no more for 32 × 32). */
const MAX_SIDE = 256;

/**
 * The webview grader's image reader: fetches one picture (a webview resource URL, through the
 * page: see pageFetch.ts) and decodes it with the browser's own decoders (PNG, JPEG, GIF, WebP,
 * BMP) through createImageBitmap, drawn small on an OffscreenCanvas — in the Worker, off the page.
 */
export async function readImageBrowser(url: string): Promise<RgbaImage> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`cannot be read (HTTP ${res.status})`);
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > OWN_IMAGES.maxFileBytes)
    throw new Error(`${Math.round(length / 1e6)} MB: too large a file (at most ${OWN_IMAGES.maxFileBytes / 1e6} MB)`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.length > OWN_IMAGES.maxFileBytes)
    throw new Error(`${Math.round(bytes.length / 1e6)} MB: too large a file (at most ${OWN_IMAGES.maxFileBytes / 1e6} MB)`);
  const size = imageSize(bytes);
  if (size && size.width * size.height > OWN_IMAGES.maxPixels)
    throw new Error(`${size.width}×${size.height} pixels: too large (at most ${OWN_IMAGES.maxPixels / 1e6} megapixels)`);
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
