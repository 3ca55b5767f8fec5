import { randomBytes } from 'crypto';
import * as vscode from 'vscode';

/**
 * The one place webview pages and their Content-Security-Policy are written.
 *
 * Strict by default: `default-src 'none'`, scripts only by nonce, styles and images from the
 * extension's own folder, no network. Two exceptions, for panels that run TensorFlow.js
 * (`tfjs: true`) and nowhere else:
 *  - 'wasm-unsafe-eval': the wasm backend compiles its WebAssembly module;
 *  - 'unsafe-eval': tfjs 4.22's bundle evaluates a string when it loads, and the grader
 *    evaluates the learner's transpiled code with `new Function` — inside a Worker started from
 *    a blob: URL, which is why `worker-src blob:` is allowed too.
 */
export interface PageOptions {
  readonly title: string;
  readonly script: vscode.Uri;
  readonly styles: readonly vscode.Uri[];
  readonly lang: string;
  /** Written as data-* attributes on <body>, read by the page (no inline script). */
  readonly data?: Readonly<Record<string, string>>;
  readonly tfjs?: boolean;
}

export function nonce(): string {
  return randomBytes(16).toString('base64');
}

export function webviewHtml(webview: vscode.Webview, o: PageOptions): string {
  const n = nonce();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data: blob:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${n}'${o.tfjs ? " 'unsafe-eval' 'wasm-unsafe-eval'" : ''}`,
    ...(o.tfjs ? ['worker-src blob:', `connect-src ${webview.cspSource}`] : []),
  ].join('; ');
  const data = Object.entries(o.data ?? {}).map(([k, v]) => ` data-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="${escapeAttr(v)}"`).join('');
  return `<!DOCTYPE html>
<html lang="${escapeAttr(o.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${o.styles.map((s) => `<link rel="stylesheet" href="${webview.asWebviewUri(s)}">`).join('\n')}
<title>${escapeText(o.title)}</title>
</head>
<body${data}>
<main id="root"></main>
<script nonce="${n}" src="${webview.asWebviewUri(o.script)}"></script>
</body>
</html>`;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** The data-* a page needs to start grader workers (webviews/common/graderClient.ts). */
export function graderPageData(webview: vscode.Webview, extensionUri: vscode.Uri): Record<string, string> {
  const uri = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts)).toString();
  return {
    workerUri: uri('dist', 'webviews', 'grader-worker.js'),
    learnerUri: uri('dist', 'webviews', 'learner-worker.js'),
    wasmBase: `${uri('dist', 'wasm')}/`,
    mediaBase: uri('media'),
  };
}

/** Resource roots of every panel: the built assets and the shipped media, nothing else. */
export function panelResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

