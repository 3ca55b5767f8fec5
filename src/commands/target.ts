import * as vscode from 'vscode';
import type { CourseService } from '../course/courseService';
import { courseLang, l10n } from '../course/language';
import { pick } from '../shared/i18n';
import { resolveExercise } from '../course/exerciseArg';

/**
 * The exercise a command acts on: its argument (an id, a file, a tree item, a test item), else
 * the active editor's exercise, else the learner picks one.
 */
export async function targetExercise(service: CourseService, arg: unknown, options: { ask?: boolean } = {}): Promise<string | undefined> {
  if (arg instanceof vscode.Uri) return service.exerciseOf(arg)?.manifest.id;
  const named = resolveExercise(service, arg);
  if (named) return named;
  // The active editor, else the exercise visible beside a focused webview (theory, results, a panel);
  // `ask` (Open Exercise from the palette) always lets the learner choose.
  const active = options.ask ? undefined : activeExercise(service);
  if (active) return active;
  if (!service.courseRoot) {
    const open = l10n.t('Open Course');
    if ((await vscode.window.showWarningMessage(l10n.t('No course folder is open yet.'), open)) === open)
      await vscode.commands.executeCommand('dlCourse.openCourse');
    return undefined;
  }
  const lang = courseLang();
  const picked = await vscode.window.showQuickPick(
    service.exercises.map((e) => ({ label: e.manifest.id, description: pick(e.manifest.title, lang) })),
    { placeHolder: l10n.t('Which exercise?') },
  );
  return picked?.label;
}

/**
 * The exercise in front of the learner, without asking: the active editor's, else the one visible
 * beside a focused webview (theory, results, a panel). Panels that show something useful without
 * one use it alone.
 */
export function activeExercise(service: CourseService): string | undefined {
  const shown =
    service.exerciseOf(vscode.window.activeTextEditor?.document.uri) ??
    vscode.window.visibleTextEditors.map((e) => service.exerciseOf(e.document.uri)).find((e) => e !== undefined);
  return shown?.manifest.id;
}
