import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { CommandDeps } from './deps';
import { isCourseFolder, layOutCourse } from '../node/learnerWorkspace';
import { l10n } from '../course/language';

/**
 * DL Course: Open Course — lays the course out in a folder (reusing one that already holds it)
 * and shows it. Learner files that exist are never overwritten.
 */
export async function openCourse(deps: CommandDeps, arg?: unknown): Promise<void> {
  const { service } = deps;
  let root = arg instanceof vscode.Uri ? arg.fsPath : service.courseRoot;
  if (!root) root = await chooseFolder();
  if (!root) return;
  try {
    const types = path.join(service.extensionPath, 'dist', 'types');
    const { created } = layOutCourse(root, service.exercises, types, deps.context.extension.packageJSON.version as string);
    if (created.length) deps.output.appendLine(`[open course] ${root}: created ${created.length} file(s)`);
  } catch (e) {
    void vscode.window.showErrorMessage(l10n.t('The course could not be laid out in {0}: {1}', root, (e as Error).message));
    return;
  }
  const inWorkspace = (vscode.workspace.workspaceFolders ?? []).some(
    (f) => f.uri.scheme === 'file' && (f.uri.fsPath === root || path.join(f.uri.fsPath, 'dl-course') === root),
  );
  if (!inWorkspace) {
    // Opening another folder reloads the window; the extension activates there on the course marker.
    await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(root), { forceNewWindow: false });
    return;
  }
  service.setRoot(root);
  await vscode.commands.executeCommand('dlCourse.exercises.focus');
  const next = service.exercises.find((e) => service.progress(e.manifest.id).state !== 'passed') ?? service.exercises[0];
  if (next) await vscode.commands.executeCommand('dlCourse.openExercise', next.manifest.id);
}

async function chooseFolder(): Promise<string | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  type Pick = vscode.QuickPickItem & { dir?: string };
  const picks: Pick[] = [];
  for (const f of folders) {
    const dir = f.uri.fsPath;
    const visible = safeList(dir).filter((n) => !n.startsWith('.'));
    if (isCourseFolder(dir) || visible.length === 0)
      picks.push({ label: `$(folder) ${l10n.t('Lay out the course in {0}', f.name)}`, description: dir, dir });
    else
      picks.push({
        label: `$(new-folder) ${l10n.t('Lay out the course in {0}', `${f.name}/dl-course`)}`,
        description: path.join(dir, 'dl-course'),
        dir: path.join(dir, 'dl-course'),
      });
  }
  picks.push({ label: `$(folder-opened) ${l10n.t('Choose another folder…')}` });
  const picked =
    picks.length === 1
      ? picks[0]
      : await vscode.window.showQuickPick(picks, { placeHolder: l10n.t('Where should the course live? Your work stays in this folder.') });
  if (!picked) return undefined;
  if (picked.dir) return picked.dir;
  const chosen = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: l10n.t('Use this folder for the course'),
  });
  return chosen?.[0]?.fsPath;
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
