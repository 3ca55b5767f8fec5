import * as tf from '@tensorflow/tfjs';

// Exercise 18 — Case study: handwritten digits (MNIST) / Cas pratique : chiffres manuscrits (MNIST)
//
// The grader builds your model, compiles it with Adam (your learning rate) and categorical
// cross-entropy, trains it on 5 500 digits (28×28×1, pixels in [0, 1]) with your epochs and batch
// size, and measures its accuracy on 1 000 digits it never saw. Goal: ≥ 95 %, in about a minute
// at most on a modest laptop.
// Le correcteur construit votre modèle, le compile avec Adam (votre taux d'apprentissage) et
// l'entropie croisée catégorielle, l'entraîne sur 5 500 chiffres (28×28×1, pixels dans [0, 1]) avec
// vos époques et votre taille de lot, et mesure son exactitude sur 1 000 chiffres jamais vus.
// Objectif : ≥ 95 %, en une minute au plus sur un portable modeste.

/** Input [28, 28, 1], output 10 probabilities (softmax). / Entrée [28, 28, 1], sortie 10 probabilités (softmax). */
export function buildModel(): tf.LayersModel {
  // TODO: a small CNN does much better than this single dense layer.
  // TODO : un petit CNN fait bien mieux que cette unique couche dense.
  return tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [28, 28, 1] }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

// TODO: choose the training settings. / TODO : choisissez les réglages d'entraînement.
export const trainConfig = {
  epochs: 1,
  batchSize: 512,
  learningRate: 0.0001,
};
