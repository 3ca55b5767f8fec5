import { GraderSupervisor } from '../../src/grader/core/supervisor';
import { serveWorkerFetches } from '../../src/grader/browser/pageFetch';
import { isFromGraderWorker } from '../../src/shared/protocol/graderWorker';
import { pageConfig } from './vscodeApi';

/**
 * A grader for a webview page: a GraderSupervisor whose workers are Web Workers running
 * dist/webviews/grader-worker.js (learner code never runs on the page itself). The page must
 * have been written with the grader data (src/panels/webviewHtml.ts `graderPageData`).
 */
let workerUrl: Promise<string> | undefined;

/** Webviews cannot start a Worker from their resource origin: fetch the script once, run it from a blob. */
function workerScriptUrl(): Promise<string> {
  workerUrl ??= fetch(pageConfig('workerUri')).then(async (r) => {
    if (!r.ok) throw new Error(`cannot load the grader worker: HTTP ${r.status}`);
    return URL.createObjectURL(new Blob([await r.text()], { type: 'text/javascript' }));
  });
  return workerUrl;
}

export function createBrowserGrader(): GraderSupervisor {
  return new GraderSupervisor(
    (handlers) => {
      let worker: Worker | undefined;
      let terminated = false;
      const pending: unknown[] = [];
      void workerScriptUrl().then(
        (url) => {
          if (terminated) return;
          worker = new Worker(url);
          serveWorkerFetches(worker);
          worker.onmessage = (e) => {
            if (isFromGraderWorker(e.data)) handlers.message(e.data);
          };
          worker.onerror = (e) => {
            e.preventDefault();
            handlers.crash(e.message || 'worker error');
          };
          worker.onmessageerror = () => handlers.crash('a message could not be decoded');
          for (const m of pending.splice(0)) worker.postMessage(m);
        },
        (e: Error) => handlers.crash(e.message),
      );
      return {
        post: (m) => {
          if (worker) worker.postMessage(m);
          else pending.push(m);
        },
        terminate: () => {
          terminated = true;
          worker?.terminate();
        },
      };
    },
    {
      backends: ['wasm', 'cpu'],
      wasmBase: pageConfig('wasmBase'),
      mediaBase: pageConfig('mediaBase'),
      learnerUri: pageConfig('learnerUri'),
    },
  );
}
