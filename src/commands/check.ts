import type { CommandDeps } from './deps';
import { targetExercise } from './target';

/** DL Course: Check Exercise. */
export async function check(deps: CommandDeps, arg?: unknown): Promise<void> {
  const id = await targetExercise(deps.service, arg);
  if (id) await deps.runner.check(id);
}
