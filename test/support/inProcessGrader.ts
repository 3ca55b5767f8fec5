import * as fs from 'fs';
import * as path from 'path';
import { CHECKS } from '../../exercises/registry';
import { testSeed } from './seed';
import { loadCourse } from '../../src/node/courseLoader';
import { createWorkerRunner } from '../../src/grader/core/workerRunner';
import type { CheckOutcome } from '../../src/shared/grading';
import type { FromGraderWorker } from '../../src/shared/protocol/graderWorker';
import { transpileExercise } from '../../src/shared/transpile';
import { IN_PROCESS_SANDBOX, inProcessLearners } from './inProcessLearner';

/** Grades a source in this process (no worker, no time-out): fast enough for unit tests of checks. */
export const repoRoot = path.resolve(__dirname, '../../..');
export const course = loadCourse(repoRoot);

let last: FromGraderWorker | undefined;
const runner = createWorkerRunner(CHECKS, {
  post: (m) => {
    if (m.type !== 'progress') last = m;
  },
  loadAsset: async (p) => new Uint8Array(fs.readFileSync(path.join(repoRoot, 'media', p))),
  learners: () => inProcessLearners,
  sandbox: IN_PROCESS_SANDBOX,
});
let initialised: Promise<void> | undefined;

/** `only`: the ids of the checks to run (all when absent), in the manifest's order. */
export async function gradeInProcess(
  exerciseId: string,
  source: string,
  only?: readonly string[],
): Promise<Omit<CheckOutcome, 'durationMs'>[]> {
  initialised ??= runner({ type: 'init', backends: ['wasm', 'cpu'] });
  await initialised;
  const exercise = course.exercises.find((e) => e.manifest.id === exerciseId);
  if (!exercise) throw new Error(`unknown exercise ${exerciseId}`);
  const t = transpileExercise(source);
  if (!t.ok)
    return exercise.manifest.checks.map((c) => ({
      id: c.id,
      status: 'error' as const,
      message: { en: t.error.message, fr: t.error.message },
    }));
  await runner({ type: 'load', exerciseId, js: t.js, seed: testSeed(), budgetMs: 600_000 });
  const outcomes: Omit<CheckOutcome, 'durationMs'>[] = [];
  for (const c of exercise.manifest.checks) {
    if (only && !only.includes(c.id)) continue;
    await runner({ type: 'run', checkId: c.id, lang: 'en', budgetMs: 600_000 });
    if (last?.type !== 'result') throw new Error('no result');
    outcomes.push(last.outcome);
  }
  return outcomes;
}
