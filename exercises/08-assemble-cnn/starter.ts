import * as tf from '@tensorflow/tfjs';

// Exercise 08 — Assemble a convolutional network / Assembler un réseau convolutif

/**
 * A CNN for images of shape `inputShape` ([height, width, channels]) and `numClasses` classes.
 *  1. Feature learning: at least two conv2d layers (with ReLU), each followed by max pooling.
 *  2. Classification: flatten, then dense layers, the last one with `numClasses` units and softmax.
 * At most 100 000 parameters. The grader trains it on handwritten digits (28×28×1, 10 classes).
 *
 * Un CNN pour des images de forme `inputShape` ([hauteur, largeur, canaux]) et `numClasses` classes.
 *  1. Apprentissage des caractéristiques : au moins deux couches conv2d (avec ReLU), chacune suivie
 *     d'un max pooling.
 *  2. Classification : flatten, puis des couches denses, la dernière avec `numClasses` unités et softmax.
 * Au plus 100 000 paramètres. Le correcteur l'entraîne sur des chiffres manuscrits (28×28×1, 10 classes).
 */
export function buildCnn(inputShape: [number, number, number], numClasses: number): tf.LayersModel {
  const model = tf.sequential();
  // TODO: feature learning — conv2d (give the first one `inputShape`), maxPooling2d, conv2d, maxPooling2d.
  // TODO : apprentissage des caractéristiques — conv2d (le premier reçoit `inputShape`), maxPooling2d, conv2d, maxPooling2d.
  model.add(tf.layers.flatten({ inputShape }));
  // TODO: classification — the last dense layer must turn scores into probabilities.
  // TODO : classification — la dernière couche dense doit transformer les scores en probabilités.
  model.add(tf.layers.dense({ units: numClasses }));
  return model;
}
