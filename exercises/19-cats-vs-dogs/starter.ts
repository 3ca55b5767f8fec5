import * as tf from '@tensorflow/tfjs';

// Exercise 19 — Case study: dog or cat? / Cas pratique : chien ou chat ?
//
// The grader calls preprocess() on every 32×32 RGB image (a float32 tensor of raw pixel values
// 0–255), trains buildModel([32, 32, 3]) on the balanced cat/dog set (with mirrored copies), and
// measures the accuracy on held-out images where cats and dogs appear on snow AND on grass.
// Le correcteur appelle preprocess() sur chaque image RVB 32×32 (un tenseur float32 de valeurs de
// pixels brutes 0–255), entraîne buildModel([32, 32, 3]) sur le jeu chats/chiens équilibré (avec
// des copies en miroir), et mesure l'exactitude sur des images mises de côté où chats et chiens
// apparaissent sur la neige ET sur l'herbe.

/** Output: 2 probabilities, [cat, dog] (softmax). / Sortie : 2 probabilités, [chat, chien] (softmax). */
export function buildModel(inputShape: [number, number, number]): tf.LayersModel {
  // TODO: a small CNN: conv2d (ReLU) + pooling blocks, then flatten (or global pooling) and dense(2, softmax).
  // TODO : un petit CNN : des blocs conv2d (ReLU) + pooling, puis flatten (ou pooling global) et dense(2, softmax).
  return tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape }),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
}

/** Same shape out, float values on a small scale (e.g. [0, 1]). / Même forme en sortie, des valeurs sur une petite échelle. */
export function preprocess(image: tf.Tensor3D): tf.Tensor3D {
  // TODO: scale the pixels (and/or standardise them). / TODO : mettez les pixels à l'échelle (et/ou standardisez-les).
  return image.clone();
}
