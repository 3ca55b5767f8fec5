// Exercise 04 — Activation functions / Fonctions d'activation
// Build each one from elementary tf operations (tf.exp, tf.neg, tf.add, tf.sub, tf.mul, tf.div,
// tf.greater, tf.where…), not with tf.sigmoid / tf.tanh / tf.leakyRelu.
// Construisez chacune à partir d'opérations tf élémentaires, sans tf.sigmoid / tf.tanh / tf.leakyRelu.
import * as tf from '@tensorflow/tfjs';

/** Sigmoid / sigmoïde: σ(x) = 1 / (1 + e^(−x)), values in (0, 1). */
export function sigmoid(x: tf.Tensor): tf.Tensor {
  // TODO: 1 / (1 + e^(−x)), element by element / élément par élément.
  return tf.zerosLike(x);
}

/** Hyperbolic tangent / tangente hyperbolique: tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)), values in (−1, 1). */
export function tanh(x: tf.Tensor): tf.Tensor {
  // TODO: beware of large |x| (e^x overflows float32 beyond x ≈ 88.7).
  // TODO : attention aux grands |x| (e^x déborde du float32 au-delà de x ≈ 88,7).
  return tf.zerosLike(x);
}

/** Leaky ReLU: x if x > 0, alpha·x otherwise / x si x > 0, alpha·x sinon. */
export function leakyRelu(x: tf.Tensor, alpha: number): tf.Tensor {
  // TODO: like the ReLU, but negative values are multiplied by alpha instead of being set to 0.
  // TODO : comme la ReLU, mais les valeurs négatives sont multipliées par alpha au lieu d'être mises à 0.
  return tf.zerosLike(x);
}
