import * as vscode from 'vscode';
import { courseLang, l10n } from '../course/language';
import type { CommandDeps } from './deps';
import { targetExercise } from './target';
import { nextHint } from '../course/courseRules';
import { typeset } from '../shared/frenchText';
import { sideColumn } from '../panels/panelColumn';

/** DL Course: Show Hint — the next hint, one at a time (each gives away a little more). */
export async function showHint(deps: CommandDeps, arg?: unknown): Promise<void> {
  const id = await targetExercise(deps.service, arg);
  const exercise = id ? deps.service.exercise(id) : undefined;
  if (!id || !exercise) return;
  const lang = courseLang();
  // French hints with French typography (frenchText.ts), code spans untouched.
  const hints = exercise.manifest.hints[lang].map((h) => typeset(h, lang));
  const shown = deps.service.progress(id).hintsShown;
  const { index, hintsShown, more } = nextHint(shown, hints.length);
  if (hintsShown !== shown)
    await deps.service.updateProgress(id, (p) => {
      p.hintsShown = hintsShown;
    });
  const next = l10n.t('Next hint');
  const again = l10n.t('Show all hints');
  const choice = await vscode.window.showInformationMessage(
    typeset(`${l10n.t('Hint {0}/{1}', index + 1, hints.length)}: ${hints[index]}`, lang),
    ...(more ? [next] : [again]),
  );
  if (choice === next) await showHint(deps, id);
  if (choice === again) {
    const doc = await vscode.workspace.openTextDocument({
      language: 'markdown',
      content: `# ${id}\n\n${hints.map((h, i) => `${i + 1}. ${h}`).join('\n')}\n`,
    });
    await vscode.window.showTextDocument(doc, {
      viewColumn: sideColumn((u) => !!deps.service.exerciseOf(u)),
      preview: true,
      preserveFocus: true,
    });
  }
}
