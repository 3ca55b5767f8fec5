import { courseLang } from '../course/language';
import { GradientDescentPanel } from '../panels/gradientDescentPanel';
import { exerciseForPanel } from '../panels/learnerPanel';
import type { CommandDeps } from './deps';

/** DL Course: Show Gradient Descent — the learner's descent paths, update rules and loss curves. */
export async function showGradientDescent(deps: CommandDeps, arg?: unknown): Promise<void> {
  const lang = courseLang();
  const id = await exerciseForPanel(deps.service, 'gradientDescent', arg, GradientDescentPanel.instance?.exerciseId, lang);
  if (id) GradientDescentPanel.createOrShow({ extensionUri: deps.context.extensionUri, service: deps.service }, lang, id);
}
