import * as fs from 'fs';
import * as vscode from 'vscode';
import { DEFAULT_SOLUTION_AFTER_ATTEMPTS } from '../shared/manifest';
import type { CommandDeps } from './table';
import { targetExercise } from './target';

/** Read-only documents of reference solutions; nothing is written to the learner's folder. */
export const SOLUTION_SCHEME = 'dl-course-solution';

export function solutionProvider(deps: Pick<CommandDeps, 'service'>): vscode.TextDocumentContentProvider {
  return {
    provideTextDocumentContent(uri) {
      const id = uri.path.split('/').filter(Boolean)[0] ?? '';
      const e = deps.service.exercise(id);
      return e && solutionUnlocked(deps, id) ? fs.readFileSync(e.solutionPath, 'utf8') : '';
    },
  };
}

function solutionUnlocked(deps: Pick<CommandDeps, 'service'>, id: string): boolean {
  const p = deps.service.progress(id);
  const after = deps.service.exercise(id)?.manifest.solutionAfterAttempts ?? DEFAULT_SOLUTION_AFTER_ATTEMPTS;
  return p.state === 'passed' || p.attempts >= after;
}

/** DL Course: Show Solution — only after a pass, or after enough tries; shown side by side with the learner's file. */
export async function showSolution(deps: CommandDeps, arg?: unknown): Promise<void> {
  const id = await targetExercise(deps.service, arg);
  if (!id) return;
  const p = deps.service.progress(id);
  const after = deps.service.exercise(id)?.manifest.solutionAfterAttempts ?? DEFAULT_SOLUTION_AFTER_ATTEMPTS;
  if (!solutionUnlocked(deps, id)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The solution opens once the exercise passes, or after {0} checks (you have run {1}). Try a hint first.', after, p.attempts));
    return;
  }
  const solution = vscode.Uri.from({ scheme: SOLUTION_SCHEME, path: `/${id}/solution.ts` });
  const mine = deps.service.fileOf(id)!;
  await vscode.commands.executeCommand('vscode.diff', mine, solution, vscode.l10n.t('{0}: your exercise.ts ↔ reference solution', id));
}
