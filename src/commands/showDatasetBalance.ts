import { resolveExercise } from '../course/exerciseArg';
import { activeExercise } from './target';
import { panels } from '../panels/table';
import type { CommandDeps } from './deps';

/** DL Course: Show Dataset Balance — class counts, imbalance, class weights, samples, confounder. */
export async function showDatasetBalance(deps: CommandDeps, arg?: unknown): Promise<void> {
  const exerciseId = resolveExercise(deps.service, arg) ?? activeExercise(deps.service);
  panels().datasetBalance.show(exerciseId ? { exerciseId } : {});
}
