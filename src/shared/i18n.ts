/** The two languages of the course. Environment-free: used by the host, the grader and the webviews. */
export type Lang = 'en' | 'fr';

/** A text in both course languages. Content and check messages are always written in both. */
export interface Localized {
  readonly en: string;
  readonly fr: string;
}

export function L(en: string, fr: string): Localized {
  return { en, fr };
}

export function pick(text: Localized, lang: Lang): string {
  return text[lang] || text.en;
}

/** Joins localized fragments with a space, language by language. */
export function join(...parts: (Localized | undefined)[]): Localized {
  const present = parts.filter((p): p is Localized => p !== undefined);
  return {
    en: present.map((p) => p.en).filter(Boolean).join(' '),
    fr: present.map((p) => p.fr).filter(Boolean).join(' '),
  };
}

/** VS Code's display language ("fr", "fr-ca", "en-us", …) → the course language. */
export function langFromLocale(locale: string | undefined): Lang {
  return locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}
