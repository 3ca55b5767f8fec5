import * as vscode from 'vscode';
import type { CourseService } from '../course/courseService';
import { transpileExercise, type SourceError } from '../shared/transpile';
import { l10n } from '../course/language';
import { mayRunWorkspaceCode, restrictedMessage } from '../course/trust';
import type { LearnerCodeMessage } from '../shared/protocol/learnerPanel';

/**
 * The learner's current code for an exercise, transpiled, for panels that draw from it: the
 * editor's text (unsaved changes included) or the file. `watch` calls back after each save of
 * that exercise.ts, debounced, so panels follow the learner's edits without blocking typing.
 */
export type LearnerCode =
  { readonly ok: true; readonly js: string } | { readonly ok: false; readonly error: SourceError | { message: string; line?: undefined } };

export async function learnerCode(service: CourseService, exerciseId: string): Promise<LearnerCode> {
  const uri = service.fileOf(exerciseId);
  if (!uri) return { ok: false, error: { message: l10n.t('No course folder is open.') } };
  // Restricted Mode: the panel shows why its learner-side drawing waits, and runs nothing (src/course/trust.ts).
  if (!mayRunWorkspaceCode()) return { ok: false, error: { message: restrictedMessage() } };
  let source: string;
  try {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    source = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return { ok: false, error: { message: l10n.t('{0} is missing.', vscode.workspace.asRelativePath(uri)) } };
  }
  return transpileExercise(source);
}

/** The one form a page gets it in: the code, or the error (with its line in exercise.ts when it has one). */
export function learnerCodeMessage(code: LearnerCode): LearnerCodeMessage {
  if (code.ok) return { ok: true, js: code.js };
  const { line, message } = code.error;
  return { ok: false, message: line !== undefined ? `exercise.ts:${line}: ${message}` : message };
}

/** The learner's code for `exerciseId`, as a page gets it. */
export async function learnerCodeForPage(service: CourseService, exerciseId: string): Promise<LearnerCodeMessage> {
  return learnerCodeMessage(await learnerCode(service, exerciseId));
}

export function watchLearnerCode(
  service: CourseService,
  exerciseIds: () => readonly string[],
  onChange: (exerciseId: string) => void,
  delayMs = 400,
): vscode.Disposable {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const sub = vscode.workspace.onDidSaveTextDocument((doc) => {
    const id = service.exerciseOf(doc.uri)?.manifest.id;
    if (!id || !exerciseIds().includes(id)) return;
    clearTimeout(timers.get(id));
    timers.set(
      id,
      setTimeout(() => {
        timers.delete(id);
        onChange(id);
      }, delayMs),
    );
  });
  // A panel opened in Restricted Mode draws from the learner's code as soon as the folder is trusted.
  const trusted = vscode.workspace.onDidGrantWorkspaceTrust(() => {
    for (const id of exerciseIds()) onChange(id);
  });
  return {
    dispose: () => {
      sub.dispose();
      trusted.dispose();
      for (const t of timers.values()) clearTimeout(t);
    },
  };
}
