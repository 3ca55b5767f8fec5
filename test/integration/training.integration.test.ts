import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { CosFitResult } from '../../src/grader/core/probes/training';
import type { TrainingProgress } from '../../src/shared/grading';
import { appendProgress, confusionData, curveSeries, fitSegments, fromBase64, readFit } from '../../src/shared/charts/training';
import { checkWithProgress, probeInProcess, REPO_ROOT } from '../support/inProcessProbe';

describe('probe training.cosFit', () => {
  const solution = fs.readFileSync(path.join(REPO_ROOT, 'exercises/17-overfitting/solution.ts'), 'utf8');
  it("trains the learner's regressor like the check and returns points, curves and snapshots", { timeout: 120_000 }, async () => {
    const seen: TrainingProgress[] = [];
    const r = await probeInProcess('17-overfitting', solution, 'training.cosFit', { model: 'learner' }, (p) => seen.push(p));
    assert.ok(r.ok, JSON.stringify(r));
    const d = r.data as CosFitResult;
    assert.equal(d.train.x.length, 20);
    assert.equal(d.loss.length, 500);
    assert.equal(d.snapshots.length, 51);
    assert.equal(d.snapshots[0]!.y.length, d.gridX.length);
    assert.equal(seen.length, 50);
    assert.equal(readFit(d.trainMse, d.valMse), 'good', `${d.trainMse} ${d.valMse}`);
  });
  it('the reference models show under- and over-fitting', { timeout: 240_000 }, async () => {
    const lin = await probeInProcess('17-overfitting', solution, 'training.cosFit', { model: 'linear' });
    const large = await probeInProcess('17-overfitting', solution, 'training.cosFit', { model: 'large' });
    assert.ok(lin.ok && large.ok);
    const l = lin.data as CosFitResult;
    const g = large.data as CosFitResult;
    assert.equal(readFit(l.trainMse, l.valMse), 'under', `${l.trainMse} ${l.valMse}`);
    assert.equal(readFit(g.trainMse, g.valMse), 'over', `${g.trainMse} ${g.valMse}`);
  });
  it('says what is wrong when buildRegressor is missing', async () => {
    const r = await probeInProcess('17-overfitting', 'export const x = 1;', 'training.cosFit', {});
    assert.ok(!r.ok && /buildRegressor/.test(r.error.en));
  });
});

describe('training checks send a confusion matrix', () => {
  it('05-nonlinearity: the trained rings model, on the training points', { timeout: 120_000 }, async () => {
    const solution = fs.readFileSync(path.join(REPO_ROOT, 'exercises/05-nonlinearity/solution.ts'), 'utf8');
    const r = await checkWithProgress('05-nonlinearity', solution, 'train-rings');
    assert.equal(r.status, 'passed');
    const last = r.progress[r.progress.length - 1]!;
    assert.ok(last.confusion, 'the last progress update carries the confusion matrix');
    assert.deepEqual(last.confusion.labels, ['inner ring', 'outer ring']);
    const d = confusionData(last.confusion);
    assert.equal(d.total, 400);
    assert.ok(d.accuracy >= 0.95, String(d.accuracy));
    const h = r.progress.reduce<TrainingProgress[]>((acc, p) => appendProgress(acc, p), []);
    assert.ok(curveSeries(h).loss[0]!.points.length >= 1, 'the merged history keeps the loss of that epoch');
  });
  for (const [id, check, cells] of [
    ['18-mnist', 'mnist-accuracy', 100],
    ['19-cats-vs-dogs', 'catsdogs-accuracy', 4],
  ] as const) {
    it(`${id}: on the test set, with example images per cell`, { timeout: 600_000 }, async () => {
      const solution = fs.readFileSync(path.join(REPO_ROOT, `exercises/${id}/solution.ts`), 'utf8');
      const r = await checkWithProgress(id, solution, check);
      const last = r.progress[r.progress.length - 1]!;
      assert.ok(last.confusion, `${id} sends a confusion matrix (${r.status})`);
      assert.equal(last.confusion.matrix.flat().length, cells);
      assert.ok((last.confusion.examples ?? []).length > 0, 'example images');
      const e = last.confusion.examples![0]!;
      assert.equal(fromBase64(e.pixels).length, e.width * e.height * e.channels);
      if (id === '19-cats-vs-dogs') {
        // Two fits, each with its accuracy per (animal, background): the confounded one has a group near 0.
        const reports = r.progress.flatMap((p) => (p.groups ? [p.groups] : []));
        assert.deepEqual(
          reports.map((g) => g.trainedOn.en),
          ['the default set (imbalanced, confounded)', 'the balanced set'],
        );
        assert.deepEqual(
          reports[0]!.groups.map((g) => g.name.en),
          ['cat on snow', 'cat on grass', 'dog on snow', 'dog on grass'],
        );
        assert.ok(Math.min(...reports[0]!.groups.map((g) => g.right / g.total)) < 0.4, 'the background shortcut shows');
        assert.deepEqual(
          fitSegments(r.progress).map((s) => s.fit?.en),
          ['trained on the default set (confounded)', 'trained on the balanced set'],
        );
      }
    });
  }
});
