// Plain-JS raster operations for the data build. Images are { width, height, data } with data a
// Float64Array of premultiplied RGBA in [0, 1], so that resizing and compositing never bleed the
// colour of transparent pixels into the edges. Only +, -, *, / and Math.sqrt/floor/round are used:
// IEEE-754 makes those exact on every machine, which keeps the output byte-identical.

import { Buffer } from 'node:buffer';

export function createImage(width, height) {
  return { width, height, data: new Float64Array(width * height * 4) };
}

/** From straight (non-premultiplied) 8-bit RGBA, as decoders return it. */
export function fromRgba8(width, height, rgba) {
  const img = createImage(width, height);
  for (let i = 0; i < width * height; i++) {
    const a = rgba[i * 4 + 3] / 255;
    img.data[i * 4] = (rgba[i * 4] / 255) * a;
    img.data[i * 4 + 1] = (rgba[i * 4 + 1] / 255) * a;
    img.data[i * 4 + 2] = (rgba[i * 4 + 2] / 255) * a;
    img.data[i * 4 + 3] = a;
  }
  return img;
}

export function crop(img, x0, y0, w, h) {
  const out = createImage(w, h);
  for (let y = 0; y < h; y++) {
    const from = ((y0 + y) * img.width + x0) * 4;
    out.data.set(img.data.subarray(from, from + w * 4), y * w * 4);
  }
  return out;
}

/** Smallest box holding every pixel with alpha above threshold, or null when there is none. */
export function alphaBox(img, threshold = 0.05) {
  let x0 = img.width;
  let y0 = img.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (img.data[(y * img.width + x) * 4 + 3] > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/** Per output index along one axis: the source indices it covers and their weights (box filter). */
function areaWeights(srcSize, dstSize) {
  const scale = srcSize / dstSize;
  const table = [];
  for (let i = 0; i < dstSize; i++) {
    const lo = i * scale;
    const hi = (i + 1) * scale;
    const taps = [];
    for (let s = Math.floor(lo); s < Math.min(srcSize, Math.ceil(hi)); s++) {
      const w = Math.min(hi, s + 1) - Math.max(lo, s);
      if (w > 0) taps.push([s, w / scale]);
    }
    table.push(taps);
  }
  return table;
}

/** Downscale by area averaging (each output pixel is the mean of the source area it covers). */
export function resizeArea(img, dw, dh) {
  if (dw > img.width || dh > img.height) throw new Error(`resizeArea only shrinks (${img.width}x${img.height} -> ${dw}x${dh})`);
  const wx = areaWeights(img.width, dw);
  const wy = areaWeights(img.height, dh);
  const tmp = new Float64Array(dw * img.height * 4);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < dw; x++) {
      const o = (y * dw + x) * 4;
      for (const [s, w] of wx[x]) {
        const q = (y * img.width + s) * 4;
        tmp[o] += img.data[q] * w;
        tmp[o + 1] += img.data[q + 1] * w;
        tmp[o + 2] += img.data[q + 2] * w;
        tmp[o + 3] += img.data[q + 3] * w;
      }
    }
  }
  const out = createImage(dw, dh);
  for (let y = 0; y < dh; y++) {
    for (const [s, w] of wy[y]) {
      for (let x = 0; x < dw; x++) {
        const o = (y * dw + x) * 4;
        const q = (s * dw + x) * 4;
        out.data[o] += tmp[q] * w;
        out.data[o + 1] += tmp[q + 1] * w;
        out.data[o + 2] += tmp[q + 2] * w;
        out.data[o + 3] += tmp[q + 3] * w;
      }
    }
  }
  return out;
}

/** Shrinks so that the longer side is at most maxSide (never enlarges). */
export function fitWithin(img, maxSide) {
  const longer = Math.max(img.width, img.height);
  if (longer <= maxSide) return img;
  const k = maxSide / longer;
  return resizeArea(img, Math.max(1, Math.round(img.width * k)), Math.max(1, Math.round(img.height * k)));
}

/**
 * Bilinear sample at continuous pixel coordinates (pixel centres at i + 0.5); outside the image
 * is transparent. Writes premultiplied RGBA into out[0..3].
 */
export function sampleBilinear(img, x, y, out) {
  const fx = x - 0.5;
  const fy = y - 0.5;
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const tx = fx - x0;
  const ty = fy - y0;
  out[0] = out[1] = out[2] = out[3] = 0;
  for (let j = 0; j < 2; j++) {
    const yy = y0 + j;
    if (yy < 0 || yy >= img.height) continue;
    const wy = j === 0 ? 1 - ty : ty;
    for (let i = 0; i < 2; i++) {
      const xx = x0 + i;
      if (xx < 0 || xx >= img.width) continue;
      const w = (i === 0 ? 1 - tx : tx) * wy;
      const q = (yy * img.width + xx) * 4;
      out[0] += img.data[q] * w;
      out[1] += img.data[q + 1] * w;
      out[2] += img.data[q + 2] * w;
      out[3] += img.data[q + 3] * w;
    }
  }
}

const to8 = (v) => (v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255));

/** Opaque RGB bytes (the image is assumed opaque: alpha is dropped after un-premultiplying). */
export function toRgb8(img) {
  const out = new Uint8Array(img.width * img.height * 3);
  for (let i = 0; i < img.width * img.height; i++) {
    const a = img.data[i * 4 + 3];
    const k = a > 0 ? 1 / a : 0;
    out[i * 3] = to8(img.data[i * 4] * k);
    out[i * 3 + 1] = to8(img.data[i * 4 + 1] * k);
    out[i * 3 + 2] = to8(img.data[i * 4 + 2] * k);
  }
  return out;
}

/** Straight RGBA bytes. */
export function toRgba8(img) {
  const out = new Uint8Array(img.width * img.height * 4);
  for (let i = 0; i < img.width * img.height; i++) {
    const a = img.data[i * 4 + 3];
    const k = a > 0 ? 1 / a : 0;
    out[i * 4] = to8(img.data[i * 4] * k);
    out[i * 4 + 1] = to8(img.data[i * 4 + 1] * k);
    out[i * 4 + 2] = to8(img.data[i * 4 + 2] * k);
    out[i * 4 + 3] = to8(a);
  }
  return out;
}

// ---- binary masks (Uint8Array of 0/1, width * height) ----

function morph(mask, w, h, r, keepIfAny) {
  // separable square structuring element of side 2r+1
  const tmp = new Uint8Array(w * h);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let hit = keepIfAny ? 0 : 1;
      for (let k = -r; k <= r; k++) {
        const xx = x + k;
        const v = xx < 0 || xx >= w ? 0 : mask[y * w + xx];
        if (keepIfAny ? v : !v) {
          hit = keepIfAny ? 1 : 0;
          break;
        }
      }
      tmp[y * w + x] = hit;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let hit = keepIfAny ? 0 : 1;
      for (let k = -r; k <= r; k++) {
        const yy = y + k;
        const v = yy < 0 || yy >= h ? 0 : tmp[yy * w + x];
        if (keepIfAny ? v : !v) {
          hit = keepIfAny ? 1 : 0;
          break;
        }
      }
      out[y * w + x] = hit;
    }
  }
  return out;
}

export const dilate = (mask, w, h, r) => morph(mask, w, h, r, true);
export const erode = (mask, w, h, r) => morph(mask, w, h, r, false);

/** Labels 8-connected components; returns { labels (Int32Array, -1 for off), sizes }. */
export function components(mask, w, h) {
  const labels = new Int32Array(w * h).fill(-1);
  const sizes = [];
  const stack = [];
  for (let i = 0; i < w * h; i++) {
    if (!mask[i] || labels[i] >= 0) continue;
    const id = sizes.length;
    let n = 0;
    labels[i] = id;
    stack.push(i);
    while (stack.length > 0) {
      const p = stack.pop();
      n++;
      const px = p % w;
      const py = (p - px) / w;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const qx = px + dx;
          const qy = py + dy;
          if (qx < 0 || qy < 0 || qx >= w || qy >= h) continue;
          const q = qy * w + qx;
          if (mask[q] && labels[q] < 0) {
            labels[q] = id;
            stack.push(q);
          }
        }
      }
    }
    sizes.push(n);
  }
  return { labels, sizes };
}

/** Sets to 1 every off pixel that cannot be reached from the border (holes inside a shape). */
export function fillHoles(mask, w, h) {
  const outside = new Uint8Array(w * h);
  const stack = [];
  const push = (x, y) => {
    const i = y * w + x;
    if (!mask[i] && !outside[i]) {
      outside[i] = 1;
      stack.push(i);
    }
  };
  for (let x = 0; x < w; x++) {
    push(x, 0);
    push(x, h - 1);
  }
  for (let y = 0; y < h; y++) {
    push(0, y);
    push(w - 1, y);
  }
  while (stack.length > 0) {
    const p = stack.pop();
    const px = p % w;
    const py = (p - px) / w;
    if (px > 0) push(px - 1, py);
    if (px < w - 1) push(px + 1, py);
    if (py > 0) push(px, py - 1);
    if (py < h - 1) push(px, py + 1);
  }
  const out = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) out[i] = outside[i] ? 0 : 1;
  return out;
}

/** 3x3 box blur of a 0/1 mask into soft alpha in [0, 1] (a one-pixel feather). */
export function feather(mask, w, h) {
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx >= 0 && yy >= 0 && xx < w && yy < h) s += mask[yy * w + xx];
        }
      }
      out[y * w + x] = s / 9;
    }
  }
  return out;
}

// ---- PNG writing ----
// Written here with pako (pure-JS deflate) rather than through pngjs, which uses Node's zlib:
// Node's bundled zlib may compress differently between versions and CPUs, pako does not.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, body) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Encodes 8-bit RGB (channels 3) or RGBA (channels 4) bytes as a PNG file. */
export function encodePng(pako, width, height, channels, bytes) {
  const stride = width * channels;
  const raw = new Uint8Array((stride + 1) * height);
  const line = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const cur = bytes.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? bytes.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    // choose the filter with the smallest sum of absolute residuals (the usual heuristic)
    let best = null;
    let bestType = 0;
    for (let type = 0; type < 5; type++) {
      let sum = 0;
      for (let i = 0; i < stride; i++) {
        const a = i >= channels ? cur[i - channels] : 0;
        const b = prev[i];
        const c = i >= channels ? prev[i - channels] : 0;
        const pred = type === 0 ? 0 : type === 1 ? a : type === 2 ? b : type === 3 ? (a + b) >> 1 : paeth(a, b, c);
        const v = (cur[i] - pred) & 0xff;
        line[i] = v;
        sum += v < 128 ? v : 256 - v;
      }
      if (best === null || sum < best.sum) {
        best = { sum, data: line.slice() };
        bestType = type;
      }
    }
    raw[y * (stride + 1)] = bestType;
    raw.set(best.data, y * (stride + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = channels === 4 ? 6 : 2;
  const idat = Buffer.from(pako.deflate(raw, { level: 9 }));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
