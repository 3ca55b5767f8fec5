import * as tf from './tf';
import { L, type Localized } from '../../shared/i18n';
import { CheckFailure, LearnerError, callDetailed, describeThrown, fail, fmt, shapeText, show } from './assert';
import type { CheckContext } from './types';

/**
 * Helpers for checks that receive a tf.LayersModel from the learner and train it: type and
 * structure inspection (layer kinds, activations, parameter counts), training with progress
 * and a time budget, accuracy on held-out data, and messages for the ways training breaks.
 * Environment-free (only tf.ts and core files).
 */

/**
 * Calls a learner function that builds a model (like assert's `call`: a throw becomes an
 * "error" verdict naming the call, a Promise is refused). The model crosses from the learner
 * realm as its topology and weights and is rebuilt here, in the checker realm, where it is
 * inspected and trained: nothing the learner's realm computes about it is trusted.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function callBuilder(ctx: CheckContext, label: string, fn: (...args: any[]) => unknown, ...args: unknown[]): Promise<unknown> {
  try {
    return (await callDetailed(ctx, label, fn, args)).value;
  } catch (e) {
    if (e instanceof CheckFailure && /returned a Promise/.test(e.text.en)) {
      fail(L(`${label} returned a Promise; build the model synchronously and return it (remove \`async\`).`, `${label} a renvoyé une Promise ; construisez le modèle de façon synchrone et renvoyez-le (retirez \`async\`).`));
    }
    throw e;
  }
}

/** The learner's model, or a failure that says what came instead. */
export function expectLayersModel(v: unknown, what: string): tf.LayersModel {
  if (v instanceof tf.LayersModel) {
    if (!v.outputs?.length || !v.inputs?.length) {
      fail(L(
        `${what} is a model with no layers or no input shape yet: give the first layer an \`inputShape\` (e.g. \`tf.layers.conv2d({ inputShape: [28, 28, 1], … })\`).`,
        `${what} est un modèle sans couche ou sans forme d'entrée : donnez un \`inputShape\` à la première couche (par ex. \`tf.layers.conv2d({ inputShape: [28, 28, 1], … })\`).`,
      ));
    }
    return v;
  }
  if (v && typeof (v as { then?: unknown }).then === 'function') {
    fail(L(`${what} is a Promise: build the model synchronously and return it (no \`async\`).`, `${what} est une Promise : construisez le modèle de façon synchrone et renvoyez-le (pas d'\`async\`).`));
  }
  if (v instanceof tf.Tensor) {
    fail(L(`${what} is a tensor, not a model: return the \`tf.sequential()\` (or \`tf.model()\`) you built.`, `${what} est un tenseur, pas un modèle : renvoyez le \`tf.sequential()\` (ou \`tf.model()\`) construit.`));
  }
  fail(L(
    `${what} should be a tf.LayersModel (from \`tf.sequential({ layers: [...] })\`), but it is ${show(v)}.`,
    `${what} devrait être un tf.LayersModel (créé par \`tf.sequential({ layers: [...] })\`), mais c'est ${show(v)}.`,
  ));
}

/** All layers in order, flattening nested models (a Sequential inside a Sequential). */
export function flatLayers(model: tf.LayersModel): tf.layers.Layer[] {
  const out: tf.layers.Layer[] = [];
  for (const layer of model.layers) {
    if (layer instanceof tf.LayersModel) out.push(...flatLayers(layer));
    else out.push(layer);
  }
  return out;
}

export function kindOf(layer: tf.layers.Layer): string {
  return layer.getClassName();
}

/** The layer's activation name ('relu', 'softmax', 'linear', …); for Activation/ReLU/Softmax layers, theirs. */
export function activationOf(layer: tf.layers.Layer): string | undefined {
  const kind = kindOf(layer);
  if (kind === 'ReLU') return 'relu';
  if (kind === 'Softmax') return 'softmax';
  if (kind === 'LeakyReLU') return 'leakyrelu';
  const cfg = layer.getConfig() as { activation?: unknown };
  if (typeof cfg.activation === 'string') return cfg.activation.toLowerCase();
  return undefined;
}

const SHAPE_ONLY = new Set(['Dropout', 'Flatten', 'Reshape', 'BatchNormalization', 'InputLayer', 'SpatialDropout1D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout']);

/** The activation the model ends with: the last layer that is not purely shape/regularisation. */
export function finalActivation(model: tf.LayersModel): string | undefined {
  const layers = flatLayers(model);
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i]!;
    const kind = kindOf(layer);
    if (SHAPE_ONLY.has(kind)) continue;
    const act = activationOf(layer);
    if (act && act !== 'linear') return act;
    if (kind === 'Activation' || kind === 'ReLU' || kind === 'Softmax') return act;
    return act ?? 'linear';
  }
  return undefined;
}

/** "conv2d(8 3×3 relu) → maxPooling2d(2×2) → flatten → dense(10 softmax)". */
export function describeLayers(model: tf.LayersModel): string {
  return flatLayers(model).map((layer) => {
    const cfg = layer.getConfig() as Record<string, unknown>;
    const kind = kindOf(layer);
    const name = (kind.charAt(0).toLowerCase() + kind.slice(1)).replace(/([123])D$/, '$1d');
    const parts: string[] = [];
    if (typeof cfg.filters === 'number') parts.push(String(cfg.filters));
    if (Array.isArray(cfg.kernelSize)) parts.push((cfg.kernelSize as number[]).join('×'));
    if (typeof cfg.units === 'number') parts.push(String(cfg.units));
    if (Array.isArray(cfg.poolSize)) parts.push((cfg.poolSize as number[]).join('×'));
    if (typeof cfg.rate === 'number') parts.push(String(cfg.rate));
    const act = activationOf(layer);
    if (act && act !== 'linear' && kind !== 'Activation') parts.push(act);
    if (kind === 'Activation' && act) parts.push(act);
    return parts.length ? `${name}(${parts.join(' ')})` : name;
  }).join(' → ');
}

export function outputShape(model: tf.LayersModel): (number | null)[] {
  const shape = model.outputs[0]!.shape;
  return [...shape];
}

export function inputShape(model: tf.LayersModel): (number | null)[] {
  return [...model.inputs[0]!.shape];
}

/** Layers before the output whose activation is softmax: it squashes a hidden layer into probabilities. */
export function hiddenSoftmax(model: tf.LayersModel): tf.layers.Layer[] {
  const layers = flatLayers(model);
  let last = layers.length - 1;
  while (last > 0 && SHAPE_ONLY.has(kindOf(layers[last]!))) last--;
  return layers.slice(0, last).filter((l) => activationOf(l) === 'softmax');
}

/** A failure hint when a hidden layer uses softmax, else undefined. */
export function hiddenSoftmaxHint(model: tf.LayersModel): Localized | undefined {
  const hidden = hiddenSoftmax(model);
  if (!hidden.length) return undefined;
  const names = hidden.map((l) => `"${l.name}"`).join(', ');
  return L(
    `The hidden layer ${names} uses softmax: it forces that layer's outputs to sum to 1, so they compete and most of the signal is lost. Softmax belongs only on the output layer; hidden layers use ReLU.`,
    `La couche cachée ${names} utilise softmax : ses sorties sont forcées à sommer à 1, elles se font concurrence et l'essentiel du signal est perdu. Le softmax ne va que sur la couche de sortie ; les couches cachées utilisent ReLU.`,
  );
}

/** The layer with the most parameters, and its count. */
export function heaviestLayer(model: tf.LayersModel): { layer: tf.layers.Layer; params: number } {
  let best = { layer: model.layers[0]!, params: -1 };
  for (const layer of flatLayers(model)) {
    const p = layer.countParams();
    if (p > best.params) best = { layer, params: p };
  }
  return best;
}

/** The learner's model must take `expected` inputs (batch dim excluded) and give [null, classes]. */
export function expectModelShapes(model: tf.LayersModel, input: readonly number[], classes: number, what: string): void {
  const got = inputShape(model);
  const want = [null, ...input];
  if (got.length !== want.length || got.some((d, i) => d !== want[i])) {
    fail(L(
      `${what} takes inputs of shape ${shapeText(got)}, expected ${shapeText(want)} (a batch of ${input.join('×')} images).`,
      `${what} prend des entrées de forme ${shapeText(got)}, attendu ${shapeText(want)} (un lot d'images ${input.join('×')}).`,
    ), got.length === 2 ? L(
      `Images arrive with their height, width and channels: give the first layer \`inputShape: [${input.join(', ')}]\` (a conv2d, which keeps the 2-D neighbourhoods; flatten comes later, before the dense layers).`,
      `Les images arrivent avec hauteur, largeur et canaux : donnez à la première couche \`inputShape: [${input.join(', ')}]\` (un conv2d, qui garde les voisinages 2D ; flatten vient plus tard, avant les couches denses).`,
    ) : undefined);
  }
  const out = outputShape(model);
  if (out.length !== 2 || out[0] !== null || out[1] !== classes) {
    fail(L(
      `${what} gives outputs of shape ${shapeText(out)}, expected [null, ${classes}]: one probability per class.`,
      `${what} donne des sorties de forme ${shapeText(out)}, attendu [null, ${classes}] : une probabilité par classe.`,
    ), out.length > 2 ? L(
      'The output still has image dimensions: a flatten layer must turn the feature maps into a vector before the dense layers.',
      "La sortie a encore des dimensions d'image : une couche flatten doit transformer les cartes de caractéristiques en vecteur avant les couches denses.",
    ) : out.length === 2 && out[1] === 1 && classes === 2 ? L(
      `One output unit${finalActivation(model) === 'sigmoid' ? ' with sigmoid' : ''} is the binary way of answering (one probability, "class 1 or not", trained with binary cross-entropy). Here the labels are one-hot, one column per class, and the loss is categorical cross-entropy: the last layer needs 2 units with softmax, \`tf.layers.dense({ units: 2, activation: 'softmax' })\`, one probability per class.`,
      `Une seule unité de sortie${finalActivation(model) === 'sigmoid' ? ' avec sigmoïde' : ''}, c'est la façon binaire de répondre (une probabilité, « classe 1 ou non », entraînée avec l'entropie croisée binaire). Ici les étiquettes sont en one-hot, une colonne par classe, et la perte est l'entropie croisée catégorielle : la dernière couche doit avoir 2 unités avec softmax, \`tf.layers.dense({ units: 2, activation: 'softmax' })\`, une probabilité par classe.`,
    ) : L(
      `The last dense layer needs ${classes} units.`,
      `La dernière couche dense doit avoir ${classes} unités.`,
    ));
  }
}

/** The model must end with softmax (one probability per class), for categorical cross-entropy. */
export function expectSoftmaxOutput(model: tf.LayersModel, what: string): void {
  const act = finalActivation(model);
  if (act !== 'softmax') {
    fail(L(
      `${what} ends with the activation "${act ?? 'none'}", not softmax: the outputs are not probabilities that sum to 1, and categorical cross-entropy needs them. Add \`activation: 'softmax'\` to the last dense layer.`,
      `${what} se termine par l'activation « ${act ?? 'aucune'} », pas softmax : les sorties ne sont pas des probabilités de somme 1, et l'entropie croisée catégorielle en a besoin. Ajoutez \`activation: 'softmax'\` à la dernière couche dense.`,
    ));
  }
}

/** Turns the ways tf training fails on learner models into messages that say why. */
export function explainTrainingError(e: unknown, what: string): never {
  if (e instanceof CheckFailure || e instanceof LearnerError) throw e;
  const d = describeThrown(e);
  if (/Conv2DBackpropFilter|Conv2DBackpropInput|not registered for backend/i.test(d)) {
    throw new LearnerError(L(
      `Training ${what} failed: ${d}. A conv2d layer without a built-in activation (or with sigmoid/tanh) cannot be trained by this grader's WebAssembly backend. Give every conv2d layer \`activation: 'relu'\` — the course's convolution layer adds the bias and then applies ReLU.`,
      `L'entraînement de ${what} a échoué : ${d}. Une couche conv2d sans activation intégrée (ou avec sigmoid/tanh) ne peut pas être entraînée par le backend WebAssembly du correcteur. Donnez à chaque couche conv2d \`activation: 'relu'\` — la couche de convolution du cours ajoute le biais puis applique la ReLU.`,
    ));
  }
  if (/shape|rank|dimension|Error when checking/i.test(d)) {
    throw new LearnerError(L(
      `Training ${what} failed on a shape mismatch: ${d}. Compare the model's input and output shapes with the data: ${'images'} [batch, height, width, channels], labels one-hot [batch, classes].`,
      `L'entraînement de ${what} a échoué sur une incompatibilité de formes : ${d}. Comparez les formes d'entrée et de sortie du modèle aux données : images [lot, hauteur, largeur, canaux], étiquettes one-hot [lot, classes].`,
    ));
  }
  throw new LearnerError(L(`Training ${what} failed: ${d}`, `L'entraînement de ${what} a échoué : ${d}`));
}

export interface FitOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly validationData?: [tf.Tensor, tf.Tensor];
  /** Wall-clock budget for the whole fit; past it training stops and `overBudget` is set. */
  readonly budgetMs: number;
  /** Report batch progress every this many batches (0: epochs only). */
  readonly batchEvery?: number;
  /** Report progress every this many epochs (default 1). */
  readonly epochEvery?: number;
  readonly shuffle?: boolean;
  /** Stop as soon as the projected time clearly exceeds the budget (default true); false trains until the budget runs out. */
  readonly stopOnProjection?: boolean;
}

export interface FitResult {
  readonly history: { loss: number[]; acc: number[]; valLoss: number[]; valAcc: number[] };
  readonly epochsRun: number;
  readonly ms: number;
  readonly overBudget: boolean;
  /** Projected time of the whole fit, from the first epoch (when it was stopped early). */
  readonly projectedMs?: number;
}

function num(logs: tf.Logs | undefined, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = logs?.[k];
    if (typeof v === 'number') return v;
  }
  return undefined;
}

/**
 * model.fit with ctx.progress per epoch (and every `batchEvery` batches) and a time budget:
 * once past the warm-up, if the projected total clearly exceeds the budget, training stops at once.
 * The model must already be compiled.
 */
export async function fitWithProgress(ctx: CheckContext, model: tf.LayersModel, xs: tf.Tensor, ys: tf.Tensor, opts: FitOptions, what: string): Promise<FitResult> {
  const history = { loss: [] as number[], acc: [] as number[], valLoss: [] as number[], valAcc: [] as number[] };
  const start = Date.now();
  let overBudget = false;
  let projectedMs: number | undefined;
  let epochsRun = 0;
  const n = xs.shape[0]!;
  const batches = Math.ceil(n / opts.batchSize);
  const epochEvery = opts.epochEvery ?? 1;
  let currentEpoch = 0;
  let batchesDone = 0;
  const totalBatches = batches * opts.epochs;
  try {
    await model.fit(xs, ys, {
      epochs: opts.epochs,
      batchSize: opts.batchSize,
      shuffle: opts.shuffle ?? true,
      validationData: opts.validationData,
      verbose: 0,
      callbacks: {
        onEpochBegin: async (epoch) => { currentEpoch = epoch; },
        onBatchEnd: async (batch, logs) => {
          batchesDone++;
          if (opts.batchEvery && (batch + 1) % opts.batchEvery === 0 && batch + 1 < batches) {
            ctx.progress({ epoch: currentEpoch + 1, epochs: opts.epochs, batch: batch + 1, batches, loss: num(logs, 'loss'), acc: num(logs, 'acc', 'accuracy') });
          }
          const elapsed = Date.now() - start;
          // Once a few seconds have passed (past the warm-up), project the whole fit and stop
          // early when it clearly cannot finish in the budget.
          if (!overBudget && opts.stopOnProjection !== false && elapsed > Math.max(3000, opts.budgetMs * 0.1)) {
            const projected = (elapsed / batchesDone) * totalBatches;
            if (projected > opts.budgetMs * 1.3) {
              projectedMs = projected;
              overBudget = true;
              model.stopTraining = true;
            }
          }
          if (elapsed > opts.budgetMs) {
            overBudget = true;
            model.stopTraining = true;
          }
        },
        onEpochEnd: async (epoch, logs) => {
          epochsRun = epoch + 1;
          const loss = num(logs, 'loss');
          const acc = num(logs, 'acc', 'accuracy');
          const valLoss = num(logs, 'val_loss');
          const valAcc = num(logs, 'val_acc', 'val_accuracy');
          if (loss !== undefined) history.loss.push(loss);
          if (acc !== undefined) history.acc.push(acc);
          if (valLoss !== undefined) history.valLoss.push(valLoss);
          if (valAcc !== undefined) history.valAcc.push(valAcc);
          if ((epoch + 1) % epochEvery === 0 || epoch + 1 === opts.epochs) {
            ctx.progress({ epoch: epoch + 1, epochs: opts.epochs, loss, acc, valLoss, valAcc });
          }
          const elapsed = Date.now() - start;
          if (elapsed > opts.budgetMs && epoch + 1 < opts.epochs) {
            overBudget = true;
            model.stopTraining = true;
          }
        },
      },
    });
  } catch (e) {
    explainTrainingError(e, what);
  }
  return { history, epochsRun, ms: Date.now() - start, overBudget, ...(projectedMs !== undefined ? { projectedMs } : {}) };
}

/** Fraction of rows whose argmax prediction equals the label; predicts in batches, inside tidy. */
export function accuracy(model: tf.LayersModel, xs: tf.Tensor, labels: ArrayLike<number>, batchSize = 250): { acc: number; predicted: number[] } {
  const n = xs.shape[0]!;
  const predicted: number[] = [];
  for (let s = 0; s < n; s += batchSize) {
    const size = Math.min(batchSize, n - s);
    const p = tf.tidy(() => {
      const out = model.predict(xs.slice(s, size)) as tf.Tensor;
      return out.argMax(-1);
    });
    predicted.push(...Array.from(p.dataSync()));
    p.dispose();
  }
  let right = 0;
  for (let i = 0; i < n; i++) if (predicted[i] === labels[i]) right++;
  return { acc: right / n, predicted };
}

/** Confusion matrix [true][predicted]. */
export function confusionMatrix(labels: ArrayLike<number>, predicted: readonly number[], classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) m[labels[i]!]![predicted[i]!]!++;
  return m;
}

/** "62 %" style percentages for messages. */
export function pct(x: number): string {
  return `${fmt(Math.round(x * 1000) / 10)} %`;
}

/** Failure for a fit that ran past its budget. */
export function failOverBudget(result: FitResult, budgetMs: number, advice: Localized): never {
  const spent = result.projectedMs ?? result.ms;
  fail(L(
    `Training did not fit in the check's time budget (${Math.round(budgetMs / 1000)} s): ${result.projectedMs ? `the first epoch projects ${Math.round(spent / 1000)} s in all` : `${result.epochsRun} epoch(s) took ${Math.round(spent / 1000)} s`}.`,
    `L'entraînement ne tient pas dans le temps de la vérification (${Math.round(budgetMs / 1000)} s) : ${result.projectedMs ? `la première époque annonce ${Math.round(spent / 1000)} s au total` : `${result.epochsRun} époque(s) ont pris ${Math.round(spent / 1000)} s`}.`,
  ), advice);
}

const CONV = new Set(['Conv2D', 'SeparableConv2D', 'DepthwiseConv2D']);
const POOL = new Set(['MaxPooling2D', 'AveragePooling2D']);
const GLOBAL_POOL = new Set(['GlobalAveragePooling2D', 'GlobalMaxPooling2D']);

/** Layers that are their own non-linearity (no `activation` in their config). */
const ACTIVATION_LAYERS = new Set(['ReLU', 'LeakyReLU', 'ELU', 'PReLU', 'ThresholdedReLU', 'Softmax']);

/**
 * The non-linearity that follows the convolution `layers[i]`: its own activation, or an
 * activation layer (`tf.layers.reLU()`, `tf.layers.activation({ activation: 'relu' })`, …) placed
 * after it before the next convolution or dense layer — conv → ReLU and conv → pool → ReLU compute
 * the same as conv({ activation: 'relu' }) → pool. Undefined when there is none.
 */
function convNonLinearity(layers: readonly tf.layers.Layer[], i: number): string | undefined {
  const own = activationOf(layers[i]!);
  if (own && own !== 'linear') return own;
  for (const next of layers.slice(i + 1)) {
    const kind = kindOf(next);
    if (CONV.has(kind) || kind === 'Dense') return undefined;
    const act = kind === 'Activation' || ACTIVATION_LAYERS.has(kind) ? activationOf(next) ?? kind.toLowerCase() : undefined;
    if (act && act !== 'linear') return act;
  }
  return undefined;
}

/**
 * The course's CNN shape: feature learning (≥ `minConv` conv layers, each with a non-linear
 * activation, and pooling), then classification (flatten, dense, softmax last), at most
 * `maxParams` parameters. Fails with the first problem found, naming the layers.
 */
export function expectCnnStructure(model: tf.LayersModel, what: string, opts: { minConv?: number; maxParams?: number } = {}): void {
  const minConv = opts.minConv ?? 2;
  const layers = flatLayers(model);
  const kinds = layers.map(kindOf);
  const summary = describeLayers(model);
  const convs = layers.filter((l) => CONV.has(kindOf(l)));
  if (convs.length < minConv) {
    fail(L(
      `${what} = ${summary} has ${convs.length} convolution layer(s); the feature-learning part needs at least ${minConv} (\`tf.layers.conv2d\`): the first finds edges and simple patterns, the next combines them into shapes.`,
      `${what} = ${summary} a ${convs.length} couche(s) de convolution ; la partie « apprentissage des caractéristiques » en demande au moins ${minConv} (\`tf.layers.conv2d\`) : la première trouve des bords et motifs simples, la suivante les combine en formes.`,
    ));
  }
  const convIdx = kinds.findIndex((k) => CONV.has(k));
  const flatIdx = kinds.findIndex((k) => k === 'Flatten' || GLOBAL_POOL.has(k));
  const poolIdx = kinds.findIndex((k) => POOL.has(k));
  if (poolIdx < 0) {
    fail(L(
      `${what} = ${summary} has no pooling layer: without \`tf.layers.maxPooling2d({ poolSize: 2 })\` after the convolutions the feature maps keep their full size, the flattened vector is huge and the dense layer gets far too many weights. Pooling keeps the strongest responses and halves width and height.`,
      `${what} = ${summary} n'a pas de couche de pooling : sans \`tf.layers.maxPooling2d({ poolSize: 2 })\` après les convolutions, les cartes de caractéristiques gardent toute leur taille, le vecteur aplati est énorme et la couche dense reçoit beaucoup trop de poids. Le pooling garde les réponses les plus fortes et divise largeur et hauteur par deux.`,
    ));
  }
  for (const conv of convs) {
    if (!convNonLinearity(layers, layers.indexOf(conv))) {
      fail(L(
        `The convolution layer "${conv.name}" has no activation: the course's convolution layer adds the bias and then applies ReLU. Without a non-linearity a convolution only computes weighted sums of pixels, and two of them in a row amount to a single, larger linear filter. Add \`activation: 'relu'\` to the conv2d, or put a \`tf.layers.reLU()\` layer right after it.`,
        `La couche de convolution « ${conv.name} » n'a pas d'activation : la couche de convolution du cours ajoute le biais puis applique la ReLU. Sans non-linéarité, une convolution ne calcule que des sommes pondérées de pixels, et deux convolutions à la suite reviennent à un seul filtre linéaire, plus grand. Ajoutez \`activation: 'relu'\` au conv2d, ou placez une couche \`tf.layers.reLU()\` juste après.`,
      ));
    }
  }
  if (flatIdx < 0) {
    fail(L(
      `${what} = ${summary} has no flatten layer: the dense layers of the classification part take a vector, so \`tf.layers.flatten()\` must turn the [height, width, filters] feature maps into one long vector between the last pooling and the first dense layer.`,
      `${what} = ${summary} n'a pas de couche flatten : les couches denses de la classification prennent un vecteur, donc \`tf.layers.flatten()\` doit transformer les cartes [hauteur, largeur, filtres] en un long vecteur entre le dernier pooling et la première couche dense.`,
    ));
  }
  if (flatIdx < convIdx) {
    fail(L(
      `In ${summary} the flatten comes before the convolutions: flattening first throws away the 2-D neighbourhoods that convolutions look at. Feature learning (conv2d, pooling) first, then flatten, then dense.`,
      `Dans ${summary} le flatten arrive avant les convolutions : aplatir d'abord détruit les voisinages 2D que regardent les convolutions. D'abord l'apprentissage des caractéristiques (conv2d, pooling), puis flatten, puis dense.`,
    ));
  }
  if (!kinds.slice(flatIdx + 1).includes('Dense')) {
    fail(L(
      `${what} = ${summary} has no dense layer after the flatten: the classification part is \`tf.layers.dense({ units: numClasses, activation: 'softmax' })\`.`,
      `${what} = ${summary} n'a pas de couche dense après le flatten : la partie classification est \`tf.layers.dense({ units: numClasses, activation: 'softmax' })\`.`,
    ));
  }
  expectSoftmaxOutput(model, what);
  if (opts.maxParams !== undefined) {
    const params = model.countParams();
    if (params > opts.maxParams) {
      const heavy = heaviestLayer(model);
      const share = Math.round((100 * heavy.params) / params);
      const afterFlatten = heavy.layer.getClassName() === 'Dense' && flatIdx >= 0;
      fail(L(
        `${what} has ${params} parameters, more than ${opts.maxParams}. The layer "${heavy.layer.name}" (${kindOf(heavy.layer)}) alone holds ${heavy.params} (${share} %).`,
        `${what} a ${params} paramètres, plus de ${opts.maxParams}. La couche « ${heavy.layer.name} » (${kindOf(heavy.layer)}) en porte à elle seule ${heavy.params} (${share} %).`,
      ), afterFlatten ? L(
        'A dense layer after flatten has (flattened size × units) weights: pool more (another maxPooling2d) so the feature maps are smaller before flatten, use fewer filters in the last conv, or fewer dense units.',
        'Une couche dense après flatten a (taille aplatie × unités) poids : ajoutez du pooling (un autre maxPooling2d) pour réduire les cartes avant flatten, moins de filtres dans la dernière convolution, ou moins d’unités denses.',
      ) : L(
        'Use fewer filters per convolution (8 to 32 is plenty for small images).',
        'Utilisez moins de filtres par convolution (8 à 32 suffisent pour de petites images).',
      ));
    }
  }
}
