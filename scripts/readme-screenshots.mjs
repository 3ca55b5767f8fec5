// `npm run screenshots:readme`: the README's images (the Marketplace and Open VSX page) from the
// screenshots the UI tests took, so that they show the current UI. Run the UI tests first:
//   node scripts/run-vscode-tests.mjs --ui checkFlow learnerPanels panelsBalanceTraining
//   npm run screenshots:readme
// Each image is cut from test-results/ and scaled down (area average) so that the .vsix, which
// carries them (docs/DEVELOPMENT.md, "Packaging and publishing"), stays small:
//   media/readme/check.png    Check on exercise 01's starter: the whole window (results panel,
//                             diagnostics, tree, status bar)
//   media/readme/panels.png   the four panels, two by two (the editor group of each, which the
//                             UI tests save beside their screenshots as *.group.png)
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

const repoRoot = path.resolve(new URL('..', import.meta.url).pathname);
const results = path.join(repoRoot, 'test-results');
const outDir = path.join(repoRoot, 'media', 'readme');

const IMAGES = [
  { out: 'check.png', scale: 0.8, tiles: [{ src: 'check-failed.png' }] },
  {
    // test/ui/workbench.mjs panelGroupScreenshot: the editor group that shows the panel, whatever the layout.
    out: 'panels.png',
    scale: 0.75,
    columns: 2,
    tile: { width: 468, height: 585 },
    tiles: [
      { src: 'panels/datasetBalance-catsdogs-dark.group.png' },
      { src: 'panels/training-cos-epoch50-dark.group.png' },
      { src: 'panels/featureMaps-07-dark.group.png' },
      { src: 'panels/gradientDescent-10-rosenbrock-dark.group.png' },
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
    // A panel's group: its top left, as much as fills a tile once scaled.
    const box = image.tile && {
      x: 0,
      y: 0,
      width: Math.min(png.width, Math.floor(image.tile.width / image.scale)),
      height: Math.min(png.height, Math.floor(image.tile.height / image.scale)),
    };
    return scaleDown(box ? crop(png, box) : png, image.scale);
  });
  if (!image.tile) return tiles[0];
  const columns = image.columns;
  const rows = Math.ceil(tiles.length / columns);
  const { width: w, height: h } = image.tile;
  const out = new PNG({ width: columns * w + (columns - 1) * GAP, height: rows * h + (rows - 1) * GAP });
  for (let i = 0; i < out.data.length; i += 4) out.data.set([...BACKGROUND, 255], i);
  tiles.forEach((t, i) =>
    PNG.bitblt(t, out, 0, 0, Math.min(w, t.width), Math.min(h, t.height), (i % columns) * (w + GAP), Math.floor(i / columns) * (h + GAP)),
  );
  return out;
}

mkdirSync(outDir, { recursive: true });
for (const image of IMAGES) {
  const target = path.join(outDir, image.out);
  const png = compose(image);
  writeFileSync(target, PNG.sync.write(png, { colorType: 2, deflateLevel: 9 }));
  console.log(`media/readme/${image.out}: ${png.width}×${png.height}, ${(statSync(target).size / 1024).toFixed(0)} KiB`);
}
