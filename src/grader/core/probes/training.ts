import * as tf from '../tf';
import { both } from '../../../shared/i18n';
import { fail, learnerFunction } from '../assert';
import { callBuilder, describeLayers, expectLayersModel, inputShape, outputShape } from '../models';
import { noisyCos } from '../synthetic';
import type { ProbeContext } from '../types';

/**
 * Exercise 17 in the training panel: trains a regressor on the check's 20 noisy points of
 * cos(x) (same seeds, epochs and optimizer as the check) and returns the points, both loss
 * curves, and the fitted curve at several epochs, so the page can scrub through training and
 * show under- and over-fitting. `model` picks the learner's `buildRegressor` or one of two
 * reference models (a straight line that under-fits, a large network that over-fits).
 */
export const COS_FIT = {
  trainPoints: 20,
  trainSeed: 1701,
  valPoints: 200,
  valSeed: 1702,
  noise: 0.15,
  epochs: 500,
  learningRate: 0.01,
  snapshotEvery: 10,
  gridPoints: 101,
} as const;

export type CosModel = 'learner' | 'linear' | 'large';

export interface CosFitResult {
  readonly model: CosModel;
  readonly description: string;
  readonly params: number;
  readonly train: { readonly x: number[]; readonly y: number[] };
  readonly val: { readonly x: number[]; readonly y: number[] };
  readonly gridX: number[];
  /** Predictions on gridX after `epoch` epochs. */
  readonly snapshots: { readonly epoch: number; readonly y: number[] }[];
  readonly loss: number[];
  readonly valLoss: number[];
  readonly trainMse: number;
  readonly valMse: number;
}

function referenceModel(kind: 'linear' | 'large'): tf.LayersModel {
  if (kind === 'linear') return tf.sequential({ layers: [tf.layers.dense({ inputShape: [1], units: 1 })] });
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [1], units: 128, activation: 'relu' }),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dense({ units: 1 }),
    ],
  });
}

export async function cosFitProbe(ctx: ProbeContext, params: { readonly model?: CosModel } | undefined): Promise<CosFitResult> {
  const kind: CosModel = params?.model ?? 'learner';
  const F = COS_FIT;
  let model: tf.LayersModel;
  if (kind === 'learner') {
    model = expectLayersModel(await callBuilder(ctx, 'buildRegressor()', learnerFunction(ctx, 'buildRegressor')), 'buildRegressor()');
    const i = inputShape(model);
    const o = outputShape(model);
    if (i.length !== 2 || i[1] !== 1 || o.length !== 2 || o[1] !== 1) {
      fail(
        both(
          'buildRegressor() maps [{0}] to [{1}]; the panel needs one number in, one number out ([null, 1] → [null, 1]).',
          i.join(', '),
          o.join(', '),
        ),
      );
    }
    if (model.countParams() > 200_000) fail(both('buildRegressor() has {0} parameters: too many to train here.', model.countParams()));
  } else {
    model = referenceModel(kind);
  }
  const train = noisyCos(F.trainPoints, F.trainSeed, F.noise);
  const val = noisyCos(F.valPoints, F.valSeed, F.noise);
  const gridX = Array.from({ length: F.gridPoints }, (_, i) => -Math.PI + (2 * Math.PI * i) / (F.gridPoints - 1));
  const xt = tf.tensor2d(train.x, [train.x.length, 1]);
  const yt = tf.tensor2d(train.y, [train.y.length, 1]);
  const xv = tf.tensor2d(val.x, [val.x.length, 1]);
  const yv = tf.tensor2d(val.y, [val.y.length, 1]);
  const xg = tf.tensor2d(gridX, [gridX.length, 1]);
  const predictGrid = () => tf.tidy(() => Array.from((model.predict(xg) as tf.Tensor).dataSync()));
  const snapshots: { epoch: number; y: number[] }[] = [{ epoch: 0, y: predictGrid() }];
  const loss: number[] = [];
  const valLoss: number[] = [];
  model.compile({ optimizer: tf.train.adam(F.learningRate), loss: 'meanSquaredError' });
  await model.fit(xt, yt, {
    epochs: F.epochs,
    batchSize: F.trainPoints,
    shuffle: false,
    validationData: [xv, yv],
    verbose: 0,
    callbacks: {
      onEpochEnd: async (epoch, logs) => {
        const l = Number(logs?.loss);
        const v = Number(logs?.val_loss);
        loss.push(l);
        valLoss.push(v);
        if ((epoch + 1) % F.snapshotEvery === 0) {
          snapshots.push({ epoch: epoch + 1, y: predictGrid() });
          ctx.progress({ epoch: epoch + 1, epochs: F.epochs, loss: l, valLoss: v });
        }
      },
    },
  });
  const mse = (x: tf.Tensor, y: tf.Tensor) => tf.tidy(() => tf.losses.meanSquaredError(y, model.predict(x) as tf.Tensor).dataSync()[0]!);
  return {
    model: kind,
    description: describeLayers(model),
    params: model.countParams(),
    train,
    val,
    gridX,
    snapshots,
    loss,
    valLoss,
    trainMse: mse(xt, yt),
    valMse: mse(xv, yv),
  };
}
