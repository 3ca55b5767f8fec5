import * as tf from '../../src/grader/core/tf';
import { L, type Localized } from '../../src/shared/i18n';
import { fail, fmt, fmtFr, learnerFunction, learnerValue, show } from '../../src/grader/core/assert';
import { registerConv2dGradient } from '../../src/grader/core/conv2dGradient';
import { courseData, imagesTensor, labelsTensor, loadMnist } from '../../src/grader/core/datasets';
import {
  accuracy,
  callBuilder,
  confusionMatrix,
  describeLayers,
  expectLayersModel,
  expectModelShapes,
  expectSoftmaxOutput,
  failOverBudget,
  fitWithProgress,
  heaviestLayer,
  hiddenSoftmaxHint,
  pct,
  pctFr,
} from '../../src/grader/core/models';
import { confusionFromPredictions } from '../../src/grader/core/confusion';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';

/** What the grader does with the learner's model and settings (stated in the theory). */
export const SETUP = {
  trainDigits: 5500,
  valDigits: 500,
  target: 0.95,
  budgetMs: 100_000,
  maxEpochs: 15,
  minBatch: 8,
  maxBatch: 1024,
  minLr: 2e-4,
  maxLr: 0.02,
  maxParams: 300_000,
} as const;

interface TrainConfig {
  epochs: number;
  batchSize: number;
  learningRate: number;
}

function config(ctx: CheckContext): TrainConfig {
  const c = learnerValue(ctx, 'trainConfig');
  if (!c || typeof c !== 'object' || Array.isArray(c)) {
    fail(
      L(
        `trainConfig must be an object { epochs, batchSize, learningRate }, but it is ${show(c)}.`,
        `trainConfig doit être un objet { epochs, batchSize, learningRate }, mais c'est ${show(c)}.`,
      ),
    );
  }
  const o = c as Record<string, unknown>;
  for (const key of ['epochs', 'batchSize', 'learningRate']) {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      fail(
        L(
          `trainConfig.${key} must be a finite number, but it is ${show(v)}${v === undefined ? ' (missing or misspelled?)' : ''}.`,
          `trainConfig.${key} doit être un nombre fini, mais c'est ${show(v)}${v === undefined ? ' (absent ou mal orthographié ?)' : ''}.`,
        ),
      );
    }
  }
  return { epochs: o.epochs as number, batchSize: o.batchSize as number, learningRate: o.learningRate as number };
}

/** Fails on settings that cannot work, saying why; returns them when they are sensible. */
function saneConfig(ctx: CheckContext): TrainConfig {
  const c = config(ctx);
  const { epochs, batchSize, learningRate } = c;
  if (!Number.isInteger(epochs) || epochs < 1) {
    fail(
      L(
        `trainConfig.epochs = ${fmt(epochs)}: an epoch is one pass over the training set, so it must be a whole number ≥ 1.`,
        `trainConfig.epochs = ${fmt(epochs)} : une époque est un passage sur l'ensemble d'entraînement, c'est donc un entier ≥ 1.`,
      ),
    );
  }
  if (epochs > SETUP.maxEpochs) {
    fail(
      L(
        `trainConfig.epochs = ${epochs} is too many for the check's time budget (${SETUP.budgetMs / 1000} s on a laptop CPU): each epoch goes through all ${SETUP.trainDigits} digits. A CNN reaches 97 % in 2 to 5 epochs; use at most ${SETUP.maxEpochs}.`,
        `trainConfig.epochs = ${epochs}, c'est trop pour le temps de la vérification (${fmtFr(SETUP.budgetMs / 1000)} s sur le processeur d'un portable) : chaque époque parcourt les ${fmtFr(SETUP.trainDigits)} chiffres. Un CNN atteint 97 % en 2 à 5 époques ; ${SETUP.maxEpochs} au plus.`,
      ),
    );
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    fail(
      L(
        `trainConfig.batchSize = ${fmt(batchSize)}: a batch is the number of examples used for one update of the weights; it must be a whole number ≥ 1 (32 or 64 are usual).`,
        `trainConfig.batchSize = ${fmt(batchSize)} : un lot est le nombre d'exemples utilisés pour une mise à jour des poids ; c'est un entier ≥ 1 (32 ou 64 sont courants).`,
      ),
    );
  }
  if (batchSize < SETUP.minBatch) {
    fail(
      L(
        `trainConfig.batchSize = ${batchSize} means ${Math.ceil(SETUP.trainDigits / batchSize)} updates per epoch, each with a fixed cost: far too slow for the check's budget, and the gradient of so few examples is very noisy. Use 16 to 128.`,
        `trainConfig.batchSize = ${batchSize}, c'est ${Math.ceil(SETUP.trainDigits / batchSize)} mises à jour par époque, chacune avec un coût fixe : bien trop lent pour le temps de la vérification, et le gradient de si peu d'exemples est très bruité. Prenez 16 à 128.`,
      ),
    );
  }
  if (batchSize > SETUP.maxBatch) {
    fail(
      L(
        `trainConfig.batchSize = ${batchSize} leaves only ${Math.ceil(SETUP.trainDigits / batchSize)} update(s) of the weights per epoch: the model barely moves. Use 16 to 128.`,
        `trainConfig.batchSize = ${batchSize} ne laisse que ${Math.ceil(SETUP.trainDigits / batchSize)} mise(s) à jour des poids par époque : le modèle bouge à peine. Prenez 16 à 128.`,
      ),
    );
  }
  if (!(learningRate > 0)) {
    fail(
      L(
        `trainConfig.learningRate = ${fmt(learningRate)}: the learning rate is the size of each step down the slope; it must be > 0 (a negative step climbs the loss).`,
        `trainConfig.learningRate = ${fmt(learningRate)} : le taux d'apprentissage est la taille de chaque pas dans la pente ; il doit être > 0 (un pas négatif remonte la perte).`,
      ),
    );
  }
  if (learningRate > SETUP.maxLr) {
    fail(
      L(
        `trainConfig.learningRate = ${fmt(learningRate)} is too high for Adam: the steps overshoot the valley of the loss and training oscillates or diverges (remember the mountain: giant strides jump from one side to the other). Use 0.001 to 0.005.`,
        `trainConfig.learningRate = ${fmt(learningRate)}, c'est trop grand pour Adam : les pas dépassent le fond de la vallée de la perte et l'entraînement oscille ou diverge (souvenez-vous de la montagne : à pas de géant, on saute d'un versant à l'autre). Prenez 0,001 à 0,005.`,
      ),
    );
  }
  if (learningRate < SETUP.minLr) {
    fail(
      L(
        `trainConfig.learningRate = ${fmt(learningRate)} is too low: with steps that small the model is still far from the bottom after a few epochs. Use 0.001 to 0.005 with Adam.`,
        `trainConfig.learningRate = ${fmt(learningRate)}, c'est trop petit : à si petits pas, le modèle est encore loin du fond après quelques époques. Prenez 0,001 à 0,005 avec Adam.`,
      ),
    );
  }
  return c;
}

async function model(ctx: CheckContext): Promise<tf.LayersModel> {
  const build = learnerFunction<() => tf.LayersModel>(ctx, 'buildModel');
  const m = expectLayersModel(await callBuilder(ctx, 'buildModel()', build), 'buildModel()');
  expectModelShapes(m, [28, 28, 1], 10, 'buildModel()');
  expectSoftmaxOutput(m, 'buildModel()');
  const params = m.countParams();
  if (params > SETUP.maxParams) {
    const heavy = heaviestLayer(m);
    fail(
      L(
        `buildModel() has ${params} parameters (more than ${SETUP.maxParams}); the layer "${heavy.layer.name}" alone holds ${heavy.params}. Such a model is slow to train in the check's budget and needs far more than ${SETUP.trainDigits} digits. Pool after each convolution so that flatten gives a small vector.`,
        `buildModel() a ${fmtFr(params)} paramètres (plus de ${fmtFr(SETUP.maxParams)}) ; la couche « ${heavy.layer.name} » en porte à elle seule ${fmtFr(heavy.params)}. Un tel modèle est lent à entraîner dans le temps de la vérification et demande bien plus que ${fmtFr(SETUP.trainDigits)} chiffres. Faites un pooling après chaque convolution pour que flatten donne un petit vecteur.`,
      ),
    );
  }
  return m;
}

/** The three most frequent confusions, e.g. "4 → 9 (12×)". */
function topConfusions(m: number[][]): string {
  const pairs: { t: number; p: number; n: number }[] = [];
  m.forEach((row, t) =>
    row.forEach((n, p) => {
      if (t !== p && n > 0) pairs.push({ t, p, n });
    }),
  );
  pairs.sort((a, b) => b.n - a.n);
  return pairs
    .slice(0, 3)
    .map((x) => `${x.t} → ${x.p} (${x.n}×)`)
    .join(', ');
}

function diagnosis(cfg: TrainConfig, trainAcc: number, testAcc: number, losses: number[], m: tf.LayersModel): Localized {
  const updates = cfg.epochs * Math.ceil(SETUP.trainDigits / cfg.batchSize);
  const hidden = hiddenSoftmaxHint(m);
  if (hidden) return hidden;
  if (losses.some((l) => !Number.isFinite(l))) {
    return L(
      `The loss became NaN: training diverged. Lower the learning rate (${fmt(cfg.learningRate)} → 0.001).`,
      `La perte est devenue NaN : l'entraînement a divergé. Baissez le taux d'apprentissage (${fmtFr(cfg.learningRate)} → 0,001).`,
    );
  }
  const first = losses[0] ?? NaN;
  const last = losses[losses.length - 1] ?? NaN;
  if (testAcc < 0.3 && cfg.learningRate >= 0.01) {
    return L(
      `The network is stuck near chance (1 digit in 10): with a learning rate of ${fmt(cfg.learningRate)} the first steps can push many ReLUs into a dead zone. Try 0.001 to 0.005.`,
      `Le réseau reste proche du hasard (1 chiffre sur 10) : avec un taux d'apprentissage de ${fmtFr(cfg.learningRate)}, les premiers pas peuvent pousser beaucoup de ReLU dans une zone morte. Essayez 0,001 à 0,005.`,
    );
  }
  if (trainAcc - testAcc > 0.04 && trainAcc > 0.97) {
    return L(
      `Over-fitting: ${pct(trainAcc)} on the training digits but ${pct(testAcc)} on new ones. The model learns the training set by heart: fewer epochs, fewer dense units, or a dropout layer before the output.`,
      `Sur-apprentissage : ${pctFr(trainAcc)} sur les chiffres d'entraînement mais ${pctFr(testAcc)} sur de nouveaux. Le modèle apprend l'ensemble d'entraînement par cœur : moins d'époques, moins d'unités denses, ou une couche dropout avant la sortie.`,
    );
  }
  if (updates < 400) {
    return L(
      `Only ${updates} updates of the weights in all (${cfg.epochs} epoch(s) × ${Math.ceil(SETUP.trainDigits / cfg.batchSize)} batches of ${cfg.batchSize}): the descent stopped half-way (loss ${fmt(first)} → ${fmt(last)}). Use smaller batches (32) or more epochs.`,
      `Seulement ${fmtFr(updates)} mises à jour des poids en tout (${cfg.epochs} époque(s) × ${Math.ceil(SETUP.trainDigits / cfg.batchSize)} lots de ${cfg.batchSize}) : la descente s'est arrêtée à mi-pente (perte ${fmtFr(first)} → ${fmtFr(last)}). Prenez des lots plus petits (32) ou plus d'époques.`,
    );
  }
  const hasConv = m.layers.some((l) => l.getClassName() === 'Conv2D');
  if (!hasConv) {
    return L(
      `${describeLayers(m)} sees each pixel on its own: dense layers alone plateau around 92–94 % here. Convolutions see strokes and shapes wherever they are: conv2d → maxPooling2d, twice, then flatten and dense(10, softmax) reach 97–98 %.`,
      `${describeLayers(m)} voit chaque pixel isolément : des couches denses seules plafonnent vers 92–94 % ici. Les convolutions voient traits et formes où qu'ils soient : conv2d → maxPooling2d, deux fois, puis flatten et dense(10, softmax) atteignent 97–98 %.`,
    );
  }
  return L(
    `Training accuracy ${pct(trainAcc)}: the model is still under-fitting. Give it a bit more capacity (more filters: 16 then 32, 5×5 kernels) or one or two more epochs.`,
    `Exactitude d'entraînement ${pctFr(trainAcc)} : le modèle sous-apprend encore. Donnez-lui un peu plus de capacité (plus de filtres : 16 puis 32, noyaux 5×5) ou une ou deux époques de plus.`,
  );
}

export const checks: ExerciseChecks = [
  {
    id: 'train-config',
    async run(ctx) {
      saneConfig(ctx);
    },
  },
  {
    id: 'model-shape',
    async run(ctx) {
      const m = await model(ctx);
      ctx.note(L(`${describeLayers(m)}: ${m.countParams()} parameters.`, `${describeLayers(m)} : ${fmtFr(m.countParams())} paramètres.`));
    },
  },
  {
    id: 'mnist-accuracy',
    async run(ctx) {
      registerConv2dGradient();
      const cfg = saneConfig(ctx);
      const m = await model(ctx);
      const [train, test] = await courseData(
        'MNIST digits',
        Promise.all([loadMnist(ctx.loadAsset, 'train'), loadMnist(ctx.loadAsset, 'test')]),
      );
      const xs = imagesTensor(train, { count: SETUP.trainDigits });
      const ys = labelsTensor(train, { count: SETUP.trainDigits });
      const xv = imagesTensor(train, { start: SETUP.trainDigits, count: SETUP.valDigits });
      const yv = labelsTensor(train, { start: SETUP.trainDigits, count: SETUP.valDigits });
      m.compile({ optimizer: tf.train.adam(cfg.learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      const result = await fitWithProgress(
        ctx,
        m,
        xs,
        ys,
        {
          epochs: cfg.epochs,
          batchSize: cfg.batchSize,
          validationData: [xv, yv],
          budgetMs: SETUP.budgetMs,
          batchEvery: 20,
        },
        'buildModel()',
      );
      if (result.overBudget) {
        failOverBudget(
          result,
          L(
            `Fewer epochs (${cfg.epochs} now), batches of 32 to 64 (${cfg.batchSize} now), or a lighter model (${describeLayers(m)}): fewer filters, and pooling after each convolution.`,
            `Moins d'époques (${cfg.epochs} ici), des lots de 32 à 64 (${cfg.batchSize} ici), ou un modèle plus léger (${describeLayers(m)}) : moins de filtres, et un pooling après chaque convolution.`,
          ),
        );
      }
      const xt = imagesTensor(test);
      const { acc, predicted } = accuracy(m, xt, test.labels);
      // For the training panel: the matrix on the test digits, with a few digits per cell.
      ctx.progress({
        epoch: result.epochsRun,
        epochs: cfg.epochs,
        confusion: confusionFromPredictions(test.labels, predicted, test.classNames, {
          images: { set: test },
          on: L('the 1 000 test digits', 'les 1 000 chiffres de test'),
        }),
      });
      const trainAcc = accuracy(m, xs.slice(0, 1000), train.labels.subarray(0, 1000)).acc;
      const confusions = topConfusions(confusionMatrix(test.labels, predicted, 10));
      const figures = L(
        `Accuracy on the 1 000 test digits: ${pct(acc)} (needed: ${pct(SETUP.target)}); on training digits: ${pct(trainAcc)}; ${result.epochsRun} epoch(s) in ${fmt(Math.round(result.ms / 100) / 10)} s.${confusions ? ` Most frequent confusions (true → predicted): ${confusions}.` : ''}`,
        `Exactitude sur les 1 000 chiffres de test : ${pctFr(acc)} (requis : ${pctFr(SETUP.target)}) ; sur des chiffres d'entraînement : ${pctFr(trainAcc)} ; ${result.epochsRun} époque(s) en ${fmtFr(Math.round(result.ms / 100) / 10)} s.${confusions ? ` Confusions les plus fréquentes (vrai → prédit) : ${confusions}.` : ''}`,
      );
      if (!(acc >= SETUP.target)) fail(figures, diagnosis(cfg, trainAcc, acc, result.history.loss, m));
      ctx.note(figures);
    },
  },
];
