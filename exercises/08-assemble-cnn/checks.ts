import * as tf from '../../src/grader/core/tf';
import { L } from '../../src/shared/i18n';
import { fail, fmtFr, learnerFunction } from '../../src/grader/core/assert';
import { registerConv2dGradient } from '../../src/grader/core/conv2dGradient';
import { courseData, imagesTensor, labelsTensor, loadMnist } from '../../src/grader/core/datasets';
import {
  accuracy,
  callBuilder,
  describeLayers,
  expectCnnStructure,
  expectLayersModel,
  expectModelShapes,
  failOverBudget,
  fitWithProgress,
  hiddenSoftmaxHint,
  pct,
  pctFr,
} from '../../src/grader/core/models';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';

type BuildCnn = (inputShape: [number, number, number], numClasses: number) => tf.LayersModel;

const MAX_PARAMS = 100_000;

/** The training check's settings (stated in the theory). */
export const TRAIN = {
  trainDigits: 3000,
  epochs: 2,
  batchSize: 32,
  learningRate: 0.005,
  target: 0.9,
  budgetMs: 75_000,
} as const;

async function build(ctx: CheckContext, inputShape: [number, number, number], classes: number): Promise<tf.LayersModel> {
  const fn = learnerFunction<BuildCnn>(ctx, 'buildCnn');
  const label = `buildCnn([${inputShape.join(', ')}], ${classes})`;
  return expectLayersModel(await callBuilder(ctx, label, fn, inputShape, classes), label);
}

export const checks: ExerciseChecks = [
  {
    id: 'cnn-structure',
    async run(ctx) {
      const model = await build(ctx, [28, 28, 1], 10);
      expectModelShapes(model, [28, 28, 1], 10, 'buildCnn([28, 28, 1], 10)');
      expectCnnStructure(model, 'buildCnn([28, 28, 1], 10)', { minConv: 2, maxParams: MAX_PARAMS });
      ctx.note(
        L(
          `${describeLayers(model)}: ${model.countParams()} parameters.`,
          `${describeLayers(model)} : ${fmtFr(model.countParams())} paramètres.`,
        ),
      );
    },
  },
  {
    id: 'cnn-arguments',
    async run(ctx) {
      const a = await build(ctx, [32, 32, 3], 2);
      expectModelShapes(a, [32, 32, 3], 2, 'buildCnn([32, 32, 3], 2)');
      const b = await build(ctx, [28, 28, 1], 10);
      expectModelShapes(b, [28, 28, 1], 10, 'buildCnn([28, 28, 1], 10)');
      // Each call's model is rebuilt here from its own save() artifacts, so two calls can no longer be
      // told apart as "the same object"; a model cached across calls keeps the first call's shapes,
      // which expectModelShapes above already rejects.
    },
  },
  {
    id: 'cnn-train-mnist',
    async run(ctx) {
      registerConv2dGradient();
      const model = await build(ctx, [28, 28, 1], 10);
      expectModelShapes(model, [28, 28, 1], 10, 'buildCnn([28, 28, 1], 10)');
      expectCnnStructure(model, 'buildCnn([28, 28, 1], 10)', { minConv: 2, maxParams: MAX_PARAMS });
      const [train, test] = await courseData(
        'MNIST digits',
        Promise.all([loadMnist(ctx.loadAsset, 'train'), loadMnist(ctx.loadAsset, 'test')]),
      );
      const xs = imagesTensor(train, { count: TRAIN.trainDigits });
      const ys = labelsTensor(train, { count: TRAIN.trainDigits });
      const xv = imagesTensor(test);
      const yv = labelsTensor(test);
      model.compile({ optimizer: tf.train.adam(TRAIN.learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      const result = await fitWithProgress(
        ctx,
        model,
        xs,
        ys,
        {
          epochs: TRAIN.epochs,
          batchSize: TRAIN.batchSize,
          validationData: [xv, yv],
          budgetMs: TRAIN.budgetMs,
          batchEvery: 10,
        },
        'buildCnn([28, 28, 1], 10)',
      );
      if (result.overBudget) {
        failOverBudget(
          result,
          L(
            `This CNN is too slow to train here: use fewer filters (8 to 32), pool after each convolution, and keep ${describeLayers(model)} small.`,
            `Ce CNN est trop lent à entraîner ici : prenez moins de filtres (8 à 32), mettez un pooling après chaque convolution, et gardez ${describeLayers(model)} petit.`,
          ),
        );
      }
      const { acc } = accuracy(model, xv, test.labels);
      const trainAcc = result.history.acc[result.history.acc.length - 1] ?? NaN;
      const figures = L(
        `Validation accuracy on the 1 000 held-out digits: ${pct(acc)} (needed: ${pct(TRAIN.target)}); training accuracy in the last epoch: ${pct(trainAcc)}.`,
        `Exactitude de validation sur les 1 000 chiffres mis de côté : ${pctFr(acc)} (requis : ${pctFr(TRAIN.target)}) ; exactitude d'entraînement à la dernière époque : ${pctFr(trainAcc)}.`,
      );
      if (acc < TRAIN.target) {
        const lossStuck = result.history.loss.length > 0 && result.history.loss[result.history.loss.length - 1]! > 2.0;
        fail(
          figures,
          hiddenSoftmaxHint(model) ??
            (acc < 0.2 || lossStuck
              ? L(
                  `The network did not learn (about 1 digit in 10 is chance). Look for a layer that blocks the signal: an activation such as sigmoid or softmax inside the network, a dense layer with very few units, or far too much dropout. The recipe of the theory's table: conv2d(relu) → maxPooling2d → conv2d(relu) → maxPooling2d → flatten → dense(softmax).`,
                  `Le réseau n'a pas appris (environ 1 chiffre sur 10 reconnu, autant que le hasard). Cherchez une couche qui bloque le signal : une activation comme sigmoid ou softmax au milieu du réseau, une couche dense avec très peu d'unités, ou beaucoup trop de dropout. La recette du tableau de la théorie : conv2d(relu) → maxPooling2d → conv2d(relu) → maxPooling2d → flatten → dense(softmax).`,
                )
              : L(
                  'The network learns but not enough in two epochs: give the convolutions a few more filters (8 then 16 is a good start), use 3×3 kernels, and avoid bottlenecks (a dense layer of 2 or 4 units) before the output.',
                  'Le réseau apprend mais pas assez en deux époques : donnez un peu plus de filtres aux convolutions (8 puis 16 est un bon début), des noyaux 3×3, et évitez les goulets (une couche dense de 2 ou 4 unités) avant la sortie.',
                )),
        );
      }
      ctx.note(figures);
    },
  },
];
