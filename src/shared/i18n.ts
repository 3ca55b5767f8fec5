import frenchBundle from '../../l10n/bundle.l10n.fr.json';
import { formatNumber, typeset, typesetBundle } from './frenchText';

/** The two languages of the course. Environment-free: used by the host, the grader and the webviews. */
export type Lang = 'en' | 'fr';

/** A text in both course languages. Content and check messages are always written in both. */
export interface Localized {
  readonly en: string;
  readonly fr: string;
}

/**
 * A text written in both languages by hand: an exercise's own content (its checks.ts, with the
 * rest of the exercise in its folder) or a value that is not a sentence. The course's own
 * messages go through `both` and the l10n bundle instead.
 */
export function L(en: string, fr: string): Localized {
  return { en, fr };
}

/** The French bundle (l10n/bundle.l10n.fr.json), built in: English message → French, with French typography. */
export const FRENCH: Readonly<Record<string, string>> = typesetBundle(frenchBundle);

/** The l10n bundle of a language, as `@vscode/l10n`'s `config({ contents })` takes it (English: none, the keys are English). */
export function bundleFor(lang: Lang): Readonly<Record<string, string>> {
  return lang === 'fr' ? FRENCH : {};
}

/** Fills `{0}`, `{1}`… (and `{name}`) as `@vscode/l10n`'s t does. */
export function formatMessage(message: string, args: readonly unknown[]): string {
  return message.replace(/\{(\w+)\}/g, (all, key: string) => {
    const i = Number(key);
    if (Number.isInteger(i) && i < args.length) return String(args[i]);
    const named = args[0];
    return named && typeof named === 'object' && key in named ? String((named as Record<string, unknown>)[key]) : all;
  });
}

function isLocalized(v: unknown): v is Localized {
  return typeof v === 'object' && v !== null && typeof (v as Localized).en === 'string' && typeof (v as Localized).fr === 'string';
}

/**
 * A course message in both languages, so a verdict can switch language live: `message` is the
 * English text (and the bundle key, extracted by `npm run l10n`), its French comes from the bundle.
 * A `Localized` argument fills each language with its own side; a number is written the French way
 * on the French side (formatNumber), as it always was on the English one.
 */
export function both(message: string, ...args: unknown[]): Localized {
  const side = (lang: Lang) =>
    args.map((a) => (isLocalized(a) ? a[lang] : typeof a === 'number' && lang === 'fr' ? formatNumber(a, lang) : a));
  return { en: formatMessage(message, side('en')), fr: formatMessage(FRENCH[message] ?? message, side('fr')) };
}

/** A label in a message: the same code-like text in both languages, or a `Localized` pair. */
export type Label = string | Localized;

/** A label as a `Localized` pair. */
export function labelOf(label: Label): Localized {
  return typeof label === 'string' ? { en: label, fr: label } : label;
}

/** A number in a message, each language written its own way ("13.75", "13,75"). */
export function num(x: number): Localized {
  return { en: formatNumber(x, 'en'), fr: formatNumber(x, 'fr') };
}

/** A text as shown in a language: the French side gets its typography (frenchTypography). */
export function pick(text: Localized, lang: Lang): string {
  return lang === 'fr' && text.fr ? typeset(text.fr, 'fr') : text.en;
}

/** Joins localized fragments with a space, language by language. */
export function join(...parts: (Localized | undefined)[]): Localized {
  const present = parts.filter((p): p is Localized => p !== undefined);
  return {
    en: present
      .map((p) => p.en)
      .filter(Boolean)
      .join(' '),
    fr: present
      .map((p) => p.fr)
      .filter(Boolean)
      .join(' '),
  };
}

/** VS Code's display language ("fr", "fr-ca", "en-us", …) → the course language. */
export function langFromLocale(locale: string | undefined): Lang {
  return locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}
