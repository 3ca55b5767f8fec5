import * as path from 'path';
import { Worker } from 'worker_threads';
import { isFromGraderWorker } from '../../shared/protocol/graderWorker';
import { GraderSupervisor } from '../core/supervisor';

/** Memory a Node grader worker may use before it is stopped as "out of memory". */
const WORKER_HEAP_MB = 2048;

/** A supervisor whose workers are Node worker threads running dist/grader-node-worker.js. */
export function createNodeGrader(distDir: string, mediaRoot: string): GraderSupervisor {
  const script = path.join(distDir, 'grader-node-worker.js');
  return new GraderSupervisor(
    (handlers) => {
      const worker = new Worker(script, {
        workerData: { mediaRoot, distDir },
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
        stdout: true,
        stderr: true,
      });
      let stopping = false;
      worker.on('message', (m: unknown) => {
        if (isFromGraderWorker(m)) handlers.message(m);
      });
      worker.on('error', (e) =>
        handlers.crash(`${e.name}: ${e.message}${(e as NodeJS.ErrnoException).code ? ` (${(e as NodeJS.ErrnoException).code})` : ''}`),
      );
      worker.on('exit', (code) => {
        if (!stopping) handlers.crash(`exited with code ${code}`);
      });
      worker.unref();
      return {
        post: (m) => worker.postMessage(m),
        terminate: () => {
          stopping = true;
          void worker.terminate();
        },
      };
    },
    // The bundled wasm backend would look for its .wasm next to the bundle: they are in dist/wasm/.
    { backends: ['wasm', 'cpu'], wasmBase: path.join(distDir, 'wasm') },
  );
}
