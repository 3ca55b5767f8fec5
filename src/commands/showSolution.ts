import * as vscode from 'vscode';
import { solutionAfter, solutionUnlocked } from '../course/courseRules';
import type { CommandDeps } from './deps';
import { targetExercise } from './target';
import { l10n } from '../course/language';

/** Read-only documents of reference solutions; nothing is written to the learner's folder. */
export const SOLUTION_SCHEME = 'dl-course-solution';

export function solutionProvider(deps: Pick<CommandDeps, 'service'>): vscode.TextDocumentContentProvider {
  return {
    provideTextDocumentContent(uri) {
      const id = uri.path.split('/').filter(Boolean)[0] ?? '';
      const e = deps.service.exercise(id);
      return e && solutionUnlocked(deps.service.progress(id), e.manifest) ? deps.service.readShipped(id, 'solution.ts') : '';
    },
  };
}

/** DL Course: Show Solution — only after a pass, or after enough tries; shown side by side with the learner's file. */
export async function showSolution(deps: CommandDeps, arg?: unknown): Promise<void> {
  const id = await targetExercise(deps.service, arg);
  if (!id) return;
  const p = deps.service.progress(id);
  const manifest = deps.service.exercise(id)?.manifest;
  const after = solutionAfter(manifest);
  if (!solutionUnlocked(p, manifest)) {
    void vscode.window.showInformationMessage(
      l10n.t(
        'The solution opens once the exercise passes, or after {0} checks that ran your code to a verdict (you have run {1}; syntax errors and cancelled checks do not count). Try a hint first.',
        after,
        p.attempts,
      ),
    );
    return;
  }
  const solution = vscode.Uri.from({ scheme: SOLUTION_SCHEME, path: `/${id}/solution.ts` });
  const mine = deps.service.fileOf(id)!;
  await vscode.commands.executeCommand('vscode.diff', mine, solution, l10n.t('{0}: your exercise.ts ↔ reference solution', id));
}
