/**
 * TensorFlow.js for the learner realm's process (dist/learner-tf.js): bundled whole, so that the
 * sandbox needs to read only two files. Learner code runs on the cpu backend there; the
 * checker's own training runs on wasm in its own realm.
 */
export * from '@tensorflow/tfjs';
