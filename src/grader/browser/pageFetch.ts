import { RequestTable } from '../../shared/protocol/requests';

/**
 * The grader's Web Worker cannot fetch webview resources itself: VS Code serves them through the
 * webview's service worker, which answers a request only once it knows which webview it comes from,
 * and it cannot tell for a Worker started from a blob: URL. Such a fetch hangs 30 s and ends in
 * HTTP 408 — the wasm backend's .wasm never loads and the panel never becomes ready. So the worker
 * asks its page to fetch (the page's requests are served), and gets the bytes back.
 *
 * The page fetches with its own Content-Security-Policy (connect-src: the webview's resources only),
 * so code running in the worker reaches nothing more than the page itself could.
 */
export interface ResourceRequest {
  readonly type: 'resourceRequest';
  readonly id: number;
  readonly url: string;
}

export interface ResourceResponse {
  readonly type: 'resourceResponse';
  readonly id: number;
  readonly status: number;
  readonly contentType: string;
  readonly body?: ArrayBuffer;
  readonly error?: string;
}

export function isResourceRequest(m: unknown): m is ResourceRequest {
  const r = m as Partial<ResourceRequest> | null;
  return r?.type === 'resourceRequest' && typeof r.id === 'number' && typeof r.url === 'string';
}

export function isResourceResponse(m: unknown): m is ResourceResponse {
  const r = m as Partial<ResourceResponse> | null;
  return r?.type === 'resourceResponse' && typeof r.id === 'number' && typeof r.status === 'number';
}

/** What the worker side needs of its global scope (kept structural: no webworker lib needed). */
interface WorkerScope {
  fetch: typeof fetch;
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<unknown>) => void): void;
}

/** In the worker: http(s) GETs go through the page; blob:/data: and other methods stay direct. */
export function fetchThroughPage(scope: WorkerScope): void {
  const direct = scope.fetch.bind(scope);
  const waiting = new RequestTable<ResourceResponse>();
  scope.addEventListener('message', (e) => {
    if (isResourceResponse(e.data)) waiting.resolve(e.data.id, e.data);
  });
  scope.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!/^https?:/i.test(url) || (init?.method !== undefined && init.method.toUpperCase() !== 'GET')) return direct(input, init);
    return waiting
      .request((id) => {
        const request: ResourceRequest = { type: 'resourceRequest', id, url };
        scope.postMessage(request);
      })
      .then((r) => {
        if (r.error !== undefined) throw new TypeError(`fetch ${url}: ${r.error}`);
        return new Response([101, 204, 205, 304].includes(r.status) ? null : (r.body ?? null), {
          status: r.status,
          headers: { 'Content-Type': r.contentType },
        });
      });
  };
}

/** On the page: answers the resource requests of `worker`; its other messages are left alone. */
export function serveWorkerFetches(worker: Worker): void {
  worker.addEventListener('message', (e: MessageEvent<unknown>) => {
    if (isResourceRequest(e.data)) void answer(worker, e.data);
  });
}

async function answer(worker: Worker, m: ResourceRequest): Promise<void> {
  let response: ResourceResponse;
  try {
    const r = await fetch(m.url);
    const body = await r.arrayBuffer();
    response = {
      type: 'resourceResponse',
      id: m.id,
      status: r.status,
      contentType: r.headers.get('Content-Type') ?? (m.url.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream'),
      body,
    };
    worker.postMessage(response, [body]);
  } catch (e) {
    response = { type: 'resourceResponse', id: m.id, status: 0, contentType: '', error: e instanceof Error ? e.message : String(e) };
    worker.postMessage(response);
  }
}
