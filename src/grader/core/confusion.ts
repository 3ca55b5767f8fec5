import type { ConfusionExample, ConfusionReport } from '../../shared/grading';
import type { Localized } from '../../shared/i18n';
import type { ImageSet } from './datasets';
import { confusionMatrix } from './models';

/**
 * A classifier's confusion report for the training panel: the matrix [actual][predicted] and,
 * when the images are at hand, a few of them per cell (click a cell → its images). Checks send
 * it with their last progress update: `ctx.progress({ ...last, confusion })`.
 */
export interface ConfusionOptions {
  /** The images behind `labels` (same order), to attach examples; `indices[i]` is row i's index in the set. */
  readonly images?: { readonly set: ImageSet; readonly indices?: readonly number[] };
  /** Examples kept per cell (default 4). */
  readonly perCell?: number;
  readonly on?: Localized;
}

/** The report from labels and predictions already computed. */
export function confusionFromPredictions(
  labels: ArrayLike<number>,
  predicted: readonly number[],
  classNames: readonly string[],
  opts: ConfusionOptions = {},
): ConfusionReport {
  const matrix = confusionMatrix(labels, predicted, classNames.length);
  const examples: ConfusionExample[] = [];
  const img = opts.images;
  if (img) {
    const perCell = opts.perCell ?? 4;
    const taken = new Map<string, number>();
    const { set } = img;
    const per = set.height * set.width * set.channels;
    for (let i = 0; i < labels.length; i++) {
      const key = `${labels[i]}:${predicted[i]}`;
      const n = taken.get(key) ?? 0;
      if (n >= perCell) continue;
      taken.set(key, n + 1);
      const k = img.indices?.[i] ?? i;
      examples.push({
        actual: labels[i]!,
        predicted: predicted[i]!,
        width: set.width,
        height: set.height,
        channels: set.channels,
        pixels: toBase64(set.images.subarray(k * per, (k + 1) * per)),
      });
    }
  }
  return { labels: [...classNames], matrix, ...(opts.on ? { on: opts.on } : {}), ...(examples.length ? { examples } : {}) };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64, without depending on btoa/Buffer (runs in a Worker and in Node). */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += `${B64[(n >> 18) & 63]!}${B64[(n >> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += `${B64[(n >> 18) & 63]!}${B64[(n >> 12) & 63]!}${B64[(n >> 6) & 63]!}=`;
  }
  return out;
}
