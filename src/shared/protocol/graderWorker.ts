import type { Lang, Localized } from '../i18n';
import type { CheckOutcome, TrainingProgress } from '../../grader/core/types';

/**
 * Messages between a grading supervisor (the grader webview's page, or the Node CLI) and the
 * worker that runs the learner's code with the hidden checks. One request at a time; the
 * supervisor enforces time budgets by terminating the worker, never by asking it.
 */
export type BackendName = 'wasm' | 'cpu' | 'webgl';

export type ToGraderWorker =
  | { readonly type: 'init'; readonly backends: readonly BackendName[]; readonly wasmBase?: string; readonly mediaBase?: string }
  | { readonly type: 'load'; readonly exerciseId: string; readonly js: string }
  | { readonly type: 'run'; readonly checkId: string; readonly lang: Lang }
  | { readonly type: 'probe'; readonly probe: string; readonly params: unknown; readonly lang: Lang };

export type FromGraderWorker =
  | { readonly type: 'ready'; readonly backend: BackendName }
  | { readonly type: 'initFailed'; readonly message: string }
  | { readonly type: 'loaded'; readonly error?: Localized }
  | { readonly type: 'result'; readonly outcome: Omit<CheckOutcome, 'durationMs'> }
  | { readonly type: 'progress'; readonly checkId: string; readonly progress: TrainingProgress }
  | { readonly type: 'probeResult'; readonly ok: true; readonly data: unknown; readonly notes: readonly Localized[] }
  | { readonly type: 'probeResult'; readonly ok: false; readonly error: Localized };

export function isFromGraderWorker(m: unknown): m is FromGraderWorker {
  const t = (m as { type?: unknown } | null)?.type;
  return t === 'ready' || t === 'initFailed' || t === 'loaded' || t === 'result' || t === 'progress' || t === 'probeResult';
}

export function isToGraderWorker(m: unknown): m is ToGraderWorker {
  const t = (m as { type?: unknown } | null)?.type;
  return t === 'init' || t === 'load' || t === 'run' || t === 'probe';
}
