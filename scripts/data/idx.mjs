// IDX files (the MNIST format: big-endian header, then uint8 data) and balanced subsets of them.

import { makeRng, shuffleInPlace } from './prng.mjs';

export function parseIdx(buffer, name) {
  const magic = buffer.readUInt32BE(0);
  if (magic >>> 8 !== 0x08) throw new Error(`${name}: not an unsigned-byte IDX file (magic 0x${magic.toString(16)})`);
  const dims = magic & 0xff;
  const shape = [];
  for (let i = 0; i < dims; i++) shape.push(buffer.readUInt32BE(4 + 4 * i));
  const offset = 4 + 4 * dims;
  const count = shape.reduce((a, b) => a * b, 1);
  if (buffer.length !== offset + count) throw new Error(`${name}: ${buffer.length} bytes, header says ${offset + count}`);
  return { shape, data: new Uint8Array(buffer.buffer, buffer.byteOffset + offset, count) };
}

/**
 * Picks perClass examples of each of the classes, at random (seeded) from the whole file, and
 * returns them in a seeded random order so that any prefix is roughly balanced too.
 */
export function balancedSubset(images, labels, classes, perClass, seedName, hashString) {
  const [n, h, w] = images.shape;
  if (labels.shape[0] !== n) throw new Error('images and labels disagree on the count');
  const rng = makeRng(hashString(seedName));
  const order = shuffleInPlace(
    Array.from({ length: n }, (_, i) => i),
    rng,
  );
  const taken = new Array(classes).fill(0);
  const picked = [];
  for (const i of order) {
    const y = labels.data[i];
    if (y >= classes) throw new Error(`label ${y} out of range`);
    if (taken[y] < perClass) {
      taken[y]++;
      picked.push(i);
    }
    if (picked.length === classes * perClass) break;
  }
  if (picked.length !== classes * perClass) throw new Error(`not enough examples for ${perClass} per class`);
  shuffleInPlace(picked, rng);
  const size = h * w;
  const outImages = new Uint8Array(picked.length * size);
  const outLabels = new Uint8Array(picked.length);
  picked.forEach((src, k) => {
    outImages.set(images.data.subarray(src * size, (src + 1) * size), k * size);
    outLabels[k] = labels.data[src];
  });
  return { images: outImages, labels: outLabels, sourceIndex: picked, height: h, width: w };
}
