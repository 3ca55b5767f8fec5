import type { Lang, Localized } from '../i18n';
import type { BackendName, CheckOutcome, SandboxInfo, TrainingProgress } from '../grading';
import { messageGuard } from './message';

/**
 * Messages between a grading supervisor (the grader webview's page, or the Node CLI) and the
 * worker that runs the learner's code with the hidden checks. One request at a time; the
 * supervisor enforces time budgets by terminating the worker, never by asking it.
 */
export type ToGraderWorker =
  | {
      readonly type: 'init';
      readonly backends: readonly BackendName[];
      readonly wasmBase?: string;
      readonly mediaBase?: string;
      readonly learnerUri?: string;
    }
  | { readonly type: 'load'; readonly exerciseId: string; readonly js: string; readonly seed: number; readonly budgetMs: number }
  | { readonly type: 'run'; readonly checkId: string; readonly lang: Lang; readonly budgetMs: number }
  | { readonly type: 'probe'; readonly probe: string; readonly params: unknown; readonly lang: Lang; readonly budgetMs: number }
  /** Ends the current learner realm and starts a spare (between two submissions). */
  | { readonly type: 'unload' };

export type FromGraderWorker =
  | { readonly type: 'ready'; readonly backend: BackendName; readonly sandbox: SandboxInfo }
  | { readonly type: 'initFailed'; readonly message: string }
  /** `fatal`: the learner realm was stopped while loading (memory, flood): said once, the other checks are "not run". */
  | { readonly type: 'loaded'; readonly error?: Localized; readonly status?: 'error' | 'timeout'; readonly fatal?: boolean }
  /** `fatal`: the learner realm ran out of memory; the remaining checks are not run (said once). */
  | { readonly type: 'result'; readonly outcome: Omit<CheckOutcome, 'durationMs'>; readonly fatal?: boolean }
  | { readonly type: 'progress'; readonly checkId: string; readonly progress: TrainingProgress }
  | { readonly type: 'probeResult'; readonly ok: true; readonly data: unknown; readonly notes: readonly Localized[] }
  | { readonly type: 'probeResult'; readonly ok: false; readonly error: Localized };

export const isFromGraderWorker = messageGuard<FromGraderWorker>({
  ready: { backend: 'string', sandbox: 'object' },
  initFailed: { message: 'string' },
  loaded: { fatal: 'boolean?' },
  result: { outcome: 'object', fatal: 'boolean?' },
  progress: { checkId: 'string', progress: 'object' },
  probeResult: { ok: 'boolean' },
});

export const isToGraderWorker = messageGuard<ToGraderWorker>({
  init: { backends: 'array' },
  load: { exerciseId: 'string', js: 'string', seed: 'number', budgetMs: 'number' },
  run: { checkId: 'string', lang: 'string', budgetMs: 'number' },
  probe: { probe: 'string', lang: 'string', budgetMs: 'number' },
  unload: {},
});
