import * as tf from '@tensorflow/tfjs';

/** σ(x) = 1 / (1 + e^(−x)): never NaN (e^(−x) is 0 or Infinity at worst, and 1/Infinity = 0). */
export function sigmoid(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.div(1, tf.add(1, tf.exp(tf.neg(x)))));
}

/** tanh(x) = 2σ(2x) − 1: the same curve stretched to (−1, 1), and as stable as σ. */
export function tanh(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.mul(2, sigmoid(tf.mul(2, x))), 1));
}

/** x where x > 0, α·x elsewhere. */
export function leakyRelu(x: tf.Tensor, alpha: number): tf.Tensor {
  return tf.tidy(() => tf.where(tf.greater(x, 0), x, tf.mul(x, alpha)));
}
