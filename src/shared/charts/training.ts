import type { ConfusionReport, GroupAccuracyReport, TrainingProgress } from '../grading';
import { L, both, pick, type Lang, type Localized } from '../i18n';

/**
 * Chart data for the training panel: loss and accuracy curves per epoch (train and
 * validation), the progress fraction, the confusion matrix normalised by row, and the
 * under/over-fitting reading of exercise 17. Environment-free and pure.
 */

export interface CurvePoint {
  readonly epoch: number;
  readonly value: number;
}
export interface Series {
  readonly key: 'train' | 'validation';
  readonly points: CurvePoint[];
}
export interface Curves {
  readonly loss: Series[];
  readonly acc: Series[];
  /** Epochs of the run (for the x axis). */
  readonly epochs: number;
}

/**
 * Adds one progress update to a run's history. Only end-of-epoch updates (no `batch`) become
 * curve points; an update for an epoch already recorded replaces it; an epoch lower than the
 * last starts a new history (a new fit began).
 */
export function appendProgress(history: readonly TrainingProgress[], p: TrainingProgress): TrainingProgress[] {
  if (p.batch !== undefined && p.batch < (p.batches ?? Infinity)) return [...history];
  const last = history[history.length - 1];
  if (last && p.epoch < last.epoch) return [p];
  if (last && p.epoch === last.epoch) return [...history.slice(0, -1), { ...last, ...p }];
  return [...history, p];
}

const finite = (v: number | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** Curves from a history; series with no finite point are left out. */
export function curveSeries(history: readonly TrainingProgress[]): Curves {
  const series = (key: 'train' | 'validation', get: (p: TrainingProgress) => number | undefined): Series => ({
    key,
    points: history.filter((p) => finite(get(p))).map((p) => ({ epoch: p.epoch, value: get(p)! })),
  });
  const keep = (s: Series[]) => s.filter((x) => x.points.length > 0);
  return {
    loss: keep([series('train', (p) => p.loss), series('validation', (p) => p.valLoss)]),
    acc: keep([series('train', (p) => p.acc), series('validation', (p) => p.valAcc)]),
    epochs: Math.max(1, ...history.map((p) => p.epochs)),
  };
}

/**
 * The accuracy axis: the values' range kept inside [0, 1] (an accuracy is never above 1 nor below
 * 0), widened to 0.1 around a single value (a run that stopped after one epoch has one point, and
 * an axis from 0.8 to 1.8 looked broken), and [0, 1] with no value.
 */
export function accuracyDomain(series: readonly Series[]): [number, number] {
  const values = series.flatMap((s) => s.points.map((p) => p.value)).filter(finite);
  if (!values.length) return [0, 1];
  let lo = Math.max(0, Math.min(...values));
  let hi = Math.min(1, Math.max(...values));
  if (hi - lo < 0.1) {
    const mid = (lo + hi) / 2;
    lo = Math.max(0, Math.min(mid - 0.05, 0.9));
    hi = Math.min(1, Math.max(mid + 0.05, 0.1));
  }
  return [lo, hi];
}

/** The run reached its target in its first epoch and stopped there (its curves have a single epoch). */
export function reachedInOneEpoch(last: TrainingProgress | undefined, passed: boolean): boolean {
  return passed && !!last && last.epoch === 1 && last.epochs > 1;
}

/**
 * The training series with the batches inside each epoch (as TensorFlow Playground shows the loss
 * move while it trains, not one point per epoch): a mid-epoch batch update at epoch − 1 +
 * batch/batches, beside the end-of-epoch points. Only the last fit's batches; validation is
 * measured at epoch ends only.
 */
export function withBatches(curves: Curves, updates: readonly TrainingProgress[]): Curves {
  let batches: TrainingProgress[] = [];
  let lastEpoch = 0;
  for (const p of updates) {
    if (p.epoch < lastEpoch) batches = [];
    lastEpoch = p.epoch;
    if (p.batch !== undefined && p.batches && p.batch < p.batches) batches.push(p);
  }
  if (!batches.length) return curves;
  const add = (series: Series[], get: (p: TrainingProgress) => number | undefined): Series[] =>
    series.map((s) => {
      if (s.key !== 'train') return s;
      const mid = batches.filter((p) => finite(get(p))).map((p) => ({ epoch: p.epoch - 1 + p.batch! / p.batches!, value: get(p)! }));
      return { ...s, points: [...s.points, ...mid].sort((a, b) => a.epoch - b.epoch) };
    });
  return { ...curves, loss: add(curves.loss, (p) => p.loss), acc: add(curves.acc, (p) => p.acc) };
}

/** Done fraction 0–1 of a fit, counting batches inside the current epoch when given. */
export function progressFraction(p: TrainingProgress | undefined): number {
  if (!p || !(p.epochs > 0)) return 0;
  const inEpoch = p.batch !== undefined && p.batches ? p.batch / p.batches : 1;
  const done = p.batch !== undefined && p.batches && p.batch < p.batches ? p.epoch - 1 + inEpoch : p.epoch;
  return Math.min(1, Math.max(0, done / p.epochs));
}

export interface ConfusionCell {
  readonly actual: number;
  readonly predicted: number;
  readonly count: number;
  /** Share of the actual class (row-normalised), 0–1. */
  readonly rate: number;
}

export interface ConfusionData {
  readonly labels: readonly string[];
  readonly cells: ConfusionCell[];
  readonly accuracy: number;
  readonly total: number;
  /** Per class: recall (diagonal / row total). */
  readonly recall: number[];
  /** The most frequent mistake (off-diagonal cell with the largest count), if any. */
  readonly worst?: ConfusionCell;
}

/** Row-normalises a confusion matrix [actual][predicted] into cells, with accuracy and recall. */
export function confusionData(report: Pick<ConfusionReport, 'labels' | 'matrix'>): ConfusionData {
  const cells: ConfusionCell[] = [];
  let total = 0;
  let right = 0;
  const recall: number[] = [];
  let worst: ConfusionCell | undefined;
  report.matrix.forEach((row, a) => {
    const n = row.reduce((s, v) => s + v, 0);
    total += n;
    right += row[a] ?? 0;
    recall.push(n ? (row[a] ?? 0) / n : 0);
    row.forEach((count, p) => {
      const cell = { actual: a, predicted: p, count, rate: n ? count / n : 0 };
      cells.push(cell);
      if (a !== p && count > 0 && (!worst || count > worst.count)) worst = cell;
    });
  });
  return { labels: report.labels, cells, accuracy: total ? right / total : 0, total, recall, ...(worst ? { worst } : {}) };
}

/** Decodes the base64 of ConfusionExample.pixels (the inverse of grader/core/confusion.ts toBase64). */
export function fromBase64(s: string): Uint8Array {
  const table = new Int16Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  const clean = s.replace(/[^A-Za-z0-9+/]/g, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | table[clean.charCodeAt(i)]!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

/** The updates of one fit of a check (a check may train more than once: 19 trains on the confounded set, then on the balanced one). */
export interface FitSegment {
  readonly fit?: Localized;
  readonly updates: TrainingProgress[];
}

/** Splits a check's updates by their `fit` label, in order; an update without one stays with the fit before it. */
export function fitSegments(updates: readonly TrainingProgress[]): FitSegment[] {
  const out: { fit?: Localized; updates: TrainingProgress[] }[] = [];
  for (const u of updates) {
    const current = out[out.length - 1];
    if (!current || (u.fit && u.fit.en !== current.fit?.en)) out.push({ ...(u.fit ? { fit: u.fit } : {}), updates: [u] });
    else current.updates.push(u);
  }
  return out;
}

export interface GroupAccuracyCell {
  readonly group: string;
  readonly fit: string;
  /** Percent, 0–100. */
  readonly accuracy: number;
  readonly right: number;
  readonly total: number;
}

export interface GroupAccuracyTable {
  /** Group names, in the order of the first report. */
  readonly groups: string[];
  /** One per report: what its model was trained on. */
  readonly fits: string[];
  readonly cells: GroupAccuracyCell[];
}

/** Accuracy per group for each fit's report, in one language: one bar group per group, one bar per fit. */
export function groupAccuracyTable(reports: readonly GroupAccuracyReport[], lang: Lang): GroupAccuracyTable {
  const groups: string[] = [];
  const fits: string[] = [];
  const cells: GroupAccuracyCell[] = [];
  for (const r of reports) {
    const fit = pick(r.trainedOn, lang);
    fits.push(fit);
    for (const g of r.groups) {
      const group = pick(g.name, lang);
      if (!groups.includes(group)) groups.push(group);
      cells.push({ group, fit, accuracy: g.total ? (100 * g.right) / g.total : 0, right: g.right, total: g.total });
    }
  }
  return { groups, fits, cells };
}

/** RGBA bytes for a canvas ImageData from grey or RGB bytes. */
export function toRgba(pixels: Uint8Array, channels: number): Uint8ClampedArray {
  const n = Math.floor(pixels.length / channels);
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const r = pixels[i * channels]!;
    out[i * 4] = r;
    out[i * 4 + 1] = channels >= 3 ? pixels[i * channels + 1]! : r;
    out[i * 4 + 2] = channels >= 3 ? pixels[i * channels + 2]! : r;
    out[i * 4 + 3] = 255;
  }
  return out;
}

// ---- exercise 17: fitting cos(x) ----

export type FitReading = 'under' | 'over' | 'good' | 'unknown';

/**
 * The same thresholds as exercise 17's check: cos(x) itself scores the noise, 0.15² = 0.0225,
 * on both sets; a training error under half of it means the points were learnt by heart.
 */
export const FIT_THRESHOLDS = {
  underTrainMse: 0.045,
  maxGap: 0.025,
  maxValMse: 0.045,
  noiseMse: 0.0225,
  memorisedTrainMse: 0.01125,
} as const;

export function readFit(trainMse: number | undefined, valMse: number | undefined): FitReading {
  if (!finite(trainMse) || !finite(valMse)) return 'unknown';
  const t = FIT_THRESHOLDS;
  if (trainMse > t.underTrainMse) return 'under';
  if (valMse - trainMse > t.maxGap || valMse > t.maxValMse) return 'over';
  return 'good';
}

export function fitSentence(reading: FitReading, trainMse: number, valMse: number): Localized {
  const f = (x: number) => x.toFixed(4);
  const nums = both(
    'training MSE {0}, validation MSE {1}',
    L(f(trainMse), f(trainMse).replace('.', ',')),
    L(f(valMse), f(valMse).replace('.', ',')),
  );
  switch (reading) {
    case 'under':
      return both('Under-fitting ({0}): the curve is too stiff to follow cos(x), even on the training points.', nums);
    case 'over':
      return both('Over-fitting ({0}): the curve chases the noise of the 20 training points and misses new ones.', nums);
    case 'good':
      return both('A good fit ({0}): close to the noise level on both sets.', nums);
    default:
      return both('No fit yet.');
  }
}

/** Evenly spaced x values on [lo, hi], both ends included. */
export function grid(lo: number, hi: number, n: number): number[] {
  if (n <= 1) return [lo];
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}
