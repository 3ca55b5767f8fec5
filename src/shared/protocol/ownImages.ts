import { MIN_IMAGES_PER_CLASS, type FolderReport } from '../charts/datasetBalance';
import { both, type Localized } from '../i18n';

/**
 * "Train on my images": the `preprocess` + `buildModel` of the exercise whose exercise.json declares `ownImages` (19), `preprocess`
 * + `buildModel` trained by the grader on a
 * folder of the learner's own pictures (one sub-folder per class). The host lists the folder and
 * hands the grader worker one reference per picture (a webview resource URL inside VS Code, a file
 * path for the command-line grader); the worker reads and decodes them one at a time, so memory
 * stays small whatever the photos weigh (probe `training.ownImages`).
 */
export const OWN_IMAGES_PROBE = 'training.ownImages' as const;

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
    return both(
      'Too few images in {0}: at least {1} per class, to learn from and to keep some aside for testing.',
      few.map((c) => `${c}/`).join(', '),
      OWN_IMAGES.minPerClass,
    );
  }
  return undefined;
}

/** Said when a class holds more than OWN_IMAGES.maxPerClass images: how many were left out. */
export function skippedImagesNote(skipped: number): Localized {
  return both('Only the first {0} images of each class (by name) are used: {1} left out.', OWN_IMAGES.maxPerClass, skipped);
}

/** One of the learner's pictures, as the host hands it to the grader worker. */
export interface ImageRef {
  readonly className: string;
  /** The file name inside the class folder (for messages). */
  readonly name: string;
  /** Where the host's reader finds it: a webview resource URL, or a file path for the CLI. */
  readonly ref: string;
}

/** The probe's input: every picture of the folder, by class. */
export interface OwnImagesParams {
  /** The folder as the learner knows it (workspace-relative path), for messages. */
  readonly folder: string;
  readonly images: readonly ImageRef[];
}

export interface OwnImagesClass {
  readonly className: string;
  readonly train: number;
  readonly test: number;
  /** Held-out images of this class classified right. */
  readonly right: number;
}

export interface OwnImagesResult {
  readonly folder: string;
  readonly classes: readonly OwnImagesClass[];
  readonly accuracy: number;
  readonly trainAccuracy: number;
  readonly epochsRun: number;
  readonly epochs: number;
  readonly stoppedEarly: boolean;
  readonly model: string;
  readonly params: number;
  /** The learner's output layer, when it was replaced for this folder's number of classes. */
  readonly replacedHead?: string;
  readonly failed: readonly { readonly file: string; readonly reason: string }[];
  readonly summary: Localized;
}
