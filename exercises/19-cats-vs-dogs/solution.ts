import * as tf from '@tensorflow/tfjs';

export function buildModel(inputShape: [number, number, number]): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape, filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),
      // One number per filter: "is this pattern somewhere in the image?", wherever it is.
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
}

/** Per-image standardisation: mean 0, standard deviation 1 (a flat image stays finite). */
export function preprocess(image: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(image);
    return image.sub(mean).div(variance.sqrt().add(1e-3)) as tf.Tensor3D;
  });
}
