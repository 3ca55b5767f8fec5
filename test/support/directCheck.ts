import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../../src/grader/core/tf';
import { CHECKS } from '../../exercises/registry';
import { CheckFailure, LearnerError } from '../../src/grader/core/assert';
import { initBackend } from '../../src/grader/core/backend';
import { mixSeed, rng } from '../../src/grader/core/rng';
import type { CheckContext } from '../../src/grader/core/types';
import type { TrainingProgress } from '../../src/shared/grading';
import type { Localized } from '../../src/shared/i18n';
import { transpileExercise } from '../../src/shared/transpile';

/**
 * Runs one check of an exercise on a source in this process with a chosen seed for Math.random —
 * the weight initialisers and the fit's shuffles — so that a sweep over seeds stands for the many
 * ways a correct solution may start (the grader fixes that seed per exercise and check, and a
 * learner's code that builds its layers in another order draws other weights). The learner's
 * module is evaluated here, with the grader's tf: no realm, no sandbox, for the training tier only.
 */
const repoRoot = path.resolve(__dirname, '../../..');
let backend: Promise<unknown> | undefined;

export interface DirectOutcome {
  readonly status: 'passed' | 'failed' | 'error';
  readonly message: Localized;
  readonly notes: Localized[];
  readonly progress: TrainingProgress[];
  readonly ms: number;
}

function moduleOf(source: string): Record<string, unknown> {
  const t = transpileExercise(source);
  if (!t.ok) throw new Error(t.error.message);
  const module = { exports: {} as Record<string, unknown> };
  const req = (name: string): unknown => {
    if (name === '@tensorflow/tfjs') return tf;
    throw new Error(`the learner module may import only @tensorflow/tfjs, not ${name}`);
  };
  new Function('require', 'module', 'exports', t.js)(req, module, module.exports);
  return module.exports;
}

export async function runCheckDirect(exerciseId: string, source: string, checkId: string, seed: number): Promise<DirectOutcome> {
  backend ??= initBackend(['wasm', 'cpu']);
  await backend;
  const check = CHECKS[exerciseId]?.find((c) => c.id === checkId);
  if (!check) throw new Error(`no check ${exerciseId}/${checkId}`);
  const exports = moduleOf(source);
  const notes: Localized[] = [];
  const progress: TrainingProgress[] = [];
  const ctx: CheckContext = {
    lang: 'en',
    exports,
    seed,
    rng: (n) => rng(mixSeed(seed, `${exerciseId}:${checkId}:${n}`)),
    loadAsset: async (p) => new Uint8Array(fs.readFileSync(path.join(repoRoot, 'media', p))),
    progress: (p) => progress.push(p),
    note: (text) => notes.push(text),
  };
  const original = Math.random;
  const r = rng(mixSeed(seed, `${exerciseId}:${checkId}:init`));
  Math.random = () => r.next();
  tf.engine().startScope();
  const start = Date.now();
  try {
    await check.run(ctx);
    return { status: 'passed', message: notes[0] ?? { en: 'Passed.', fr: 'Réussi.' }, notes, progress, ms: Date.now() - start };
  } catch (e) {
    if (e instanceof CheckFailure) return { status: 'failed', message: e.text, notes, progress, ms: Date.now() - start };
    if (e instanceof LearnerError) return { status: 'error', message: e.text, notes, progress, ms: Date.now() - start };
    throw e;
  } finally {
    tf.engine().endScope();
    Math.random = original;
  }
}
