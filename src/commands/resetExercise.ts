import * as vscode from 'vscode';
import { backUpIn } from '../course/learnerFolder';
import type { CommandDeps } from './deps';
import { targetExercise } from './target';
import { l10n } from '../course/language';
import { sideColumn } from '../panels/panelColumn';

/** DL Course: Reset Exercise — back to the starter after confirmation; the learner's text is backed up first. */
export async function resetExercise(deps: CommandDeps, arg?: unknown): Promise<void> {
  const id = await targetExercise(deps.service, arg);
  const exercise = id ? deps.service.exercise(id) : undefined;
  const uri = id ? deps.service.fileOf(id) : undefined;
  const root = deps.service.courseFolder;
  if (!id || !exercise || !uri || !root) return;
  const reset = l10n.t('Reset');
  const answer = await vscode.window.showWarningMessage(
    l10n.t('Reset {0} to its starter?', id),
    { modal: true, detail: l10n.t('Your current exercise.ts (unsaved changes included) is first copied to .dl-course/backups/{0}/.', id) },
    reset,
  );
  if (answer !== reset) return;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  let current: string | undefined;
  try {
    current = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    current = undefined; // nothing to keep: the file is gone
  }
  let backup: vscode.Uri | undefined;
  try {
    if (current !== undefined) backup = vscode.Uri.joinPath(deps.service.courseUri!, ...(await backUpIn(root, id, current)).split('/'));
  } catch (e) {
    void vscode.window.showErrorMessage(
      l10n.t('Reset cancelled: the backup could not be written ({0}). Your file is unchanged.', (e as Error).message),
    );
    return;
  }
  const starter = await deps.service.readShipped(id, 'starter.ts');
  if (open) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, open.lineCount, 0), starter);
    await vscode.workspace.applyEdit(edit);
    await open.save();
  } else {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(starter));
  }
  await deps.service.updateProgress(id, (p) => {
    if (p.state !== 'passed') p.state = 'notStarted';
  });
  const openBackup = l10n.t('Open backup');
  const choice = await vscode.window.showInformationMessage(
    backup ? l10n.t('{0} reset. Your previous version is in {1}.', id, vscode.workspace.asRelativePath(backup)) : l10n.t('{0} reset.', id),
    ...(backup ? [openBackup] : []),
  );
  if (choice === openBackup && backup)
    await vscode.window.showTextDocument(backup, { viewColumn: sideColumn((u) => !!deps.service.exerciseOf(u)) });
}
