import * as tf from './tf';
import type { GroupAccuracyReport } from '../../shared/grading';
import { both, L, type Label, labelOf, type Localized, num } from '../../shared/i18n';
import { callDetailed, expectTensor, fail, shapeText } from './assert';
import { imageTensor, type ImageSet } from './datasets';
import { outputShape, pctL } from './models';
import type { CheckContext } from './types';

/**
 * What exercise 19's check and the "train on my images" probe share: the learner's
 * `preprocess(image)` applied image by image and validated (shape, dtype, scale, finiteness), the
 * images stacked with mirrored copies, and the training recipe the theory states.
 * Environment-free.
 */
export type Preprocess = (image: tf.Tensor3D) => tf.Tensor3D;

/** How the grader trains an image classifier of the learner's (exercise 19's theory states it). */
export const IMAGE_TRAINING = {
  side: 32,
  mirror: true,
  epochs: 15,
  batchSize: 32,
  learningRate: 0.003,
  maxParams: 200_000,
} as const;

/**
 * Largest absolute value a preprocessed image may hold ("a small scale"). A standardised value over n
 * numbers is at most √(n − 1) standard deviations from their mean: ≈ 32 per channel of a 32×32 image,
 * ≈ 55 per image, so any standardisation (per image or per channel) stays under 64, while unscaled
 * pixels (up to 255, or ±128 once the mean is subtracted) go over it. (10 refused a per-channel
 * standardisation of a training image with one nearly flat channel.)
 */
export const MAX_ABS = 64;

/** Runs the learner's preprocess on one raw image and validates the result; returns it (caller disposes). */
export async function preprocessed(ctx: CheckContext, fn: Preprocess, raw: tf.Tensor3D, what: Label): Promise<tf.Tensor3D> {
  const image = labelOf(what);
  const called = L(`preprocess(${image.en})`, `preprocess(${image.fr})`);
  const d = await callDetailed(ctx, called, fn, [raw]);
  const out = expectTensor(d.value, called);
  if (d.disposedArgs[0]) {
    fail(
      both(
        'preprocess({0}) disposed the image it was given: the caller still owns it. Dispose only the intermediate tensors you create (tf.tidy does that for you).',
        what,
      ),
    );
  }
  const want = raw.shape;
  if (out.shape.length !== 3 || out.shape.some((d, i) => d !== want[i])) {
    fail(
      both(
        'preprocess({0}) returned shape {1}, expected {2}: preprocessing changes the values, not the shape.',
        what,
        shapeText(out.shape),
        shapeText(want),
      ),
      out.shape.length === 4
        ? both('It has a batch dimension: do not expandDims here, the grader stacks the images itself.')
        : out.shape.length === 2
          ? both('The channels were lost (grey level?): the model expects the 3 colour channels.')
          : undefined,
    );
  }
  if (out.dtype !== 'float32') {
    fail(
      both(
        'preprocess({0}) returned a {1} tensor; it must be float32 (e.g. `image.div(255)`, or `.toFloat()`): integer pixels cannot hold 0.5.',
        what,
        out.dtype,
      ),
    );
  }
  return out as tf.Tensor3D;
}

export function rangeProblem(values: Float32Array | Int32Array | Uint8Array, what: string | Localized): Localized | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) {
      return both(
        'preprocess({0}) produced {1}: on a flat image (one colour, e.g. all snow) the standard deviation is 0, and dividing by it gives NaN. Add a small epsilon: `.div(std.add(1e-3))`.',
        what,
        v,
      );
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (Math.max(Math.abs(min), Math.abs(max)) > MAX_ABS) {
    return both(
      "preprocess({0}) gives values from {1} to {2}: the data is not normalised. Raw pixels (0–255) make the first layer's sums huge, so training is slow and unstable. Divide by 255 to get [0, 1], or standardise (subtract the mean, divide by the standard deviation).",
      what,
      num(min),
      num(max),
    );
  }
  return undefined;
}

/** Applies preprocess to images of a set (optionally mirrored too), stacking into [n, 32, 32, 3]. */
export async function batchOf(ctx: CheckContext, fn: Preprocess, set: ImageSet, mirror: boolean): Promise<tf.Tensor4D> {
  const items: tf.Tensor3D[] = [];
  for (let i = 0; i < set.count; i++) {
    const raw = imageTensor(set, i, false);
    const out = await preprocessed(ctx, fn, raw, `image ${i}`);
    items.push(out);
    if (mirror) {
      const flipped = tf.reverse(raw, 1);
      items.push(await preprocessed(ctx, fn, flipped, L(`mirrored image ${i}`, `image ${i} en miroir`)));
    }
  }
  return tf.stack(items) as tf.Tensor4D;
}

/**
 * The learner's model with an output layer for `classes` classes: unchanged when it already has
 * that many outputs, else its last layer is replaced by dense(classes, softmax) on the layer
 * before (a folder of 3 classes with a model built for cats and dogs). Returns what was replaced.
 */
export function withClassHead(model: tf.LayersModel, classes: number): { model: tf.LayersModel; replaced?: string } {
  const out = outputShape(model);
  if (out.length === 2 && out[1] === classes) return { model };
  const layers = model.layers;
  // The output layer is the last one with weights (a separate softmax/activation layer after it goes too).
  let last = layers.length - 1;
  while (last > 0 && layers[last]!.countParams() === 0) last--;
  const before = layers[last - 1];
  const beforeShape = before ? (before.outputShape as (number | null)[]) : [];
  if (!before || before.getClassName() === 'InputLayer' || beforeShape.length !== 2) {
    fail(
      both(
        'The model ends in {0}, and its output layer cannot be replaced for {1} classes (it needs a flat layer before it: flatten or global pooling).',
        out.length === 2 ? both('{0} outputs', out[1]) : both('shape [{0}]', out.join(', ')),
        classes,
      ),
    );
  }
  const head = tf.layers.dense({ units: classes, activation: 'softmax', name: 'own_images_output' });
  const output = head.apply(before.output as tf.SymbolicTensor) as tf.SymbolicTensor;
  return {
    model: tf.model({ inputs: model.inputs, outputs: output }),
    replaced: `${layers[last]!.getClassName().toLowerCase()}, ${out.slice(1).join(' × ')} outputs`,
  };
}

const GROUP_WORDS: Readonly<Record<string, string>> = { cat: 'chat', dog: 'chien', snow: 'la neige', grass: "l'herbe" };
/** Backgrounds in the order the course names them (the trap: dogs on snow, cats on grass). */
const BACKGROUND_ORDER = ['snow', 'grass'];

/**
 * Accuracy per (class, background) of a set whose images record their background (the cat/dog
 * set): "dog on grass: 3 right of 50". A model that decides from the background has one group near
 * 0. Groups come class by class, snow before grass.
 */
export function groupAccuracy(
  set: Pick<ImageSet, 'labels' | 'classNames' | 'backgrounds'>,
  predicted: readonly number[],
): GroupAccuracyReport['groups'] {
  const counts = new Map<string, { cls: string; bg: string; right: number; total: number }>();
  set.labels.forEach((l, i) => {
    const cls = set.classNames[l] ?? String(l);
    const bg = set.backgrounds?.[i] ?? '?';
    const key = `${cls}\u0000${bg}`;
    const g = counts.get(key) ?? { cls, bg, right: 0, total: 0 };
    g.total++;
    if (predicted[i] === l) g.right++;
    counts.set(key, g);
  });
  const bgRank = (b: string) => (BACKGROUND_ORDER.includes(b) ? BACKGROUND_ORDER.indexOf(b) : BACKGROUND_ORDER.length);
  const classRank = (c: string) => set.classNames.indexOf(c);
  return [...counts.values()]
    .sort((a, b) => classRank(a.cls) - classRank(b.cls) || bgRank(a.bg) - bgRank(b.bg) || a.bg.localeCompare(b.bg))
    .map((g) => ({
      name: L(`${g.cls} on ${g.bg}`, `${GROUP_WORDS[g.cls] ?? g.cls} sur ${GROUP_WORDS[g.bg] ?? g.bg}`),
      right: g.right,
      total: g.total,
    }));
}

/** "cat on snow 4 %, cat on grass 100 %, …" in both languages. */
export function groupsText(groups: GroupAccuracyReport['groups']): Localized {
  const part = (lang: 'en' | 'fr') => groups.map((g) => `${g.name[lang]} ${pctL(g.total ? g.right / g.total : 0)[lang]}`).join(', ');
  return L(part('en'), part('fr'));
}
