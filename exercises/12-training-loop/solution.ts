import * as tf from '@tensorflow/tfjs';

export function train(
  xs: tf.Tensor2D,
  ys: tf.Tensor2D,
  epochs: number,
  learningRate: number,
): { kernel: tf.Tensor2D; bias: tf.Tensor1D; losses: number[] } {
  const inputs = xs.shape[1];
  const units = ys.shape[1];
  let kernel: tf.Tensor2D = tf.zeros([inputs, units]);
  let bias: tf.Tensor1D = tf.zeros([units]);
  // The error as a function of the parameters; tf.valueAndGrads gives its value and its gradients.
  const errorOf = (k: tf.Tensor, b: tf.Tensor): tf.Scalar =>
    tf.losses.meanSquaredError(ys, tf.add(tf.matMul(xs, k as tf.Tensor2D), b)) as tf.Scalar; // predict → error (MSE)
  const lossAndGrads = tf.valueAndGrads(errorOf);
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const [nextKernel, nextBias, loss] = tf.tidy(() => {
      const { value, grads } = lossAndGrads([kernel, bias]); // gradients of the error for each parameter
      return [
        tf.sub(kernel, tf.mul(learningRate, grads[0]!)), // update: w ← w − α·∂E/∂w
        tf.sub(bias, tf.mul(learningRate, grads[1]!)),
        value,
      ];
    }) as [tf.Tensor2D, tf.Tensor1D, tf.Scalar];
    losses.push(loss.dataSync()[0]!);
    // The old parameters and the loss are no longer needed: free them, or they leak at every epoch.
    tf.dispose([kernel, bias, loss]);
    kernel = nextKernel;
    bias = nextBias;
  }
  return { kernel, bias, losses };
}
