import * as tf from '../../src/grader/core/tf';
import { L, type Localized } from '../../src/shared/i18n';
import { callDetailed, CheckFailure, fail, fmt, fmtFr, learnerFunction, shapeText, show } from '../../src/grader/core/assert';
import { rings } from '../../src/grader/core/synthetic';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';
import { confusionFromPredictions } from '../../src/grader/core/confusion';
import { pctFr } from '../../src/grader/core/models';

/**
 * The learner's model must separate two concentric rings, which no straight line can do.
 * The training check compiles an uncompiled model itself (Adam, learning rate 0.05, the loss
 * that matches the output layer), trains on 400 seeded points for at most EPOCHS epochs of
 * batches of 64, and passes as soon as the training accuracy reaches 95 %.
 */
export const RING_POINTS = 400;
export const RING_SEED = 5;
export const EPOCHS = 60;
export const BATCH_SIZE = 64;
export const LEARNING_RATE = 0.05;
export const TARGET_ACCURACY = 0.95;
export const MAX_PARAMS = 20_000;

type BuildModel = () => tf.Sequential;

interface Structure {
  readonly model: tf.LayersModel;
  /** 2: softmax over two units (categorical); 1: one sigmoid unit (binary). */
  readonly outputUnits: 1 | 2;
  /** Layers with weights (dense…), in order. */
  readonly linearLayers: number;
  /** A non-linear activation after the first layer with weights and before the last one. */
  readonly hiddenNonLinear: boolean;
  /** A non-linear activation applied to the inputs themselves, before any layer with weights. */
  readonly inputNonLinear: boolean;
  /** The narrowest layer with weights before the output. */
  readonly narrowestHidden: number | undefined;
}

function activationOf(layer: tf.layers.Layer): string | undefined {
  const cls = layer.getClassName();
  const config = layer.getConfig() as { activation?: unknown };
  if (cls === 'Activation' || typeof config.activation === 'string')
    return typeof config.activation === 'string' ? config.activation : 'linear';
  if (['ReLU', 'LeakyReLU', 'PReLU', 'ELU', 'ThresholdedReLU', 'Softmax'].includes(cls)) return cls;
  return undefined;
}

const isLinear = (activation: string | undefined): boolean => activation === undefined || activation === 'linear';

/**
 * Calls buildModel() in the learner's realm. Like `call` from the toolkit (a throw is an "error"
 * verdict naming the call, tensors it leaked are noted), with this exercise's words for a Promise.
 * The model crosses as its topology and weights and is rebuilt here, in the checker's realm.
 */
async function callBuildModel(ctx: CheckContext): Promise<unknown> {
  const buildModel = learnerFunction<BuildModel>(ctx, 'buildModel');
  try {
    return (await callDetailed(ctx, 'buildModel()', buildModel, [])).value;
  } catch (e) {
    if (e instanceof CheckFailure && /returned a Promise/.test(e.text.en)) {
      fail(
        L(
          'buildModel() returned a Promise; it must return the model directly (remove `async`).',
          'buildModel() a renvoyé une Promise ; elle doit renvoyer le modèle directement (retirez `async`).',
        ),
      );
    }
    throw e;
  }
}

async function buildAndInspect(ctx: CheckContext, strict = true): Promise<Structure> {
  const model = await callBuildModel(ctx);
  if (!(model instanceof tf.LayersModel)) {
    fail(
      L(
        `buildModel() must return a tf.Sequential model (tf.sequential({ layers: [...] })), but it returned ${show(model)}.`,
        `buildModel() doit renvoyer un modèle tf.Sequential (tf.sequential({ layers: [...] })), mais a renvoyé ${show(model)}.`,
      ),
    );
  }
  const layers = model.layers;
  if (!layers.length || !model.inputs?.length || !model.outputs?.length) {
    fail(
      L(
        'buildModel() returned a model with no layers: add them with tf.sequential({ layers: [...] }) or model.add(...).',
        'buildModel() a renvoyé un modèle sans couche : ajoutez-les avec tf.sequential({ layers: [...] }) ou model.add(...).',
      ),
    );
  }
  const inShape = model.inputs[0]!.shape;
  if (inShape.length !== 2 || inShape[1] !== 2) {
    fail(
      L(
        `The model's input has shape ${shapeText(inShape)}; a point has two coordinates (x, y), so the first layer needs inputShape: [2] (the model's input is then [null, 2], null being the batch size).`,
        `L'entrée du modèle a la forme ${shapeText(inShape)} ; un point a deux coordonnées (x, y), donc la première couche doit avoir inputShape: [2] (l'entrée du modèle est alors [null, 2], null étant la taille du lot).`,
      ),
    );
  }
  const outShape = model.outputs[0]!.shape;
  const units = outShape.length === 2 ? outShape[1] : undefined;
  if (units !== 1 && units !== 2) {
    fail(
      L(
        `The model's output has shape ${shapeText(outShape)}; for 2 classes it must be [null, 2] (two units, softmax) or [null, 1] (one unit, sigmoid).`,
        `La sortie du modèle a la forme ${shapeText(outShape)} ; pour 2 classes elle doit être [null, 2] (deux neurones, softmax) ou [null, 1] (un neurone, sigmoïde).`,
      ),
    );
  }
  const outActivation = activationOf(layers[layers.length - 1]!);
  if (strict && units === 2 && outActivation !== 'softmax' && outActivation !== 'Softmax') {
    fail(
      L(
        `The last layer has 2 units with activation '${outActivation ?? 'linear'}': softmax is missing. A 2-class output must be two probabilities that sum to 1: activation: 'softmax'.`,
        `La dernière couche a 2 neurones avec l'activation '${outActivation ?? 'linear'}' : il manque la softmax. Une sortie à 2 classes doit être deux probabilités de somme 1 : activation: 'softmax'.`,
      ),
    );
  }
  if (strict && units === 1 && outActivation !== 'sigmoid') {
    fail(
      L(
        outActivation === 'softmax'
          ? 'The last layer is one unit with softmax: a softmax over a single value is always 1. Use one unit with sigmoid, or two units with softmax.'
          : `The last layer is one unit with activation '${outActivation ?? 'linear'}': a yes/no output needs a sigmoid, which turns the score into a probability in (0, 1).`,
        outActivation === 'softmax'
          ? 'La dernière couche est un neurone avec softmax : une softmax sur une seule valeur vaut toujours 1. Prenez un neurone avec sigmoïde, ou deux neurones avec softmax.'
          : `La dernière couche est un neurone avec l'activation '${outActivation ?? 'linear'}' : une sortie oui/non demande une sigmoïde, qui transforme le score en probabilité dans (0, 1).`,
      ),
    );
  }
  const params = model.countParams();
  if (strict && params > MAX_PARAMS) {
    fail(
      L(
        `The model has ${params} parameters: two rings need only a few dozen (one hidden layer of 8 to 32 neurons). Keep it under ${MAX_PARAMS} so that training takes seconds.`,
        `Le modèle a ${params} paramètres : deux anneaux n'en demandent que quelques dizaines (une couche cachée de 8 à 32 neurones). Restez sous ${MAX_PARAMS} pour que l'entraînement dure quelques secondes.`,
      ),
    );
  }
  const withWeights = layers.map((l, i) => (l.trainableWeights.length ? i : -1)).filter((i) => i >= 0);
  const lastWeighted = withWeights.length ? withWeights[withWeights.length - 1]! : layers.length - 1;
  const firstWeighted = withWeights.length ? withWeights[0]! : 0;
  // A weighted layer's own activation comes after its weighted sum, so the first one counts.
  const hiddenNonLinear = layers.some((l, i) => i >= firstWeighted && i < lastWeighted && !isLinear(activationOf(l)));
  const inputNonLinear = layers.some((l, i) => i < firstWeighted && !isLinear(activationOf(l)));
  const hiddenWidths = withWeights
    .filter((i) => i !== lastWeighted)
    .map((i) => {
      const s = layers[i]!.outputShape as (number | null)[];
      return s[s.length - 1] ?? 0;
    });
  return {
    model,
    outputUnits: units,
    linearLayers: withWeights.length,
    hiddenNonLinear,
    inputNonLinear,
    narrowestHidden: hiddenWidths.length ? Math.min(...hiddenWidths) : undefined,
  };
}

function linearExplanation(s: Structure): Localized | undefined {
  if (s.hiddenNonLinear) return undefined;
  if (s.inputNonLinear) {
    return L(
      "The non-linear activation is applied to the inputs themselves, before any weights: relu(x) and relu(y) only clip the coordinates to positive values (every point with x < 0 and y < 0 lands on (0, 0)), and the layers after it are linear in those clipped coordinates. A neuron applies its activation after its weighted sum: put the ReLU in a hidden dense layer, e.g. tf.layers.dense({ units: 16, activation: 'relu', inputShape: [2] }), then the output layer.",
      "L'activation non linéaire est appliquée aux entrées elles-mêmes, avant tout poids : relu(x) et relu(y) ne font que ramener les coordonnées négatives à 0 (tout point où x < 0 et y < 0 tombe en (0, 0)), et les couches suivantes restent linéaires en ces coordonnées tronquées. Un neurone applique son activation après sa somme pondérée : mettez la ReLU dans une couche dense cachée, par ex. tf.layers.dense({ units: 16, activation: 'relu', inputShape: [2] }), puis la couche de sortie.",
    );
  }
  if (s.linearLayers <= 1) {
    return L(
      'The model is a single layer: it computes w·x + b and its softmax/sigmoid only turns that score into a probability, so its decision boundary (where the two classes are equally likely) is a straight line. No straight line separates a ring from the disc inside it. Add a hidden layer with a non-linear activation (relu, tanh…) before the output.',
      "Le modèle n'a qu'une couche : il calcule w·x + b et sa softmax/sigmoïde ne fait que transformer ce score en probabilité, donc sa frontière de décision (là où les deux classes sont aussi probables) est une droite. Aucune droite ne sépare un anneau du disque qu'il entoure. Ajoutez une couche cachée avec une activation non linéaire (relu, tanh…) avant la sortie.",
    );
  }
  return L(
    `The model has ${s.linearLayers} layers but no non-linear activation between them (tf.layers.dense is 'linear' unless you give it an activation). Stacked linear layers collapse into one: W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂), still a straight-line boundary, and no straight line separates a ring from the disc inside it. Give the hidden layer activation: 'relu' (or 'tanh').`,
    `Le modèle a ${s.linearLayers} couches mais aucune activation non linéaire entre elles (tf.layers.dense est 'linear' si on ne lui donne pas d'activation). Des couches linéaires empilées se réduisent à une seule : W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂), toujours une frontière droite, et aucune droite ne sépare un anneau du disque qu'il entoure. Donnez à la couche cachée activation: 'relu' (ou 'tanh').`,
  );
}

function accuracy(model: tf.LayersModel, xs: tf.Tensor2D, labels: readonly number[], units: 1 | 2): number {
  return tf.tidy(() => {
    const p = model.predict(xs) as tf.Tensor;
    const predicted = (units === 2 ? p.argMax(-1) : p.reshape([-1]).greater(0.5)).dataSync();
    let right = 0;
    labels.forEach((l, i) => {
      if (Number(predicted[i]) === l) right++;
    });
    return right / labels.length;
  });
}

/** Labels in the form the loss expects. */
function targetsFor(model: tf.LayersModel, units: 1 | 2, labels: readonly number[]): tf.Tensor {
  const loss = (model as unknown as { loss?: unknown }).loss;
  const name = typeof loss === 'string' ? loss : Array.isArray(loss) && typeof loss[0] === 'string' ? (loss[0] as string) : '';
  if (/sparse/i.test(name)) return tf.tensor2d(labels.map((l) => [l]));
  return units === 2 ? tf.oneHot(tf.tensor1d([...labels], 'int32'), 2).toFloat() : tf.tensor2d(labels.map((l) => [l]));
}

export const checks: ExerciseChecks = [
  {
    id: 'model-io',
    async run(ctx) {
      await buildAndInspect(ctx);
    },
  },
  {
    id: 'hidden-nonlinearity',
    async run(ctx) {
      const s = await buildAndInspect(ctx, false);
      const why = linearExplanation(s);
      if (why) {
        fail(
          s.inputNonLinear
            ? L(
                'This model has no non-linearity after its weights: its only activation is applied to the raw inputs.',
                "Ce modèle n'a aucune non-linéarité après ses poids : sa seule activation s'applique aux entrées brutes.",
              )
            : L('This model is linear.', 'Ce modèle est linéaire.'),
          why,
        );
      }
    },
  },
  {
    id: 'train-rings',
    async run(ctx) {
      const s = await buildAndInspect(ctx);
      const { model, outputUnits } = s;
      const compiledByLearner = Boolean((model as unknown as { optimizer?: unknown }).optimizer);
      if (!compiledByLearner) {
        model.compile({
          optimizer: tf.train.adam(LEARNING_RATE),
          loss: outputUnits === 2 ? 'categoricalCrossentropy' : 'binaryCrossentropy',
        });
      }
      const data = rings(RING_POINTS, RING_SEED);
      const xs = tf.tensor2d(data.xs);
      const ys = targetsFor(model, outputUnits, data.labels);
      let best = accuracy(model, xs, data.labels, outputUnits);
      let lastLoss = NaN;
      let epochsRun = 0;
      let nonFinite = false;
      try {
        await model.fit(xs, ys, {
          epochs: EPOCHS,
          batchSize: BATCH_SIZE,
          shuffle: true,
          verbose: 0,
          callbacks: {
            onEpochEnd: async (epoch, logs) => {
              epochsRun = epoch + 1;
              lastLoss = Number(logs?.loss);
              const acc = accuracy(model, xs, data.labels, outputUnits);
              best = Math.max(best, acc);
              ctx.progress({ epoch: epoch + 1, epochs: EPOCHS, loss: lastLoss, acc });
              if (!Number.isFinite(lastLoss)) nonFinite = true;
              if (best >= TARGET_ACCURACY || nonFinite) model.stopTraining = true;
            },
          },
        });
      } catch (e) {
        fail(
          L(
            `Training the model failed: ${e instanceof Error ? e.message : String(e)}.`,
            `L'entraînement du modèle a échoué : ${e instanceof Error ? e.message : String(e)}.`,
          ),
          compiledByLearner
            ? L(
                'Your buildModel() compiles the model, so your optimizer and loss are used: is the loss right for the output layer? Or leave compile() to the check.',
                'Votre buildModel() compile le modèle, donc votre optimiseur et votre perte sont utilisés : la perte convient-elle à la couche de sortie ? Ou laissez compile() à la vérification.',
              )
            : undefined,
        );
      }
      if (epochsRun > 0 && !nonFinite) {
        // For the training panel: which ring the trained model puts each point in.
        const predicted = tf.tidy(() => {
          const p = model.predict(xs) as tf.Tensor;
          return Array.from((outputUnits === 2 ? p.argMax(-1) : p.reshape([-1]).greater(0.5)).dataSync(), Number);
        });
        const names = ctx.lang === 'fr' ? ['anneau intérieur', 'anneau extérieur'] : ['inner ring', 'outer ring'];
        ctx.progress({
          epoch: epochsRun,
          epochs: EPOCHS,
          confusion: confusionFromPredictions(data.labels, predicted, names, { on: L('the training points', "les points d'entraînement") }),
        });
      }
      if (best >= TARGET_ACCURACY) return;
      const pct = (a: number) => `${fmt(Math.round(a * 1000) / 10)} %`;
      fail(
        nonFinite
          ? L(
              `The loss became ${lastLoss} after ${epochsRun} epoch(s): training diverged.`,
              `La perte est devenue ${lastLoss} après ${epochsRun} époque(s) : l'entraînement a divergé.`,
            )
          : L(
              `After ${epochsRun} epochs the best training accuracy on the rings is ${pct(best)}; at least ${pct(TARGET_ACCURACY)} is required (loss ${fmt(lastLoss)}).`,
              `Après ${epochsRun} époques, la meilleure exactitude d'entraînement sur les anneaux est de ${pctFr(best)} ; il faut au moins ${pctFr(TARGET_ACCURACY)} (perte ${fmtFr(lastLoss)}).`,
            ),
        linearExplanation(s) ??
          (compiledByLearner
            ? L(
                'Your buildModel() compiles the model, so your own optimizer, learning rate and loss are used: a learning rate too high diverges, too low does not get there in time. Remove compile() to let the check use Adam with learning rate 0.05.',
                "Votre buildModel() compile le modèle, donc votre optimiseur, votre taux d'apprentissage et votre perte sont utilisés : un taux trop grand diverge, trop petit n'arrive pas à temps. Retirez compile() pour laisser la vérification utiliser Adam avec un taux de 0,05.",
              )
            : s.narrowestHidden !== undefined && s.narrowestHidden < 4
              ? L(
                  `A hidden layer has only ${s.narrowestHidden} neuron(s): each ReLU neuron adds one straight fold, closing a shape around the inner disc takes at least 3, and with so few neurons one unlucky start is enough to get stuck. Use 8 to 32 hidden neurons.`,
                  `Une couche cachée n'a que ${s.narrowestHidden} neurone(s) : chaque neurone ReLU apporte un pli droit, il en faut au moins 3 pour refermer une forme autour du disque intérieur, et avec si peu de neurones un départ malchanceux suffit à rester bloqué. Prenez 8 à 32 neurones cachés.`,
                )
              : L(
                  'One hidden layer of 16 relu (or tanh) neurons and a softmax output over 2 units gets there in a few epochs: compare with your stack (very deep stacks, or saturating activations such as sigmoid everywhere, learn more slowly).',
                  'Une couche cachée de 16 neurones relu (ou tanh) et une sortie softmax à 2 neurones y arrivent en quelques époques : comparez avec vos couches (les empilements très profonds, ou les activations qui saturent comme la sigmoïde partout, apprennent plus lentement).',
                )),
      );
    },
  },
];
