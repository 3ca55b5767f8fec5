import type { CheckStatus, TrainingProgress } from '../../grader/core/types';
import type { Lang } from '../i18n';
import type { LearnerCodeMessage } from './datasetBalance';

/**
 * Extension host ⇄ training page. The host relays the grader's training events of a Check
 * (run → checks → progress updates) as they come, and on `ready` replays the last run so a
 * panel opened (or restored) after the check still shows it. For exercise 17 the host also
 * sends the learner's code: the page trains their regressor itself with a probe.
 */
export interface TrainingCheck {
  readonly checkId: string;
  readonly title: string;
  readonly training: boolean;
  status?: CheckStatus | 'running' | 'pending';
  /** Every progress update, in order. */
  readonly updates: TrainingProgress[];
}

export interface TrainingRun {
  readonly exerciseId: string;
  readonly title: string;
  readonly checks: TrainingCheck[];
  done: boolean;
  cancelled?: boolean;
}

/** What the page keeps with setState. */
export interface TrainingState {
  readonly tables: boolean;
  readonly view: 'run' | 'cos';
  readonly cosModel?: 'learner' | 'linear' | 'large';
  readonly normalised?: boolean;
}

export type HostToTraining =
  | { readonly type: 'init'; readonly lang: Lang; readonly run?: TrainingRun; readonly cosExerciseId?: string; readonly cosCode?: LearnerCodeMessage; readonly view?: 'run' | 'cos' }
  | { readonly type: 'runStarted'; readonly run: TrainingRun }
  | { readonly type: 'checkStarted'; readonly exerciseId: string; readonly checkId: string }
  | { readonly type: 'progress'; readonly exerciseId: string; readonly checkId: string; readonly progress: TrainingProgress }
  | { readonly type: 'checkFinished'; readonly exerciseId: string; readonly checkId: string; readonly status: CheckStatus }
  | { readonly type: 'runFinished'; readonly exerciseId: string; readonly cancelled: boolean }
  | { readonly type: 'code'; readonly exerciseId: string; readonly code: LearnerCodeMessage }
  | { readonly type: 'setLang'; readonly lang: Lang };

export type TrainingToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'cancel' };

const HOST = new Set(['init', 'runStarted', 'checkStarted', 'progress', 'checkFinished', 'runFinished', 'code', 'setLang']);
const PAGE = new Set(['ready', 'cancel']);

export function isHostToTraining(m: unknown): m is HostToTraining {
  return HOST.has((m as { type?: string } | null)?.type ?? '');
}

export function isTrainingToHost(m: unknown): m is TrainingToHost {
  return PAGE.has((m as { type?: string } | null)?.type ?? '');
}
