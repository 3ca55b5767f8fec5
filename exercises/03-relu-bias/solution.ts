import * as tf from '@tensorflow/tfjs';

export function relu(x: tf.Tensor): tf.Tensor {
  // max(x, 0) element by element: 0 for x ≤ 0, x itself for x > 0.
  return tf.maximum(x, 0);
}

export function sportSelector(): { w: number[]; b: number } {
  // w·x picks the sport grade; b = −10 moves the threshold to 10; relu cuts what is below.
  return { w: [0, 1, 0, 0, 0, 0, 0], b: -10 };
}

export function languageSelector(): { w: number[]; b: number } {
  // The same model as sport: w·x is the average of LV1 and LV2 (1/2 each), b = −15 puts the threshold at 15.
  return { w: [0, 0, 0, 0, 0, 0.5, 0.5], b: -15 };
}
