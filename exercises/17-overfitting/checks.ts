import * as tf from '../../src/grader/core/tf';
import { L } from '../../src/shared/i18n';
import { callDetailed, fail, fmt, learnerFunction, show } from '../../src/grader/core/assert';
import {
  activationOf,
  callBuilder,
  describeLayers,
  expectLayersModel,
  finalActivation,
  fitWithProgress,
  flatLayers,
  inputShape,
  outputShape,
} from '../../src/grader/core/models';
import { noisyCos } from '../../src/grader/core/synthetic';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';

type BuildRegressor = () => tf.Sequential;
type EarlyStopping = (valLosses: number[], patience: number) => boolean;

/** The check's training settings (also stated in the starter and the theory). */
export const FIT = {
  trainPoints: 20,
  trainSeed: 1701,
  valPoints: 200,
  valSeed: 1702,
  noise: 0.15,
  epochs: 500,
  learningRate: 0.01,
  budgetMs: 40_000,
} as const;

/** Pass marks: the noise alone gives an MSE of 0.15² = 0.0225. */
const NOISE_MSE = FIT.noise * FIT.noise;
const MAX_VAL_MSE = 0.04;
const MAX_GAP = 0.02;
const UNDERFIT_TRAIN_MSE = 0.045;
const MAX_PARAMS = 10_000;

async function regressor(ctx: CheckContext): Promise<tf.LayersModel> {
  const build = learnerFunction<BuildRegressor>(ctx, 'buildRegressor');
  return expectLayersModel(await callBuilder(ctx, 'buildRegressor()', build), 'buildRegressor()');
}

function isLinear(model: tf.LayersModel): boolean {
  return flatLayers(model).every((l) => {
    const a = activationOf(l);
    return a === undefined || a === 'linear';
  });
}

function hiddenUnits(model: tf.LayersModel): number {
  const dense = flatLayers(model).filter((l) => l.getClassName() === 'Dense');
  return dense.slice(0, -1).reduce((s, l) => s + ((l.getConfig() as { units?: number }).units ?? 0), 0);
}

// ---- early stopping: the rule and the usual ways to get it wrong ----

/** The reference rule: none of the last `patience` losses is strictly below the best before them. */
function rule(losses: readonly number[], patience: number): boolean {
  const n = losses.length;
  if (n <= patience) return false;
  const best = Math.min(...losses.slice(0, n - patience));
  return losses.slice(n - patience).every((v) => v >= best);
}

const OFF_BY_ONE = L(
  'Off by one: the window is the LAST `patience` losses (indices n−patience … n−1) and the best is taken over all the losses before it (indices 0 … n−patience−1).',
  "Décalage d'un : la fenêtre, ce sont les `patience` DERNIÈRES pertes (indices n−patience … n−1), et le meilleur score se prend sur toutes les pertes d'avant (indices 0 … n−patience−1).",
);

const MISTAKES: { name: { en: string; fr: string }; fn: (l: readonly number[], p: number) => boolean }[] = [
  {
    name: L(
      'It looks like you stop after `patience` consecutive increases (each loss above the previous one). The rule compares with the BEST loss before the window: a loss that falls again but stays above the best is still no improvement.',
      "Vous semblez arrêter après `patience` hausses consécutives (chaque perte au-dessus de la précédente). La règle compare à la MEILLEURE perte d'avant la fenêtre : une perte qui redescend sans passer sous ce meilleur score n'est toujours pas une amélioration.",
    ),
    fn: (l, p) => l.length > p && l.slice(l.length - p - 1).every((v, i, a) => i === 0 || v > a[i - 1]!),
  },
  {
    name: L(
      'It looks like you only compare the last loss with the one before: `patience` is the number of epochs without improvement to wait for, not one.',
      "Vous semblez ne comparer que la dernière perte à la précédente : `patience` est le nombre d'époques sans amélioration à attendre, pas une seule.",
    ),
    fn: (l) => l.length >= 2 && l[l.length - 1]! >= l[l.length - 2]!,
  },
  {
    name: L(
      'Equal losses: a loss equal to the best is NOT an improvement (only a strictly lower loss is). Use `<` for "improves", so ties count as no improvement.',
      "Pertes égales : une perte égale au meilleur score n'est PAS une amélioration (seule une perte strictement plus basse l'est). Utilisez `<` pour « améliore » : les égalités comptent comme « pas d'amélioration ».",
    ),
    fn: (l, p) => {
      const n = l.length;
      if (n <= p) return false;
      const best = Math.min(...l.slice(0, n - p));
      return l.slice(n - p).every((v) => v > best);
    },
  },
  { name: OFF_BY_ONE, fn: (l, p) => rule(l, p + 1) },
  { name: OFF_BY_ONE, fn: (l, p) => (p > 1 ? rule(l, p - 1) : l.length >= 1) },
  {
    name: L(
      'With `patience` losses or fewer there is no "before" to compare with: return false, do not stop a training that has hardly begun.',
      "Avec `patience` pertes ou moins, il n'y a pas d'« avant » auquel comparer : renvoyez false, n'arrêtez pas un entraînement à peine commencé.",
    ),
    fn: (l, p) => (l.length <= p ? l.length > 0 : rule(l, p)),
  },
];

interface Case {
  losses: number[];
  patience: number;
  why: { en: string; fr: string };
}

const RULE_CASES: Case[] = [
  { losses: [1.0, 0.8, 0.6, 0.5], patience: 3, why: L('the loss improves every epoch', "la perte s'améliore à chaque époque") },
  {
    losses: [1.0, 0.5, 0.6, 0.7, 0.8],
    patience: 3,
    why: L('best 0.5, then three epochs above it', 'meilleur 0,5, puis trois époques au-dessus'),
  },
  {
    losses: [1.0, 0.5, 0.6, 0.7],
    patience: 3,
    why: L('only two epochs since the best 0.5', 'seulement deux époques depuis le meilleur 0,5'),
  },
  {
    losses: [1.0, 0.5, 0.6, 0.4, 0.7],
    patience: 3,
    why: L('0.4 in the window beats the best 0.5 before it', 'le 0,4 de la fenêtre bat le meilleur 0,5 d’avant'),
  },
  {
    losses: [1.0, 0.4, 0.6, 0.5, 0.45],
    patience: 3,
    why: L(
      'the loss falls again (0.6, 0.5, 0.45) but never below the best 0.4',
      'la perte redescend (0,6, 0,5, 0,45) mais jamais sous le meilleur 0,4',
    ),
  },
  {
    losses: [0.9, 0.7, 0.75, 0.72, 0.71, 0.69],
    patience: 4,
    why: L('0.69 beats the best 0.7, on the last epoch', 'le 0,69 bat le meilleur 0,7, à la dernière époque'),
  },
  {
    losses: [0.9, 0.7, 0.75, 0.72, 0.71, 0.7],
    patience: 4,
    why: L(
      '0.7 only equals the best: no improvement in four epochs',
      'le 0,7 ne fait qu’égaler le meilleur : aucune amélioration en quatre époques',
    ),
  },
  {
    losses: [0.5, 0.6],
    patience: 1,
    why: L('patience 1: the last epoch is worse than the best', 'patience 1 : la dernière époque est pire que le meilleur'),
  },
  { losses: [0.6, 0.5], patience: 1, why: L('patience 1: the last epoch improves', "patience 1 : la dernière époque s'améliore") },
  {
    losses: [2, 1, 0.5, 0.3, 0.35, 0.33, 0.31, 0.32, 0.36],
    patience: 5,
    why: L('five epochs in a row above the best 0.3', 'cinq époques de suite au-dessus du meilleur 0,3'),
  },
  {
    losses: [2, 1, 0.5, 0.3, 0.35, 0.33, 0.31, 0.32],
    patience: 5,
    why: L('only four epochs since the best 0.3', 'seulement quatre époques depuis le meilleur 0,3'),
  },
];

const EDGE_CASES: Case[] = [
  { losses: [], patience: 3, why: L('no epoch yet', 'aucune époque encore') },
  {
    losses: [0.9, 0.95, 0.99],
    patience: 3,
    why: L(
      'exactly `patience` epochs: nothing before them to compare with',
      'exactement `patience` époques : rien avant elles pour comparer',
    ),
  },
  { losses: [0.9], patience: 1, why: L('a single epoch', 'une seule époque') },
  { losses: [0.5, 0.5, 0.5, 0.5], patience: 3, why: L('a flat loss: equal is not better', "une perte plate : égal n'est pas mieux") },
  {
    losses: [0.5, 0.5, 0.5, 0.5],
    patience: 4,
    why: L('a flat loss, but only `patience` epochs', 'une perte plate, mais seulement `patience` époques'),
  },
  {
    losses: [3, 2, 1, 0.1, 5, 5, 5, 5, 5, 5, 5],
    patience: 6,
    why: L('a long plateau far above the best 0.1', 'un long plateau bien au-dessus du meilleur 0,1'),
  },
];

async function runCases(ctx: CheckContext, cases: readonly Case[]): Promise<void> {
  const fn = learnerFunction<EarlyStopping>(ctx, 'earlyStopping');
  const got: boolean[] = [];
  for (const c of cases) {
    const label = `earlyStopping(${show(c.losses, 12)}, ${c.patience})`;
    // The learner gets a copy of the losses; the copy as its call left it comes back in argsAfter.
    const d = await callDetailed(ctx, label, fn, [[...c.losses], c.patience], { returnArgs: true });
    const r = d.value;
    const after = d.argsAfter?.[0];
    const copy: unknown[] = Array.isArray(after) ? after : [];
    if (typeof r !== 'boolean') {
      fail(
        L(
          `${label} returned ${show(r)} (${typeof r}); it must return true or false.`,
          `${label} a renvoyé ${show(r)} (${typeof r}) ; la fonction doit renvoyer true ou false.`,
        ),
      );
    }
    if (copy.length !== c.losses.length || copy.some((v, i) => v !== c.losses[i])) {
      fail(
        L(
          `${label} changed the array it was given (now ${show(copy, 12)}): the training loop still needs the history. Do not sort() or splice() it in place; copy it first ([...valLosses]) or just read it.`,
          `${label} a modifié le tableau reçu (devenu ${show(copy, 12)}) : la boucle d'entraînement a encore besoin de l'historique. Ne le triez pas (sort()) et ne le coupez pas (splice()) sur place ; copiez-le d'abord ([...valLosses]) ou lisez-le seulement.`,
        ),
      );
    }
    got.push(r);
  }
  cases.forEach((c, i) => {
    const want = rule(c.losses, c.patience);
    if (got[i] === want) return;
    const label = `earlyStopping(${show(c.losses, 12)}, ${c.patience})`;
    // Name the mistake whose answers match the learner's on these cases.
    const mistake = MISTAKES.find((m) => cases.every((k, j) => m.fn(k.losses, k.patience) === got[j]));
    fail(
      L(`${label} returned ${got[i]}, expected ${want}: ${c.why.en}.`, `${label} a renvoyé ${got[i]}, attendu ${want} : ${c.why.fr}.`),
      mistake?.name ??
        L(
          'The rule: best = the minimum of the losses before the last `patience` ones; stop (true) when none of those last `patience` losses is strictly below best.',
          'La règle : meilleur = le minimum des pertes avant les `patience` dernières ; arrêter (true) quand aucune de ces `patience` dernières pertes n’est strictement sous ce meilleur.',
        ),
    );
  });
}

export const checks: ExerciseChecks = [
  {
    id: 'regressor-structure',
    async run(ctx) {
      const model = await regressor(ctx);
      const inShape = inputShape(model);
      if (inShape.length !== 2 || inShape[1] !== 1) {
        fail(
          L(
            `buildRegressor() takes inputs of shape [${inShape.join(', ')}], expected [null, 1]: each example is one number x. Use \`inputShape: [1]\` on the first layer.`,
            `buildRegressor() prend des entrées de forme [${inShape.join(', ')}], attendu [null, 1] : chaque exemple est un nombre x. Mettez \`inputShape: [1]\` sur la première couche.`,
          ),
        );
      }
      const outShape = outputShape(model);
      if (outShape.length !== 2 || outShape[1] !== 1) {
        fail(
          L(
            `buildRegressor() gives outputs of shape [${outShape.join(', ')}], expected [null, 1]: one predicted value, cos(x). The last layer is \`dense({ units: 1 })\`.`,
            `buildRegressor() donne des sorties de forme [${outShape.join(', ')}], attendu [null, 1] : une valeur prédite, cos(x). La dernière couche est \`dense({ units: 1 })\`.`,
          ),
        );
      }
      const last = finalActivation(model) ?? 'linear';
      if (['relu', 'sigmoid', 'softmax', 'softplus', 'elu', 'selu', 'relu6'].includes(last)) {
        const why =
          last === 'softmax'
            ? L('softmax over a single unit always gives 1.', 'softmax sur une seule unité donne toujours 1.')
            : last === 'sigmoid'
              ? L(
                  'sigmoid only gives values in (0, 1), but cos(x) goes down to −1.',
                  'sigmoid ne donne que des valeurs dans (0, 1), or cos(x) descend jusqu’à −1.',
                )
              : L(
                  `${last} cannot give the negative values of cos(x) (down to −1).`,
                  `${last} ne peut pas donner les valeurs négatives de cos(x) (jusqu’à −1).`,
                );
        fail(
          L(
            `The output layer has the activation "${last}": ${why.en} A regression output is linear (no activation on the last dense layer).`,
            `La couche de sortie a l'activation « ${last} » : ${why.fr} Une sortie de régression est linéaire (pas d'activation sur la dernière couche dense).`,
          ),
        );
      }
      if (isLinear(model)) {
        fail(
          L(
            `Every layer of ${describeLayers(model)} is linear: stacked linear layers are still one straight line, which cannot follow cos(x) (under-fitting). Give a hidden layer a non-linear activation, e.g. \`activation: 'tanh'\` or \`'relu'\`.`,
            `Toutes les couches de ${describeLayers(model)} sont linéaires : des couches linéaires empilées restent une droite, qui ne peut pas suivre cos(x) (sous-apprentissage). Donnez à une couche cachée une activation non linéaire, par ex. \`activation: 'tanh'\` ou \`'relu'\`.`,
          ),
        );
      }
      const params = model.countParams();
      if (params > MAX_PARAMS) {
        fail(
          L(
            `${describeLayers(model)} has ${params} parameters to fit ${FIT.trainPoints} points: with that many it can learn every point, noise included, by heart (over-fitting), and it trains slowly. Stay under ${MAX_PARAMS}: a hidden layer of 8 to 32 units is plenty for cos(x).`,
            `${describeLayers(model)} a ${params} paramètres pour ajuster ${FIT.trainPoints} points : avec autant, il peut apprendre chaque point par cœur, bruit compris (sur-apprentissage), et il s'entraîne lentement. Restez sous ${MAX_PARAMS} : une couche cachée de 8 à 32 unités suffit largement pour cos(x).`,
          ),
        );
      }
    },
  },
  {
    id: 'regressor-fit',
    async run(ctx) {
      const model = await regressor(ctx);
      const params = model.countParams();
      if (params > MAX_PARAMS) {
        fail(
          L(
            `The model has ${params} parameters (more than ${MAX_PARAMS}); see the structure check.`,
            `Le modèle a ${params} paramètres (plus de ${MAX_PARAMS}) ; voir la vérification de structure.`,
          ),
        );
      }
      // Course data, fixed: the same 20 points the training panel draws (probes/training.ts, COS_FIT).
      // With 20 points the draw decides the fit (the reference fails about 1 run in 3 on other
      // draws); what varies per run is the model's initialisation, drawn in the learner realm from
      // the run's seed.
      const train = noisyCos(FIT.trainPoints, FIT.trainSeed, FIT.noise);
      const val = noisyCos(FIT.valPoints, FIT.valSeed, FIT.noise);
      const xt = tf.tensor2d(train.x, [train.x.length, 1]);
      const yt = tf.tensor2d(train.y, [train.y.length, 1]);
      const xv = tf.tensor2d(val.x, [val.x.length, 1]);
      const yv = tf.tensor2d(val.y, [val.y.length, 1]);
      model.compile({ optimizer: tf.train.adam(FIT.learningRate), loss: 'meanSquaredError' });
      const result = await fitWithProgress(
        ctx,
        model,
        xt,
        yt,
        {
          epochs: FIT.epochs,
          batchSize: FIT.trainPoints,
          shuffle: false,
          validationData: [xv, yv],
          budgetMs: FIT.budgetMs,
          epochEvery: 10,
        },
        'buildRegressor()',
      );
      if (result.overBudget) {
        fail(
          L(
            `${FIT.epochs} epochs on ${FIT.trainPoints} points should take a few seconds; this model needed ${Math.round((result.projectedMs ?? result.ms) / 1000)} s. Use a smaller model (a hidden layer of 8 to 32 units).`,
            `${FIT.epochs} époques sur ${FIT.trainPoints} points devraient prendre quelques secondes ; ce modèle a demandé ${Math.round((result.projectedMs ?? result.ms) / 1000)} s. Prenez un modèle plus petit (une couche cachée de 8 à 32 unités).`,
          ),
        );
      }
      const mse = (x: tf.Tensor, y: tf.Tensor): number =>
        tf.tidy(() => tf.losses.meanSquaredError(y, model.predict(x) as tf.Tensor).dataSync()[0]!);
      const trainMse = mse(xt, yt);
      const valMse = mse(xv, yv);
      const gap = valMse - trainMse;
      const figures = L(
        `Training MSE ${fmt(trainMse)}, validation MSE ${fmt(valMse)} (the noise alone gives about ${fmt(NOISE_MSE)}; pass: validation ≤ ${MAX_VAL_MSE}, gap ≤ ${MAX_GAP}).`,
        `MSE d'entraînement ${fmt(trainMse)}, MSE de validation ${fmt(valMse)} (le bruit seul donne environ ${fmt(NOISE_MSE)} ; réussite : validation ≤ ${MAX_VAL_MSE}, écart ≤ ${MAX_GAP}).`,
      );
      if (!Number.isFinite(trainMse) || !Number.isFinite(valMse)) {
        fail(
          L('Training diverged: the error became NaN or infinite.', "L'entraînement a divergé : l'erreur est devenue NaN ou infinie."),
          L(
            'Check for unusual layers or activations (e.g. exponential); a plain dense → tanh → dense(1) trains stably.',
            'Vérifiez les couches ou activations inhabituelles (par ex. exponentielle) ; un simple dense → tanh → dense(1) s’entraîne sans souci.',
          ),
        );
      }
      if (trainMse > UNDERFIT_TRAIN_MSE) {
        const units = hiddenUnits(model);
        fail(
          figures,
          isLinear(model)
            ? L(
                `Under-fitting: the model does not even fit the training points (${describeLayers(model)}). All its layers are linear, so whatever the number of units (${units} hidden here) it computes a straight line, which cannot bend like cos(x): more units will not help, a non-linear activation will. Give the hidden layer \`activation: 'tanh'\` (or 'relu').`,
                `Sous-apprentissage : le modèle n'ajuste même pas les points d'entraînement (${describeLayers(model)}). Toutes ses couches sont linéaires : quel que soit le nombre d'unités (${units} cachées ici), il calcule une droite, qui ne peut pas se courber comme cos(x) ; plus d'unités n'y changeront rien, une activation non linéaire, si. Donnez à la couche cachée \`activation: 'tanh'\` (ou 'relu').`,
              )
            : units < 8
              ? L(
                  `Under-fitting: the model does not even fit the training points (${describeLayers(model)}, ${units} hidden unit(s)). It is too simple to bend like cos(x): use more hidden units (8 to 32) with a non-linear activation such as tanh.`,
                  `Sous-apprentissage : le modèle n'ajuste même pas les points d'entraînement (${describeLayers(model)}, ${units} unité(s) cachée(s)). Il est trop simple pour se courber comme cos(x) : prenez plus d'unités cachées (8 à 32) avec une activation non linéaire comme tanh.`,
                )
              : L(
                  `Under-fitting: the model does not even fit the training points (${describeLayers(model)}, ${units} hidden units — enough to bend like cos(x)). Look at what blocks it: an activation that saturates or cuts negative values in the wrong place, many stacked layers that train slowly, or dropout during this short training. One hidden layer of 8 to 32 tanh units fits cos(x) in these epochs.`,
                  `Sous-apprentissage : le modèle n'ajuste même pas les points d'entraînement (${describeLayers(model)}, ${units} unités cachées — assez pour se courber comme cos(x)). Cherchez ce qui le bloque : une activation qui sature ou coupe les valeurs négatives au mauvais endroit, beaucoup de couches empilées qui apprennent lentement, ou du dropout pendant ce court entraînement. Une couche cachée de 8 à 32 unités tanh ajuste cos(x) en ces quelques époques.`,
                ),
        );
      }
      if (gap > MAX_GAP || (valMse > MAX_VAL_MSE && trainMse < NOISE_MSE)) {
        fail(
          figures,
          L(
            `Over-fitting: the training error is ${trainMse < NOISE_MSE ? 'below the noise level' : 'low'} but the validation error is much higher — the model (${describeLayers(model)}, ${params} parameters) learns the noise of the ${FIT.trainPoints} points by heart instead of the curve. Use fewer units or layers, or add regularisation (dropout, L2).`,
            `Sur-apprentissage : l'erreur d'entraînement est ${trainMse < NOISE_MSE ? 'sous le niveau du bruit' : 'faible'} mais l'erreur de validation bien plus haute — le modèle (${describeLayers(model)}, ${params} paramètres) apprend par cœur le bruit des ${FIT.trainPoints} points au lieu de la courbe. Prenez moins d'unités ou de couches, ou ajoutez une régularisation (dropout, L2).`,
          ),
        );
      }
      if (valMse > MAX_VAL_MSE) {
        fail(
          figures,
          L(
            'The fit is not good enough on new points. Try a hidden layer of 8 to 32 tanh units.',
            "L'ajustement n'est pas assez bon sur de nouveaux points. Essayez une couche cachée de 8 à 32 unités tanh.",
          ),
        );
      }
      ctx.note(figures);
    },
  },
  {
    id: 'early-stopping-rule',
    async run(ctx) {
      await runCases(ctx, RULE_CASES);
    },
  },
  {
    id: 'early-stopping-edges',
    async run(ctx) {
      await runCases(ctx, EDGE_CASES);
    },
  },
];
