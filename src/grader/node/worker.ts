import { readFile } from 'fs/promises';
import * as path from 'path';
import { parentPort, workerData } from 'worker_threads';
import { CHECKS } from '../../../exercises/registry';
import { isToGraderWorker } from '../../shared/protocol/graderWorker';
import { SerialQueue } from '../../shared/serialQueue';
import { PROBES } from '../core/probes/registry';
import { createWorkerRunner } from '../core/workerRunner';
import { readImageNode } from './imageDecoder';
import { createLearnerProcessFactory, sandboxPlan } from './learnerProcess';

/**
 * The Node checker (worker_threads): the CLI's twin of the webview's grader Worker. It runs the
 * checks only; each submission's code runs in a sandboxed learner process (learnerProcess.ts).
 */
const { mediaRoot, distDir } = workerData as { mediaRoot: string; distDir: string };
const port = parentPort!;
const handle = createWorkerRunner(
  CHECKS,
  {
    post: (m) => port.postMessage(m),
    loadAsset: async (p) => {
      const full = path.resolve(mediaRoot, p);
      if (!full.startsWith(path.resolve(mediaRoot) + path.sep)) throw new Error(`asset outside media/: ${p}`);
      return new Uint8Array(await readFile(full));
    },
    readImage: readImageNode,
    learners: () => createLearnerProcessFactory(distDir),
    sandbox: sandboxPlan().info,
    // A process start (~0.1 s) outlasts grading a quick exercise: keep two starting while one grades.
    spareLearners: 2,
  },
  PROBES,
);
const queue = new SerialQueue();
port.on('message', (m: unknown) => {
  if (isToGraderWorker(m)) void queue.run(() => handle(m));
});
