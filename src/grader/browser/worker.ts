/// <reference lib="webworker" />
import { CHECKS } from '../../../exercises/registry';
import { isToGraderWorker } from '../../shared/protocol/graderWorker';
import { SerialQueue } from '../../shared/serialQueue';
import type { LearnerFactory } from '../core/learnerLink';
import { PROBES } from '../core/probes/registry';
import { createWorkerRunner } from '../core/workerRunner';
import { readImageBrowser } from './imageDecoder';
import { fetchThroughPage } from './pageFetch';

/**
 * The grader's checker Worker, started by the grader webview. It runs the hidden checks only:
 * the learner's code runs in a dedicated learner Worker of its own (learnerWorker.ts), fresh
 * for each Check, that this worker starts, calls and kills. The page kills this worker when a
 * check outlives its budget.
 */
declare const self: DedicatedWorkerGlobalScope;

// Webview resources (the .wasm files, media/) are reachable only through the page: see pageFetch.ts.
fetchThroughPage(self);

let mediaBase = '';
let learnerScript: Promise<string> | undefined;

/** Learner workers run from a blob of learner-worker.js (webview resources cannot start a Worker directly). */
function learnerWorkers(uri: string | undefined): LearnerFactory {
  learnerScript ??= (async () => {
    if (!uri) throw new Error('the learner worker script is unknown');
    const r = await fetch(uri);
    if (!r.ok) throw new Error(`cannot load the learner worker: HTTP ${r.status}`);
    return URL.createObjectURL(new Blob([await r.text()], { type: 'text/javascript' }));
  })();
  const script = learnerScript;
  return (handlers) => {
    let worker: Worker | undefined;
    let killed = false;
    const pending: unknown[] = [];
    script.then(
      (url) => {
        if (killed) return;
        worker = new Worker(url);
        worker.onmessage = (e) => handlers.message(e.data);
        worker.onerror = (e) => {
          e.preventDefault();
          const oom = /memory|allocation/i.test(e.message ?? '');
          handlers.died(oom ? { kind: 'memory', limitMb: 0, detail: e.message } : { kind: 'crash', detail: e.message || 'worker error' });
        };
        worker.onmessageerror = () => handlers.died({ kind: 'crash', detail: 'a message could not be decoded' });
        for (const m of pending.splice(0)) worker.postMessage(m);
      },
      (e: Error) => handlers.died({ kind: 'crash', detail: e.message }),
    );
    return {
      send: (m) => {
        if (worker) worker.postMessage(m);
        else pending.push(m);
      },
      kill: () => {
        killed = true;
        worker?.terminate();
      },
    };
  };
}

const handle = createWorkerRunner(
  CHECKS,
  {
    post: (m) => self.postMessage(m),
    loadAsset: async (p) => {
      if (!mediaBase) throw new Error('media folder unknown: the worker was not initialised');
      const res = await fetch(`${mediaBase.replace(/\/$/, '')}/${p.split('/').map(encodeURIComponent).join('/')}`);
      if (!res.ok) throw new Error(`cannot load ${p}: HTTP ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    },
    readImage: readImageBrowser,
    learners: (init) => learnerWorkers(init.learnerUri),
    sandbox: { realm: 'worker', layers: ['dedicated-worker', 'no-network-apis', 'webview-csp'], network: false },
    // One learner at a time: the next realm starts once a check is over, not while it runs.
    refillLearners: 'whenIdle',
  },
  PROBES,
);
const queue = new SerialQueue();
self.onmessage = (e: MessageEvent<unknown>) => {
  const m = e.data;
  if (!isToGraderWorker(m)) return;
  if (m.type === 'init' && m.mediaBase) mediaBase = m.mediaBase;
  void queue.run(() => handle(m));
};
