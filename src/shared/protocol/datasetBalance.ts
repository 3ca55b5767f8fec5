import type { FolderReport } from '../charts/datasetBalance';
import type { Lang } from '../i18n';
import type { PanelExercise } from '../manifest';
import type { LearnerCodeMessage } from './learnerPanel';
import { messageGuard } from './message';

/**
 * Extension host ⇄ dataset-balance page. The page posts `ready`; the host answers `init` (and
 * `code` again after each save of exercise 16). Choosing a folder of the learner's own images
 * is a request by id: `pickFolder` / `loadFolder` → exactly one `folder` or `folderFailed`.
 */
export type BalanceSource = 'catsdogs' | 'mnist' | 'folder';

/** What the page keeps with setState (intent, not data). */
export interface BalanceState {
  readonly source: BalanceSource;
  readonly tables: boolean;
  /** The learner's folder (workspace path), re-listed after a reload. */
  readonly folder?: string;
}

export interface FolderClass {
  readonly className: string;
  /** data: URIs of the first few readable images (the CSP allows data: images). */
  readonly thumbnails: readonly string[];
}

export type HostToBalance =
  | {
      readonly type: 'init';
      readonly lang: Lang;
      /** The course's exercises with panels: the page names the exercises behind each data set and section from them. */
      readonly exercises: readonly PanelExercise[];
      readonly source?: BalanceSource;
      readonly exerciseId?: string;
      readonly code?: LearnerCodeMessage;
    }
  | { readonly type: 'code'; readonly exerciseId: string; readonly code: LearnerCodeMessage }
  | { readonly type: 'show'; readonly source: BalanceSource }
  | {
      readonly type: 'folder';
      readonly requestId: number;
      readonly path: string;
      readonly report: FolderReport;
      readonly classes: readonly FolderClass[];
    }
  | { readonly type: 'folderFailed'; readonly requestId: number; readonly message: string }
  | { readonly type: 'setLang'; readonly lang: Lang };

export type BalanceToHost =
  | { readonly type: 'ready' }
  /** The page now shows the data set the host asked for (`show`, or `init`'s source): the host stops holding it for the next `init`. */
  | { readonly type: 'shown'; readonly source: BalanceSource }
  | { readonly type: 'pickFolder'; readonly requestId: number }
  | { readonly type: 'loadFolder'; readonly requestId: number; readonly path: string }
  /** Train exercise 19 on that folder ("DL Course: Train on My Images"). */
  | { readonly type: 'trainFolder'; readonly path: string };

export const isHostToBalance = messageGuard<HostToBalance>({
  init: { lang: 'string', exercises: 'array' },
  code: { exerciseId: 'string', code: 'object' },
  show: { source: 'string' },
  folder: { requestId: 'number', path: 'string', report: 'object', classes: 'array' },
  folderFailed: { requestId: 'number', message: 'string' },
  setLang: { lang: 'string' },
});

export const isBalanceToHost = messageGuard<BalanceToHost>({
  ready: {},
  shown: { source: 'string' },
  pickFolder: { requestId: 'number' },
  loadFolder: { requestId: 'number', path: 'string' },
  trainFolder: { path: 'string' },
});
