import * as tf from './tf';
import { L, type Localized } from '../../shared/i18n';
import { callDetailed, expectTensor, fail, fmt, shapeText } from './assert';
import { imageTensor, type ImageSet } from './datasets';
import { outputShape } from './models';
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

/** Largest absolute value a preprocessed image may hold ("a small scale"). */
export const MAX_ABS = 10;

/** Runs the learner's preprocess on one raw image and validates the result; returns it (caller disposes). */
export async function preprocessed(ctx: CheckContext, fn: Preprocess, raw: tf.Tensor3D, what: string): Promise<tf.Tensor3D> {
  const d = await callDetailed(ctx, `preprocess(${what})`, fn, [raw]);
  const out = expectTensor(d.value, `preprocess(${what})`);
  if (d.disposedArgs[0]) {
    fail(L(
      `preprocess(${what}) disposed the image it was given: the caller still owns it. Dispose only the intermediate tensors you create (tf.tidy does that for you).`,
      `preprocess(${what}) a libéré (dispose) l'image reçue : c'est l'appelant qui la possède. Ne libérez que les tenseurs intermédiaires que vous créez (tf.tidy le fait pour vous).`,
    ));
  }
  const want = raw.shape;
  if (out.shape.length !== 3 || out.shape.some((d, i) => d !== want[i])) {
    fail(L(
      `preprocess(${what}) returned shape ${shapeText(out.shape)}, expected ${shapeText(want)}: preprocessing changes the values, not the shape.`,
      `preprocess(${what}) a renvoyé la forme ${shapeText(out.shape)}, attendu ${shapeText(want)} : le prétraitement change les valeurs, pas la forme.`,
    ), out.shape.length === 4 ? L('It has a batch dimension: do not expandDims here, the grader stacks the images itself.', "Elle a une dimension de lot : pas d'expandDims ici, le correcteur empile lui-même les images.") : out.shape.length === 2 ? L('The channels were lost (grey level?): the model expects the 3 colour channels.', 'Les canaux ont disparu (niveaux de gris ?) : le modèle attend les 3 canaux de couleur.') : undefined);
  }
  if (out.dtype !== 'float32') {
    fail(L(
      `preprocess(${what}) returned a ${out.dtype} tensor; it must be float32 (e.g. \`image.div(255)\`, or \`.toFloat()\`): integer pixels cannot hold 0.5.`,
      `preprocess(${what}) a renvoyé un tenseur ${out.dtype} ; il doit être float32 (par ex. \`image.div(255)\`, ou \`.toFloat()\`) : des pixels entiers ne peuvent pas valoir 0,5.`,
    ));
  }
  return out as tf.Tensor3D;
}

export function rangeProblem(values: Float32Array | Int32Array | Uint8Array, what: string): Localized | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) {
      return L(
        `preprocess(${what}) produced ${v}: on a flat image (one colour, e.g. all snow) the standard deviation is 0, and dividing by it gives NaN. Add a small epsilon: \`.div(std.add(1e-3))\`.`,
        `preprocess(${what}) a produit ${v} : sur une image uniforme (une seule couleur, par ex. toute de neige) l'écart-type vaut 0, et diviser par lui donne NaN. Ajoutez un petit epsilon : \`.div(std.add(1e-3))\`.`,
      );
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (Math.max(Math.abs(min), Math.abs(max)) > MAX_ABS) {
    return L(
      `preprocess(${what}) gives values from ${fmt(min)} to ${fmt(max)}: the data is not normalised. Raw pixels (0–255) make the first layer's sums huge, so training is slow and unstable. Divide by 255 to get [0, 1], or standardise (subtract the mean, divide by the standard deviation).`,
      `preprocess(${what}) donne des valeurs de ${fmt(min)} à ${fmt(max)} : les données ne sont pas normalisées. Des pixels bruts (0–255) rendent énormes les sommes de la première couche, et l'entraînement est lent et instable. Divisez par 255 pour obtenir [0, 1], ou standardisez (soustrayez la moyenne, divisez par l'écart-type).`,
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
      items.push(await preprocessed(ctx, fn, flipped, `mirrored image ${i}`));
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
    fail(L(
      `The model ends in ${out.length === 2 ? `${out[1]} outputs` : `shape [${out.join(', ')}]`}, and its output layer cannot be replaced for ${classes} classes (it needs a flat layer before it: flatten or global pooling).`,
      `Le modèle se termine par ${out.length === 2 ? `${out[1]} sorties` : `la forme [${out.join(', ')}]`}, et sa couche de sortie ne peut pas être remplacée pour ${classes} classes (il faut une couche à plat avant : flatten ou pooling global).`,
    ));
  }
  const head = tf.layers.dense({ units: classes, activation: 'softmax', name: 'own_images_output' });
  const output = head.apply(before.output as tf.SymbolicTensor) as tf.SymbolicTensor;
  return { model: tf.model({ inputs: model.inputs, outputs: output }), replaced: `${layers[last]!.getClassName().toLowerCase()}, ${out.slice(1).join(' × ')} outputs` };
}
