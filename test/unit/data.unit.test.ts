// Checks the data sets shipped under media/ (built by scripts/build-data.mjs, described in
// docs/DATA.md): sizes agree with meta.json, balance and confounding are what they claim,
// pixels are real, and the cat/dog test set does not reuse a training augmentation.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '../../..');
const MEDIA = path.join(ROOT, 'media');
const DATA = path.join(MEDIA, 'data');

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function counts(labels: Uint8Array, classes: number): number[] {
  const out = new Array<number>(classes).fill(0);
  for (const y of labels) {
    assert.ok(y < classes, `label ${y} out of range`);
    out[y]++;
  }
  return out;
}

function pngSize(file: string): { width: number; height: number } {
  const bytes = fs.readFileSync(file);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${file} is not a PNG`);
  assert.equal(bytes.toString('ascii', 12, 16), 'IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

interface Manifest {
  files: { path: string; bytes: number; sha256: string }[];
}

describe('media/data manifest', () => {
  const manifest = readJson<Manifest>(path.join(DATA, 'manifest.json'));

  it('lists files that exist with the recorded size and hash', () => {
    assert.ok(manifest.files.length > 0);
    for (const f of manifest.files) {
      const bytes = fs.readFileSync(path.join(MEDIA, f.path));
      assert.equal(bytes.length, f.bytes, f.path);
      assert.equal(createHash('sha256').update(bytes).digest('hex'), f.sha256, `${f.path} differs from the build (re-run npm run data)`);
    }
  });

  it('keeps the shipped data small', () => {
    const total = manifest.files.reduce((s, f) => s + f.bytes, 0);
    assert.ok(total < 11 * 1024 * 1024, `media data is ${total} bytes`);
  });
});

interface IdxMeta {
  licence: string;
  source: { package: string; version: string };
  shape: number[];
  classNames: string[];
  splits: Record<string, { images: string; labels: string; count: number; countsPerClass: number[]; sourceIndex: number[] }>;
}

for (const [dir, minTrain, minTest] of [
  ['mnist', 5000, 1000],
  ['fashion-mnist', 500, 200],
] as const) {
  describe(`${dir} subset`, () => {
    const meta = readJson<IdxMeta>(path.join(DATA, dir, 'meta.json'));

    it('names its source, version and licence', () => {
      assert.ok(meta.source.package.length > 0);
      assert.ok(meta.source.version.length > 0);
      assert.ok(meta.licence.length > 0);
      assert.deepEqual(meta.shape, [28, 28]);
      assert.equal(meta.classNames.length, 10);
    });

    for (const [split, min] of [
      ['train', minTrain],
      ['test', minTest],
    ] as const) {
      it(`${split}: sizes match meta, classes balanced, pixels real`, () => {
        const s = meta.splits[split];
        assert.ok(s, `no ${split} split`);
        assert.ok(s.count >= min, `${split} has ${s.count} < ${min}`);
        const images = new Uint8Array(fs.readFileSync(path.join(DATA, dir, s.images)));
        const labels = new Uint8Array(fs.readFileSync(path.join(DATA, dir, s.labels)));
        assert.equal(images.length, s.count * 28 * 28);
        assert.equal(labels.length, s.count);
        const perClass = counts(labels, 10);
        assert.deepEqual(perClass, s.countsPerClass);
        assert.deepEqual(perClass, new Array<number>(10).fill(s.count / 10), 'not balanced over classes');
        assert.equal(new Set(s.sourceIndex).size, s.count, 'an example was picked twice');
        let sum = 0;
        let max = 0;
        for (const v of images) {
          sum += v;
          if (v > max) max = v;
        }
        const mean = sum / images.length;
        assert.equal(max, 255);
        assert.ok(mean > 20 && mean < 100, `mean pixel ${mean} does not look like ink on a blank page`);
        // every image has some ink
        for (let i = 0; i < s.count; i++) {
          assert.ok(
            images.subarray(i * 784, (i + 1) * 784).some((v) => v > 128),
            `${split} image ${i} is blank`,
          );
        }
      });
    }
  });
}

interface CatsDogsMeta {
  split: string;
  balanced: boolean;
  confounded: boolean;
  shape: number[];
  classNames: string[];
  count: number;
  counts: Record<string, number>;
  backgroundCounts: Record<string, Record<string, number>>;
  sources: Record<string, { licence: string; package: string; version: string }>;
  images: { label: number; background: 'snow' | 'grass'; source: string; seed: number }[];
}

const IMAGE_BYTES = 32 * 32 * 3;

function loadCatsDogs(split: string): { meta: CatsDogsMeta; images: Uint8Array; labels: Uint8Array } {
  const dir = path.join(DATA, 'catsdogs', split);
  return {
    meta: readJson<CatsDogsMeta>(path.join(dir, 'meta.json')),
    images: new Uint8Array(fs.readFileSync(path.join(dir, 'images.u8'))),
    labels: new Uint8Array(fs.readFileSync(path.join(dir, 'labels.u8'))),
  };
}

/** Share of each class's images on its "own" background (dogs on snow, cats on grass). */
function confounding(meta: CatsDogsMeta): { dogsOnSnow: number; catsOnGrass: number } {
  const dogs = meta.images.filter((m) => m.label === 1);
  const cats = meta.images.filter((m) => m.label === 0);
  return {
    dogsOnSnow: dogs.filter((m) => m.background === 'snow').length / dogs.length,
    catsOnGrass: cats.filter((m) => m.background === 'grass').length / cats.length,
  };
}

describe('cats and dogs', () => {
  const splits = {
    default: loadCatsDogs('default'),
    balanced: loadCatsDogs('balanced'),
    test: loadCatsDogs('test'),
  };

  for (const [name, { meta, images, labels }] of Object.entries(splits)) {
    it(`${name}: sizes, labels and per-image records agree with meta`, () => {
      assert.equal(meta.split, name);
      assert.deepEqual(meta.shape, [32, 32, 3]);
      assert.deepEqual(meta.classNames, ['cat', 'dog']);
      assert.equal(images.length, meta.count * IMAGE_BYTES);
      assert.equal(labels.length, meta.count);
      assert.equal(meta.images.length, meta.count);
      meta.images.forEach((m, i) => {
        assert.equal(m.label, labels[i], `image ${i}`);
        assert.ok(m.background === 'snow' || m.background === 'grass');
        const source = meta.sources[m.source];
        assert.ok(source, `image ${i}: source ${m.source} not described`);
        assert.ok(source.licence.length > 0 && source.version.length > 0);
      });
      const [cats, dogs] = counts(labels, 2);
      assert.deepEqual(meta.counts, { cat: cats, dog: dogs });
      for (const [label, cls] of ['cat', 'dog'].entries()) {
        for (const bg of ['snow', 'grass'] as const) {
          assert.equal(meta.backgroundCounts[cls]?.[bg], meta.images.filter((m) => m.label === label && m.background === bg).length);
        }
      }
    });

    it(`${name}: pixels are real pictures on the background the meta says`, () => {
      let snowLight = 0;
      let grassGreen = 0;
      meta.images.forEach((m, i) => {
        const img = images.subarray(i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES);
        let r = 0;
        let g = 0;
        let b = 0;
        let min = 255;
        let max = 0;
        // whole-image means: the background covers most of the picture
        for (let p = 0; p < 1024; p++) {
          r += img[p * 3];
          g += img[p * 3 + 1];
          b += img[p * 3 + 2];
          min = Math.min(min, img[p * 3 + 1]);
          max = Math.max(max, img[p * 3 + 1]);
        }
        assert.ok(max - min > 30, `image ${i} is flat`);
        if (m.background === 'snow' && (r + g + b) / 3 / 1024 > 150) snowLight++;
        if (m.background === 'grass' && g > r * 1.2 && g > b * 1.2) grassGreen++;
      });
      const snow = meta.images.filter((m) => m.background === 'snow').length;
      const grass = meta.count - snow;
      assert.ok(snowLight >= snow * 0.9, `only ${snowLight}/${snow} snow images are light`);
      assert.ok(grassGreen >= grass * 0.9, `only ${grassGreen}/${grass} grass images are green`);
    });
  }

  it('default is imbalanced and confounded on purpose', () => {
    const { meta } = splits.default;
    assert.equal(meta.balanced, false);
    assert.equal(meta.confounded, true);
    assert.ok(meta.counts.cat >= 2 * meta.counts.dog, `cats ${meta.counts.cat}, dogs ${meta.counts.dog}`);
    const c = confounding(meta);
    assert.ok(c.dogsOnSnow >= 0.85, `dogs on snow ${c.dogsOnSnow}`);
    assert.ok(c.catsOnGrass >= 0.85, `cats on grass ${c.catsOnGrass}`);
  });

  for (const name of ['balanced', 'test'] as const) {
    it(`${name} has equal classes and a background independent of the class`, () => {
      const { meta } = splits[name];
      assert.equal(meta.balanced, true);
      assert.equal(meta.confounded, false);
      assert.equal(meta.counts.cat, meta.counts.dog);
      const c = confounding(meta);
      assert.ok(Math.abs(c.dogsOnSnow - 0.5) <= 0.05, `dogs on snow ${c.dogsOnSnow}`);
      assert.ok(Math.abs(c.catsOnGrass - 0.5) <= 0.05, `cats on grass ${c.catsOnGrass}`);
    });
  }

  it('test set reuses no training seed and no training image', () => {
    const trainSeeds = new Set([...splits.default.meta.images, ...splits.balanced.meta.images].map((m) => m.seed));
    for (const m of splits.test.meta.images) assert.ok(!trainSeeds.has(m.seed), `test seed ${m.seed} is also a training seed`);
    const digest = (a: Uint8Array, i: number) =>
      createHash('sha1')
        .update(a.subarray(i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES))
        .digest('hex');
    const trainImages = new Set<string>();
    for (const s of [splits.default, splits.balanced]) for (let i = 0; i < s.meta.count; i++) trainImages.add(digest(s.images, i));
    for (let i = 0; i < splits.test.meta.count; i++)
      assert.ok(!trainImages.has(digest(splits.test.images, i)), `test image ${i} is in a training split`);
  });

  it('ships 96x96 PNG samples of each class', () => {
    const meta = readJson<{ samples: { file: string; className: string }[] }>(path.join(DATA, 'catsdogs', 'samples', 'meta.json'));
    for (const cls of ['cat', 'dog']) assert.ok(meta.samples.filter((s) => s.className === cls).length >= 2, `too few ${cls} samples`);
    for (const s of meta.samples) assert.deepEqual(pngSize(path.join(DATA, 'catsdogs', 'samples', s.file)), { width: 96, height: 96 });
  });
});

describe('photos', () => {
  const meta = readJson<{
    photos: {
      name: string;
      png: string;
      raw: string;
      width: number;
      height: number;
      licence: string;
      source: { package: string; version: string };
    }[];
  }>(path.join(MEDIA, 'photos', 'meta.json'));

  it('has at least one real, licensed photo as PNG and raw RGBA of the stated size', () => {
    assert.ok(meta.photos.length >= 1);
    for (const p of meta.photos) {
      assert.ok(p.licence.length > 0 && p.source.package.length > 0 && p.source.version.length > 0, p.name);
      assert.deepEqual(pngSize(path.join(MEDIA, 'photos', p.png)), { width: p.width, height: p.height });
      const raw = fs.readFileSync(path.join(MEDIA, 'photos', p.raw));
      assert.equal(raw.length, p.width * p.height * 4);
      const distinct = new Set<number>();
      for (let i = 0; i < raw.length; i += 4) {
        assert.equal(raw[i + 3], 255, `${p.name}: not opaque`);
        distinct.add(raw[i + 1]);
      }
      assert.ok(distinct.size > 64, `${p.name}: only ${distinct.size} grey levels`);
    }
  });
});
