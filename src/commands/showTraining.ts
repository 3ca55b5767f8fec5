import * as vscode from 'vscode';
import { courseLang } from '../course/language';
import { TrainingLog } from '../checking/trainingLog';
import { COS_EXERCISE, TrainingPanel, type TrainingPanelDeps } from '../panels/trainingPanel';
import type { CommandDeps } from './deps';

export function trainingDeps(deps: CommandDeps): TrainingPanelDeps {
  return { extensionUri: deps.context.extensionUri, service: deps.service, runner: deps.runner, log: TrainingLog.for(deps.service, deps.runner) };
}

/** The exercise named by the argument (id, tree item, file) or the active editor's, without asking. */
export function exerciseOfArg(deps: CommandDeps, arg: unknown): string | undefined {
  if (typeof arg === 'string' && deps.service.exercise(arg)) return arg;
  if (arg instanceof vscode.Uri) return deps.service.exerciseOf(arg)?.manifest.id;
  const id = (arg as { id?: unknown } | undefined)?.id;
  if (typeof id === 'string' && deps.service.exercise(id.split('/')[0]!)) return id.split('/')[0];
  return deps.service.exerciseOf(vscode.window.activeTextEditor?.document.uri)?.manifest.id;
}

/** DL Course: Show Training — curves of the last training check; for exercise 17, the fit of cos(x). */
export async function showTraining(deps: CommandDeps, arg?: unknown): Promise<void> {
  const id = exerciseOfArg(deps, arg);
  TrainingPanel.createOrShow(trainingDeps(deps), courseLang(), { preserveFocus: false, ...(id ? { view: id === COS_EXERCISE ? 'cos' : 'run' } : {}) });
}
