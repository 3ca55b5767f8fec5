import * as vscode from 'vscode';
import { courseLang } from '../course/language';
import type { CommandDeps } from './table';
import { targetExercise } from './target';

/** DL Course: Open Exercise — exercise.ts in the first column, its theory beside it. */
export async function openExercise(deps: CommandDeps, arg?: unknown): Promise<void> {
  const id = await targetExercise(deps.service, arg, { ask: arg === undefined });
  if (!id) return;
  const uri = deps.service.fileOf(id);
  if (!uri) return;
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    const reset = vscode.l10n.t('Restore the starter');
    if ((await vscode.window.showWarningMessage(vscode.l10n.t('{0} is missing.', vscode.workspace.asRelativePath(uri)), reset)) !== reset) return;
    await vscode.commands.executeCommand('dlCourse.openCourse');
  }
  // The code first: the preview opens beside the active editor, and with no editor open it
  // landed in the first column, hidden under exercise.ts.
  await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preview: false });
  await showTheory(deps, id);
  // The preview takes the focus; the learner's next keystroke belongs to the code.
  await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preview: false });
}

/** DL Course: Show Theory — the exercise's theory (French or English) as a Markdown preview beside the code. */
export async function showTheory(deps: CommandDeps, arg?: unknown): Promise<void> {
  const id = await targetExercise(deps.service, arg);
  const exercise = id ? deps.service.exercise(id) : undefined;
  if (!exercise) return;
  const theory = vscode.Uri.file(exercise.theoryPath[courseLang()]);
  await vscode.commands.executeCommand('markdown.showPreviewToSide', theory);
}
