// Exercise 07 — Filters and feature maps / Filtres et cartes de caractéristiques
import * as tf from '@tensorflow/tfjs';

// Four 3×3 kernels. The identity below copies the image: replace each by the right filter.
// Quatre noyaux 3×3. L'identité ci-dessous recopie l'image : remplacez chacun par le bon filtre.

/** Blur: weights ≥ 0 that add up to 1. / Flou : poids ≥ 0 de somme 1. */
export const blurKernel: number[][] = [
  // TODO
  [0, 0, 0],
  [0, 1, 0],
  [0, 0, 0],
];

/** Edges: weights add up to 0, strong answer on an edge. / Bords : somme 0, forte réponse sur un bord. */
export const edgeKernel: number[][] = [
  // TODO
  [0, 0, 0],
  [0, 1, 0],
  [0, 0, 0],
];

/** Sharpen: sum 1, centre > 1, neighbours ≤ 0. / Netteté : somme 1, centre > 1, voisins ≤ 0. */
export const sharpenKernel: number[][] = [
  // TODO
  [0, 0, 0],
  [0, 1, 0],
  [0, 0, 0],
];

/**
 * Emboss: antisymmetric, k[i][j] = −k[2−i][2−j] (the centre is free).
 * Repoussage : antisymétrique, k[i][j] = −k[2−i][2−j] (le centre est libre).
 */
export const embossKernel: number[][] = [
  // TODO
  [0, 0, 0],
  [0, 1, 0],
  [0, 0, 0],
];

/**
 * One feature map: ReLU(conv(image, kernel) + bias).
 * - image: [h, w, c]; the filter sees the MEAN of the c channels (one grey image);
 * - the kernel slides as it is (not flipped), stride 1, padding 'valid' — like tf.conv2d;
 * - result: [h − kh + 1, w − kw + 1, 1].
 *
 * Une carte de caractéristiques : ReLU(conv(image, noyau) + biais).
 * - image : [h, w, c] ; le filtre voit la MOYENNE des c canaux (une image grise) ;
 * - le noyau glisse tel quel (non retourné), pas de 1, remplissage 'valid' — comme tf.conv2d ;
 * - résultat : [h − kh + 1, w − kw + 1, 1].
 */
export function featureMap(image: tf.Tensor3D, kernel: number[][], bias: number): tf.Tensor3D {
  // TODO: mean of the channels, tf.conv2d with the kernel as a [kh, kw, 1, 1] tensor, + bias, ReLU.
  // TODO : moyenne des canaux, tf.conv2d avec le noyau en tenseur [kh, kw, 1, 1], + biais, ReLU.
  return tf.zeros([1, 1, 1]);
}
