// Exercise 12 — A training loop / Une boucle d'entraînement
import * as tf from '@tensorflow/tfjs';

/**
 * Fit a linear layer ys ≈ xs·kernel + bias by full-batch gradient descent.
 * Each epoch: predict, compute the error (mean squared error, as tf.losses.meanSquaredError),
 * compute the gradients, update kernel and bias with w ← w − learningRate·∂E/∂w.
 * Return the trained kernel [inputs, units], bias [units], and losses[e] = the error at epoch e.
 * Leak no tensor: use tf.tidy and dispose() what you replace (and optimizer.dispose() if you use one).
 *
 * Ajustez une couche linéaire ys ≈ xs·kernel + bias par descente de gradient sur tout le lot.
 * À chaque époque : prédire, calculer l'erreur (erreur quadratique moyenne, comme
 * tf.losses.meanSquaredError), calculer les gradients, mettre à jour kernel et bias.
 * Renvoyez kernel [inputs, units], bias [units] et losses[e] = l'erreur à l'époque e.
 * Aucune fuite de tenseur : tf.tidy, et dispose() de ce que vous remplacez.
 */
export function train(
  xs: tf.Tensor2D,
  ys: tf.Tensor2D,
  epochs: number,
  learningRate: number,
): { kernel: tf.Tensor2D; bias: tf.Tensor1D; losses: number[] } {
  const kernel: tf.Tensor2D = tf.zeros([xs.shape[1], ys.shape[1]]);
  const bias: tf.Tensor1D = tf.zeros([ys.shape[1]]);
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    // TODO: predict → error → gradients → update, and push this epoch's error to losses.
    // TODO : prédire → erreur → gradients → mise à jour, et ajouter l'erreur de l'époque à losses.
  }
  return { kernel, bias, losses };
}
