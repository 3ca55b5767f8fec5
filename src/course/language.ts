import * as vscode from 'vscode';
import type { Folder } from '../shared/folder';
import { formatMessage, langFromLocale, type Lang } from '../shared/i18n';
import { typesetBundle } from '../shared/frenchText';

/** The course language: the `dlCourse.language` setting, or VS Code's display language. */
export function courseLang(): Lang {
  const setting = vscode.workspace.getConfiguration('dlCourse').get<string>('language', 'auto');
  if (setting === 'en' || setting === 'fr') return setting;
  return langFromLocale(vscode.env.language);
}

let frBundle: Record<string, string> = {};

/** Reads the French bundle (the extension's l10n/ folder); awaited once by activate(), before any string is shown. */
export async function loadL10n(extension: Folder): Promise<void> {
  try {
    frBundle = typesetBundle(JSON.parse(await extension.readText('l10n/bundle.l10n.fr.json')) as Record<string, string>);
  } catch {
    frBundle = {};
  }
}

function french(): Record<string, string> {
  return frBundle;
}

/**
 * The host's UI strings in the **course** language, not VS Code's: `dlCourse.language = fr` in an
 * English VS Code gives French everywhere the learner looks (tree, CodeLens, status bar,
 * messages). Same keys and bundle as the pages, the CLI and the grader (l10n/bundle.l10n.fr.json);
 * `npm run l10n` extracts every `l10n.t(…)` call with @vscode/l10n-dev.
 */
export const l10n = {
  t(message: string, ...args: unknown[]): string {
    const text = courseLang() === 'fr' ? (french()[message] ?? message) : message;
    return formatMessage(text, args);
  },
};
