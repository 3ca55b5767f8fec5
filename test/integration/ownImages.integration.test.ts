import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { OwnImagesResult } from '../../src/shared/protocol/ownImages';
import type { TrainingProgress } from '../../src/shared/grading';
import { probeInProcess, REPO_ROOT } from '../support/inProcessProbe';
import { catDogImages } from '../support/ownImages';

/**
 * "Train on my images" (exercise 19 on a folder of the learner's own pictures): the probe the
 * training panel runs, and `dl-course train` (the decoders, split and folder walk: test/unit/ownImages.unit.test.ts).
 */

const solution = fs.readFileSync(path.join(REPO_ROOT, 'exercises/19-cats-vs-dogs/solution.ts'), 'utf8');
const starter = fs.readFileSync(path.join(REPO_ROOT, 'exercises/19-cats-vs-dogs/starter.ts'), 'utf8');

describe('probe training.ownImages (exercise 19 on a folder of images)', () => {
  it('trains the reference solution on 2 classes: accuracy per class, progress, a confusion matrix of the held-out images', async () => {
    const progress: TrainingProgress[] = [];
    const r = await probeInProcess('19-cats-vs-dogs', solution, 'training.ownImages', { folder: 'photos', images: catDogImages(20) }, (p) =>
      progress.push(p),
    );
    assert.ok(r.ok, r.ok ? '' : r.error.en);
    const d = r.data as OwnImagesResult;
    assert.deepEqual(
      d.classes.map((c) => [c.className, c.train, c.test]),
      [
        ['cats', 16, 4],
        ['dogs', 16, 4],
      ],
    );
    assert.equal(d.replacedHead, undefined);
    assert.ok(d.accuracy >= 0 && d.accuracy <= 1);
    assert.equal(d.accuracy, d.classes.reduce((s, c) => s + c.right, 0) / 8);
    assert.equal(d.epochsRun, 15);
    assert.match(
      d.summary.en,
      /Trained on 32 of your images \(cats 20, dogs 20 in all; ×2 mirrored\) for 15 epoch\(s\): .* on the 8 held out/,
    );
    assert.equal(progress.filter((p) => p.loss !== undefined).length, 15, 'one update per epoch');
    const confusion = progress.find((p) => p.confusion)?.confusion;
    assert.ok(confusion, 'the last update carries the confusion matrix');
    assert.deepEqual(confusion.labels, ['cats', 'dogs']);
    assert.equal(
      confusion.matrix.flat().reduce((a, b) => a + b, 0),
      8,
    );
    assert.ok(confusion.examples?.length, 'with the images of each cell');
  });
  it('3 classes: the output layer is replaced for the run, and said', async () => {
    const images = [
      ...catDogImages(10, 'jpeg'),
      ...catDogImages(10)
        .filter((i) => i.className === 'cats')
        .map((i) => ({ ...i, className: 'birds' })),
    ];
    const r = await probeInProcess('19-cats-vs-dogs', solution, 'training.ownImages', { folder: 'three', images });
    assert.ok(r.ok, r.ok ? '' : r.error.en);
    const d = r.data as OwnImagesResult;
    assert.deepEqual(
      d.classes.map((c) => c.className),
      ['birds', 'cats', 'dogs'],
    );
    assert.match(d.replacedHead ?? '', /^dense, 2 outputs$/);
    assert.match(d.model, /dense\(3 softmax\)$/);
  });
  it('the starter: its unscaled preprocess is named, nothing is trained', async () => {
    const r = await probeInProcess('19-cats-vs-dogs', starter, 'training.ownImages', { folder: 'photos', images: catDogImages(10) });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error.en, /preprocess\(one of your images\) gives values from 0 to 25\d: the data is not normalised/);
  });
  it('one class, or too few images that decode: a message that says which, before any training', async () => {
    const one = await probeInProcess('19-cats-vs-dogs', solution, 'training.ownImages', {
      folder: 'x',
      images: catDogImages(12).filter((i) => i.className === 'cats'),
    });
    assert.match(one.ok ? '' : one.error.en, /Only one class \(cats\)/);
    const broken = catDogImages(12, 'png', (b, c, k) => (c === 'dogs' && k % 2 ? b.subarray(0, 40) : b));
    const few = await probeInProcess('19-cats-vs-dogs', solution, 'training.ownImages', { folder: 'x', images: broken });
    assert.match(
      few.ok ? '' : few.error.en,
      /Too few images that could be read in dogs\/ \(\d\).*could not be decoded and were left out: dogs\//s,
    );
  });
});

describe('dl-course train (the command-line grader on a folder of images)', () => {
  const cli = path.join(REPO_ROOT, 'dist', 'cli.js');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-own-'));
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 300_000 });
  const folder = path.dirname(path.dirname(catDogImages(12)[0]!.ref));
  // A class folder that is a symbolic link counts, as in VS Code.
  const linked = path.join(tmp, 'linked');
  fs.mkdirSync(linked);
  fs.symlinkSync(path.join(folder, 'cats'), path.join(linked, 'cats'));
  fs.cpSync(path.join(folder, 'dogs'), path.join(linked, 'dogs'), { recursive: true });
  const file = path.join(tmp, 'exercise.ts');
  fs.writeFileSync(file, solution);
  it('--json: exit 0, per-class figures, the backend', () => {
    assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
    const r = run('train', '19-cats-vs-dogs', file, '--images', folder, '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      ok: boolean;
      backend: string;
      classes: { className: string; test: number }[];
      accuracy: number;
      warnings: string[];
    };
    assert.equal(out.ok, true);
    assert.ok(['wasm', 'cpu'].includes(out.backend));
    assert.deepEqual(
      out.classes.map((c) => [c.className, c.test]),
      [
        ['cats', 2],
        ['dogs', 2],
      ],
    );
    assert.match(r.stderr, /epoch 15\/15 · loss /, 'progress per epoch on stderr');
    const viaLink = run('train', '19-cats-vs-dogs', file, '--images', linked, '--json');
    assert.equal(viaLink.status, 0, viaLink.stderr);
    assert.deepEqual(
      (JSON.parse(viaLink.stdout) as { classes: { className: string }[] }).classes.map((c) => c.className),
      ['cats', 'dogs'],
    );
  });
  it('usage errors and unusable folders exit 2 with a message; a failing submission exits 1', () => {
    const noFlag = run('train', '19-cats-vs-dogs', file);
    assert.equal(noFlag.status, 2);
    assert.match(noFlag.stderr, /missing --images <folder>/);
    const other = run('train', '18-mnist', file, '--images', folder);
    assert.equal(other.status, 2);
    assert.match(other.stderr, /only 19-cats-vs-dogs trains on your own images/);
    const single = path.join(tmp, 'single');
    fs.mkdirSync(single);
    fs.cpSync(path.join(folder, 'cats'), path.join(single, 'cats'), { recursive: true });
    const one = run('train', '19-cats-vs-dogs', file, '--images', single);
    assert.equal(one.status, 2);
    assert.match(one.stderr, /cannot be trained on:\n {2}- Only 1 class has images \(cats\)/);
    const oneJson = run('train', '19-cats-vs-dogs', file, '--images', single, '--json');
    assert.equal(oneJson.status, 2);
    assert.equal((JSON.parse(oneJson.stdout) as { ok: boolean }).ok, false, '--json still prints one object');
    const bad = path.join(tmp, 'starter.ts');
    fs.writeFileSync(bad, starter);
    const failing = run('train', '19-cats-vs-dogs', bad, '--images', folder, '--lang', 'fr');
    assert.equal(failing.status, 1);
    assert.match(failing.stderr, /les données ne sont pas normalisées/);
  });
});
