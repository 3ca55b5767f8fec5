import { courseLang } from '../course/language';
import { DatasetBalancePanel } from '../panels/datasetBalancePanel';
import { exerciseOfArg } from './showTraining';
import type { CommandDeps } from './deps';

/** DL Course: Show Dataset Balance — class counts, imbalance, class weights, samples, confounder. */
export async function showDatasetBalance(deps: CommandDeps, arg?: unknown): Promise<void> {
  const exerciseId = exerciseOfArg(deps, arg);
  DatasetBalancePanel.createOrShow(deps.context.extensionUri, deps.service, courseLang(), exerciseId ? { exerciseId } : {});
}
