import * as tf from '@tensorflow/tfjs';

export function buildCnn(inputShape: [number, number, number], numClasses: number): tf.LayersModel {
  return tf.sequential({
    layers: [
      // Feature learning: 3×3 filters + bias + ReLU, then pooling halves width and height.
      tf.layers.conv2d({ inputShape, filters: 8, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      // Classification: feature maps → vector → class probabilities.
      tf.layers.flatten(),
      tf.layers.dense({ units: 32, activation: 'relu' }),
      tf.layers.dense({ units: numClasses, activation: 'softmax' }),
    ],
  });
}
