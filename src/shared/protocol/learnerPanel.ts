import type { Lang, Localized } from '../i18n';
import type { PanelDeclaration } from '../manifest';
import type { MessageFields } from './message';

/**
 * What every panel drawn from the learner's code shares with its host: the page posts `ready`,
 * then the host sends the exercise's transpiled code (again after each save, debounced) and the
 * list of exercises the panel can show; the page may ask for another exercise.
 */
/** The learner's code for an exercise as a page gets it: transpiled, or why there is none (syntax error, missing file). */
export type LearnerCodeMessage = { readonly ok: true; readonly js: string } | { readonly ok: false; readonly message: string };

export interface ExerciseChoice {
  readonly id: string;
  readonly title: Localized;
}

export interface CodeMessage {
  readonly type: 'code';
  readonly exerciseId: string;
  readonly title: Localized;
  readonly code: LearnerCodeMessage;
  readonly exercises: readonly ExerciseChoice[];
  /** The exercise's declaration of this panel in exercise.json: the view to show (and its settings). */
  readonly panel?: PanelDeclaration;
}

export type HostToLearnerPanel = CodeMessage | { readonly type: 'setLang'; readonly lang: Lang };

export type LearnerPanelToHost = { readonly type: 'ready' } | { readonly type: 'selectExercise'; readonly exerciseId: string };

/** The fields each panel drawn from the learner's code checks (spread into its own guards). */
export const LEARNER_HOST_FIELDS: MessageFields<HostToLearnerPanel> = {
  code: { exerciseId: 'string', title: 'object', code: 'object', exercises: 'array', panel: 'object?' },
  setLang: { lang: 'string' },
};
export const LEARNER_PAGE_FIELDS: MessageFields<LearnerPanelToHost> = { ready: {}, selectExercise: { exerciseId: 'string' } };
