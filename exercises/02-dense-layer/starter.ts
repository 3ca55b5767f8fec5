// Exercise 02 — A dense layer / Une couche dense
import * as tf from '@tensorflow/tfjs';

/**
 * A dense layer of `units` neurons applied to a batch of examples.
 *   x:      [batch, inputs]  one row per example / une ligne par exemple
 *   kernel: [inputs, units]  column j = the weights of neuron j / colonne j = les poids du neurone j
 *   bias:   [units]          one bias per neuron / un biais par neurone
 * Returns [batch, units]: y = x·kernel + bias (what tf.layers.dense computes, without activation).
 * Renvoie [batch, neurones] : y = x·kernel + biais (le calcul de tf.layers.dense, sans activation).
 */
export function dense(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  // TODO: multiply x by the kernel (a matrix product), then add the bias to every row.
  // TODO : multipliez x par le kernel (produit matriciel), puis ajoutez le biais à chaque ligne.
  return tf.zeros([x.shape[0], kernel.shape[1]]);
}

/**
 * Two neurons on the grades (Maths, Sport, SVT, Physique, Chimie, LV1, LV2):
 * neuron 0 = the science average (Maths, SVT, Physique, Chimie), neuron 1 = the language average (LV1, LV2).
 * Deux neurones sur les notes : neurone 0 = moyenne scientifique, neurone 1 = moyenne des langues.
 */
export function averagesLayer(): { kernel: number[][]; bias: number[] } {
  // TODO: a 7×2 kernel (one row per subject, one column per neuron) and 2 biases.
  // TODO : un kernel 7×2 (une ligne par matière, une colonne par neurone) et 2 biais.
  return {
    kernel: [
      [0, 0], // Maths
      [0, 0], // Sport
      [0, 0], // SVT
      [0, 0], // Physique
      [0, 0], // Chimie
      [0, 0], // LV1
      [0, 0], // LV2
    ],
    bias: [0, 0],
  };
}
