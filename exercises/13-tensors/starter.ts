// Exercise 13 — Scalar, vector, matrix, tensor / Scalaire, vecteur, matrice, tenseur
import * as tf from '@tensorflow/tfjs';

/** The scalar 3: rank 0, shape []. / Le scalaire 3 : rang 0, forme []. */
export function scalar(): tf.Scalar {
  // TODO: build the scalar 3 / construisez le scalaire 3.
  return tf.scalar(0);
}

/** The vector (3, 2): rank 1, shape [2]. / Le vecteur (3, 2) : rang 1, forme [2]. */
export function vector(): tf.Tensor1D {
  // TODO: build the vector (3, 2) / construisez le vecteur (3, 2).
  return tf.tensor1d([0, 0]);
}

/**
 * The matrix of shape (3, 2) shown in the theory (the slides' example), as a tf.Tensor2D.
 * La matrice de forme (3, 2) montrée dans la théorie (l'exemple des diapositives), en tf.Tensor2D.
 */
export function matrix(): tf.Tensor2D {
  // TODO: 3 rows of 2 values / 3 lignes de 2 valeurs.
  return tf.tensor2d([[0, 0], [0, 0], [0, 0]]);
}

/**
 * A batch of n images of h×w pixels with c channels, all zeros: rank 4.
 * Un lot de n images de h×w pixels à c canaux, rempli de zéros : rang 4.
 */
export function imageBatch(n: number, h: number, w: number, c: number): tf.Tensor4D {
  // TODO: choose the order of the four axes (TensorFlow.js puts the channels last).
  // TODO : choisissez l'ordre des quatre axes (TensorFlow.js met les canaux en dernier).
  return tf.zeros([1, 1, 1, 1]);
}
