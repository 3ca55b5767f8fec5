import * as tf from '@tensorflow/tfjs';

export function scalar(): tf.Scalar {
  return tf.scalar(3);
}

export function vector(): tf.Tensor1D {
  return tf.tensor1d([3, 2]);
}

export function matrix(): tf.Tensor2D {
  return tf.tensor2d([[1, 2], [0, 2], [1, 5]]);
}

export function imageBatch(n: number, h: number, w: number, c: number): tf.Tensor4D {
  return tf.zeros([n, h, w, c]);
}
