// Exercise 15 — An image becomes a tensor / Une image devient un tenseur
import * as tf from '@tensorflow/tfjs';

/**
 * `pixels` holds the image row by row, 4 bytes per pixel: R, G, B, A (0 … 255), as a canvas
 * gives them (ImageData.data). Return a float32 tensor of shape [height, width, 3]: the R, G, B
 * channels only (no alpha), each divided by 255 so that values lie in [0, 1].
 *
 * `pixels` contient l'image ligne par ligne, 4 octets par pixel : R, G, B, A (0 … 255), comme
 * les donne un canvas (ImageData.data). Renvoyez un tenseur float32 de forme
 * [hauteur, largeur, 3] : les canaux R, G, B seulement (sans alpha), chacun divisé par 255
 * pour que les valeurs soient dans [0, 1].
 */
export function toTensor(pixels: Uint8ClampedArray, width: number, height: number): tf.Tensor3D {
  // TODO: shape the bytes as [height, width, 4], keep the first 3 channels, scale to [0, 1].
  // TODO : mettez les octets en forme [hauteur, largeur, 4], gardez les 3 premiers canaux, ramenez dans [0, 1].
  return tf.zeros([height, width, 3]);
}

/**
 * Grey level of each pixel with the luminance weights: 0.299 R + 0.587 G + 0.114 B.
 * Input [height, width, 3], output [height, width, 1] (keep the channel axis).
 * Niveau de gris de chaque pixel avec les poids de luminance : 0,299 R + 0,587 G + 0,114 B.
 * Entrée [hauteur, largeur, 3], sortie [hauteur, largeur, 1] (gardez l'axe des canaux).
 */
export function toGrayscale(image: tf.Tensor3D): tf.Tensor3D {
  // TODO: weighted sum over the channel axis / somme pondérée sur l'axe des canaux.
  return image.mean(2, true);
}
