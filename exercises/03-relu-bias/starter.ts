// Exercise 03 — The bias and the ReLU / Le biais et la ReLU
import * as tf from '@tensorflow/tfjs';

/**
 * ReLU, element by element: relu(x) = x if x > 0, 0 if x ≤ 0. Same shape as x, returns a tf.Tensor.
 * ReLU, élément par élément : relu(x) = x si x > 0, 0 si x ≤ 0. Même forme que x, renvoie un tf.Tensor.
 */
export function relu(x: tf.Tensor): tf.Tensor {
  // TODO: keep the positive values of x, replace the others with 0 (build it yourself rather than call tf.relu).
  // TODO : gardez les valeurs positives de x, remplacez les autres par 0 (construisez-la vous-même plutôt qu'appeler tf.relu).
  return tf.zerosLike(x);
}

/**
 * A neuron on the grades (Maths, Sport, SVT, Physique, Chimie, LV1, LV2) such that
 * relu(w·x + b) keeps only what a pupil's sport grade has above 10: Gino 0, Marin 5, Arsène 10.
 * Un neurone tel que relu(w·x + b) ne garde que ce que la note de sport dépasse 10.
 */
export function sportSelector(): { w: number[]; b: number } {
  // TODO: choose the weights (which subject?) and the bias (which threshold?).
  // TODO : choisissez les poids (quelle matière ?) et le biais (quel seuil ?).
  return { w: [0, 0, 0, 0, 0, 0, 0], b: 0 };
}

/**
 * Your turn, on the same model: a neuron such that relu(w·x + b) keeps only what the average of the
 * two languages (LV1, LV2) has above 15 — 0 for a pupil whose average is 15 or less.
 * À vous, sur le même modèle : un neurone tel que relu(w·x + b) ne garde que ce que la moyenne des
 * deux langues (LV1, LV2) dépasse 15 — 0 pour un élève dont la moyenne vaut 15 ou moins.
 */
export function languageSelector(): { w: number[]; b: number } {
  // TODO: which weights make w·x the average of LV1 and LV2? which bias puts the threshold at 15?
  // TODO : quels poids font de w·x la moyenne de LV1 et LV2 ? quel biais place le seuil à 15 ?
  return { w: [0, 0, 0, 0, 0, 0, 0], b: 0 };
}
