import { L, both, type Localized } from '../i18n';

/**
 * Chart data for the dataset-balance panel: class counts per split, imbalance, the effect of
 * class weights and of a balanced sample, the class × background confounder, and the report on
 * a folder of the learner's own images. Environment-free and pure: the panel's page draws what
 * these return, the unit tests check them.
 */

export interface SplitCounts {
  /** "train", "balanced", "test", … */
  readonly split: string;
  /** Count by class, in the order of `classes`. */
  readonly counts: readonly number[];
}

export interface Bar {
  readonly split: string;
  readonly cls: string;
  readonly classIndex: number;
  readonly count: number;
  /** Share of the split, 0–1. */
  readonly share: number;
}

/** Counts of each class index 0..classes-1 in a label list (out-of-range labels are ignored). */
export function countLabels(labels: ArrayLike<number>, classes: number): number[] {
  const out = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (Number.isInteger(l) && l >= 0 && l < classes) out[l]!++;
  }
  return out;
}

/** Largest class over smallest: 1 is balanced, Infinity when a class is empty, NaN with no data. */
export function imbalanceRatio(counts: readonly number[]): number {
  if (counts.length === 0 || counts.every((c) => c === 0)) return NaN;
  const max = Math.max(...counts);
  const min = Math.min(...counts);
  return min === 0 ? Infinity : max / min;
}

/** One bar per (split, class), for a grouped bar chart. */
export function groupedBars(splits: readonly SplitCounts[], classes: readonly string[]): Bar[] {
  const bars: Bar[] = [];
  for (const s of splits) {
    const total = s.counts.reduce((a, b) => a + b, 0);
    classes.forEach((cls, i) => {
      const count = s.counts[i] ?? 0;
      bars.push({ split: s.split, cls, classIndex: i, count, share: total > 0 ? count / total : 0 });
    });
  }
  return bars;
}

/**
 * What a weighted loss "sees": each class's count times its weight. With inverse-frequency
 * weights every class weighs the same in the loss, which is what the panel's "after" bars show.
 */
export function weightedMass(counts: readonly number[], weights: readonly number[]): number[] {
  return counts.map((c, i) => c * (weights[i] ?? 0));
}

/** The reference weights of exercise 16: inverse frequency, normalised so the mean weight over the examples is 1. */
export function inverseFrequencyWeights(counts: readonly number[]): number[] {
  const n = counts.reduce((a, b) => a + b, 0);
  const k = counts.filter((c) => c > 0).length;
  return counts.map((c) => (c > 0 ? n / (k * c) : 0));
}

export interface SampleSummary {
  /** Count by class of the sampled indices that are valid. */
  readonly counts: number[];
  /** Indices outside 0..labels.length-1 or not integers. */
  readonly invalid: number;
  /** Indices that appear more than once. */
  readonly duplicates: number;
}

/** What a balanced sample (a list of indices into `labels`) holds. */
export function summariseSample(indices: readonly number[], labels: ArrayLike<number>, classes: number): SampleSummary {
  const counts = new Array<number>(classes).fill(0);
  let invalid = 0;
  let duplicates = 0;
  const seen = new Set<number>();
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= labels.length) {
      invalid++;
      continue;
    }
    if (seen.has(i)) duplicates++;
    seen.add(i);
    const l = labels[i]!;
    if (l >= 0 && l < classes) counts[l]!++;
  }
  return { counts, invalid, duplicates };
}

export interface ConfounderCell {
  readonly cls: string;
  readonly background: string;
  readonly count: number;
  /** Share of the class, 0–1. */
  readonly shareOfClass: number;
}

export interface Confounder {
  readonly classes: readonly string[];
  readonly backgrounds: readonly string[];
  readonly cells: ConfounderCell[];
  /** Accuracy of the rule "guess the class most common on this background", 0–1. */
  readonly backgroundOnlyAccuracy: number;
  /** Per class, its most common background and that background's share of the class. */
  readonly dominant: { readonly cls: string; readonly background: string; readonly share: number }[];
}

/** The class × background table, from per-image labels and backgrounds. */
export function confounderTable(labels: ArrayLike<number>, backgrounds: readonly string[], classes: readonly string[]): Confounder {
  const bgs = [...new Set(backgrounds)].sort();
  const count = classes.map(() => bgs.map(() => 0));
  for (let i = 0; i < labels.length && i < backgrounds.length; i++) {
    const c = labels[i]!;
    const b = bgs.indexOf(backgrounds[i]!);
    if (c >= 0 && c < classes.length && b >= 0) count[c]![b]!++;
  }
  const cells: ConfounderCell[] = [];
  classes.forEach((cls, c) => {
    const total = count[c]!.reduce((a, b) => a + b, 0);
    bgs.forEach((background, b) => cells.push({ cls, background, count: count[c]![b]!, shareOfClass: total ? count[c]![b]! / total : 0 }));
  });
  const n = count.flat().reduce((a, b) => a + b, 0);
  const right = bgs.reduce((s, _, b) => s + Math.max(0, ...classes.map((__, c) => count[c]![b]!)), 0);
  const dominant = classes.map((cls, c) => {
    const total = count[c]!.reduce((a, b) => a + b, 0);
    let best = 0;
    count[c]!.forEach((v, b) => {
      if (v > count[c]![best]!) best = b;
    });
    return { cls, background: bgs[best] ?? '', share: total ? count[c]![best]! / total : 0 };
  });
  return { classes, backgrounds: bgs, cells, backgroundOnlyAccuracy: n ? right / n : 0, dominant };
}

const NAMES: Readonly<Record<string, Localized>> = {
  cat: both('cats'),
  dog: both('dogs'),
  snow: both('snow'),
  grass: both('grass'),
};
const name = (k: string): Localized => NAMES[k] ?? L(k, k);
const percent = (x: number, lang: 'en' | 'fr'): string => `${Math.round(x * 100)}${lang === 'fr' ? ' ' : ' '}%`;

/** One sentence that says what the confounder means for a model trained on this set. */
export function confounderSentence(c: Confounder): Localized {
  const parts = c.dominant.map((d) =>
    both('{0} of the {1} are on {2}', L(percent(d.share, 'en'), percent(d.share, 'fr')), name(d.cls), name(d.background)),
  );
  const acc = c.backgroundOnlyAccuracy;
  const and = both('and');
  const listEn = parts.map((p) => p.en).join(` ${and.en} `);
  const listFr = parts.map((p) => p.fr).join(` ${and.fr} `);
  if (acc >= 0.75 && new Set(c.dominant.map((d) => d.background)).size === c.dominant.length) {
    return both(
      '{0}: a rule that looks only at the background, never at the animal, is already right {1} of the time — a model trained on this set can learn "snow means dog" instead of what a dog looks like, and fail on a dog on grass.',
      L(capital(listEn), capital(listFr)),
      L(percent(acc, 'en'), percent(acc, 'fr')),
    );
  }
  return both(
    '{0}: the background alone predicts the class only {1} of the time, so a model has to look at the animal.',
    L(capital(listEn), capital(listFr)),
    L(percent(acc, 'en'), percent(acc, 'fr')),
  );
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---- the learner's own images: a folder with one sub-folder per class ----

/** Fewer images than this in a class is reported: no split can hold out a meaningful test set. */
export const MIN_IMAGES_PER_CLASS = 10;

export interface FolderEntry {
  /** Sub-folder name = class name. */
  readonly className: string;
  /** Files of the sub-folder; `readable` false when the bytes are not a known image format. */
  readonly files: readonly { readonly name: string; readonly readable: boolean }[];
}

export interface FolderReport {
  readonly classes: string[];
  readonly counts: number[];
  readonly unreadable: { readonly className: string; readonly file: string }[];
  /** Files next to the class folders (ignored). */
  readonly looseFiles: number;
  readonly problems: Localized[];
  /** True when the folder can be used as a data set (at least two classes with images). */
  readonly usable: boolean;
}

/** Counts and problems of a class-per-folder data set, in words a learner can act on. */
export function folderReport(entries: readonly FolderEntry[], looseFiles = 0): FolderReport {
  const sorted = [...entries].sort((a, b) => a.className.localeCompare(b.className));
  const classes = sorted.map((e) => e.className);
  const counts = sorted.map((e) => e.files.filter((f) => f.readable).length);
  const unreadable = sorted.flatMap((e) => e.files.filter((f) => !f.readable).map((f) => ({ className: e.className, file: f.name })));
  const problems: Localized[] = [];
  const withImages = counts.filter((c) => c > 0).length;
  if (sorted.length === 0) {
    problems.push(
      both("This folder has no sub-folders. Put one sub-folder per class in it (e.g. cat/ and dog/), each holding that class's images."),
    );
  } else if (withImages === 0) {
    problems.push(
      both(
        'None of its {0} sub-folder(s) holds images: choose the folder whose sub-folders are the classes (e.g. photos/, holding cats/ and dogs/), not the folder above it.',
        sorted.length,
      ),
    );
  } else if (withImages < 2) {
    problems.push(
      both(
        'Only {0} class has images{1}: a classifier needs at least two classes, one sub-folder each.',
        withImages,
        sorted.length === 1 ? ` (${classes[0]})` : '',
      ),
    );
  }
  sorted.forEach((e, i) => {
    if (withImages === 0) return;
    if (counts[i] === 0) {
      problems.push(both('{0}/ holds no readable image (png, jpg, gif, webp, bmp).', e.className));
    } else if (counts[i]! < MIN_IMAGES_PER_CLASS) {
      problems.push(
        both(
          '{0}/ has only {1} image(s): too few to learn from and to keep some for testing (at least {2}).',
          e.className,
          counts[i],
          MIN_IMAGES_PER_CLASS,
        ),
      );
    }
  });
  if (unreadable.length) {
    const list =
      unreadable
        .slice(0, 5)
        .map((u) => `${u.className}/${u.file}`)
        .join(', ') + (unreadable.length > 5 ? ', …' : '');
    problems.push(both('{0} file(s) are not images that can be read and are left out: {1}.', unreadable.length, list));
  }
  if (looseFiles > 0) {
    problems.push(both('{0} file(s) lie directly in the folder, outside any class sub-folder: they are ignored.', looseFiles));
  }
  const ratio = imbalanceRatio(counts.filter((c) => c > 0));
  if (withImages >= 2 && ratio >= 1.5) {
    problems.push(
      both(
        'The classes are imbalanced (ratio {0} : 1): a model can score well by favouring the largest class; use class weights or a balanced sample.',
        L(ratio.toFixed(1), ratio.toFixed(1).replace('.', ',')),
      ),
    );
  }
  return { classes, counts, unreadable, looseFiles, problems, usable: withImages >= 2 };
}
