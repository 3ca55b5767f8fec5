/**
 * tf.ts's side effects in the webpack bundles (webpack.config.js aliases tfRegistrations.ts to
 * this file): every gradient, the chained ops (`x.square()`) and the cpu backend, from tfjs-core's
 * and tfjs-backend-cpu's ES modules, exactly what the `@tensorflow/tfjs` umbrella registers
 * minus webgl, the converter and tfjs-data. tfjs-core itself first, as the umbrella does: its
 * flags (DEBUG…) must be registered before an op module is evaluated.
 */
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
