import type { FolderReport } from '../charts/datasetBalance';
import { MIN_IMAGES_PER_CLASS } from '../charts/datasetBalance';
import { both, type Localized } from '../i18n';
import type { ImageRef } from '../../grader/core/classImages';
import type { OwnImagesParams, OwnImagesResult } from '../../grader/core/probes/ownImages';

/**
 * "Train on my images": exercise 19's `preprocess` + `buildModel` trained by the grader on a
 * folder of the learner's own pictures (one sub-folder per class). The host lists the folder and
 * hands the grader worker one reference per picture (a webview resource URL inside VS Code, a file
 * path for the command-line grader); the worker reads and decodes them one at a time, so memory
 * stays small whatever the photos weigh (probe `training.ownImages`).
 */
export const OWN_IMAGES_EXERCISE = '19-cats-vs-dogs';
export const OWN_IMAGES_PROBE = 'training.ownImages';

export const OWN_IMAGES = {
  /** Fewer readable images than this in a class: the folder is refused before any training. */
  minPerClass: MIN_IMAGES_PER_CLASS,
  /** Images used per class (the first ones by file name); the rest are counted, not used. */
  maxPerClass: 300,
  /** A file larger than this is left out (with its reason), never read whole. */
  maxFileBytes: 40_000_000,
  /** Largest picture decoded, in pixels (a 50-megapixel photo); larger ones are left out. */
  maxPixels: 50_000_000,
  /** Training stops (keeping what it learnt) past this, counted from the first epoch. */
  trainBudgetMs: 8 * 60_000,
  /** The probe's whole time (reading, decoding, training), past which the worker is stopped. */
  timeoutMs: 15 * 60_000,
} as const;

/** Why a listed folder cannot be trained on (one class, a class with too few images), or undefined. */
export function ownImagesRefusal(report: FolderReport): Localized | undefined {
  const used = report.counts.filter((c) => c > 0);
  if (!report.usable || used.length < 2) {
    return both('A classifier needs at least two sub-folders of images, one per class.');
  }
  const few = report.classes.filter((_, i) => report.counts[i]! > 0 && report.counts[i]! < OWN_IMAGES.minPerClass);
  if (few.length) {
    return both('Too few images in {0}: at least {1} per class, to learn from and to keep some aside for testing.', few.map((c) => `${c}/`).join(', '), OWN_IMAGES.minPerClass);
  }
  return undefined;
}

/** Said when a class holds more than OWN_IMAGES.maxPerClass images: how many were left out. */
export function skippedImagesNote(skipped: number): Localized {
  return both('Only the first {0} images of each class (by name) are used: {1} left out.', OWN_IMAGES.maxPerClass, skipped);
}

export type { ImageRef, OwnImagesParams, OwnImagesResult };
