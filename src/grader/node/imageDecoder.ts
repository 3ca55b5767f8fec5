import { promises as fs } from 'fs';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { imageSize, jpegOrientation, sniffImage, type RgbaImage } from '../../shared/images';
import { OWN_IMAGES } from '../../shared/protocol/ownImages';
import { orientRgba } from '../core/images';

/**
 * The Node grader's image decoder (pure JavaScript, no native code): PNG with pngjs, JPEG with
 * jpeg-js. GIF, WebP and BMP are decoded by the webview's grader (the browser's own decoders),
 * not here: the message says to convert them. A picture over OWN_IMAGES.maxPixels is refused
 * from its header, before decoding.
 */
export async function decodeImageNode(bytes: Uint8Array): Promise<RgbaImage> {
  const format = sniffImage(bytes.subarray(0, 16));
  const size = imageSize(bytes);
  if (size && size.width * size.height > OWN_IMAGES.maxPixels)
    throw new Error(`${size.width}×${size.height} pixels: too large (at most ${OWN_IMAGES.maxPixels / 1e6} megapixels)`);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const damaged = (e: unknown): never => {
    throw new Error(`damaged ${format?.toUpperCase()} file (${e instanceof Error ? e.message : String(e)})`);
  };
  if (format === 'png') {
    let png: PNG;
    try {
      png = PNG.sync.read(buffer);
    } catch (e) {
      return damaged(e);
    }
    return { pixels: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), width: png.width, height: png.height };
  }
  if (format === 'jpeg') {
    let img: { data: Uint8Array; width: number; height: number };
    try {
      img = jpeg.decode(buffer, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: OWN_IMAGES.maxPixels / 1e6,
        maxMemoryUsageInMB: 1024,
      });
    } catch (e) {
      return damaged(e);
    }
    // As the browser shows it (and the webview's grader decodes it): EXIF orientation applied.
    return orientRgba(
      { pixels: new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), width: img.width, height: img.height },
      jpegOrientation(bytes),
    );
  }
  throw new Error(
    format
      ? `${format.toUpperCase()} is read only inside VS Code; convert it to PNG or JPEG for the command-line grader`
      : 'not a PNG or JPEG image',
  );
}

/** The Node grader's reader: a file path → its bytes (refused when too big to read whole) → decoded. */
export async function readImageNode(file: string): Promise<RgbaImage> {
  const { size } = await fs.stat(file);
  if (size > OWN_IMAGES.maxFileBytes)
    throw new Error(`${Math.round(size / 1e6)} MB: too large a file (at most ${OWN_IMAGES.maxFileBytes / 1e6} MB)`);
  return decodeImageNode(new Uint8Array(await fs.readFile(file)));
}
