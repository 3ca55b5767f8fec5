import * as l10n from '@vscode/l10n';
import { bundleFor, type Lang } from '../../src/shared/i18n';
import { exerciseNumber, type ExerciseManifest } from '../../src/shared/manifest';

/**
 * Points `@vscode/l10n`'s `t` at the bundle of the course language the host sent (page config at
 * start, `setLang` after a change of `dlCourse.language`): the same l10n/bundle.l10n.fr.json as the
 * host's, built into the page, so a language change applies at once without a round trip.
 */
export function useLanguage(lang: Lang): void {
  current = lang;
  l10n.config({ contents: { ...bundleFor(lang) } });
}

let current: Lang = 'en';

/** The language `useLanguage` last chose (number formats follow it: fmtNum). */
export function pageLang(): Lang {
  return current;
}

/**
 * A label followed by the exercises it concerns, by their numbers: "Cats and dogs (exercises 16, 19)", "… (exercise 17)"; the
 * label alone when there are none. The numbers come from the exercises' ids, never from the page's strings.
 */
export function withExercises(label: string, exercises: readonly Pick<ExerciseManifest, 'id'>[]): string {
  const numbers = exercises.map((e) => exerciseNumber(e.id));
  if (!numbers.length) return label;
  const which = numbers.length === 1 ? l10n.t('exercise {0}', numbers[0]!) : l10n.t('exercises {0}', numbers.join(', '));
  return `${label} (${which})`;
}
