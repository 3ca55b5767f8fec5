import { courseLang } from '../course/language';
import { FeatureMapsPanel } from '../panels/featureMapsPanel';
import { exerciseForPanel } from '../panels/learnerPanel';
import type { CommandDeps } from './deps';

/** DL Course: Show Feature Maps — the learner's kernels and CNN layers on a real image. */
export async function showFeatureMaps(deps: CommandDeps, arg?: unknown): Promise<void> {
  const lang = courseLang();
  const id = await exerciseForPanel(deps.service, 'featureMaps', arg, FeatureMapsPanel.instance?.exerciseId, lang);
  if (id) FeatureMapsPanel.createOrShow({ extensionUri: deps.context.extensionUri, service: deps.service }, lang, id);
}
