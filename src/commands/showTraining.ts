import { resolveExercise } from '../course/exerciseArg';
import { panels } from '../panels/table';
import { trainingViewFor } from '../panels/trainingPanel';
import type { CommandDeps } from './deps';
import { activeExercise } from './target';

/** DL Course: Show Training — curves of the last training check; for the exercise that declares it, the fit of cos(x). */
export async function showTraining(deps: CommandDeps, arg?: unknown): Promise<void> {
  const id = resolveExercise(deps.service, arg) ?? activeExercise(deps.service);
  panels().training.show(id ? { view: trainingViewFor(deps.service, id) } : {});
}
