import { courseLang } from '../course/language';
import { exerciseForPanel } from '../panels/learnerPanel';
import { panels } from '../panels/table';
import type { CommandDeps } from './deps';

/** DL Course: Show Feature Maps — the learner's kernels and CNN layers on a real image. */
export async function showFeatureMaps(deps: CommandDeps, arg?: unknown): Promise<void> {
  const host = panels().featureMaps;
  const id = await exerciseForPanel(deps.service, 'featureMaps', arg, host.instance?.exerciseId, courseLang());
  if (id) host.show({ exerciseId: id });
}
