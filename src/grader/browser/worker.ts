/// <reference lib="webworker" />
import { CHECKS } from '../../../exercises/registry';
import { isToGraderWorker } from '../../shared/protocol/graderWorker';
import { PROBES } from '../core/probes/registry';
import { createWorkerRunner } from '../core/workerRunner';
import { readImageBrowser } from './imageDecoder';
import { fetchThroughPage } from './pageFetch';

/**
 * The grader's Web Worker, started by the grader webview. The learner's code runs here, off
 * the webview's page and far from the extension host; the page kills this worker on a time-out.
 */
declare const self: DedicatedWorkerGlobalScope;

// Webview resources (the .wasm files, media/) are reachable only through the page: see pageFetch.ts.
fetchThroughPage(self);

let mediaBase = '';
const handle = createWorkerRunner(CHECKS, {
  post: (m) => self.postMessage(m),
  loadAsset: async (p) => {
    if (!mediaBase) throw new Error('media folder unknown: the worker was not initialised');
    const res = await fetch(`${mediaBase.replace(/\/$/, '')}/${p.split('/').map(encodeURIComponent).join('/')}`);
    if (!res.ok) throw new Error(`cannot load ${p}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  },
  readImage: readImageBrowser,
}, PROBES);
let queue: Promise<void> = Promise.resolve();
self.onmessage = (e: MessageEvent<unknown>) => {
  const m = e.data;
  if (!isToGraderWorker(m)) return;
  if (m.type === 'init' && m.mediaBase) mediaBase = m.mediaBase;
  queue = queue.then(() => handle(m));
};
