/**
 * Pictures as bytes and as pixels, environment-free: which files are images, their format from
 * the first bytes, their size and EXIF orientation read from the header without decoding them
 * (so a huge photo is refused before it fills the memory), and the decoded RGBA form every
 * reader (browser, Node) hands the grader.
 */
/** A decoded picture: width × height RGBA pixels, uint8, row-major. */
export interface RgbaImage {
  readonly pixels: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

export const IMAGE_EXTENSIONS: readonly string[] = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp'];

/** A file name with an image extension (the bytes may still say otherwise: sniffImage). */
export function isImageName(file: string): boolean {
  const ext = file.toLowerCase().split('.').pop() ?? '';
  return file.includes('.') && IMAGE_EXTENSIONS.includes(ext);
}

/** Image format from the first bytes (PNG, JPEG, GIF, WebP, BMP), or undefined. */
export function sniffImage(head: Uint8Array): string | undefined {
  const b = head;
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 4 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) return 'gif';
  if (
    b.length >= 12 &&
    b[0] === 0x52 &&
    b[1] === 0x49 &&
    b[2] === 0x46 &&
    b[3] === 0x46 &&
    b[8] === 0x57 &&
    b[9] === 0x45 &&
    b[10] === 0x42 &&
    b[11] === 0x50
  )
    return 'webp';
  if (b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d) return 'bmp';
  return undefined;
}

/**
 * A picture's width and height read from its header (PNG, JPEG, GIF, BMP), without decoding it,
 * so a huge image can be refused before it fills the memory; undefined when unknown (WebP, damaged).
 */
export function imageSize(b: Uint8Array): { width: number; height: number } | undefined {
  const format = sniffImage(b.subarray(0, 16));
  const be16 = (i: number) => (b[i]! << 8) | b[i + 1]!;
  if (format === 'png' && b.length >= 24)
    return { width: ((b[16]! << 24) | (b[17]! << 16) | be16(18)) >>> 0, height: ((b[20]! << 24) | (b[21]! << 16) | be16(22)) >>> 0 };
  if (format === 'gif' && b.length >= 10) return { width: b[6]! | (b[7]! << 8), height: b[8]! | (b[9]! << 8) };
  if (format === 'bmp' && b.length >= 26) {
    const v = new DataView(b.buffer, b.byteOffset, b.length);
    return { width: Math.abs(v.getInt32(18, true)), height: Math.abs(v.getInt32(22, true)) };
  }
  if (format === 'jpeg') {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return undefined;
      const marker = b[i + 1]!;
      if (marker === 0xff) {
        i++;
        continue;
      }
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
        return { width: be16(i + 7), height: be16(i + 5) };
      if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
        i += 2;
        continue;
      }
      i += 2 + be16(i + 2);
    }
  }
  return undefined;
}

/**
 * A JPEG's EXIF orientation (1 = as stored … 8), read from its APP1 segment; 1 when absent.
 * Browsers apply it when they decode; the command-line grader applies it with orientRgba.
 */
export function jpegOrientation(b: Uint8Array): number {
  if (sniffImage(b.subarray(0, 16)) !== 'jpeg') return 1;
  let i = 2;
  while (i + 4 < b.length && b[i] === 0xff) {
    const marker = b[i + 1]!;
    const length = (b[i + 2]! << 8) | b[i + 3]!;
    if (marker === 0xda || marker === 0xd9) break;
    // APP1 "Exif\0\0", then a TIFF header (II little-endian / MM big-endian) and IFD0.
    if (marker === 0xe1 && b[i + 4] === 0x45 && b[i + 5] === 0x78 && b[i + 6] === 0x69 && b[i + 7] === 0x66) {
      const t = i + 10;
      if (t + 8 > b.length) return 1;
      const le = b[t] === 0x49;
      const v = new DataView(b.buffer, b.byteOffset, b.length);
      const u16 = (o: number) => v.getUint16(o, le);
      const ifd = t + v.getUint32(t + 4, le);
      if (ifd + 2 > b.length) return 1;
      const n = u16(ifd);
      for (let k = 0; k < n && ifd + 2 + 12 * (k + 1) <= b.length; k++) {
        const e = ifd + 2 + 12 * k;
        if (u16(e) === 0x0112) {
          const o = u16(e + 8);
          return o >= 1 && o <= 8 ? o : 1;
        }
      }
      return 1;
    }
    i += 2 + length;
  }
  return 1;
}
