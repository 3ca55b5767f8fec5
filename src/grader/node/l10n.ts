import * as fs from 'fs';
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import type { Lang } from '../../shared/i18n';
import { typesetBundle } from '../../shared/frenchText';

/** The extension's l10n/ folder: next to dist/ for dist/cli.js, a few levels up for the compiled tests. */
function bundleFile(lang: Lang): string | undefined {
  for (let dir = path.resolve(__dirname, '..'), i = 0; i < 5; dir = path.dirname(dir), i++) {
    const file = path.join(dir, 'l10n', `bundle.l10n.${lang}.json`);
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

/**
 * Points `@vscode/l10n`'s `t` at the bundle of the CLI's language (`--lang`), the same
 * l10n/bundle.l10n.fr.json as the extension's; English needs none (the keys are English).
 */
export function useLanguage(lang: Lang): void {
  const file = lang === 'en' ? undefined : bundleFile(lang);
  // The French bundle with French typography (frenchText.ts), as the extension shows it.
  if (file) l10n.config({ contents: typesetBundle(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>) });
  else l10n.config({ contents: {} });
}
