import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  confounderSentence,
  confounderTable,
  countLabels,
  folderReport,
  groupedBars,
  imbalanceRatio,
  inverseFrequencyWeights,
  summariseSample,
  weightedMass,
} from '../../src/shared/charts/datasetBalance';
import { isImageName, sniffImage } from '../../src/shared/images';
import type { BalanceProbeResult } from '../../src/grader/core/probes/datasetBalance';
import { probeInProcess, REPO_ROOT } from '../support/inProcessProbe';

const CATSDOGS = path.join(REPO_ROOT, 'media/data/catsdogs');

describe('dataset balance: counts and ratios', () => {
  it('counts labels by class, ignoring out-of-range ones', () => {
    assert.deepEqual(countLabels([0, 1, 1, 2, 5, -1], 3), [1, 2, 1]);
  });
  it('imbalance ratio: largest over smallest; Infinity for an empty class; NaN without data', () => {
    assert.equal(imbalanceRatio([300, 100]), 3);
    assert.equal(imbalanceRatio([100, 100]), 1);
    assert.equal(imbalanceRatio([5, 0]), Infinity);
    assert.ok(Number.isNaN(imbalanceRatio([])));
  });
  it('grouped bars carry the share of their split', () => {
    const bars = groupedBars(
      [
        { split: 'train', counts: [300, 100] },
        { split: 'test', counts: [100, 100] },
      ],
      ['cat', 'dog'],
    );
    assert.equal(bars.length, 4);
    assert.deepEqual(
      bars.map((b) => b.share),
      [0.75, 0.25, 0.5, 0.5],
    );
    assert.deepEqual(
      bars.map((b) => `${b.split}/${b.cls}`),
      ['train/cat', 'train/dog', 'test/cat', 'test/dog'],
    );
  });
  it('inverse-frequency weights make every class weigh the same in the loss, mean weight 1', () => {
    const counts = [300, 100];
    const w = inverseFrequencyWeights(counts);
    assert.deepEqual(
      w.map((x) => +x.toFixed(4)),
      [0.6667, 2],
    );
    const mass = weightedMass(counts, w);
    assert.equal(mass[0]!.toFixed(6), mass[1]!.toFixed(6));
    assert.equal((counts[0]! * w[0]! + counts[1]! * w[1]!) / 400, 1);
  });
  it('summarises a sample: counts, invalid and repeated indices', () => {
    const s = summariseSample([0, 1, 2, 2, 9, -1, 1.5], [0, 0, 1, 1], 2);
    assert.deepEqual(s, { counts: [2, 2], invalid: 3, duplicates: 1 });
  });
});

describe('dataset balance: the confounder of the shipped cat/dog set', () => {
  const meta = JSON.parse(fs.readFileSync(path.join(CATSDOGS, 'default/meta.json'), 'utf8')) as {
    backgroundCounts: Record<string, Record<string, number>>;
  };
  const labels = fs.readFileSync(path.join(CATSDOGS, 'default/labels.u8'));
  it('builds the class × background table from per-image data and agrees with meta.json', () => {
    // Rebuild per-image backgrounds from meta's table order (the loader's own parsing is tested in data.unit.test.ts).
    const labelsArr = [...labels];
    const bgs: string[] = [];
    const left = JSON.parse(JSON.stringify(meta.backgroundCounts)) as Record<string, Record<string, number>>;
    for (const l of labelsArr) {
      const cls = l === 0 ? 'cat' : 'dog';
      const bg = left[cls]!.snow! > 0 ? 'snow' : 'grass';
      left[cls]![bg]!--;
      bgs.push(bg);
    }
    const t = confounderTable(labelsArr, bgs, ['cat', 'dog']);
    assert.deepEqual(t.backgrounds, ['grass', 'snow']);
    const get = (c: string, b: string) => t.cells.find((x) => x.cls === c && x.background === b)!;
    assert.equal(get('dog', 'snow').count, meta.backgroundCounts.dog!.snow);
    assert.equal(get('cat', 'grass').count, meta.backgroundCounts.cat!.grass);
    assert.equal(get('dog', 'snow').shareOfClass, 0.9);
    assert.deepEqual(
      t.dominant.map((d) => d.background),
      ['grass', 'snow'],
    );
    // Background only: grass → cat (270 of 280 right), snow → dog (90 of 120 right).
    assert.equal(t.backgroundOnlyAccuracy, (270 + 90) / 400);
    const s = confounderSentence(t);
    assert.match(s.en, /90 % of the dogs are on snow/);
    assert.match(s.en, /90 %/);
    assert.match(s.fr, /des chiens sont sur la neige/);
  });
  it('says the background is not a shortcut when it is not', () => {
    const t = confounderTable([0, 0, 1, 1], ['snow', 'grass', 'snow', 'grass'], ['cat', 'dog']);
    assert.equal(t.backgroundOnlyAccuracy, 0.5);
    assert.match(confounderSentence(t).en, /has to look at the animal/);
  });
});

describe("dataset balance: a folder of the learner's images", () => {
  const ok = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `${i}.png`, readable: true }));
  it('counts readable images per class and accepts two classes', () => {
    const r = folderReport([
      { className: 'dog', files: ok(12) },
      { className: 'cat', files: ok(12) },
    ]);
    assert.deepEqual(r.classes, ['cat', 'dog']);
    assert.deepEqual(r.counts, [12, 12]);
    assert.equal(r.usable, true);
    assert.equal(r.problems.length, 0);
  });
  it('reports a single class, too few images, unreadable and loose files', () => {
    const single = folderReport([{ className: 'cat', files: ok(20) }]);
    assert.equal(single.usable, false);
    assert.match(single.problems[0]!.en, /at least two classes/);
    const r = folderReport(
      [
        { className: 'cat', files: [...ok(3), { name: 'notes.png', readable: false }] },
        { className: 'dog', files: ok(30) },
      ],
      2,
    );
    const text = r.problems.map((p) => p.en).join('\n');
    assert.match(text, /cat\/ has only 3 image/);
    assert.match(text, /1 file\(s\) are not images.*cat\/notes\.png/);
    assert.match(text, /2 file\(s\) lie directly in the folder/);
    assert.match(text, /imbalanced \(ratio 10\.0 : 1\)/);
    assert.equal(r.usable, true);
  });
  it('reports an empty folder and an empty class', () => {
    assert.match(folderReport([]).problems[0]!.en, /no sub-folders/);
    const r = folderReport([
      { className: 'cat', files: [] },
      { className: 'dog', files: ok(12) },
    ]);
    assert.equal(r.usable, false);
    assert.ok(r.problems.some((p) => /cat\/ holds no readable image/.test(p.en)));
    // The course folder itself (sub-folders without images): one sentence that says what to pick, not a line per folder.
    const above = folderReport([
      { className: '01-weighted-sum', files: [{ name: 'exercise.ts', readable: false }] },
      { className: '02-dense-layer', files: [] },
    ]);
    assert.equal(above.problems.filter((p) => /holds no readable image/.test(p.en)).length, 0);
    assert.match(above.problems[0]!.en, /None of its 2 sub-folder\(s\) holds images: choose the folder whose sub-folders are the classes/);
  });
  it('recognises image files by name and by their first bytes', () => {
    assert.ok(isImageName('a.JPG'));
    assert.ok(!isImageName('readme.md'));
    assert.ok(!isImageName('png'));
    const png = fs.readFileSync(path.join(CATSDOGS, 'samples/cat-grass-1.png'));
    assert.equal(sniffImage(png.subarray(0, 16)), 'png');
    assert.equal(sniffImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])), 'jpeg');
    assert.equal(sniffImage(new TextEncoder().encode('hello world!')), undefined);
  });
});

const SOLUTION_16 = `
export function classCounts(labels: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of labels) out[l] = (out[l] ?? 0) + 1;
  return out;
}
export function imbalanceRatio(labels: string[]): number {
  const c = Object.values(classCounts(labels));
  return Math.max(...c) / Math.min(...c);
}
export function classWeights(labels: string[]): Record<string, number> {
  const c = classCounts(labels);
  const k = Object.keys(c).length;
  const out: Record<string, number> = {};
  for (const [name, n] of Object.entries(c)) out[name] = labels.length / (k * n);
  return out;
}
export function balancedSample(labels: string[], seed: number): number[] {
  const byClass: Record<string, number[]> = {};
  labels.forEach((l, i) => (byClass[l] ??= []).push(i));
  const m = Math.min(...Object.values(byClass).map((v) => v.length));
  let s = seed;
  const next = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const out: number[] = [];
  for (const idx of Object.values(byClass)) {
    const copy = [...idx];
    for (let i = copy.length - 1; i > 0; i--) { const j = Math.floor(next() * (i + 1)); [copy[i], copy[j]] = [copy[j]!, copy[i]!]; }
    out.push(...copy.slice(0, m));
  }
  return out;
}
`;

describe('probe datasetBalance.learner', () => {
  it("runs the learner's four functions on the shipped labels", async () => {
    const r = await probeInProcess('16-dataset-balance', SOLUTION_16, 'datasetBalance.learner', {});
    assert.ok(r.ok, JSON.stringify(r));
    const d = r.data as BalanceProbeResult;
    assert.deepEqual(d.classNames, ['cat', 'dog']);
    assert.equal(d.labels.length, 400);
    assert.deepEqual(d.classCounts, { ok: true, value: { cat: 300, dog: 100 } });
    assert.deepEqual(d.imbalanceRatio, { ok: true, value: 3 });
    assert.ok(d.classWeights.ok);
    const s = d.balancedSample.ok ? summariseSample(d.balancedSample.value, d.labels, 2) : undefined;
    assert.deepEqual(s, { counts: [100, 100], invalid: 0, duplicates: 0 });
  });
  it('reports each missing or broken function on its own', async () => {
    const src = `export function classCounts(labels: string[]) { return { cat: 1 }; }\nexport function imbalanceRatio(labels: string[]): number { throw new Error('TODO'); }`;
    const r = await probeInProcess('16-dataset-balance', src, 'datasetBalance.learner', {});
    assert.ok(r.ok);
    const d = r.data as BalanceProbeResult;
    assert.ok(d.classCounts.ok);
    assert.ok(!d.imbalanceRatio.ok && /TODO/.test(d.imbalanceRatio.error.en));
    assert.ok(!d.classWeights.ok && /not exported/.test(d.classWeights.error.en));
    assert.ok(!d.balancedSample.ok);
  });
});
