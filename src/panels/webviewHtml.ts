import * as vscode from 'vscode';
import { pageHtml } from './pageHtml';

/** A webview page and its Content-Security-Policy (written, and explained, in pageHtml.ts). */
export interface PageOptions {
  readonly title: string;
  readonly script: vscode.Uri;
  readonly styles: readonly vscode.Uri[];
  readonly lang: string;
  /** Written as data-* attributes on <body>, read by the page (no inline script). */
  readonly data?: Readonly<Record<string, string>>;
  readonly tfjs?: boolean;
  /** The page's text, already HTML (pageHtml.ts). */
  readonly body?: string;
  readonly typesetMaths?: boolean;
}

export function webviewHtml(webview: vscode.Webview, o: PageOptions): string {
  return pageHtml({
    ...o,
    cspSource: webview.cspSource,
    script: webview.asWebviewUri(o.script).toString(),
    styles: o.styles.map((s) => webview.asWebviewUri(s).toString()),
  });
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

/** KaTeX's style sheet (its fonts beside it, in dist/katex/fonts/), for a page of typeset maths. */
export function katexStyles(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'katex', 'katex.min.css');
}

/** Resource roots of every panel: the built assets and the shipped media, nothing else. */
export function panelResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}
