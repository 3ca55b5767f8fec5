import * as vscode from 'vscode';
import { courseLang, l10n } from '../course/language';
import { readClassImages } from '../course/classFolder';
import { learnerCode } from '../checking/learnerCode';
import { ownImagesExercise, type OwnImagesOutcome } from '../panels/trainingPanel';
import { panels } from '../panels/table';
import { pick } from '../shared/i18n';
import { ownImagesRefusal, skippedImagesNote } from '../shared/protocol/ownImages';
import type { CommandDeps } from './deps';

/** Where the last folder trained on is remembered (workspace state), offered first next time. */
const LAST_FOLDER = 'dlCourse.ownImagesFolder';

/**
 * DL Course: Train on My Images — exercise 19's `preprocess` + `buildModel` trained by the grader
 * (in the training panel's worker, never here) on a folder of the learner's own pictures, one
 * sub-folder per class. From the palette it asks for the folder (the last one offered first);
 * from the explorer's context menu it takes the folder clicked. Resolves with the outcome.
 */
export async function trainOnImages(deps: CommandDeps, arg?: unknown): Promise<OwnImagesOutcome | undefined> {
  const lang = courseLang();
  const exerciseId = ownImagesExercise(deps.service);
  if (!exerciseId) {
    void vscode.window.showErrorMessage(
      l10n.t('No exercise that trains on your own images is in this course folder: open the course first (DL Course: Open Course).'),
    );
    return undefined;
  }
  const folder = arg instanceof vscode.Uri ? arg : await askFolder(deps);
  if (!folder) return undefined;
  const where = vscode.workspace.asRelativePath(folder, false);
  let read: Awaited<ReturnType<typeof readClassImages>>;
  try {
    read = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: l10n.t('Reading the images of {0}…', where) },
      () => readClassImages(folder),
    );
  } catch (e) {
    void vscode.window.showErrorMessage(l10n.t('Cannot read {0}: {1}', folder.fsPath, e instanceof Error ? e.message : String(e)));
    return undefined;
  }
  const { report, files, skipped } = read;
  const warnings = [...report.problems];
  if (skipped) warnings.push(skippedImagesNote(skipped));
  // The report's problems always include the reason of a refusal (one class, too few images).
  if (ownImagesRefusal(report)) {
    const balance = l10n.t('Show Dataset Balance');
    const choice = await vscode.window.showErrorMessage(
      l10n.t('{0} cannot be trained on: {1}', where, warnings.map((w) => pick(w, lang)).join(' ')),
      balance,
    );
    if (choice === balance) await vscode.commands.executeCommand('dlCourse.showDatasetBalance', exerciseId);
    return { ok: false, text: warnings.map((w) => pick(w, lang)).join(' ') };
  }
  const code = await learnerCode(deps.service, exerciseId);
  if (!code.ok) {
    const text =
      code.error.line !== undefined
        ? l10n.t('{0}/exercise.ts has a syntax error at line {1}: {2}', exerciseId, code.error.line + 1, code.error.message)
        : code.error.message;
    void vscode.window.showErrorMessage(text);
    return { ok: false, text };
  }
  // No `view`: that would re-send the page its init (the last check's run) after this run started; the page shows this run itself.
  await deps.context.workspaceState.update(LAST_FOLDER, folder.toString());
  const panel = panels().training.show({});
  const outcome = await panel.trainOnImages({ folder, files, js: code.js, warnings });
  if (outcome.ok) void vscode.window.showInformationMessage(outcome.text);
  else if (!outcome.cancelled) void vscode.window.showErrorMessage(outcome.text);
  return outcome;
}

async function askFolder(deps: CommandDeps): Promise<vscode.Uri | undefined> {
  const last = deps.context.workspaceState.get<string>(LAST_FOLDER);
  if (last) {
    const lastUri = vscode.Uri.parse(last);
    const again = {
      label: vscode.workspace.asRelativePath(lastUri, false),
      description: l10n.t('the folder used last time'),
      uri: lastUri,
    };
    const other = { label: l10n.t('Choose another folder…'), uri: undefined };
    const picked = await vscode.window.showQuickPick([again, other], {
      placeHolder: l10n.t('Which folder of images? (one sub-folder per class)'),
    });
    if (!picked) return undefined;
    if (picked.uri) return picked.uri;
  }
  const chosen = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    openLabel: l10n.t('Train on this folder'),
    title: l10n.t('A folder with one sub-folder of images per class (e.g. cats/ and dogs/)'),
  });
  return chosen?.[0];
}
