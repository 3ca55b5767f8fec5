import * as tf from '../../src/grader/core/tf';
import { join, L } from '../../src/shared/i18n';
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
  paceNote,
} from '../../src/grader/core/models';
import { noisyCos } from '../../src/grader/core/synthetic';
import { FIT_THRESHOLDS } from '../../src/shared/charts/training';
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

/**
 * Pass marks, from the noise: cos(x) itself scores exactly 0.15² = 0.0225 on both sets (the
 * course data's noise is scaled so). A good fit absorbs a little of the training noise (its
 * training error is somewhat below 0.0225, its validation error somewhat above); a model that
 * learns the 20 points by heart drives its training error under half the noise while its
 * validation error climbs. Shared with the training panel's reading (FIT_THRESHOLDS).
 */
const NOISE_MSE = FIT_THRESHOLDS.noiseMse;
const MAX_VAL_MSE = FIT_THRESHOLDS.maxValMse;
const MAX_GAP = FIT_THRESHOLDS.maxGap;
const UNDERFIT_TRAIN_MSE = FIT_THRESHOLDS.underTrainMse;
const MEMORISED_TRAIN_MSE = FIT_THRESHOLDS.memorisedTrainMse;

/** A number in both languages: "0.0185" / "0,0185", "−0.5" / "−0,5". */
function num(x: number, digits = 4): { en: string; fr: string } {
  const en = (Number.isFinite(x) ? String(Number(x.toFixed(digits))) : fmt(x)).replace(/^-/, '−');
  return L(en, en.replace('.', ','));
}

/** French typography outside code spans: a narrow no-break space before ; : ! ? and inside « ». */
function typo(fr: string): string {
  return fr
    .split(/(`[^`]*`)/)
    .map((part, i) =>
      i % 2
        ? part
        : part
            .replace(/ ([;:!?])/g, '\u202f$1')
            .replace(/« /g, '«\u202f')
            .replace(/ »/g, '\u202f»'),
    )
    .join('');
}

/** A localized text whose French gets French typography. */
function T(en: string, fr: string): { en: string; fr: string } {
  return L(en, typo(fr));
}

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

const OFF_BY_ONE = T(
  'Off by one: the window is the LAST `patience` losses (indices n−patience … n−1) and the best is taken over all the losses before it (indices 0 … n−patience−1).',
  "Décalage d'un : la fenêtre, ce sont les `patience` DERNIÈRES pertes (indices n−patience … n−1), et le meilleur score se prend sur toutes les pertes d'avant (indices 0 … n−patience−1).",
);

const MISTAKES: { name: { en: string; fr: string }; fn: (l: readonly number[], p: number) => boolean }[] = [
  {
    name: T(
      'It looks like you stop after `patience` consecutive increases (each loss above the previous one). The rule compares with the BEST loss before the window: a loss that falls again but stays above the best is still no improvement.',
      "Vous semblez arrêter après `patience` hausses consécutives (chaque perte au-dessus de la précédente). La règle compare à la MEILLEURE perte d'avant la fenêtre : une perte qui redescend sans passer sous ce meilleur score n'est toujours pas une amélioration.",
    ),
    fn: (l, p) => l.length > p && l.slice(l.length - p - 1).every((v, i, a) => i === 0 || v > a[i - 1]!),
  },
  {
    name: T(
      'It looks like you only compare the last loss with the one before: `patience` is the number of epochs without improvement to wait for, not one.',
      "Vous semblez ne comparer que la dernière perte à la précédente : `patience` est le nombre d'époques sans amélioration à attendre, pas une seule.",
    ),
    fn: (l) => l.length >= 2 && l[l.length - 1]! >= l[l.length - 2]!,
  },
  {
    name: T(
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
    name: T(
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
  { losses: [1.0, 0.8, 0.6, 0.5], patience: 3, why: T('the loss improves every epoch', "la perte s'améliore à chaque époque") },
  {
    losses: [1.0, 0.5, 0.6, 0.7, 0.8],
    patience: 3,
    why: T('best 0.5, then three epochs above it', 'meilleur 0,5, puis trois époques au-dessus'),
  },
  {
    losses: [1.0, 0.5, 0.6, 0.7, 0.8, 0.9],
    patience: 3,
    why: T('best 0.5, then four epochs above it', 'meilleur 0,5, puis quatre époques au-dessus'),
  },
  {
    losses: [1.0, 0.5, 0.6, 0.7],
    patience: 3,
    why: T('only two epochs since the best 0.5', 'seulement deux époques depuis le meilleur 0,5'),
  },
  {
    losses: [1.0, 0.5, 0.6, 0.4, 0.7],
    patience: 3,
    why: T('0.4 in the window beats the best 0.5 before it', 'le 0,4 de la fenêtre bat le meilleur 0,5 d’avant'),
  },
  {
    losses: [1.0, 0.4, 0.6, 0.5, 0.45],
    patience: 3,
    why: T(
      'the loss falls again (0.6, 0.5, 0.45) but never below the best 0.4',
      'la perte redescend (0,6, 0,5, 0,45) mais jamais sous le meilleur 0,4',
    ),
  },
  {
    losses: [0.9, 0.7, 0.75, 0.72, 0.71, 0.69],
    patience: 4,
    why: T('0.69 beats the best 0.7, on the last epoch', 'le 0,69 bat le meilleur 0,7, à la dernière époque'),
  },
  {
    losses: [0.9, 0.7, 0.75, 0.72, 0.71, 0.7],
    patience: 4,
    why: T(
      '0.7 only equals the best: no improvement in four epochs',
      'le 0,7 ne fait qu’égaler le meilleur : aucune amélioration en quatre époques',
    ),
  },
  {
    losses: [0.5, 0.6],
    patience: 1,
    why: T('patience 1: the last epoch is worse than the best', 'patience 1 : la dernière époque est pire que le meilleur'),
  },
  { losses: [0.6, 0.5], patience: 1, why: T('patience 1: the last epoch improves', "patience 1 : la dernière époque s'améliore") },
  {
    losses: [2, 1, 0.5, 0.3, 0.35, 0.33, 0.31, 0.32, 0.36],
    patience: 5,
    why: T('five epochs in a row above the best 0.3', 'cinq époques de suite au-dessus du meilleur 0,3'),
  },
  {
    losses: [2, 1, 0.5, 0.3, 0.35, 0.33, 0.31, 0.32],
    patience: 5,
    why: T('only four epochs since the best 0.3', 'seulement quatre époques depuis le meilleur 0,3'),
  },
];

const EDGE_CASES: Case[] = [
  { losses: [], patience: 3, why: T('no epoch yet', 'aucune époque encore') },
  {
    losses: [0.9, 0.95, 0.99],
    patience: 3,
    why: T(
      'exactly `patience` epochs: nothing before them to compare with',
      'exactement `patience` époques : rien avant elles pour comparer',
    ),
  },
  { losses: [0.9], patience: 1, why: T('a single epoch', 'une seule époque') },
  { losses: [0.5, 0.5, 0.5, 0.5], patience: 3, why: T('a flat loss: equal is not better', "une perte plate : égal n'est pas mieux") },
  {
    losses: [0.5, 0.5, 0.5, 0.5],
    patience: 4,
    why: T('a flat loss, but only `patience` epochs', 'une perte plate, mais seulement `patience` époques'),
  },
  {
    losses: [3, 2, 1, 0.1, 5, 5, 5, 5, 5, 5, 5],
    patience: 6,
    why: T('a long plateau far above the best 0.1', 'un long plateau bien au-dessus du meilleur 0,1'),
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
        T(
          `${label} returned ${show(r)} (${typeof r}); it must return true or false.`,
          `${label} a renvoyé ${show(r)} (${typeof r}) ; la fonction doit renvoyer true ou false.`,
        ),
      );
    }
    if (copy.length !== c.losses.length || copy.some((v, i) => v !== c.losses[i])) {
      fail(
        T(
          `${label} changed the array it was given (now ${show(copy, 12)}): the training loop still needs the history. Do not sort() or splice() it in place; copy it first ([...valLosses]) or just read it.`,
          `${label} a modifié le tableau reçu (devenu ${show(copy, 12)}) : la boucle d'entraînement a encore besoin de l'historique. Ne le triez pas (sort()) et ne le coupez pas (splice()) sur place ; copiez-le d'abord ([...valLosses]) ou lisez-le seulement.`,
        ),
      );
    }
    got.push(r);
  }
  const wants = cases.map((c) => rule(c.losses, c.patience));
  // The same answer on every probe while the rule says both: a constant, not a slip in the rule.
  if (got.every((g) => g === got[0]) && wants.some((w) => w !== got[0])) {
    const i = wants.findIndex((w) => w !== got[0]);
    const c = cases[i]!;
    const label = `earlyStopping(${show(c.losses, 12)}, ${c.patience})`;
    fail(
      T(
        `earlyStopping returned ${got[0]} for all ${cases.length} histories it was given, e.g. ${label}, expected ${wants[i]}: ${c.why.en}.`,
        `earlyStopping a renvoyé ${got[0]} pour les ${cases.length} historiques reçus, par exemple ${label}, attendu ${wants[i]} : ${c.why.fr}.`,
      ),
      got[0]
        ? T(
            'A rule that always says true stops every training after its first epoch. Compute the best loss before the last `patience` ones and compare the window with it.',
            'Une règle qui répond toujours true arrête chaque entraînement dès sa première époque. Calculez la meilleure perte avant les `patience` dernières et comparez-lui la fenêtre.',
          )
        : T(
            'A rule that always says false never stops: training runs to the last epoch, over-fitting included. Compute the best loss before the last `patience` ones and return true when none of those last losses is strictly below it.',
            "Une règle qui répond toujours false n'arrête jamais : l'entraînement va jusqu'à la dernière époque, sur-apprentissage compris. Calculez la meilleure perte avant les `patience` dernières et renvoyez true quand aucune de ces dernières pertes n'est strictement en dessous.",
          ),
    );
  }
  cases.forEach((c, i) => {
    const want = wants[i]!;
    if (got[i] === want) return;
    const label = `earlyStopping(${show(c.losses, 12)}, ${c.patience})`;
    // Name a mistake only when its answers match the learner's on every one of these probes.
    const mistake = MISTAKES.find((m) => cases.every((k, j) => m.fn(k.losses, k.patience) === got[j]));
    fail(
      T(`${label} returned ${got[i]}, expected ${want}: ${c.why.en}.`, `${label} a renvoyé ${got[i]}, attendu ${want} : ${c.why.fr}.`),
      mistake?.name ??
        T(
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
          T(
            `buildRegressor() takes inputs of shape [${inShape.join(', ')}], expected [null, 1]: each example is one number x. Use \`inputShape: [1]\` on the first layer.`,
            `buildRegressor() prend des entrées de forme [${inShape.join(', ')}], attendu [null, 1] : chaque exemple est un nombre x. Mettez \`inputShape: [1]\` sur la première couche.`,
          ),
        );
      }
      const outShape = outputShape(model);
      if (outShape.length !== 2 || outShape[1] !== 1) {
        fail(
          T(
            `buildRegressor() gives outputs of shape [${outShape.join(', ')}], expected [null, 1]: one predicted value, cos(x). The last layer is \`dense({ units: 1 })\`.`,
            `buildRegressor() donne des sorties de forme [${outShape.join(', ')}], attendu [null, 1] : une valeur prédite, cos(x). La dernière couche est \`dense({ units: 1 })\`.`,
          ),
        );
      }
      const last = finalActivation(model) ?? 'linear';
      if (['relu', 'sigmoid', 'softmax', 'softplus', 'elu', 'selu', 'relu6'].includes(last)) {
        const why =
          last === 'softmax'
            ? T('softmax over a single unit always gives 1.', 'softmax sur une seule unité donne toujours 1.')
            : last === 'sigmoid'
              ? T(
                  'sigmoid only gives values in (0, 1), but cos(x) goes down to −1.',
                  'sigmoid ne donne que des valeurs dans (0, 1), or cos(x) descend jusqu’à −1.',
                )
              : T(
                  `${last} cannot give the negative values of cos(x) (down to −1).`,
                  `${last} ne peut pas donner les valeurs négatives de cos(x) (jusqu’à −1).`,
                );
        fail(
          T(
            `The output layer has the activation "${last}": ${why.en} A regression output is linear (no activation on the last dense layer).`,
            `La couche de sortie a l'activation « ${last} » : ${why.fr} Une sortie de régression est linéaire (pas d'activation sur la dernière couche dense).`,
          ),
        );
      }
      if (isLinear(model)) {
        fail(
          T(
            `Every layer of ${describeLayers(model)} is linear: stacked linear layers are still one straight line, which cannot follow cos(x) (under-fitting). Give a hidden layer a non-linear activation, e.g. \`activation: 'tanh'\` or \`'relu'\`.`,
            `Toutes les couches de ${describeLayers(model)} sont linéaires : des couches linéaires empilées restent une droite, qui ne peut pas suivre cos(x) (sous-apprentissage). Donnez à une couche cachée une activation non linéaire, par ex. \`activation: 'tanh'\` ou \`'relu'\`.`,
          ),
        );
      }
      // No size limit: a large model trains here too (within the time budget), and the fit check
      // shows whether it learns the curve or the noise.
    },
  },
  {
    id: 'regressor-fit',
    async run(ctx) {
      const model = await regressor(ctx);
      const params = model.countParams();
      // Course data, fixed: the same 20 points the training panel draws (probes/training.ts, COS_FIT),
      // spread over [-π, π] with their noise scaled to exactly 0.15² (synthetic.ts). The model's
      // initialisation is seeded per check (workerRunner.ts), so the same code gets the same verdict
      // on every run; test/integration/overfitting.integration.test.ts sweeps 20 initialisations.
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
        const s = Math.round((result.projectedMs ?? result.ms) / 1000);
        const allowed = Math.round(result.budgetMs / 1000);
        fail(
          join(
            T(
              `${FIT.epochs} epochs on ${FIT.trainPoints} points should take a few seconds; this model (${describeLayers(model)}, ${params} parameters) needed ${s} s, more than the ${allowed} s allowed. Use fewer or smaller layers: a hidden layer of 8 to 32 units is enough for cos(x).`,
              `${FIT.epochs} époques sur ${FIT.trainPoints} points devraient prendre quelques secondes ; ce modèle (${describeLayers(model)}, ${params} paramètres) a demandé ${s} s, plus que les ${allowed} s permises. Prenez des couches moins nombreuses ou plus petites : une couche cachée de 8 à 32 unités suffit pour cos(x).`,
            ),
            paceNote(result),
          ),
        );
      }
      const predict = (x: tf.Tensor): number[] => tf.tidy(() => Array.from((model.predict(x) as tf.Tensor).dataSync()));
      const pt = predict(xt);
      const pv = predict(xv);
      const sq = (p: number[], y: readonly number[], keep: (i: number) => boolean = () => true) => {
        let sum = 0;
        let n = 0;
        p.forEach((v, i) => {
          if (keep(i)) {
            sum += (v - y[i]!) ** 2;
            n++;
          }
        });
        return n ? sum / n : 0;
      };
      const trainMse = sq(pt, train.y);
      const valMse = sq(pv, val.y);
      const gap = valMse - trainMse;
      const figures = T(
        `Training MSE ${num(trainMse).en}, validation MSE ${num(valMse).en}, gap ${num(gap).en} (cos(x) itself scores ${NOISE_MSE} on both sets: that is the noise; pass: validation ≤ ${MAX_VAL_MSE}, gap ≤ ${MAX_GAP}).`,
        `MSE d'entraînement ${num(trainMse).fr}, MSE de validation ${num(valMse).fr}, écart ${num(gap).fr} (cos(x) lui-même obtient ${num(NOISE_MSE).fr} sur les deux ensembles : c'est le bruit ; réussite : validation ≤ ${num(MAX_VAL_MSE).fr}, écart ≤ ${num(MAX_GAP).fr}).`,
      );
      if (!Number.isFinite(trainMse) || !Number.isFinite(valMse)) {
        fail(
          T('Training diverged: the error became NaN or infinite.', "L'entraînement a divergé : l'erreur est devenue NaN ou infinie."),
          T(
            'Check for unusual layers or activations (e.g. exponential); a plain dense → tanh → dense(1) trains stably.',
            'Vérifiez les couches ou activations inhabituelles (par ex. exponentielle) ; un simple dense → tanh → dense(1) s’entraîne sans souci.',
          ),
        );
      }
      // A non-linear model that answers (nearly) the same value everywhere: dead ReLUs, saturated units
      // (a linear one draws a flat line too, and gets the under-fitting message that names linearity).
      const spread = Math.max(...pv) - Math.min(...pv);
      if (spread < 0.05 && !isLinear(model)) {
        fail(
          figures,
          T(
            `Your trained model gives (almost) the same output for every x (${num(Math.min(...pv)).en} to ${num(Math.max(...pv)).en}), while cos(x) goes from −1 to 1: it draws a flat line. Its hidden units are probably dead (ReLUs that output 0 everywhere) or saturated; try \`activation: 'tanh'\` in one hidden layer of 8 to 32 units.`,
            `Votre modèle entraîné donne (presque) la même sortie pour tout x (de ${num(Math.min(...pv)).fr} à ${num(Math.max(...pv)).fr}), alors que cos(x) va de −1 à 1 : il trace une droite horizontale. Ses unités cachées sont sans doute mortes (des ReLU qui donnent 0 partout) ou saturées ; essayez \`activation: 'tanh'\` dans une couche cachée de 8 à 32 unités.`,
          ),
        );
      }
      if (trainMse > UNDERFIT_TRAIN_MSE) {
        const units = hiddenUnits(model);
        fail(
          figures,
          isLinear(model)
            ? T(
                `Under-fitting: the model does not even fit the training points (${describeLayers(model)}). All its layers are linear, so whatever the number of units (${units} hidden here) it computes a straight line, which cannot bend like cos(x): more units will not help, a non-linear activation will. Give the hidden layer \`activation: 'tanh'\` (or 'relu').`,
                `Sous-apprentissage : le modèle n'ajuste même pas les points d'entraînement (${describeLayers(model)}). Toutes ses couches sont linéaires : quel que soit le nombre d'unités (${units} cachées ici), il calcule une droite, qui ne peut pas se courber comme cos(x) ; ajouter des unités n'y changera rien, une activation non linéaire, si. Donnez à la couche cachée \`activation: 'tanh'\` (ou 'relu').`,
              )
            : units < 8
              ? T(
                  `Under-fitting: the model does not even fit the training points (${describeLayers(model)}, ${units} hidden unit(s)). It is too simple to bend like cos(x): use more hidden units (8 to 32) with a non-linear activation such as tanh.`,
                  `Sous-apprentissage : le modèle n'ajuste même pas les points d'entraînement (${describeLayers(model)}, ${units} unité(s) cachée(s)). Il est trop simple pour se courber comme cos(x) : prenez plus d'unités cachées (8 à 32) avec une activation non linéaire comme tanh.`,
                )
              : T(
                  `Under-fitting: the model does not even fit the training points (${describeLayers(model)}, ${units} hidden units — enough to bend like cos(x)). Look at what blocks it: an activation that saturates or cuts negative values in the wrong place, many stacked layers that train slowly, or dropout during this short training. One hidden layer of 8 to 32 tanh units fits cos(x) in these epochs.`,
                  `Sous-apprentissage : le modèle n'ajuste même pas les points d'entraînement (${describeLayers(model)}, ${units} unités cachées — assez pour se courber comme cos(x)). Cherchez ce qui le bloque : une activation qui sature ou coupe les valeurs négatives au mauvais endroit, beaucoup de couches empilées qui apprennent lentement, ou du dropout pendant ce court entraînement. Une couche cachée de 8 à 32 unités tanh ajuste cos(x) en ces quelques époques.`,
                ),
        );
      }
      if (gap > MAX_GAP || valMse > MAX_VAL_MSE) {
        if (trainMse < MEMORISED_TRAIN_MSE) {
          fail(
            figures,
            T(
              `Over-fitting: the training error is under half the noise (${num(trainMse).en} < ${num(MEMORISED_TRAIN_MSE).en}) — no curve close to cos(x) can do that, only one that bends through the noise of each of the ${FIT.trainPoints} points — and the validation error is ${num(gap).en} higher. The model (${describeLayers(model)}, ${params} parameters) has learnt the points by heart, not the curve. Use fewer units or layers (one hidden layer of 8 to 32 tanh units), or regularise (L2, dropout).`,
              `Sur-apprentissage : l'erreur d'entraînement est sous la moitié du bruit (${num(trainMse).fr} < ${num(MEMORISED_TRAIN_MSE).fr}) — aucune courbe proche de cos(x) n'y arrive, seule une courbe qui ondule à travers le bruit de chacun des ${FIT.trainPoints} points — et l'erreur de validation est plus haute de ${num(gap).fr}. Le modèle (${describeLayers(model)}, ${params} paramètres) a appris les points par cœur, pas la courbe. Prenez moins d'unités ou de couches (une couche cachée de 8 à 32 unités tanh), ou régularisez (L2, dropout).`,
            ),
          );
        }
        // Not memorised: the curve strays from cos(x) somewhere. Say where: beyond the outermost
        // training points (a ReLU model extrapolates with straight lines) or between them.
        const lo = Math.min(...train.x);
        const hi = Math.max(...train.x);
        const outside = (i: number) => val.x[i]! < lo || val.x[i]! > hi;
        const outsideShare = (sq(pv, val.y, outside) * val.x.filter((_, i) => outside(i)).length) / Math.max(1e-12, valMse * val.x.length);
        fail(
          figures,
          outsideShare > 0.5
            ? T(
                `The model follows the training points (its training error is about the noise) but misses new points beyond the outermost ones (x < ${num(lo, 2).en} or x > ${num(hi, 2).en}), where it has no data: ${Math.round(outsideShare * 100)} % of its validation error is there. This is not learning the noise; it is how the curve is continued past the data. A smooth activation (tanh) continues it more gently than ReLU's straight pieces.`,
                `Le modèle suit les points d'entraînement (son erreur d'entraînement est de l'ordre du bruit) mais manque les nouveaux points au-delà des plus extrêmes (x < ${num(lo, 2).fr} ou x > ${num(hi, 2).fr}), là où il n'a pas de données : ${Math.round(outsideShare * 100)} % de son erreur de validation s'y trouve. Ce n'est pas apprendre le bruit, c'est la façon dont la courbe est prolongée hors des données. Une activation lisse (tanh) la prolonge plus doucement que les segments droits de ReLU.`,
              )
            : T(
                `The model follows the training points (its training error is about the noise) but strays from cos(x) between them, so new points are missed. Its curve bends too much or in the wrong places for ${FIT.trainPoints} points: try one hidden layer of 8 to 32 tanh units, which bends smoothly.`,
                `Le modèle suit les points d'entraînement (son erreur d'entraînement est de l'ordre du bruit) mais s'écarte de cos(x) entre eux, si bien que les nouveaux points sont manqués. Sa courbe se plie trop, ou aux mauvais endroits, pour ${FIT.trainPoints} points : essayez une couche cachée de 8 à 32 unités tanh, qui se courbe en douceur.`,
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
