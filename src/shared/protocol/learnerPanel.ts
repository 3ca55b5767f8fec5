import type { Lang, Localized } from '../i18n';

/**
 * What every panel drawn from the learner's code shares with its host: the page posts `ready`,
 * then the host sends the exercise's transpiled code (again after each save, debounced) and the
 * list of exercises the panel can show; the page may ask for another exercise.
 */
export interface ExerciseChoice {
  readonly id: string;
  readonly title: Localized;
}

export interface CodeMessage {
  readonly type: 'code';
  readonly exerciseId: string;
  readonly title: Localized;
  /** The transpiled exercise.ts, or why there is none (syntax error, missing file). */
  readonly js?: string;
  readonly error?: string;
  readonly exercises: readonly ExerciseChoice[];
}

export type HostToLearnerPanel = CodeMessage | { readonly type: 'setLang'; readonly lang: Lang };

export type LearnerPanelToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'selectExercise'; readonly exerciseId: string };

export const LEARNER_HOST_TYPES: readonly string[] = ['code', 'setLang'];
export const LEARNER_PAGE_TYPES: readonly string[] = ['ready', 'selectExercise'];

export function typeOf(m: unknown): string {
  const t = (m as { type?: unknown } | null)?.type;
  return typeof t === 'string' ? t : '';
}
