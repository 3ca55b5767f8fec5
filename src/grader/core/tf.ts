import './tfRegistrations';
export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';

/**
 * The one TensorFlow.js of the grader: tfjs-core's ops and tfjs-layers' models, with every
 * gradient, the chained ops (`x.square()`) and the cpu backend registered (tfRegistrations.ts);
 * backend.ts adds wasm. The grader core, the checks and both learner realms import tf from here,
 * never from the `@tensorflow/tfjs` umbrella, whose webgl backend, converter (loadGraphModel)
 * and tfjs-data (tf.data) nothing here uses: in the browser bundles they would weigh ~40 % of
 * the worker. A learner's `import * as tf from '@tensorflow/tfjs'` gets this module
 * (learnerRealm.ts), so the learner sees the same ops as the checks.
 */
