import * as vscode from 'vscode';
import { courseLang, l10n } from '../course/language';
import type { CommandDeps } from './deps';
import { targetExercise } from './target';
import { openExerciseAsks } from '../course/courseRules';
import { SerialQueue } from '../shared/serialQueue';
import { codeColumn, keepCodeHalf } from '../panels/panelColumn';
import { tidyPanelsFor, warmGrader } from '../panels/table';
import { mayRunWorkspaceCode } from '../course/trust';

/** DL Course: Open Exercise — exercise.ts in the first column, its theory beside it. */
export async function openExercise(deps: CommandDeps, arg?: unknown): Promise<void> {
  const id = await targetExercise(deps.service, arg, { ask: openExerciseAsks(arg) });
  if (!id) return;
  const uri = deps.service.fileOf(id);
  if (!uri) return;
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    const reset = l10n.t('Restore the starter');
    if ((await vscode.window.showWarningMessage(l10n.t('{0} is missing.', vscode.workspace.asRelativePath(uri)), reset)) !== reset) return;
    await vscode.commands.executeCommand('dlCourse.openCourse');
  }
  // The code first: the preview opens beside the active editor, and with no editor open it
  // landed in the first column, hidden under exercise.ts.
  await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preview: false });
  await closeEarlierExercises(deps, id);
  tidyPanelsFor(id);
  // Before the theory, which then comes on top of it in the side group.
  if (mayRunWorkspaceCode()) warmGrader();
  // Reopened from the tree while its theory is already the one beside it: no preview churn (closing
  // and reopening it took the focus from the code for a moment).
  if (!theoryShownFor(id)) await showTheory(deps, id);
  // The preview takes the focus; the learner's next keystroke belongs to the code.
  await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preview: false });
  await keepCodeHalf(isExercise(deps));
}

/**
 * The code column holds the exercise being worked on: the tabs of other exercises' exercise.ts
 * (and their solution diffs) close, except a file with unsaved changes, which stays open for the
 * learner to save or drop — never lost by opening another exercise.
 */
async function closeEarlierExercises(deps: CommandDeps, id: string): Promise<void> {
  const other = (u: vscode.Uri | undefined) => {
    const e = deps.service.exerciseOf(u);
    return !!e && e.manifest.id !== id;
  };
  const stale = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter(
      (t) =>
        !t.isDirty &&
        ((t.input instanceof vscode.TabInputText && other(t.input.uri)) ||
          (t.input instanceof vscode.TabInputTextDiff && other(t.input.original))),
    );
  if (stale.length) await vscode.window.tabGroups.close(stale, true).then(undefined, () => false);
}

const isExercise =
  (deps: CommandDeps) =>
  (uri: vscode.Uri): boolean =>
    !!deps.service.exerciseOf(uri);

/** The theory previews open (a preview tab names only its file). */
const theoryTabs = (): vscode.Tab[] =>
  vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter(
      (t) =>
        t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('markdown.preview') && /theory\.(en|fr)\.md/.test(t.label),
    );

/** DL Course: Show Theory — the exercise's theory (French or English) as a Markdown preview beside the code. */
export async function showTheory(deps: CommandDeps, arg?: unknown): Promise<void> {
  const id = await targetExercise(deps.service, arg);
  const exercise = id ? deps.service.exercise(id) : undefined;
  if (!exercise) return;
  const theory = deps.service.theoryUri(exercise.manifest.id, courseLang());
  lastTheory = exercise.manifest.id;
  // One theory at a time, in the side group: a preview opened "to the side" is never reused (each
  // exercise's piled up as one more tab), and one opened from a panel's column made a third column.
  await vscode.window.tabGroups.close(theoryTabs(), true).then(undefined, () => false);
  const code = deps.service.fileOf(exercise.manifest.id);
  if (code) await vscode.window.showTextDocument(code, { viewColumn: codeColumn(isExercise(deps)), preview: false });
  await vscode.commands.executeCommand('markdown.showPreviewToSide', theory);
  // The walkthrough's "Read the theory" step is done however the theory opened (Open Course and
  // Open Exercise show it too; an onCommand event sees only commands run from the workbench).
  void vscode.commands.executeCommand('setContext', 'dlCourse.theoryShown', true);
}

/** The exercise whose theory was shown last (a preview tab names only its file, not the exercise). */
let lastTheory: string | undefined;

/** This exercise's theory, in the course language, is the one theory preview open. */
function theoryShownFor(id: string): boolean {
  const tabs = theoryTabs();
  return lastTheory === id && tabs.length === 1 && tabs[0]!.label.includes(`theory.${courseLang()}.md`);
}

/**
 * After a change of `dlCourse.language`: an open theory preview in the other language is replaced
 * by the same theory in the new one, where it was, the code keeping the focus.
 */
export function refreshTheory(deps: CommandDeps): Promise<void> {
  // One at a time: a settings file change can fire the configuration event more than once.
  return theoryRefresh.run(() => refreshTheoryNow(deps)).catch(() => undefined);
}
const theoryRefresh = new SerialQueue();

async function refreshTheoryNow(deps: CommandDeps): Promise<void> {
  const lang = courseLang();
  const staleTabs = () =>
    vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter(
        (t) =>
          t.input instanceof vscode.TabInputWebview &&
          t.input.viewType.includes('markdown.preview') &&
          /theory\.(en|fr)\.md/.test(t.label) &&
          !t.label.includes(`theory.${lang}.md`),
      );
  const stale = staleTabs();
  if (!stale.length || !lastTheory) return;
  const column = stale[0]!.group.viewColumn;
  // The code beside the preview (the focus may be in the tree or the preview itself).
  const editor = vscode.window.visibleTextEditors.find((e) => deps.service.exerciseOf(e.document.uri));
  // The preview itself re-renders on a settings change, which can replace its tab: ask again until it is gone.
  for (let i = 0; i < 5 && staleTabs().length; i++) {
    await vscode.window.tabGroups.close(staleTabs(), true).then(undefined, () => false);
    if (staleTabs().length) await new Promise((r) => setTimeout(r, 200));
  }
  const exercise = deps.service.exercise(lastTheory);
  if (!exercise) return;
  if (editor && editor.viewColumn !== column) {
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preview: false });
    await vscode.commands.executeCommand('markdown.showPreviewToSide', deps.service.theoryUri(exercise.manifest.id, lang));
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preview: false });
  } else {
    await vscode.commands.executeCommand('markdown.showPreview', deps.service.theoryUri(exercise.manifest.id, lang));
  }
}
