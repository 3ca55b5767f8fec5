import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as jpeg from 'jpeg-js';
import * as tf from '../../src/grader/core/tf';
import { classImageSet, classSetProblem, squareRgb, stratifiedSplit, subset } from '../../src/grader/core/classImages';
import { withClassHead } from '../../src/grader/core/imageClassifier';
import { imageSize, jpegOrientation, type RgbaImage } from '../../src/shared/images';
import { orientRgba } from '../../src/grader/core/images';
import { decodeImageNode, readImageNode } from '../../src/grader/node/imageDecoder';
import { imageCollector, scanClassFolder, type FolderFs } from '../../src/shared/classFolder';
import { fileRef, pngBytes, rgba, scratch } from '../support/ownImages';

/**
 * "Train on my images" (exercise 19 on a folder of the learner's own pictures): the folder walk,
 * the decoders, the resize and split (the probe and `dl-course train`: test/integration/ownImages.integration.test.ts).
 */
describe('own images: resize and split', () => {
  it('a flat colour stays that colour at any size; a transparent pixel is laid on white', () => {
    const red = squareRgb(
      rgba(90, 60, () => [200, 10, 30, 255]),
      32,
    );
    assert.equal(red.length, 32 * 32 * 3);
    for (let i = 0; i < red.length; i += 3) assert.deepEqual([red[i], red[i + 1], red[i + 2]], [200, 10, 30]);
    const clear = squareRgb(
      rgba(4, 4, () => [0, 0, 0, 0]),
      2,
    );
    assert.deepEqual([...clear], new Array(12).fill(255));
  });
  it('keeps the centred square of a wide image, averaging each block (no aliasing)', () => {
    // 6×2: columns 0 and 5 black (cropped away), columns 1–4 alternate white/black.
    const img = rgba(6, 2, (x) => (x === 0 || x === 5 ? [0, 0, 0, 255] : x % 2 ? [255, 255, 255, 255] : [0, 0, 0, 255]));
    const out = squareRgb(img, 1);
    assert.equal(out[0], 128, `a 2×2 centre of two white and two black columns averages to grey, got ${out[0]}`);
    const quarters = squareRgb(
      rgba(2, 2, (x, y) => [x ? 255 : 0, y ? 255 : 0, 0, 255]),
      4,
    );
    assert.equal(quarters[0], 0);
    assert.equal(quarters[(0 * 4 + 3) * 3], 255, 'enlarging keeps the top-right quarter red');
    assert.equal(quarters[(3 * 4 + 0) * 3 + 1], 255, 'and the bottom-left quarter green');
  });
  it('holds out a fifth of each class, at least 2, the same for the same seed', () => {
    const labels = [...new Array(30).fill(0), ...new Array(12).fill(1), ...new Array(3).fill(2)];
    const a = stratifiedSplit(labels, 3, 0.2, 7);
    const b = stratifiedSplit(labels, 3, 0.2, 7);
    assert.deepEqual(a, b);
    const heldOf = (c: number) => a.test.filter((i) => labels[i] === c).length;
    assert.deepEqual([heldOf(0), heldOf(1), heldOf(2)], [6, 2, 1], 'a class of 3 keeps 2 to train on');
    assert.equal(a.train.length + a.test.length, labels.length);
    assert.equal(new Set([...a.train, ...a.test]).size, labels.length, 'no image in both');
    assert.notDeepEqual(stratifiedSplit(labels, 3, 0.2, 8).test, a.test, 'another seed, another split');
  });
  it('decodes, sorts classes by name, sets aside what does not decode, and says when a class is too small', async () => {
    const good = pngBytes(rgba(8, 8, () => [10, 20, 30, 255]));
    const r = await classImageSet(
      [
        fileRef('zebra', 'a.png', good),
        fileRef('ant', 'b.png', good),
        fileRef('ant', 'broken.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4])),
      ],
      readImageNode,
      4,
    );
    assert.deepEqual(r.set.classNames, ['ant', 'zebra']);
    assert.deepEqual([...r.set.labels], [0, 1]);
    assert.deepEqual(r.files, ['ant/b.png', 'zebra/a.png']);
    assert.equal(r.failed.length, 1);
    assert.equal(r.failed[0]!.file, 'ant/broken.png');
    assert.match(classSetProblem(r.set, 10)!.en, /Too few images .*ant\/ \(1\).*at least 10/);
    assert.match(classSetProblem(subset(r.set, [0]), 1)!.en, /Only one class/);
  });
});

describe('own images: the Node decoders', () => {
  it('PNG exactly, JPEG closely', async () => {
    const img = rgba(5, 3, (x, y) => [x * 50, y * 100, 77, 255]);
    const png = await decodeImageNode(pngBytes(img));
    assert.deepEqual([png.width, png.height], [5, 3]);
    assert.deepEqual([...png.pixels], [...img.pixels]);
    const flat = rgba(16, 16, () => [120, 60, 200, 255]);
    const jpg = await decodeImageNode(new Uint8Array(jpeg.encode({ data: Buffer.from(flat.pixels), width: 16, height: 16 }, 95).data));
    assert.deepEqual([jpg.width, jpg.height], [16, 16]);
    for (let c = 0; c < 3; c++)
      assert.ok(Math.abs(jpg.pixels[c]! - flat.pixels[c]!) <= 4, `channel ${c}: ${jpg.pixels[c]} vs ${flat.pixels[c]}`);
  });
  it('reads sizes from headers, and refuses a huge picture before decoding it', async () => {
    assert.deepEqual(imageSize(pngBytes(rgba(7, 3, () => [0, 0, 0, 255]))), { width: 7, height: 3 });
    const jpg = new Uint8Array(jpeg.encode({ data: Buffer.alloc(9 * 5 * 4, 128), width: 9, height: 5 }, 80).data);
    assert.deepEqual(imageSize(jpg), { width: 9, height: 5 });
    assert.deepEqual(imageSize(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 10, 0, 4, 0])), { width: 10, height: 4 });
    // A PNG header that declares 100 000 × 100 000 pixels (and nothing behind it).
    const huge = pngBytes(rgba(1, 1, () => [0, 0, 0, 255])).slice(0, 33);
    new DataView(huge.buffer).setUint32(16, 100_000);
    new DataView(huge.buffer).setUint32(20, 100_000);
    await assert.rejects(decodeImageNode(huge), /100000×100000 pixels: too large \(at most 50 megapixels\)/);
    const big = path.join(scratch, 'big.png');
    fs.writeFileSync(big, Buffer.alloc(41_000_000));
    await assert.rejects(readImageNode(big), /41 MB: too large a file \(at most 40 MB\)/);
    fs.rmSync(big);
  });
  it('a JPEG with EXIF orientation 6 (a phone held upright) is turned as a browser shows it', async () => {
    const stored = rgba(3, 2, (x, y) => [x * 100, y * 200, 0, 255]);
    const turned = orientRgba(stored, 6);
    assert.deepEqual([turned.width, turned.height], [2, 3]);
    const at = (img: RgbaImage, x: number, y: number) => [img.pixels[(y * img.width + x) * 4], img.pixels[(y * img.width + x) * 4 + 1]];
    assert.deepEqual(at(turned, 1, 0), at(stored, 0, 0), 'turned a quarter clockwise: the stored top-left is now top-right');
    assert.deepEqual(at(turned, 0, 2), at(stored, 2, 1));
    assert.deepEqual(orientRgba(stored, 1), stored);
    const plain = new Uint8Array(
      jpeg.encode({ data: Buffer.from(rgba(16, 8, (x) => [x < 8 ? 250 : 5, 0, 0, 255]).pixels), width: 16, height: 8 }, 95).data,
    );
    // APP1 "Exif": big-endian TIFF header, IFD0 with one entry, Orientation (0x0112) = 6.
    const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0];
    const app1 = [0xff, 0xe1, 0, 2 + 6 + tiff.length, 0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
    const withExif = new Uint8Array([...plain.subarray(0, 2), ...app1, ...plain.subarray(2)]);
    assert.equal(jpegOrientation(plain), 1);
    assert.equal(jpegOrientation(withExif), 6);
    const decoded = await decodeImageNode(withExif);
    assert.deepEqual([decoded.width, decoded.height], [8, 16], 'decoded upright');
    assert.ok(decoded.pixels[0]! > 200 && decoded.pixels[15 * 8 * 4]! < 50, 'the red left half is now the top half');
  });
  it('says what to do with a GIF, and refuses what is not an image', async () => {
    await assert.rejects(
      decodeImageNode(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0, 0])),
      /GIF is read only inside VS Code; convert it to PNG or JPEG/,
    );
    await assert.rejects(decodeImageNode(new TextEncoder().encode('hello')), /not a PNG or JPEG/);
  });
});

describe('own images: the output layer for another number of classes', () => {
  it('replaces the last layer with weights (and a softmax layer after it) by dense(classes, softmax)', async () => {
    await tf.setBackend('cpu');
    const m = tf.sequential({
      layers: [
        tf.layers.flatten({ inputShape: [4, 4, 3] }),
        tf.layers.dense({ units: 8, activation: 'relu' }),
        tf.layers.dense({ units: 2 }),
        tf.layers.softmax(),
      ],
    });
    const r = withClassHead(m, 3);
    assert.equal(r.replaced, 'dense, 2 outputs');
    assert.deepEqual(r.model.outputs[0]!.shape, [null, 3]);
    assert.equal(withClassHead(m, 2).replaced, undefined, 'two classes: the model as it is');
    const flat = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4, 4, 3], units: 2 })] });
    assert.throws(() => withClassHead(flat, 3), /cannot be replaced for 3 classes \(it needs a flat layer before it/);
  });
});

describe('own images: the folder walk', () => {
  const tree: Record<string, Record<string, string | Uint8Array> | string> = {
    'readme.txt': 'loose',
    '.hidden': {},
    cats: {
      'a.png': pngBytes(rgba(2, 2, () => [1, 2, 3, 255])),
      'b.png': pngBytes(rgba(2, 2, () => [1, 2, 3, 255])),
      'notes.jpg': 'text, not a JPEG',
    },
    dogs: { 'c.png': pngBytes(rgba(2, 2, () => [1, 2, 3, 255])) },
  };
  const memFs: FolderFs = {
    list: async (seg) => {
      const dir = seg.length ? tree[seg[0]!] : tree;
      return Object.entries(dir as Record<string, unknown>).map(([name, v]) => ({
        name,
        kind: typeof v === 'string' || v instanceof Uint8Array ? ('file' as const) : ('directory' as const),
      }));
    },
    read: async (seg) => {
      const v = (tree[seg[0]!] as Record<string, string | Uint8Array>)[seg[1]!]!;
      return typeof v === 'string' ? new TextEncoder().encode(v) : v;
    },
  };
  it('counts readable images by content, lists the rest, and keeps at most N per class', async () => {
    const keep = imageCollector(1);
    const report = await scanClassFolder(memFs, (img) => keep.onImage(img));
    assert.deepEqual(report.classes, ['cats', 'dogs']);
    assert.deepEqual(report.counts, [2, 1]);
    assert.deepEqual(report.unreadable, [{ className: 'cats', file: 'notes.jpg' }]);
    assert.equal(report.looseFiles, 1);
    assert.deepEqual(
      keep.images.map((i) => `${i.className}/${i.name}`),
      ['cats/a.png', 'dogs/c.png'],
    );
    assert.equal(keep.skipped(), 1);
  });
});
