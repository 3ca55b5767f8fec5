import * as tf from '../../src/grader/core/tf';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CLASSIC_KERNELS,
  divergingT,
  greyFromRgba,
  legendTicks,
  mapStats,
  maxAbs,
  patchProduct,
  pixelAt,
  tileLayout,
  toRows,
} from '../../src/shared/charts/featureMaps';
import { SEED_PATCH, SLIDE_KERNEL, crossCorrelate, flip180, tfConv2d } from '../../src/grader/core/convolution';
import { rng } from '../../src/grader/core/rng';

describe('featureMaps: chart data', () => {
  it('grey levels are the mean of R, G, B, scaled', () => {
    const rgba = [30, 60, 90, 255, 255, 255, 255, 255];
    assert.deepEqual(greyFromRgba(rgba, 2, 1, 1), [60, 255]);
    assert.deepEqual(
      greyFromRgba(rgba, 2, 1).map((v) => Math.round(v * 255)),
      [60, 255],
    );
    assert.deepEqual(toRows({ width: 2, height: 2, values: [1, 2, 3, 4] }), [
      [1, 2],
      [3, 4],
    ]);
  });
  it('the diverging scale is centred on 0 and symmetric', () => {
    assert.equal(maxAbs([-3, 2, NaN, Infinity]), 3);
    assert.equal(maxAbs([0, 0]), 1, 'a flat map still has a scale');
    assert.equal(divergingT(0, 5), 0.5);
    assert.equal(divergingT(5, 5), 0);
    assert.equal(divergingT(-5, 5), 1);
    assert.equal(divergingT(50, 5), 0, 'clamped');
    assert.equal(divergingT(2.5, 5) + divergingT(-2.5, 5), 1);
    assert.deepEqual(legendTicks(4), [-4, -2, 0, 2, 4]);
  });
  it("patch × kernel: the slides' example gives 42 at the centre, the pixel above it (56 flipped)", () => {
    const patch = [
      [35, 40, 41, 45, 50],
      [40, 40, 42, 46, 52],
      [42, 46, 50, 55, 55],
      [48, 52, 56, 58, 60],
      [56, 60, 65, 70, 75],
    ];
    assert.deepEqual(SEED_PATCH, patch, "the GIMP manual's patch, as on the slides");
    const g = { width: 5, height: 5, values: patch.flat() };
    const p = patchProduct(g, CLASSIC_KERNELS.slide!.kernel, 1, 1);
    assert.equal(p.sum, 42);
    assert.deepEqual(p.patch, [
      [40, 42, 46],
      [46, 50, 55],
      [52, 56, 58],
    ]);
    assert.deepEqual(p.products[0], [0, 42, 0]);
    assert.equal(
      patchProduct(g, flip180(CLASSIC_KERNELS.slide!.kernel), 1, 1).sum,
      56,
      'a flipped kernel picks the pixel below the centre',
    );
    assert.equal(crossCorrelate(SEED_PATCH, SLIDE_KERNEL)[1]![1], 42);
    const q = patchProduct(
      g,
      [
        [1, 2],
        [3, 4],
      ],
      1,
      2,
    );
    assert.equal(q.sum, 42 + 2 * 46 + 3 * 50 + 4 * 55, 'not flipped: kernel[0][0] multiplies the top-left pixel');
  });
  it("crossCorrelate, 06's float64 reference, is tf.conv2d's sum (to float32 rounding), kernel not flipped", async () => {
    await tf.setBackend('cpu'); // the probes below set up the grader's own backends again
    const r = rng(66);
    for (const [h, w, kh, kw] of [
      [5, 5, 3, 3],
      [4, 8, 3, 3],
      [9, 6, 4, 2],
      [3, 10, 3, 5],
    ] as const) {
      const image = r.matrix(h, w, 0, 255);
      const kernel = r.matrix(kh, kw, -1, 1);
      const want = tfConv2d(image, kernel);
      const got = crossCorrelate(image, kernel);
      assert.deepEqual([got.length, got[0]!.length], [h - kh + 1, w - kw + 1]);
      got.forEach((row, i) =>
        row.forEach((v, j) =>
          assert.ok(Math.abs(v - want[i]![j]!) < 1e-3, `${h}×${w} * ${kh}×${kw} at [${i}][${j}]: ${v} vs ${want[i]![j]}`),
        ),
      );
    }
    assert.notDeepEqual(crossCorrelate(SEED_PATCH, SLIDE_KERNEL), tfConv2d(SEED_PATCH, flip180(SLIDE_KERNEL)));
  });
  it("patch × kernel with 'same' padding reads zeros outside the image", () => {
    const g = { width: 3, height: 3, values: [1, 1, 1, 1, 1, 1, 1, 1, 1] };
    const p = patchProduct(
      g,
      [
        [1, 1, 1],
        [1, 1, 1],
        [1, 1, 1],
      ],
      0,
      0,
      'same',
    );
    assert.equal(p.top, -1);
    assert.equal(p.sum, 4);
    assert.deepEqual(p.patch[0], [0, 0, 0]);
  });
  it('tiles fit the width, at a whole scale, and never overlap', () => {
    const l = tileLayout(8, 26, 26, 500, { gap: 8, label: 16, maxScale: 6, minColumns: 4 });
    assert.ok(l.scale >= 1 && Number.isInteger(l.scale));
    assert.ok(l.width <= 500, `width ${l.width}`);
    assert.ok(l.columns >= 4);
    const xs = new Set(l.positions.map((p) => `${p.x},${p.y}`));
    assert.equal(xs.size, 8);
    const one = tileLayout(1, 128, 128, 100);
    assert.equal(one.scale, 1, 'a big map is never drawn below 1 pixel per value');
  });
  it('pixelAt maps the pointer to a data pixel, or nothing outside', () => {
    assert.deepEqual(pixelAt(13, 5, 4, 10, 10), { row: 1, col: 3 });
    assert.equal(pixelAt(-1, 5, 4, 10, 10), undefined);
    assert.equal(pixelAt(40, 5, 4, 10, 10), undefined);
  });
  it('map statistics', () => {
    assert.deepEqual(mapStats([0, -1, 3, 0]), { min: -1, max: 3, mean: 0.5, zeros: 2 });
  });
});
