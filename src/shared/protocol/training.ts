import type { CheckStatus, TrainingProgress } from '../grading';
import type { Lang, Localized } from '../i18n';
import type { PanelExercise } from '../manifest';
import type { LearnerCodeMessage } from './learnerPanel';
import { messageGuard } from './message';
import type { ImageRef } from './ownImages';

/**
 * Extension host ⇄ training page. The host relays the grader's training events of a Check
 * (run → checks → progress updates) as they come, and on `ready` replays the last run so a
 * panel opened (or restored) after the check still shows it. For exercise 17 the host also
 * sends the learner's code: the page trains their regressor itself with a probe.
 */
export interface TrainingCheck {
  readonly checkId: string;
  /** In both languages: the page follows the setting live. */
  readonly title: Localized;
  readonly training: boolean;
  /** 'finished': a run that is not a graded check (training on the learner's own images). */
  status?: CheckStatus | 'running' | 'pending' | 'finished';
  /** Every progress update, in order. */
  readonly updates: TrainingProgress[];
}

export interface TrainingRun {
  readonly exerciseId: string;
  /** "18-mnist · Case study: …" in both languages. */
  readonly title: Localized;
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
  | {
      readonly type: 'init';
      readonly lang: Lang;
      /** The course's exercises with panels: the page names the training exercises, the cos(x) one, from them. */
      readonly exercises: readonly PanelExercise[];
      readonly run?: TrainingRun;
      readonly cosExerciseId?: string;
      readonly cosCode?: LearnerCodeMessage;
      readonly view?: 'run' | 'cos';
    }
  | { readonly type: 'runStarted'; readonly run: TrainingRun }
  | { readonly type: 'checkStarted'; readonly exerciseId: string; readonly checkId: string }
  | { readonly type: 'progress'; readonly exerciseId: string; readonly checkId: string; readonly progress: TrainingProgress }
  | { readonly type: 'checkFinished'; readonly exerciseId: string; readonly checkId: string; readonly status: CheckStatus }
  | { readonly type: 'runFinished'; readonly exerciseId: string; readonly cancelled: boolean }
  | { readonly type: 'code'; readonly exerciseId: string; readonly code: LearnerCodeMessage }
  | { readonly type: 'setLang'; readonly lang: Lang }
  /** Train exercise 19's model on the learner's own images (a folder read by the host); answered by `ownImagesFinished`. */
  | {
      readonly type: 'ownImages';
      readonly requestId: number;
      readonly exerciseId: string;
      readonly folder: string;
      readonly js: string;
      readonly images: readonly ImageRef[];
      readonly warnings: readonly Localized[];
    };

export type TrainingToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'cancel' }
  | {
      readonly type: 'ownImagesFinished';
      readonly requestId: number;
      readonly ok: boolean;
      readonly cancelled?: boolean;
      readonly text: string;
      readonly accuracy?: number;
    };

export const isHostToTraining = messageGuard<HostToTraining>({
  init: { lang: 'string', exercises: 'array' },
  runStarted: { run: 'object' },
  checkStarted: { exerciseId: 'string', checkId: 'string' },
  progress: { exerciseId: 'string', checkId: 'string', progress: 'object' },
  checkFinished: { exerciseId: 'string', checkId: 'string', status: 'string' },
  runFinished: { exerciseId: 'string', cancelled: 'boolean' },
  code: { exerciseId: 'string', code: 'object' },
  setLang: { lang: 'string' },
  ownImages: { requestId: 'number', exerciseId: 'string', folder: 'string', js: 'string', images: 'array', warnings: 'array' },
});

export const isTrainingToHost = messageGuard<TrainingToHost>({
  ready: {},
  cancel: {},
  ownImagesFinished: { requestId: 'number', ok: 'boolean', cancelled: 'boolean?', text: 'string', accuracy: 'number?' },
});
