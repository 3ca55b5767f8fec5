import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confusionFromPredictions, toBase64 } from '../../src/grader/core/confusion';
import { noisyCos } from '../../src/grader/core/synthetic';
import { groupAccuracy, groupsText } from '../../src/grader/core/imageClassifier';
import { pctL } from '../../src/grader/core/models';
import type { TrainingProgress } from '../../src/shared/grading';
import {
  accuracyDomain,
  appendProgress,
  reachedInOneEpoch,
  withBatches,
  confusionData,
  curveSeries,
  fitSegments,
  fitSentence,
  groupAccuracyTable,
  fromBase64,
  grid,
  progressFraction,
  readFit,
  toRgba,
} from '../../src/shared/charts/training';

describe('training: curves from progress updates', () => {
  it('keeps end-of-epoch updates, replaces a repeated epoch, restarts on a lower epoch', () => {
    let h: TrainingProgress[] = [];
    h = appendProgress(h, { epoch: 1, epochs: 3, loss: 1, valLoss: 1.2 });
    h = appendProgress(h, { epoch: 2, epochs: 3, batch: 1, batches: 4, loss: 0.9 });
    assert.equal(h.length, 1, 'a mid-epoch batch update is not a curve point');
    h = appendProgress(h, { epoch: 2, epochs: 3, loss: 0.8, acc: 0.6 });
    h = appendProgress(h, { epoch: 2, epochs: 3, loss: 0.7, acc: 0.65, valLoss: 0.9 });
    assert.equal(h.length, 2);
    assert.equal(h[1]!.loss, 0.7);
    h = appendProgress(h, { epoch: 1, epochs: 3, loss: 2 });
    assert.equal(h.length, 1, 'a new fit starts a new history');
  });
  it('withBatches: the training curve moves within an epoch (one point per batch update), validation stays per epoch', () => {
    const updates: TrainingProgress[] = [
      { epoch: 1, epochs: 2, batch: 1, batches: 4, loss: 2 },
      { epoch: 1, epochs: 2, batch: 2, batches: 4, loss: 1.5 },
      { epoch: 1, epochs: 2, loss: 1, valLoss: 1.2 },
      { epoch: 2, epochs: 2, batch: 2, batches: 4, loss: 0.9, acc: 0.5 },
      { epoch: 2, epochs: 2, loss: 0.8, valLoss: 1, acc: 0.6 },
    ];
    const h = updates.reduce<TrainingProgress[]>((acc, p) => appendProgress(acc, p), []);
    const c = withBatches(curveSeries(h), updates);
    assert.deepEqual(
      c.loss[0]!.points.map((p) => [p.epoch, p.value]),
      [
        [0.25, 2],
        [0.5, 1.5],
        [1, 1],
        [1.5, 0.9],
        [2, 0.8],
      ],
    );
    assert.deepEqual(
      c.loss[1]!.points.map((p) => p.epoch),
      [1, 2],
      'validation: epoch ends only',
    );
    assert.deepEqual(
      c.acc[0]!.points.map((p) => p.epoch),
      [1.5, 2],
    );
    const restarted = [...updates, { epoch: 1, epochs: 2, batch: 3, batches: 4, loss: 3 }];
    assert.deepEqual(
      withBatches(curveSeries(h), restarted)
        .loss[0]!.points.filter((p) => !Number.isInteger(p.epoch))
        .map((p) => p.epoch),
      [0.75],
      'a new fit: only its batches',
    );
    const plain = curveSeries(h);
    assert.equal(withBatches(plain, h), plain, 'no batch updates: the curves as they were');
  });
  it('splits train and validation series and drops empty or non-finite ones', () => {
    const h: TrainingProgress[] = [
      { epoch: 1, epochs: 4, loss: 1, acc: 0.5, valLoss: 1.1 },
      { epoch: 2, epochs: 4, loss: NaN, acc: 0.6, valLoss: 1.0 },
      { epoch: 3, epochs: 4, loss: 0.5, acc: 0.7, valLoss: 0.9 },
    ];
    const c = curveSeries(h);
    assert.deepEqual(
      c.loss.map((s) => s.key),
      ['train', 'validation'],
    );
    assert.deepEqual(
      c.loss[0]!.points.map((p) => p.epoch),
      [1, 3],
    );
    assert.deepEqual(
      c.acc.map((s) => s.key),
      ['train'],
    );
    assert.equal(c.epochs, 4);
  });
  it('progress fraction counts batches inside the current epoch', () => {
    assert.equal(progressFraction(undefined), 0);
    assert.equal(progressFraction({ epoch: 2, epochs: 4 }), 0.5);
    assert.equal(progressFraction({ epoch: 2, epochs: 4, batch: 2, batches: 4 }), 0.375);
    assert.equal(progressFraction({ epoch: 9, epochs: 4 }), 1);
  });
  it('the accuracy axis stays inside [0, 1], also for a run stopped after one epoch (one point)', () => {
    const one = curveSeries([{ epoch: 1, epochs: 20, acc: 0.96, valAcc: 0.97 }]);
    const [lo, hi] = accuracyDomain(one.acc);
    assert.ok(lo >= 0 && hi <= 1 && hi - lo >= 0.05, `[${lo}, ${hi}]`);
    assert.ok(lo <= 0.96 && hi >= 0.97, `[${lo}, ${hi}] does not hold the points`);
    assert.deepEqual(accuracyDomain(curveSeries([{ epoch: 1, epochs: 2, acc: 1 }]).acc), [0.9, 1]);
    assert.deepEqual(accuracyDomain(curveSeries([{ epoch: 1, epochs: 2, acc: 0 }]).acc), [0, 0.1]);
    assert.deepEqual(
      accuracyDomain(
        curveSeries([
          { epoch: 1, epochs: 3, acc: 0.4 },
          { epoch: 2, epochs: 3, acc: 0.9 },
        ]).acc,
      ),
      [0.4, 0.9],
    );
    assert.deepEqual(accuracyDomain([]), [0, 1]);
  });
  it('says "reached in one epoch" only for a passed run that stopped at its first epoch', () => {
    assert.equal(reachedInOneEpoch({ epoch: 1, epochs: 20 }, true), true);
    assert.equal(reachedInOneEpoch({ epoch: 1, epochs: 20 }, false), false);
    assert.equal(reachedInOneEpoch({ epoch: 3, epochs: 20 }, true), false);
    assert.equal(reachedInOneEpoch({ epoch: 1, epochs: 1 }, true), false);
    assert.equal(reachedInOneEpoch(undefined, true), false);
  });
});

describe('training: confusion matrix', () => {
  it('row-normalises, finds accuracy, recall and the most frequent mistake', () => {
    const d = confusionData({
      labels: ['cat', 'dog'],
      matrix: [
        [90, 10],
        [30, 70],
      ],
    });
    assert.equal(d.total, 200);
    assert.equal(d.accuracy, 0.8);
    assert.deepEqual(d.recall, [0.9, 0.7]);
    assert.deepEqual(
      d.cells.map((c) => c.rate),
      [0.9, 0.1, 0.3, 0.7],
    );
    assert.deepEqual(d.worst, { actual: 1, predicted: 0, count: 30, rate: 0.3 });
  });
  it('an empty row gives rates of 0, not NaN', () => {
    const d = confusionData({
      labels: ['a', 'b'],
      matrix: [
        [0, 0],
        [1, 1],
      ],
    });
    assert.ok(d.cells.every((c) => Number.isFinite(c.rate)));
  });
  it('the grader-side report keeps a few example images per cell, base64 both ways', () => {
    const images = new Uint8Array(6 * 4).map((_, i) => i);
    const set = {
      images,
      labels: new Uint8Array([0, 0, 1, 1, 0, 1]),
      count: 6,
      height: 2,
      width: 2,
      channels: 1,
      classNames: ['a', 'b'],
      meta: {},
    };
    const r = confusionFromPredictions([0, 0, 1, 1, 0, 1], [0, 1, 1, 0, 0, 1], ['a', 'b'], { images: { set }, perCell: 1 });
    assert.deepEqual(r.matrix, [
      [2, 1],
      [1, 2],
    ]);
    assert.equal(r.examples!.length, 4);
    const e = r.examples!.find((x) => x.actual === 0 && x.predicted === 1)!;
    assert.deepEqual([...fromBase64(e.pixels)], [4, 5, 6, 7]);
    for (const n of [0, 1, 2, 3, 4, 5, 100, 3072]) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 37) & 255);
      assert.deepEqual([...fromBase64(toBase64(bytes))], [...bytes]);
      assert.equal(toBase64(bytes), Buffer.from(bytes).toString('base64'));
    }
  });
  it('grey and RGB bytes become RGBA', () => {
    assert.deepEqual([...toRgba(new Uint8Array([7, 9]), 1)], [7, 7, 7, 255, 9, 9, 9, 255]);
    assert.deepEqual([...toRgba(new Uint8Array([1, 2, 3]), 3)], [1, 2, 3, 255]);
  });
});

describe('training: exercise 17 readings', () => {
  it("reads under-, over- and good fits with the check's thresholds", () => {
    assert.equal(readFit(0.3, 0.31), 'under');
    assert.equal(readFit(0.005, 0.06), 'over');
    assert.equal(readFit(0.02, 0.03), 'good');
    assert.equal(readFit(undefined, 0.1), 'unknown');
    assert.match(fitSentence('over', 0.005, 0.06).fr, /Sur-apprentissage/);
  });
  it('a gap above the pass mark reads as over-fitting even when the validation error is moderate', () => {
    assert.equal(readFit(0.012, 0.04), 'over');
    assert.equal(readFit(0.0185, 0.0281), 'good');
  });
  it('the course data: one x per slice of [-π, π], noise of mean 0 and mean square exactly 0.15²', () => {
    for (const [n, seed] of [
      [20, 1701],
      [200, 1702],
    ] as const) {
      const d = noisyCos(n, seed, 0.15);
      const slice = (2 * Math.PI) / n;
      d.x.forEach((x, i) => assert.ok(x >= -Math.PI + i * slice && x <= -Math.PI + (i + 1) * slice, `x[${i}] = ${x}`));
      const e = d.y.map((y, i) => y - Math.cos(d.x[i]!));
      assert.ok(Math.abs(e.reduce((s, v) => s + v, 0) / n) < 1e-12);
      assert.ok(Math.abs(e.reduce((s, v) => s + v * v, 0) / n - 0.0225) < 1e-12);
      assert.deepEqual(noisyCos(n, seed, 0.15), d, 'seeded');
    }
  });
  it('grid includes both ends', () => {
    assert.deepEqual(grid(0, 1, 3), [0, 0.5, 1]);
  });
});

describe('training: a check that trains twice, and its accuracy per group (19)', () => {
  const confounded = { en: 'trained on the default set', fr: 'entraîné sur le jeu par défaut' };
  const balanced = { en: 'trained on the balanced set', fr: 'entraîné sur le jeu équilibré' };
  it('splits the updates by fit label; unlabelled updates stay with the fit before them', () => {
    const segs = fitSegments([
      { epoch: 1, epochs: 2, loss: 1, fit: confounded },
      { epoch: 2, epochs: 2, loss: 0.5, fit: confounded },
      { epoch: 2, epochs: 2 },
      { epoch: 1, epochs: 3, loss: 0.9, fit: balanced },
      { epoch: 2, epochs: 3, loss: 0.8, fit: balanced },
    ]);
    assert.deepEqual(
      segs.map((s) => [s.fit?.en, s.updates.length]),
      [
        ['trained on the default set', 3],
        ['trained on the balanced set', 2],
      ],
    );
    assert.deepEqual(
      fitSegments([{ epoch: 1, epochs: 1 }]).map((s) => s.fit),
      [undefined],
      'a check with one unlabelled fit keeps one segment',
    );
    assert.deepEqual(fitSegments([]), []);
  });
  it('counts right answers per (class, background), class by class, snow before grass', () => {
    const set = {
      labels: Uint8Array.from([0, 0, 1, 1, 1, 0]),
      classNames: ['cat', 'dog'],
      backgrounds: ['grass', 'snow', 'grass', 'grass', 'snow', 'grass'],
    };
    const groups = groupAccuracy(set, [0, 1, 0, 0, 1, 0]);
    assert.deepEqual(
      groups.map((g) => [g.name.en, g.name.fr, g.right, g.total]),
      [
        ['cat on snow', 'chat sur la neige', 0, 1],
        ['cat on grass', "chat sur l'herbe", 2, 2],
        ['dog on snow', 'chien sur la neige', 1, 1],
        ['dog on grass', "chien sur l'herbe", 0, 2],
      ],
    );
    const text = groupsText(groups);
    assert.equal(text.en, 'cat on snow 0 %, cat on grass 100 %, dog on snow 100 %, dog on grass 0 %');
    assert.equal(
      text.fr,
      "chat sur la neige 0\u202f%, chat sur l'herbe 100\u202f%, chien sur la neige 100\u202f%, chien sur l'herbe 0\u202f%",
    );
  });
  it('writes percentages with the decimal comma and a narrow no-break space in French', () => {
    assert.deepEqual(pctL(0.825), { en: '82.5 %', fr: '82,5\u202f%' });
    assert.deepEqual(pctL(0.75), { en: '75 %', fr: '75\u202f%' });
    assert.deepEqual(pctL(1 / 3), { en: '33.3 %', fr: '33,3\u202f%' });
  });
  it('lays out one bar per fit in each group, in percent, in the chosen language', () => {
    const on = { en: 'the 4 held-out images', fr: 'les 4 images mises de côté' };
    const name = (en: string, fr: string) => ({ en, fr });
    const t = groupAccuracyTable(
      [
        { trainedOn: confounded, on, groups: [{ name: name('dog on grass', "chien sur l'herbe"), right: 0, total: 50 }] },
        { trainedOn: balanced, on, groups: [{ name: name('dog on grass', "chien sur l'herbe"), right: 40, total: 50 }] },
      ],
      'fr',
    );
    assert.deepEqual(t.groups, ["chien sur l'herbe"]);
    assert.deepEqual(t.fits, ['entraîné sur le jeu par défaut', 'entraîné sur le jeu équilibré']);
    assert.deepEqual(
      t.cells.map((c) => [c.fit, c.accuracy]),
      [
        ['entraîné sur le jeu par défaut', 0],
        ['entraîné sur le jeu équilibré', 80],
      ],
    );
  });
});
