import * as vscode from 'vscode';
import type { CommandDeps } from './deps';
import { hostsCourse } from '../env/platform';
import { isCourseFolderAt, layOutCourseIn } from '../course/learnerFolder';
import { l10n } from '../course/language';

/**
 * DL Course: Open Course — lays the course out in a folder (reusing one that already holds it)
 * and shows it. Learner files that exist are never overwritten.
 */
export async function openCourse(deps: CommandDeps, arg?: unknown): Promise<void> {
  const { service } = deps;
  let root = arg instanceof vscode.Uri ? arg : service.courseUri;
  if (!root) root = await chooseFolder(deps);
  if (!root) return;
  const course = service.platform.folder(root);
  const started = Date.now();
  try {
    const { created } = await layOutCourseIn(
      course,
      service.exercises,
      (e) => service.readShipped(e.manifest.id, 'starter.ts'),
      { from: service.extension, rel: 'dist/types' },
      deps.context.extension.packageJSON.version as string,
    );
    if (created.length) deps.output.appendLine(`[open course] ${course.label}: created ${created.length} file(s)`);
  } catch (e) {
    void vscode.window.showErrorMessage(l10n.t('The course could not be laid out in {0}: {1}', course.label, (e as Error).message));
    return;
  }
  const same = (a: vscode.Uri, b: vscode.Uri) => a.toString() === b.toString();
  const inWorkspace = (vscode.workspace.workspaceFolders ?? []).some(
    (f) => hostsCourse(service.platform, f.uri) && (same(f.uri, root) || same(vscode.Uri.joinPath(f.uri, 'dl-course'), root)),
  );
  if (!inWorkspace) {
    // Opening another folder reloads the window; the extension activates there on the course marker.
    await vscode.commands.executeCommand('vscode.openFolder', root, { forceNewWindow: false });
    return;
  }
  const laidOut = Date.now();
  await service.setRoot(root);
  await vscode.commands.executeCommand('dlCourse.exercises.focus');
  const shown = Date.now();
  const next = service.exercises.find((e) => service.progress(e.manifest.id).state !== 'passed') ?? service.exercises[0];
  if (next) await vscode.commands.executeCommand('dlCourse.openExercise', next.manifest.id);
  deps.output.appendLine(
    `[open course] ${course.label}: laid out in ${laidOut - started} ms, tree shown in ${shown - laidOut} ms, first exercise opened in ${Date.now() - shown} ms`,
  );
}

async function chooseFolder({ service }: CommandDeps): Promise<vscode.Uri | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => hostsCourse(service.platform, f.uri));
  type Pick = vscode.QuickPickItem & { dir?: vscode.Uri };
  const picks: Pick[] = [];
  for (const f of folders) {
    const folder = service.platform.folder(f.uri);
    const visible = (await folder.list('').catch(() => [])).filter((n) => !n.startsWith('.'));
    if ((await isCourseFolderAt(folder)) || visible.length === 0)
      picks.push({ label: `$(folder) ${l10n.t('Lay out the course in {0}', f.name)}`, description: folder.label, dir: f.uri });
    else
      picks.push({
        label: `$(new-folder) ${l10n.t('Lay out the course in {0}', `${f.name}/dl-course`)}`,
        description: folder.labelOf('dl-course'),
        dir: vscode.Uri.joinPath(f.uri, 'dl-course'),
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
  return chosen?.[0];
}
