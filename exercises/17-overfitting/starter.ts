import * as tf from '@tensorflow/tfjs';

// Exercise 17 — Under- and over-fitting on cos(x) / Sous- et sur-apprentissage sur cos(x)
//
// The grader trains your model on 20 noisy points of cos(x), x in [-π, π], and measures the
// error on 200 other points (validation). Training settings are fixed by the grader:
// MSE loss, Adam (learning rate 0.01), 500 epochs, whole training set in one batch.
// Le correcteur entraîne votre modèle sur 20 points bruités de cos(x), x dans [-π, π], et mesure
// l'erreur sur 200 autres points (validation). Réglages fixés : MSE, Adam (taux 0,01),
// 500 époques, tout l'ensemble d'entraînement en un seul lot.

/**
 * A regressor: one number in (x), one number out (≈ cos x). Input shape [1], output [1].
 * Not too simple (it must bend), not too big (20 points are easy to learn by heart).
 * Un régresseur : un nombre en entrée (x), un en sortie (≈ cos x). Forme d'entrée [1], sortie [1].
 * Ni trop simple (il doit se courber), ni trop gros (20 points s'apprennent vite par cœur).
 */
export function buildRegressor(): tf.Sequential {
  // TODO: add a hidden layer with a non-linear activation between input and output.
  // TODO : ajoutez une couche cachée avec une activation non linéaire entre l'entrée et la sortie.
  return tf.sequential({
    layers: [tf.layers.dense({ inputShape: [1], units: 1 })],
  });
}

/**
 * Early stopping: given the validation loss of every epoch so far (oldest first), return true
 * when the last `patience` epochs brought no improvement over the best loss seen before them,
 * i.e. none of them is strictly below that best. With `patience` epochs or fewer, return false.
 * Arrêt précoce : à partir de la perte de validation de chaque époque (la plus ancienne d'abord),
 * renvoyer true quand les `patience` dernières époques n'ont pas amélioré la meilleure perte vue
 * avant elles (aucune n'est strictement plus basse). Avec `patience` époques ou moins : false.
 */
export function earlyStopping(valLosses: number[], patience: number): boolean {
  // TODO: compare the last `patience` losses with the best loss before them.
  // TODO : comparez les `patience` dernières pertes à la meilleure perte d'avant.
  return false;
}
