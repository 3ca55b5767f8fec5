/// <reference lib="webworker" />
import * as tf from '../core/tf';
import { SerialQueue } from '../../shared/serialQueue';
import { createLearnerRealm, type ToLearner } from '../core/learnerRealm';

/**
 * The learner realm of the webview (dist/webviews/learner-worker.js): a dedicated Worker of its
 * own, started fresh by the checker's worker for each Check and killed when a call outlives its
 * budget. Before the learner's module is evaluated, every way out of the worker that a learner
 * does not need is removed (network, storage, nested workers, importScripts); the page's CSP
 * (connect-src limited to the webview's own resources) stays underneath. Its only channel is
 * its own postMessage to the checker, which reads every answer as untrusted data.
 */
declare const self: DedicatedWorkerGlobalScope;

const post = self.postMessage.bind(self);
const REMOVED = [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'EventSource',
  'WebTransport',
  'importScripts',
  'Worker',
  'SharedWorker',
  'indexedDB',
  'caches',
  'BroadcastChannel',
  'Request',
  'Response',
  'Headers',
  'FileReaderSync',
  'RTCPeerConnection',
  'webkitRTCPeerConnection',
];
for (let o: object | null = self; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
  for (const name of REMOVED) {
    try {
      if (Object.prototype.hasOwnProperty.call(o, name))
        Object.defineProperty(o, name, { value: undefined, writable: false, configurable: false });
    } catch {
      // not configurable here: it stays behind the CSP
    }
  }
}
try {
  Object.defineProperty(self.navigator, 'sendBeacon', { value: undefined });
} catch {
  // absent in workers
}

void tf.setBackend('cpu');
const handle = createLearnerRealm({ post: (m) => post(m), tf: () => tf, loadedTf: () => tf });
const queue = new SerialQueue();
self.onmessage = (e: MessageEvent<unknown>) => {
  const m = e.data as ToLearner;
  if (!m || typeof m !== 'object') return;
  void queue.run(() => handle(m)).catch(() => undefined);
};
post({ k: 'started' });
