// Exercise 05 — Why non-linearity / Pourquoi la non-linéarité
import * as tf from '@tensorflow/tfjs';

/**
 * A model for 2-D points (x, y) → 2 classes (inner ring 0, outer ring 1).
 * Input [null, 2]; output [null, 2] with softmax (or [null, 1] with sigmoid).
 * No need to compile: the check compiles it (Adam, learning rate 0.05) and trains it.
 * Un modèle pour des points 2D → 2 classes. Inutile de le compiler : la vérification s'en charge.
 */
export function buildModel(): tf.Sequential {
  // TODO: this model is linear, its boundary is a straight line. Add a hidden layer with a
  // non-linear activation before the output.
  // TODO : ce modèle est linéaire, sa frontière est une droite. Ajoutez une couche cachée avec
  // une activation non linéaire avant la sortie.
  return tf.sequential({
    layers: [tf.layers.dense({ units: 2, activation: 'softmax', inputShape: [2] })],
  });
}
