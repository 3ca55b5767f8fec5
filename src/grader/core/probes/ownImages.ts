import * as tf from '../tf';
import { L, both, join } from '../../../shared/i18n';
import { OWN_IMAGES, type OwnImagesClass, type OwnImagesParams, type OwnImagesResult } from '../../../shared/protocol/ownImages';
import { fail, learnerFunction } from '../assert';
import { classImageSet, classSetProblem, stratifiedSplit, subset } from '../classImages';
import { confusionFromPredictions } from '../confusion';
import { registerConv2dGradient } from '../conv2dGradient';
import { oneHot } from '../datasets';
import { batchOf, IMAGE_TRAINING, rangeProblem, withClassHead, type Preprocess } from '../imageClassifier';
import { accuracy, callBuilder, describeLayers, expectLayersModel, fitWithProgress, pct, pctFr, pctL } from '../models';
import type { ProbeContext } from '../types';

/**
 * Exercise 19 on the learner's own pictures: a folder with one sub-folder per class (cats/,
 * dogs/, or any classes). The images are decoded by the host's decoder, cropped to a centred
 * square and resized to 32 × 32, a seeded fifth of each class is held out, and the learner's
 * `preprocess` + `buildModel` are trained with the check's recipe (mirrored copies, Adam 0.003,
 * 15 epochs, batch 32). With other than two classes the model's output layer is replaced by
 * dense(classes, softmax). Progress goes to the training panel (or the CLI) like a check's.
 */
/** The hold-out: a seeded fifth of each class (at least 2). Limits: OWN_IMAGES (src/shared/protocol/ownImages.ts). */
const HOLD_OUT = { fraction: 0.2, seed: 1919 } as const;

/** The params come off the wire (a page or the CLI built them): checked, since a missing image list is a host bug to report. */
function paramsOf(params: OwnImagesParams): OwnImagesParams {
  const p = params as Partial<OwnImagesParams> | null;
  if (!p || !Array.isArray(p.images) || p.images.some((i) => !i || typeof i.className !== 'string' || typeof i.ref !== 'string')) {
    fail(both('No images were handed to the grader (a host bug).'));
  }
  return { folder: typeof p.folder === 'string' ? p.folder : '', images: p.images };
}

export async function ownImagesProbe(ctx: ProbeContext, params: OwnImagesParams): Promise<OwnImagesResult> {
  const { folder, images } = paramsOf(params);
  const T = IMAGE_TRAINING;
  const decoded = await classImageSet(images, (ref) => ctx.readImage(ref), T.side);
  const failedText = decoded.failed.length
    ? both(
        '{0} file(s) could not be decoded and were left out: {1}{2}.',
        decoded.failed.length,
        decoded.failed
          .slice(0, 5)
          .map((f) => `${f.file} (${f.reason})`)
          .join(', '),
        decoded.failed.length > 5 ? ', …' : '',
      )
    : undefined;
  const problem = classSetProblem(decoded.set, OWN_IMAGES.minPerClass);
  if (problem) fail(failedText ? join(problem, failedText) : problem);
  if (failedText) ctx.note(failedText);
  const set = decoded.set;
  const K = set.classNames.length;
  const { train: trainIdx, test: testIdx } = stratifiedSplit(set.labels, K, HOLD_OUT.fraction, HOLD_OUT.seed);
  const train = subset(set, trainIdx);
  const test = subset(set, testIdx);

  registerConv2dGradient();
  const preprocess = learnerFunction<Preprocess>(ctx, 'preprocess');
  const shape: [number, number, number] = [T.side, T.side, 3];
  const label = `buildModel([${shape.join(', ')}])`;
  const built = expectLayersModel(await callBuilder(ctx, label, learnerFunction(ctx, 'buildModel'), shape), label);
  if (built.countParams() > T.maxParams) {
    fail(
      both(
        '{0} has {1} parameters (at most {2} here): make it lighter before training it on your images.',
        label,
        built.countParams(),
        T.maxParams,
      ),
    );
  }
  const { model, replaced } = withClassHead(built, K);
  if (replaced) {
    ctx.note(
      both(
        'Your folder has {0} classes and your model {1} outputs: for this run the grader replaced your output layer ({2}) by dense({3}, softmax).',
        K,
        built.outputs[0]!.shape[1],
        L(replaced, replaced.replace('outputs', 'sorties')),
        K,
      ),
    );
  }
  const xs = await batchOf(ctx, preprocess, train, T.mirror);
  const range = rangeProblem(xs.dataSync() as Float32Array, L('one of your images', 'une de vos images'));
  if (range) fail(range);
  const trainLabels = T.mirror ? Array.from(train.labels).flatMap((l) => [l, l]) : Array.from(train.labels);
  const ys = oneHot(trainLabels, K);
  const xt = await batchOf(ctx, preprocess, test, false);
  const yt = oneHot(test.labels, K);
  model.compile({ optimizer: tf.train.adam(T.learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const fit = await fitWithProgress(
    ctx,
    model,
    xs,
    ys,
    {
      epochs: T.epochs,
      batchSize: T.batchSize,
      validationData: [xt, yt],
      budgetMs: OWN_IMAGES.trainBudgetMs,
      batchEvery: 0,
      stopOnProjection: false,
    },
    label,
  );
  const { acc, predicted } = accuracy(model, xt, test.labels);
  const trainAccuracy = accuracy(model, xs, trainLabels).acc;
  const on = both('your held-out images ({0})', folder || both('folder'));
  ctx.progress({
    epoch: fit.epochsRun,
    epochs: T.epochs,
    confusion: confusionFromPredictions(test.labels, predicted, set.classNames, { images: { set: test }, on }),
  });
  const classes: OwnImagesClass[] = set.classNames.map((className, c) => ({
    className,
    train: train.labels.filter((l) => l === c).length,
    test: test.labels.filter((l) => l === c).length,
    right: predicted.filter((p, i) => p === c && test.labels[i] === c).length,
  }));
  const perClass = L(
    classes.map((c) => `${c.className} ${pct(c.test ? c.right / c.test : 0)}`).join(', '),
    classes.map((c) => `${c.className} ${pctFr(c.test ? c.right / c.test : 0)}`).join(', '),
  );
  const counts = classes.map((c) => `${c.className} ${c.train + c.test}`).join(', ');
  const summary = both(
    'Trained on {0} of your images ({1} in all; ×2 mirrored) for {2} epoch(s){3}: {4} right on the {5} held out ({6}); {7} on the training images.',
    train.count,
    counts,
    fit.epochsRun,
    fit.overBudget ? both(' — stopped early: over the time budget') : '',
    pctL(acc),
    test.count,
    perClass,
    pctL(trainAccuracy),
  );
  return {
    folder,
    classes,
    accuracy: acc,
    trainAccuracy,
    epochsRun: fit.epochsRun,
    epochs: T.epochs,
    stoppedEarly: fit.overBudget,
    model: describeLayers(model),
    params: model.countParams(),
    ...(replaced ? { replacedHead: replaced } : {}),
    failed: decoded.failed,
    summary,
  };
}
