import * as tf from '@tensorflow/tfjs';

export function buildModel(): tf.Sequential {
  return tf.sequential({
    layers: [
      // The hidden layer bends the plane: 16 ReLU folds, enough to wrap the inner disc.
      tf.layers.dense({ units: 16, activation: 'relu', inputShape: [2] }),
      // Two probabilities, one per class (inner ring, outer ring).
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
}
