import * as l10n from '@vscode/l10n';
import { bundleFor, type Lang } from '../../src/shared/i18n';

/**
 * Points `@vscode/l10n`'s `t` at the bundle of the course language the host sent (page config at
 * start, `setLang` after a change of `dlCourse.language`): the same l10n/bundle.l10n.fr.json as the
 * host's, built into the page, so a language change applies at once without a round trip.
 */
export function useLanguage(lang: Lang): void {
  l10n.config({ contents: { ...bundleFor(lang) } });
}
