import type { WebviewApi } from 'vscode-webview';

/** The single acquireVsCodeApi() of a webview (it may be called only once per page). */
let api: WebviewApi<unknown> | undefined;

export function vscodeApi<State = unknown>(): WebviewApi<State> {
  api ??= acquireVsCodeApi();
  return api as WebviewApi<State>;
}

export function postToHost<M>(message: M): void {
  vscodeApi().postMessage(message);
}

/** Subscribes to host messages that pass `guard`; others are ignored. */
export function onHostMessage<M>(guard: (m: unknown) => m is M, handler: (m: M) => void): void {
  window.addEventListener('message', (e: MessageEvent<unknown>) => {
    if (guard(e.data)) handler(e.data);
  });
}

/** Configuration the host writes into the page (data-* attributes of <body>), so no inline script is needed. */
export function pageConfig(name: string): string {
  const v = document.body.dataset[name];
  if (v === undefined) throw new Error(`webview page has no data-${name}`);
  return v;
}
