import * as vscode from 'vscode';
import { langFromLocale, type Lang } from '../shared/i18n';

/** The course language: the `dlCourse.language` setting, or VS Code's display language. */
export function courseLang(): Lang {
  const setting = vscode.workspace.getConfiguration('dlCourse').get<string>('language', 'auto');
  if (setting === 'en' || setting === 'fr') return setting;
  return langFromLocale(vscode.env.language);
}
