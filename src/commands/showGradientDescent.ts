import { courseLang } from '../course/language';
import { exerciseForPanel } from '../panels/learnerPanel';
import { panels } from '../panels/table';
import type { CommandDeps } from './deps';

/** DL Course: Show Gradient Descent — the learner's descent paths, update rules and loss curves. */
export async function showGradientDescent(deps: CommandDeps, arg?: unknown): Promise<void> {
  const host = panels().gradientDescent;
  const id = await exerciseForPanel(deps.service, 'gradientDescent', arg, host.instance?.exerciseId, courseLang());
  if (id) host.show({ exerciseId: id });
}
