import * as tf from '@tensorflow/tfjs';

/** Gaussian-like blur: non-negative weights that add up to 1. */
export const blurKernel: number[][] = [
  [1 / 16, 2 / 16, 1 / 16],
  [2 / 16, 4 / 16, 2 / 16],
  [1 / 16, 2 / 16, 1 / 16],
];

/** Edge detector (Laplacian, 8 neighbours): weights add up to 0, so flat areas give 0. */
export const edgeKernel: number[][] = [
  [-1, -1, -1],
  [-1, 8, -1],
  [-1, -1, -1],
];

/** Sharpen = identity + edge detector (4 neighbours): weights add up to 1. */
export const sharpenKernel: number[][] = [
  [0, -1, 0],
  [-1, 5, -1],
  [0, -1, 0],
];

/** Emboss (« repoussage »): each weight is the opposite of its mirror through the centre. */
export const embossKernel: number[][] = [
  [-2, -1, 0],
  [-1, 1, 1],
  [0, 1, 2],
];

/**
 * ReLU(conv + bias): the kernel slides ('valid', stride 1, not flipped) over the mean of the
 * channels, the bias is added, negative values are cut to 0. [h, w, c] → [h − kh + 1, w − kw + 1, 1].
 */
export function featureMap(image: tf.Tensor3D, kernel: number[][], bias: number): tf.Tensor3D {
  return tf.tidy(() => {
    const grey = image.mean(2, true) as tf.Tensor3D;
    const filter = tf.tensor4d(kernel.flat(), [kernel.length, kernel[0]!.length, 1, 1]);
    return tf.relu(tf.conv2d(grey, filter, 1, 'valid').add(bias)) as tf.Tensor3D;
  });
}
