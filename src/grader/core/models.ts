import * as tf from './tf';
import { both, join, type Localized } from '../../shared/i18n';
import { CheckFailure, LearnerError, callDetailed, describeThrown, fail, fmt, shapeText, show } from './assert';
import { formatNumber } from '../../shared/frenchText';
import type { CheckContext } from './types';
import { machineSlowdown, slowMachineNote } from './machinePace';

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
      fail(both('{0} returned a Promise; build the model synchronously and return it (remove `async`).', label));
    }
    throw e;
  }
}

/** The learner's model, or a failure that says what came instead. */
export function expectLayersModel(v: unknown, what: string): tf.LayersModel {
  if (v instanceof tf.LayersModel) {
    if (!v.outputs?.length || !v.inputs?.length) {
      fail(
        both(
          '{0} is a model with no layers or no input shape yet: give the first layer an `inputShape` (e.g. `tf.layers.conv2d({ inputShape: [28, 28, 1], … })`).',
          what,
        ),
      );
    }
    return v;
  }
  if (v && typeof (v as { then?: unknown }).then === 'function') {
    fail(both('{0} is a Promise: build the model synchronously and return it (no `async`).', what));
  }
  if (v instanceof tf.Tensor) {
    fail(both('{0} is a tensor, not a model: return the `tf.sequential()` (or `tf.model()`) you built.', what));
  }
  fail(both('{0} should be a tf.LayersModel (from `tf.sequential({ layers: [...] })`), but it is {1}.', what, show(v)));
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

const SHAPE_ONLY = new Set([
  'Dropout',
  'Flatten',
  'Reshape',
  'BatchNormalization',
  'InputLayer',
  'SpatialDropout1D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
]);

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
  return flatLayers(model)
    .map((layer) => {
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
    })
    .join(' → ');
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
  return both(
    "The hidden layer {0} uses softmax: it forces that layer's outputs to sum to 1, so they compete and most of the signal is lost. Softmax belongs only on the output layer; hidden layers use ReLU.",
    names,
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
    fail(
      both('{0} takes inputs of shape {1}, expected {2} (a batch of {3} images).', what, shapeText(got), shapeText(want), input.join('×')),
      got.length === 2
        ? both(
            'Images arrive with their height, width and channels: give the first layer `inputShape: [{0}]` (a conv2d, which keeps the 2-D neighbourhoods; flatten comes later, before the dense layers).',
            input.join(', '),
          )
        : undefined,
    );
  }
  const out = outputShape(model);
  if (out.length !== 2 || out[0] !== null || out[1] !== classes) {
    fail(
      both('{0} gives outputs of shape {1}, expected [null, {2}]: one probability per class.', what, shapeText(out), classes),
      out.length > 2
        ? both('The output still has image dimensions: a flatten layer must turn the feature maps into a vector before the dense layers.')
        : out.length === 2 && out[1] === 1 && classes === 2
          ? both(
              'One output unit{0} is the binary way of answering (one probability, "class 1 or not", trained with binary cross-entropy). Here the labels are one-hot, one column per class, and the loss is categorical cross-entropy: the last layer needs 2 units with softmax, `tf.layers.dense({ units: 2, activation: \'softmax\' })`, one probability per class.',
              finalActivation(model) === 'sigmoid' ? both(' with sigmoid') : '',
            )
          : both('The last dense layer needs {0} units.', classes),
    );
  }
}

/** The model must end with softmax (one probability per class), for categorical cross-entropy. */
export function expectSoftmaxOutput(model: tf.LayersModel, what: string): void {
  const act = finalActivation(model);
  if (act !== 'softmax') {
    fail(
      both(
        '{0} ends with the activation "{1}", not softmax: the outputs are not probabilities that sum to 1, and categorical cross-entropy needs them. Add `activation: \'softmax\'` to the last dense layer.',
        what,
        act ?? both('none'),
      ),
    );
  }
}

/** Turns the ways tf training fails on learner models into messages that say why. */
export function explainTrainingError(e: unknown, what: string): never {
  if (e instanceof CheckFailure || e instanceof LearnerError) throw e;
  const d = describeThrown(e);
  if (/Conv2DBackpropFilter|Conv2DBackpropInput|not registered for backend/i.test(d)) {
    throw new LearnerError(
      both(
        "Training {0} failed: {1}. The grader's WebAssembly backend lacks an operation this model's training needs: a limit of the grader, not a mistake in your model. A conv2d with `activation: 'relu'` (the slides' convolution layer: the bias, then ReLU) takes a route the grader trains.",
        what,
        d,
      ),
    );
  }
  if (/shape|rank|dimension|Error when checking/i.test(d)) {
    throw new LearnerError(
      both(
        "Training {0} failed on a shape mismatch: {1}. Compare the model's input and output shapes with the data: images [batch, height, width, channels], labels one-hot [batch, classes].",
        what,
        d,
      ),
    );
  }
  throw new LearnerError(both('Training {0} failed: {1}', what, d));
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
  /** The budget the fit ran under. */
  readonly budgetMs: number;
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
export async function fitWithProgress(
  ctx: CheckContext,
  model: tf.LayersModel,
  xs: tf.Tensor,
  ys: tf.Tensor,
  opts: FitOptions,
  what: string,
): Promise<FitResult> {
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
        onEpochBegin: async (epoch) => {
          currentEpoch = epoch;
        },
        onBatchEnd: async (batch, logs) => {
          batchesDone++;
          if (opts.batchEvery && (batch + 1) % opts.batchEvery === 0 && batch + 1 < batches) {
            ctx.progress({
              epoch: currentEpoch + 1,
              epochs: opts.epochs,
              batch: batch + 1,
              batches,
              loss: num(logs, 'loss'),
              acc: num(logs, 'acc', 'accuracy'),
            });
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
  return {
    history,
    epochsRun,
    ms: Date.now() - start,
    overBudget,
    budgetMs: opts.budgetMs,
    ...(projectedMs !== undefined ? { projectedMs } : {}),
  };
}

/** Fraction of rows whose argmax prediction equals the label; predicts in batches, inside tidy. */
export function accuracy(
  model: tf.LayersModel,
  xs: tf.Tensor,
  labels: ArrayLike<number>,
  batchSize = 250,
): { acc: number; predicted: number[] } {
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

/** A percentage in the French side of a message: "62,5 %", a narrow no-break space before the sign. */
export function pctFr(x: number): string {
  return `${formatNumber(Math.round(x * 1000) / 10, 'fr')}\u202f%`;
}

/** A percentage as a `both` argument, each language its own way. */
export function pctL(x: number): Localized {
  return { en: pct(x), fr: pctFr(x) };
}

/** Failure for a fit that ran past its budget. */
export function failOverBudget(result: FitResult, advice: Localized): never {
  const spent = result.projectedMs ?? result.ms;
  fail(
    join(
      both(
        "Training did not fit in the check's time budget ({0} s): {1}.",
        Math.round(result.budgetMs / 1000),
        result.projectedMs
          ? both('the first epoch projects {0} s in all', Math.round(spent / 1000))
          : both('{0} epoch(s) took {1} s', result.epochsRun, Math.round(spent / 1000)),
      ),
      paceNote(result),
    ),
    advice,
  );
}

/**
 * For a fit over its budget: measures this machine's pace now (machinePace.ts) and, when it was
 * clearly slower than the reference machine, says so (the model may be fine); undefined otherwise.
 */
export function paceNote(result: FitResult): Localized | undefined {
  return slowMachineNote(machineSlowdown(), result.projectedMs ?? result.ms);
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
    const act = kind === 'Activation' || ACTIVATION_LAYERS.has(kind) ? (activationOf(next) ?? kind.toLowerCase()) : undefined;
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
    fail(
      both(
        '{0} = {1} has {2} convolution layer(s); the feature-learning part needs at least {3} (`tf.layers.conv2d`): the first finds edges and simple patterns, the next combines them into shapes.',
        what,
        summary,
        convs.length,
        minConv,
      ),
    );
  }
  const convIdx = kinds.findIndex((k) => CONV.has(k));
  const flatIdx = kinds.findIndex((k) => k === 'Flatten' || GLOBAL_POOL.has(k));
  const poolIdx = kinds.findIndex((k) => POOL.has(k));
  if (poolIdx < 0) {
    fail(
      both(
        '{0} = {1} has no pooling layer: without `tf.layers.maxPooling2d({ poolSize: 2 })` after the convolutions the feature maps keep their full size, the flattened vector is huge and the dense layer gets far too many weights. Pooling keeps the strongest responses and halves width and height.',
        what,
        summary,
      ),
    );
  }
  for (const conv of convs) {
    if (!convNonLinearity(layers, layers.indexOf(conv))) {
      fail(
        both(
          "The convolution layer \"{0}\" has no activation: the slides' convolution layer adds the bias and then applies ReLU. Without a non-linearity a convolution only computes weighted sums of pixels, and two of them in a row amount to a single, larger linear filter. Add `activation: 'relu'` to the conv2d, or put a `tf.layers.reLU()` layer right after it.",
          conv.name,
        ),
      );
    }
  }
  if (flatIdx < 0) {
    fail(
      both(
        '{0} = {1} has no flatten layer: the dense layers of the classification part take a vector, so `tf.layers.flatten()` must turn the [height, width, filters] feature maps into one long vector between the last pooling and the first dense layer.',
        what,
        summary,
      ),
    );
  }
  if (flatIdx < convIdx) {
    fail(
      both(
        'In {0} the flatten comes before the convolutions: flattening first throws away the 2-D neighbourhoods that convolutions look at. Feature learning (conv2d, pooling) first, then flatten, then dense.',
        summary,
      ),
    );
  }
  if (!kinds.slice(flatIdx + 1).includes('Dense')) {
    fail(
      both(
        "{0} = {1} has no dense layer after the flatten: the classification part is `tf.layers.dense({ units: numClasses, activation: 'softmax' })`.",
        what,
        summary,
      ),
    );
  }
  expectSoftmaxOutput(model, what);
  if (opts.maxParams !== undefined) {
    const params = model.countParams();
    if (params > opts.maxParams) {
      const heavy = heaviestLayer(model);
      const share = Math.round((100 * heavy.params) / params);
      const afterFlatten = heavy.layer.getClassName() === 'Dense' && flatIdx >= 0;
      fail(
        both(
          '{0} has {1} parameters, more than {2}. The layer "{3}" ({4}) alone holds {5} ({6} %).',
          what,
          params,
          opts.maxParams,
          heavy.layer.name,
          kindOf(heavy.layer),
          heavy.params,
          share,
        ),
        afterFlatten
          ? both(
              'A dense layer after flatten has (flattened size × units) weights: pool more (another maxPooling2d) so the feature maps are smaller before flatten, use fewer filters in the last conv, or fewer dense units.',
            )
          : both('Use fewer filters per convolution (8 to 32 is plenty for small images).'),
      );
    }
  }
}
