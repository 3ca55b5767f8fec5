import * as tf from '../../src/grader/core/tf';
import type { LearnerFactory } from '../../src/grader/core/learnerLink';
import { createLearnerRealm, type ToLearner } from '../../src/grader/core/learnerRealm';
import type { SandboxInfo } from '../../src/shared/grading';

/**
 * A learner realm in this process, for the unit tests of checks: the same realm code and the same
 * wire encoding as the sandboxed process (every message is structured-cloned), without a process
 * start per submission. Not a sandbox: the hostile-submission tests use the real CLI.
 */
export const inProcessLearners: LearnerFactory = (handlers) => {
  let dead = false;
  const realm = createLearnerRealm({
    post: (m) => {
      if (!dead) {
        const c = structuredClone(m);
        setImmediate(() => {
          if (!dead) handlers.message(c);
        });
      }
    },
    tf: () => tf,
    loadedTf: () => tf,
  });
  let queue: Promise<void> = Promise.resolve();
  setImmediate(() => {
    if (!dead) handlers.message({ k: 'started' });
  });
  return {
    send: (m: ToLearner) => {
      const c = structuredClone(m);
      queue = queue.then(() => (dead ? undefined : realm(c))).catch(() => undefined);
    },
    kill: () => {
      dead = true;
    },
  };
};

export const IN_PROCESS_SANDBOX: SandboxInfo = { realm: 'in-process', layers: [], network: true };
