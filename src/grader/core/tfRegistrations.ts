/**
 * tf.ts's side effects, as plain Node (the CLI's checker, the unit tests) loads them: tfjs-core's
 * CommonJS build registers no gradient and no chained op, and the only CommonJS build that does is
 * the `@tensorflow/tfjs` umbrella (it also loads webgl, which does not start in Node, and the cpu
 * backend). The bundles never run this file: webpack.config.js swaps in
 * tfRegistrations.bundled.ts, which registers the same from tfjs-core's ES modules without the
 * umbrella.
 */
import '@tensorflow/tfjs';
