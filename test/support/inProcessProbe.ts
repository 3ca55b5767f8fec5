import * as fs from 'fs';
import * as path from 'path';
import { CHECKS } from '../../exercises/registry';
import { testSeed } from './seed';
import { createWorkerRunner } from '../../src/grader/core/workerRunner';
import { readImageNode } from '../../src/grader/node/imageDecoder';
import { PROBES } from '../../src/grader/core/probes/registry';
import type { Localized } from '../../src/shared/i18n';
import type { TrainingProgress } from '../../src/shared/grading';
import type { FromGraderWorker } from '../../src/shared/protocol/graderWorker';
import { transpileExercise } from '../../src/shared/transpile';
import { IN_PROCESS_SANDBOX, inProcessLearners } from './inProcessLearner';

/** Runs a panel probe in this process against a source (no worker, no time-out), as a panel's grader would. */
const repoRoot = path.resolve(__dirname, '../../..');
let last: FromGraderWorker | undefined;
let onProgress: (p: TrainingProgress) => void = () => undefined;
// Exercises 16/18/19 may not be in the registry yet: probes still need their id to load code.
const registry = { '16-dataset-balance': [], '18-mnist': [], '19-cats-vs-dogs': [], ...CHECKS };
const runner = createWorkerRunner(
  registry,
  {
    post: (m) => {
      if (m.type === 'progress') onProgress(m.progress);
      else last = m;
    },
    loadAsset: async (p) => new Uint8Array(fs.readFileSync(path.join(repoRoot, 'media', p))),
    learners: () => inProcessLearners,
    sandbox: IN_PROCESS_SANDBOX,
    readImage: readImageNode,
  },
  PROBES,
);
let initialised: Promise<void> | undefined;

export type ProbeAnswer = { ok: true; data: unknown } | { ok: false; error: Localized };

export async function probeInProcess(
  exerciseId: string,
  source: string,
  probe: string,
  params: unknown,
  progress: (p: TrainingProgress) => void = () => undefined,
): Promise<ProbeAnswer> {
  initialised ??= runner({ type: 'init', backends: ['wasm', 'cpu'] });
  await initialised;
  const t = transpileExercise(source);
  if (!t.ok) throw new Error(t.error.message);
  await runner({ type: 'load', exerciseId, js: t.js, seed: testSeed(), budgetMs: 600_000 });
  if (last?.type === 'loaded' && last.error) return { ok: false, error: last.error };
  onProgress = progress;
  await runner({ type: 'probe', probe, params, lang: 'en', budgetMs: 600_000 });
  onProgress = () => undefined;
  if (last?.type !== 'probeResult') throw new Error('no probe result');
  return last.ok ? { ok: true, data: last.data } : { ok: false, error: last.error };
}

export const REPO_ROOT = repoRoot;

/** Runs one check in this process and returns its outcome with every progress update it sent. */
export async function checkWithProgress(
  exerciseId: string,
  source: string,
  checkId: string,
): Promise<{ status: string; progress: TrainingProgress[] }> {
  initialised ??= runner({ type: 'init', backends: ['wasm', 'cpu'] });
  await initialised;
  const t = transpileExercise(source);
  if (!t.ok) throw new Error(t.error.message);
  await runner({ type: 'load', exerciseId, js: t.js, seed: testSeed(), budgetMs: 600_000 });
  const progress: TrainingProgress[] = [];
  onProgress = (p) => progress.push(p);
  await runner({ type: 'run', checkId, lang: 'en', budgetMs: 600_000 });
  onProgress = () => undefined;
  if (last?.type !== 'result') throw new Error('no result');
  return { status: last.outcome.status, progress };
}
