/**
 * TensorFlow.js for the learner realm's process (dist/learner-tf.js): the grader's tf (core +
 * layers + cpu, ../core/tf.ts) bundled in, so that the sandbox needs to read only two files. Learner code runs on the cpu backend
 * there; the
 * checker's own training runs on wasm in its own realm.
 */
export * from '../core/tf';
