import * as tf from '@tensorflow/tfjs';

/** RGBA bytes, row by row → [height, width, 3] float32 in [0, 1]. */
export function toTensor(pixels: Uint8ClampedArray, width: number, height: number): tf.Tensor3D {
  return tf.tidy(() => {
    // tf.tensor3d takes Float32Array, Int32Array or Uint8Array, not Uint8ClampedArray: copy into floats.
    const rgba = tf.tensor3d(Float32Array.from(pixels), [height, width, 4]);
    return rgba.slice([0, 0, 0], [height, width, 3]).div(255) as tf.Tensor3D;
  });
}

/** Luminance (ITU-R BT.601): grey = 0.299 R + 0.587 G + 0.114 B, keeping a channel axis of size 1. */
export function toGrayscale(image: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => image.mul(tf.tensor1d([0.299, 0.587, 0.114])).sum(2, true) as tf.Tensor3D);
}
