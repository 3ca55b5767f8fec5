import * as vscode from 'vscode';
import { predictionDue, recordPrediction } from '../course/courseRules';
import { courseLang, l10n } from '../course/language';
import { pick } from '../shared/i18n';
import type { CommandDeps } from './deps';
import { targetExercise } from './target';
import { CheckTiming } from '../checking/checkRunner';

/** DL Course: Check Exercise (palette, CodeLens, status bar). */
export async function check(deps: CommandDeps, arg?: unknown): Promise<void> {
  const timing = new CheckTiming();
  const id = await targetExercise(deps.service, arg);
  if (!id) return;
  timing.mark('target');
  await askPrediction(deps, id);
  timing.mark('predict');
  await deps.runner.check(id, undefined, timing);
}

/**
 * Predict before you run: the first time the learner checks an exercise that has a question, ask
 * it before the check reveals the answer. The choice (or a skip: Escape) is kept in progress and
 * shown with the answer in the results panel; the check runs either way. Not asked by the Testing
 * view or watch mode, which run checks without the learner at the palette.
 */
async function askPrediction(deps: CommandDeps, id: string): Promise<void> {
  const manifest = deps.service.exercise(id)?.manifest;
  const predict = manifest?.predict;
  if (!manifest || !predict || !predictionDue(manifest, deps.service.progress(id))) return;
  const lang = courseLang();
  const items = predict.choices.map((c, index) => ({ label: pick(c, lang), index }));
  const picked = await vscode.window.showQuickPick(items, {
    title: l10n.t('Predict before you run — {0}', pick(manifest.title, lang)),
    placeHolder: pick(predict.question, lang),
    ignoreFocusOut: true,
  });
  await deps.service.updateProgress(id, (p) => {
    p.prediction = recordPrediction(manifest, picked?.index ?? -1, new Date());
  });
}
