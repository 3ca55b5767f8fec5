// `npm run screenshots:readme`: the README's images (the Marketplace and Open VSX page) from the
// screenshots the UI tests took, so that they show the current UI. Run the UI tests first:
//   node scripts/run-vscode-tests.mjs --ui checkFlow learnerPanels panelsBalanceTraining
//   npm run screenshots:readme
// Each image is cut from test-results/ and scaled down (area average) so that the .vsix, which
// carries them (docs/DEVELOPMENT.md, "Packaging and publishing"), stays small:
//   media/readme/check.png    Check on exercise 01's starter: the whole window (results panel,
//                             diagnostics, tree, status bar)
//   media/readme/panels.png   the four panels, two by two (their editor group only)
// `--check` writes nothing and fails when an image is missing or older than its screenshots.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

const repoRoot = path.resolve(new URL('..', import.meta.url).pathname);
const results = path.join(repoRoot, 'test-results');
const outDir = path.join(repoRoot, 'media', 'readme');

/** The UI tests' window is 1600×1000 (scripts/vscode-server.mjs launchBrowser); the panels' editor group starts at x = 976. */
const PANEL_GROUP = { x: 976, y: 70, width: 624, height: 760 };

const IMAGES = [
  { out: 'check.png', scale: 0.8, tiles: [{ src: 'check-failed.png' }] },
  {
    out: 'panels.png',
    scale: 0.75,
    columns: 2,
    tiles: [
      { src: 'panels/datasetBalance-catsdogs-dark.png', crop: PANEL_GROUP },
      { src: 'panels/training-cos-epoch50-dark.png', crop: PANEL_GROUP },
      { src: 'panels/featureMaps-07-dark.png', crop: PANEL_GROUP },
      { src: 'panels/gradientDescent-10-rosenbrock-dark.png', crop: PANEL_GROUP },
    ],
  },
];
const GAP = 8;
const BACKGROUND = [0x1e, 0x1e, 0x1e];

function crop(png, { x, y, width, height }) {
  const out = new PNG({ width, height });
  for (let row = 0; row < height; row++)
    png.data.copy(out.data, row * width * 4, ((y + row) * png.width + x) * 4, ((y + row) * png.width + x + width) * 4);
  return out;
}

/** Scales down by `scale` (< 1), each output pixel the area-weighted mean of the source pixels it covers. */
function scaleDown(png, scale) {
  const resample = (src, srcW, srcH, dstW, horizontal) => {
    const [outW, outH] = horizontal ? [dstW, srcH] : [srcW, dstW];
    const out = new Float32Array(outW * outH * 4);
    const n = horizontal ? srcW : srcH;
    const step = n / dstW;
    for (let i = 0; i < dstW; i++) {
      const from = i * step;
      const to = from + step;
      for (let j = Math.floor(from); j < Math.min(n, Math.ceil(to)); j++) {
        const w = (Math.min(to, j + 1) - Math.max(from, j)) / step;
        const lines = horizontal ? srcH : srcW;
        for (let k = 0; k < lines; k++) {
          const s = horizontal ? (k * srcW + j) * 4 : (j * srcW + k) * 4;
          const d = horizontal ? (k * outW + i) * 4 : (i * outW + k) * 4;
          for (let c = 0; c < 4; c++) out[d + c] += src[s + c] * w;
        }
      }
    }
    return out;
  };
  const width = Math.round(png.width * scale);
  const height = Math.round(png.height * scale);
  const h = resample(png.data, png.width, png.height, width, true);
  const v = resample(h, width, png.height, height, false);
  const out = new PNG({ width, height });
  for (let i = 0; i < v.length; i++) out.data[i] = Math.round(v[i]);
  return out;
}

function compose(image) {
  const tiles = image.tiles.map((t) => {
    const file = path.join(results, t.src);
    if (!existsSync(file))
      throw new Error(`${path.relative(repoRoot, file)} is missing: run the UI tests first (see the top of this script)`);
    const png = PNG.sync.read(readFileSync(file));
    return scaleDown(t.crop ? crop(png, t.crop) : png, image.scale);
  });
  if (tiles.length === 1) return tiles[0];
  const columns = image.columns ?? tiles.length;
  const rows = Math.ceil(tiles.length / columns);
  const [w, h] = [tiles[0].width, tiles[0].height];
  const out = new PNG({ width: columns * w + (columns - 1) * GAP, height: rows * h + (rows - 1) * GAP });
  for (let i = 0; i < out.data.length; i += 4) out.data.set([...BACKGROUND, 255], i);
  tiles.forEach((t, i) => PNG.bitblt(t, out, 0, 0, w, h, (i % columns) * (w + GAP), Math.floor(i / columns) * (h + GAP)));
  return out;
}

const check = process.argv.includes('--check');
const stale = [];
mkdirSync(outDir, { recursive: true });
for (const image of IMAGES) {
  const target = path.join(outDir, image.out);
  if (check) {
    const newest = Math.max(...image.tiles.map((t) => statSync(path.join(results, t.src)).mtimeMs));
    if (!existsSync(target) || statSync(target).mtimeMs < newest) stale.push(image.out);
    continue;
  }
  const png = compose(image);
  writeFileSync(target, PNG.sync.write(png, { colorType: 2, deflateLevel: 9 }));
  console.log(`media/readme/${image.out}: ${png.width}×${png.height}, ${(statSync(target).size / 1024).toFixed(0)} KiB`);
}
if (stale.length) {
  console.error(`older than the UI tests' screenshots: ${stale.join(', ')} (npm run screenshots:readme)`);
  process.exit(1);
}
