import * as tf from '@tensorflow/tfjs';

export function buildRegressor(): tf.Sequential {
  // 16 tanh units: enough to bend like cos(x), too few to chase the noise of 20 points.
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [1], units: 16, activation: 'tanh' }),
      tf.layers.dense({ units: 1 }),
    ],
  });
}

export function earlyStopping(valLosses: number[], patience: number): boolean {
  const n = valLosses.length;
  if (n <= patience) return false;
  let best = Infinity;
  for (let i = 0; i < n - patience; i++) best = Math.min(best, valLosses[i]!);
  for (let i = n - patience; i < n; i++) {
    if (valLosses[i]! < best) return false;
  }
  return true;
}
