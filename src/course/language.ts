import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { formatMessage, langFromLocale, type Lang } from '../shared/i18n';
import { typesetBundle } from '../shared/frenchText';

/** The course language: the `dlCourse.language` setting, or VS Code's display language. */
export function courseLang(): Lang {
  const setting = vscode.workspace.getConfiguration('dlCourse').get<string>('language', 'auto');
  if (setting === 'en' || setting === 'fr') return setting;
  return langFromLocale(vscode.env.language);
}

let frBundle: Record<string, string> | undefined;
let bundleDir: string | undefined;

/** Where the French bundle lives (the extension's l10n/ folder); called once by activate(). */
export function initL10n(extensionPath: string): void {
  bundleDir = path.join(extensionPath, 'l10n');
  frBundle = undefined;
}

function french(): Record<string, string> {
  if (!frBundle) {
    try {
      frBundle = bundleDir
        ? typesetBundle(JSON.parse(fs.readFileSync(path.join(bundleDir, 'bundle.l10n.fr.json'), 'utf8')) as Record<string, string>)
        : {};
    } catch {
      frBundle = {};
    }
  }
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
