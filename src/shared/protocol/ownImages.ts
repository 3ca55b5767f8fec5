import type { EncodedImage } from '../../grader/core/classImages';
import type { OwnImagesParams, OwnImagesResult } from '../../grader/core/probes/ownImages';

/**
 * "Train on my images": exercise 19's `preprocess` + `buildModel` trained by the grader on a
 * folder of the learner's own pictures (one sub-folder per class). The extension host reads the
 * folder and hands the bytes to the training page, whose grader worker decodes and trains
 * (probe `training.ownImages`); the command-line grader does the same with `dl-course train`.
 */
export const OWN_IMAGES_EXERCISE = '19-cats-vs-dogs';
export const OWN_IMAGES_PROBE = 'training.ownImages';
/** The probe's whole time budget (decoding + training), past which the worker is stopped. */
export const OWN_IMAGES_TIMEOUT_MS = 10 * 60_000;

export type { EncodedImage, OwnImagesParams, OwnImagesResult };
