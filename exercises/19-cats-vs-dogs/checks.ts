import * as tf from '../../src/grader/core/tf';
import { L, type Localized } from '../../src/shared/i18n';
import { fail, fmt, learnerFunction } from '../../src/grader/core/assert';
import { registerConv2dGradient } from '../../src/grader/core/conv2dGradient';
import { courseData, imageTensor, loadCatsDogs, oneHot } from '../../src/grader/core/datasets';
import {
  accuracy,
  callBuilder,
  describeLayers,
  expectCnnStructure,
  expectLayersModel,
  expectModelShapes,
  failOverBudget,
  fitWithProgress,
  pct,
} from '../../src/grader/core/models';
import { confusionFromPredictions } from '../../src/grader/core/confusion';
import { batchOf, IMAGE_TRAINING, preprocessed, rangeProblem, type Preprocess } from '../../src/grader/core/imageClassifier';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';

type BuildModel = (inputShape: [number, number, number]) => tf.LayersModel;

/** What the grader does (stated in the theory). */
export const SETUP = {
  ...IMAGE_TRAINING,
  trainSet: 'balanced',
  target: 0.75,
  groupFloor: 0.4,
  budgetMs: 100_000,
} as const;

const SHAPE: [number, number, number] = [IMAGE_TRAINING.side, IMAGE_TRAINING.side, 3];

async function model(ctx: CheckContext, shape: [number, number, number] = SHAPE): Promise<tf.LayersModel> {
  const fn = learnerFunction<BuildModel>(ctx, 'buildModel');
  const label = `buildModel([${shape.join(', ')}])`;
  const m = expectLayersModel(await callBuilder(ctx, label, fn, shape), label);
  expectModelShapes(m, shape, 2, label);
  return m;
}

export const checks: ExerciseChecks = [
  {
    id: 'preprocess',
    async run(ctx) {
      const fn = learnerFunction<Preprocess>(ctx, 'preprocess');
      const set = await courseData('cat/dog test images', loadCatsDogs(ctx.loadAsset, 'test'));
      for (const i of [0, 1, 2, 3, 57, 123]) {
        const raw = imageTensor(set, i, false);
        const out = await preprocessed(ctx, fn, raw, `image ${i}`);
        const values = out.dataSync() as Float32Array;
        const problem = rangeProblem(values, `image ${i}`);
        if (problem) fail(problem);
        let lo = Infinity;
        let hi = -Infinity;
        for (const v of values) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        if (hi - lo < 1e-3) {
          fail(
            L(
              `preprocess(image ${i}) returns a constant image (every value ${fmt(lo)}): the picture is gone. Keep the differences between pixels — scale them, do not erase them.`,
              `preprocess(image ${i}) renvoie une image constante (toutes les valeurs à ${fmt(lo)}) : l'image a disparu. Gardez les différences entre pixels — mettez-les à l'échelle, ne les effacez pas.`,
            ),
          );
        }
        const again = (await preprocessed(ctx, fn, raw, `image ${i}`)).dataSync();
        if (again.some((v, j) => Math.abs(v - values[j]!) > 1e-5)) {
          fail(
            L(
              `preprocess(image ${i}) gave two different results for the same image: preprocessing must be deterministic (random flips, crops or noise are augmentation, done at training time — the grader already adds mirrored copies).`,
              `preprocess(image ${i}) a donné deux résultats différents pour la même image : le prétraitement doit être déterministe (miroirs, recadrages ou bruit aléatoires, c'est de l'augmentation, faite à l'entraînement — le correcteur ajoute déjà des copies en miroir).`,
            ),
          );
        }
        // Brighter pixels must stay brighter within each channel: a monotone transform (scale and/or
        // shift), per image or per channel — channels may be scaled differently (ImageNet-style).
        const rawValues = raw.dataSync();
        const channels = raw.shape[2];
        let a = 0;
        let b = 0;
        for (let c = 0; c < channels; c++) {
          for (let j = c; j < rawValues.length; j += channels) {
            if (rawValues[j]! > rawValues[c]!) {
              b++;
              a += values[j]! > values[c]! - 1e-6 ? 1 : 0;
            }
          }
        }
        if (b > 0 && a / b < 0.5) {
          fail(
            L(
              `preprocess(image ${i}) inverts the image (within a colour channel, brighter pixels become darker). Allowed: dividing by 255, subtracting a mean, dividing by a standard deviation (per image or per channel).`,
              `preprocess(image ${i}) inverse l'image (dans un même canal de couleur, les pixels plus clairs deviennent plus sombres). Permis : diviser par 255, soustraire une moyenne, diviser par un écart-type (par image ou par canal).`,
            ),
          );
        }
      }
      // A flat image: a snow-only picture (one colour everywhere).
      const flat = tf.fill([32, 32, 3], 240, 'float32') as tf.Tensor3D;
      const out = await preprocessed(ctx, fn, flat, 'a flat white image');
      const problem = rangeProblem(out.dataSync() as Float32Array, 'a flat white image');
      if (problem) fail(problem);
    },
  },
  {
    id: 'model-shape',
    async run(ctx) {
      const m = await model(ctx, SHAPE);
      expectCnnStructure(m, 'buildModel([32, 32, 3])', { minConv: 2, maxParams: SETUP.maxParams });
      await model(ctx, [48, 48, 3]);
      ctx.note(L(`${describeLayers(m)}: ${m.countParams()} parameters.`, `${describeLayers(m)} : ${m.countParams()} paramètres.`));
    },
  },
  {
    id: 'catsdogs-accuracy',
    async run(ctx) {
      registerConv2dGradient();
      const fn = learnerFunction<Preprocess>(ctx, 'preprocess');
      const m = await model(ctx, SHAPE);
      expectCnnStructure(m, 'buildModel([32, 32, 3])', { minConv: 2, maxParams: SETUP.maxParams });
      const [train, test] = await courseData(
        'cat/dog images',
        Promise.all([loadCatsDogs(ctx.loadAsset, SETUP.trainSet), loadCatsDogs(ctx.loadAsset, 'test')]),
      );
      const xs = await batchOf(ctx, fn, train, SETUP.mirror);
      const problem = rangeProblem(xs.dataSync() as Float32Array, 'a training image');
      if (problem) fail(problem);
      const trainLabels = SETUP.mirror ? Array.from(train.labels).flatMap((l) => [l, l]) : Array.from(train.labels);
      const ys = oneHot(trainLabels, 2);
      const xt = await batchOf(ctx, fn, test, false);
      const yt = oneHot(test.labels, 2);
      m.compile({ optimizer: tf.train.adam(SETUP.learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      const result = await fitWithProgress(
        ctx,
        m,
        xs,
        ys,
        {
          epochs: SETUP.epochs,
          batchSize: SETUP.batchSize,
          validationData: [xt, yt],
          budgetMs: SETUP.budgetMs,
          batchEvery: 0,
        },
        'buildModel([32, 32, 3])',
      );
      if (result.overBudget) {
        failOverBudget(
          result,
          SETUP.budgetMs,
          L(
            `Make ${describeLayers(m)} lighter: fewer filters (16 to 64), pooling after each convolution.`,
            `Allégez ${describeLayers(m)} : moins de filtres (16 à 64), un pooling après chaque convolution.`,
          ),
        );
      }
      const { acc, predicted } = accuracy(m, xt, test.labels);
      // For the training panel: the matrix on the held-out set, with a few images per cell.
      ctx.progress({
        epoch: result.epochsRun,
        epochs: SETUP.epochs,
        confusion: confusionFromPredictions(test.labels, predicted, test.classNames, {
          images: { set: test },
          on: L('the held-out test images', 'les images de test mises de côté'),
        }),
      });
      const trainAcc = accuracy(m, xs, trainLabels).acc;
      // Accuracy per (class, background): a background shortcut shows as one group near 0.
      const groups = new Map<string, { right: number; total: number }>();
      test.labels.forEach((l, i) => {
        const key = `${test.classNames[l]}/${test.backgrounds?.[i] ?? '?'}`;
        const g = groups.get(key) ?? { right: 0, total: 0 };
        g.total++;
        if (predicted[i] === l) g.right++;
        groups.set(key, g);
      });
      const fr: Record<string, string> = { cat: 'chat', dog: 'chien', snow: 'neige', grass: 'herbe' };
      const groupName = (k: string, lang: 'en' | 'fr') =>
        lang === 'fr'
          ? k
              .split('/')
              .map((p) => fr[p] ?? p)
              .join(' sur ')
          : k.replace('/', ' on ');
      const groupText = (lang: 'en' | 'fr') =>
        [...groups.entries()]
          .sort()
          .map(([k, g]) => `${groupName(k, lang)} ${pct(g.right / g.total)}`)
          .join(', ');
      const figures = L(
        `Accuracy on the ${test.count} held-out images: ${pct(acc)} (needed: ${pct(SETUP.target)}); on the training images: ${pct(trainAcc)}. By group: ${groupText('en')}.`,
        `Exactitude sur les ${test.count} images mises de côté : ${pct(acc)} (requis : ${pct(SETUP.target)}) ; sur les images d'entraînement : ${pct(trainAcc)}. Par groupe : ${groupText('fr')}.`,
      );
      const worst = [...groups.entries()].map(([k, g]) => ({ k, a: g.right / g.total })).sort((p, q) => p.a - q.a)[0];
      if (acc < SETUP.target || (worst && worst.a < SETUP.groupFloor)) {
        let why: Localized;
        if (worst && worst.a < SETUP.groupFloor) {
          why = L(
            `One group is almost always wrong (${groupName(worst.k, 'en')}: ${pct(worst.a)}): the model decides from the background, not the animal. Standardise each image (subtract its mean, divide by its standard deviation) so that overall brightness — white snow, green grass — matters less, and let the convolutions look for shapes.`,
            `Un groupe est presque toujours faux (${groupName(worst.k, 'fr')} : ${pct(worst.a)}) : le modèle décide d'après le fond, pas l'animal. Standardisez chaque image (soustrayez sa moyenne, divisez par son écart-type) pour que la luminosité globale — neige blanche, herbe verte — compte moins, et laissez les convolutions chercher des formes.`,
          );
        } else if (acc < 0.6 && trainAcc < 0.65) {
          why = L(
            'The model hardly learns (close to 50 %, a coin toss). Check the preprocessing (values on a small scale), that every conv2d has a ReLU, and that no hidden layer uses softmax.',
            "Le modèle n'apprend presque pas (près de 50 %, pile ou face). Vérifiez le prétraitement (des valeurs sur une petite échelle), que chaque conv2d a une ReLU, et qu'aucune couche cachée n'utilise softmax.",
          );
        } else if (trainAcc - acc > 0.15) {
          why = L(
            `Over-fitting: ${pct(trainAcc)} on the training images but ${pct(acc)} on new ones — with only ${train.count} pictures (×2 mirrored), a big model learns them by heart. Use fewer parameters: global average pooling instead of flatten + large dense layers, or a dropout layer.`,
            `Sur-apprentissage : ${pct(trainAcc)} sur les images d'entraînement mais ${pct(acc)} sur de nouvelles — avec seulement ${train.count} images (×2 en miroir), un gros modèle les apprend par cœur. Moins de paramètres : un pooling moyen global au lieu de flatten + grosses couches denses, ou une couche dropout.`,
          );
        } else {
          why = L(
            'Not accurate enough yet: a third conv2d block (16 → 32 → 64 filters, padding "same") followed by globalAveragePooling2d, and per-image standardisation, reach about 82 %.',
            'Pas encore assez précis : un troisième bloc conv2d (16 → 32 → 64 filtres, padding « same ») suivi de globalAveragePooling2d, et une standardisation par image, atteignent environ 82 %.',
          );
        }
        fail(figures, why);
      }
      ctx.note(figures);
    },
  },
];
