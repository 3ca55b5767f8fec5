import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { sniffImage } from '../../shared/charts/datasetBalance';
import type { RgbaImage } from '../core/images';

/** Largest picture decoded, in pixels (a 48-megapixel photo); larger ones are refused, not swapped. */
const MAX_PIXELS = 48_000_000;

/**
 * The Node grader's image decoder (pure JavaScript, no native code): PNG with pngjs, JPEG with
 * jpeg-js. GIF, WebP and BMP are decoded by the webview's grader (the browser's own decoders),
 * not here: the message says to convert them.
 */
export async function decodeImageNode(bytes: Uint8Array): Promise<RgbaImage> {
  const format = sniffImage(bytes.subarray(0, 16));
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (format === 'png') {
    const png = PNG.sync.read(buffer);
    if (png.width * png.height > MAX_PIXELS) throw new Error(`${png.width}×${png.height} pixels: too large`);
    return { pixels: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), width: png.width, height: png.height };
  }
  if (format === 'jpeg') {
    const img = jpeg.decode(buffer, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 1024 });
    return { pixels: new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), width: img.width, height: img.height };
  }
  throw new Error(format ? `${format.toUpperCase()} is read only inside VS Code; convert it to PNG or JPEG for the command-line grader` : 'not a PNG or JPEG image');
}
