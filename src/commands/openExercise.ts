import * as vscode from 'vscode';
import { courseLang, l10n } from '../course/language';
import type { CommandDeps } from './deps';
import { targetExercise } from './target';
import { openExerciseAsks } from '../course/courseRules';
import { keepCodeHalf } from '../panels/panelColumn';
import { panels, tidyPanelsFor, warmGrader } from '../panels/table';
import { typesetTheory } from '../panels/theoryPanel';
import { showMark, shownSince } from '../panels/panelHost';
import { mayRunWorkspaceCode } from '../course/trust';

/** DL Course: Open Exercise — exercise.ts in the first column, its theory beside it (the side group). */
export async function openExercise(deps: CommandDeps, arg?: unknown): Promise<void> {
  const id = await targetExercise(deps.service, arg, { ask: openExerciseAsks(arg) });
  if (!id) return;
  const uri = deps.service.fileOf(id);
  if (!uri) return;
  const started = Date.now();
  // The panels the learner asks for while this exercise opens (shownSince) stay open, in front.
  const mark = showMark();
  // Typeset while the code opens (the host is idle meanwhile): Show Theory finds it done.
  const typeset = typesetTheory(deps.service, id, courseLang()).then(() => Date.now() - started);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    const reset = l10n.t('Restore the starter');
    if ((await vscode.window.showWarningMessage(l10n.t('{0} is missing.', vscode.workspace.asRelativePath(uri)), reset)) !== reset) return;
    await vscode.commands.executeCommand('dlCourse.openCourse');
  }
  // The code first: the side group, where the theory and the panels go, is the column right of it.
  await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preview: false });
  const codeShown = Date.now();
  await closeEarlierExercises(deps, id);
  tidyPanelsFor(id, shownSince(mark));
  // Before the theory, which then comes on top of it in the side group; its grader starts once the theory is drawn.
  const tidied = Date.now();
  let theoryDrawn: () => void = () => undefined;
  const drawn = new Promise<void>((resolve) => (theoryDrawn = resolve));
  if (mayRunWorkspaceCode()) await warmGrader(() => drawn);
  const resultsLoaded = Date.now();
  // Reopened from the tree while its theory is already the one beside it: it is not brought back
  // over the panel the learner was looking at.
  if (panels().theory.instance?.exerciseId !== id) await showTheory(deps, id);
  // A panel the learner asked for meanwhile (Show Dataset Balance just after Open Course) stays in
  // front: the theory is the tab behind it.
  const own: readonly object[] = [panels().grader, panels().theory];
  shownSince(mark)
    .filter((p) => !own.includes(p))
    .pop()
    ?.revealInSide();
  const theoryShown = Date.now();
  void Promise.resolve(panels().theory.view?.ready).then(theoryDrawn);
  await keepCodeHalf(isExercise(deps));
  deps.output.appendLine(
    `[open exercise] ${id}: code shown in ${codeShown - started} ms, panels tidied in ${tidied - codeShown} ms, results page running in ${resultsLoaded - tidied} ms, theory shown in ${theoryShown - resultsLoaded} ms (typeset ${await typeset} ms after the start), code kept half in ${Date.now() - theoryShown} ms`,
  );
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

/** DL Course: Show Theory — the exercise's theory (French or English), typeset, as a tab of the side group (TheoryPanel). */
export async function showTheory(deps: CommandDeps, arg?: unknown): Promise<void> {
  const id = await targetExercise(deps.service, arg);
  if (!id || !deps.service.exercise(id)) return;
  // Typeset before the panel opens: its first HTML holds the text.
  await typesetTheory(deps.service, id, courseLang());
  panels().theory.show({ exerciseId: id }, true);
  // The walkthrough's "Read the theory" step is done however the theory opened (Open Course and
  // Open Exercise show it too; an onCommand event sees only commands run from the workbench).
  void vscode.commands.executeCommand('setContext', 'dlCourse.theoryShown', true);
}
