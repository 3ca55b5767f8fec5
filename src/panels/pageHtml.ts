import { bytesToBase64 } from '../shared/base64';

/**
 * The one place webview pages and their Content-Security-Policy are written, without vscode (unit-tested;
 * webviewHtml.ts feeds it a webview's cspSource and URIs).
 *
 * Strict by default: `default-src 'none'`, scripts only by nonce, styles and images from the
 * extension's own folder, no network. Two exceptions, for panels that run TensorFlow.js
 * (`tfjs: true`) and nowhere else:
 *  - 'wasm-unsafe-eval': the wasm backend compiles its WebAssembly module;
 *  - 'unsafe-eval': tfjs 4.22's bundle evaluates a string when it loads, and the grader
 *    evaluates the learner's transpiled code with `new Function` — inside a Worker started from
 *    a blob: URL, which is why `worker-src blob:` is allowed too.
 * And one for the theory page (`typesetMaths: true`), which runs no TensorFlow.js: KaTeX's markup
 * places its glyphs with style attributes, so `style-src-attr 'unsafe-inline'` — attributes only,
 * no <style> element, and its script still only by nonce.
 */
export interface Page {
  readonly title: string;
  /** The webview's `cspSource`: where its own resources come from. */
  readonly cspSource: string;
  /** Webview URIs (asWebviewUri) of the page's script and style sheets. */
  readonly script: string;
  readonly styles: readonly string[];
  readonly lang: string;
  /** Written as data-* attributes on <body>, read by the page (no inline script). */
  readonly data?: Readonly<Record<string, string>>;
  readonly tfjs?: boolean;
  /** The page's text, already HTML (the theory, typeset by src/course/theoryHtml.ts), inside <main>. */
  readonly body?: string;
  /** `body` holds KaTeX markup: its style attributes are allowed (nothing else inline). */
  readonly typesetMaths?: boolean;
}

export function nonce(): string {
  // Web Crypto: in Node (≥ 19) and in the web worker extension host alike.
  return bytesToBase64(crypto.getRandomValues(new Uint8Array(16)));
}

export function contentSecurityPolicy(cspSource: string, scriptNonce: string, tfjs = false, typesetMaths = false): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data: blob:`,
    `style-src ${cspSource}`,
    ...(typesetMaths ? ["style-src-attr 'unsafe-inline'"] : []),
    `font-src ${cspSource}`,
    `script-src 'nonce-${scriptNonce}'${tfjs ? " 'unsafe-eval' 'wasm-unsafe-eval'" : ''}`,
    ...(tfjs ? ['worker-src blob:', `connect-src ${cspSource}`] : []),
  ].join('; ');
}

export function pageHtml(o: Page, n = nonce()): string {
  const csp = contentSecurityPolicy(o.cspSource, n, o.tfjs, o.typesetMaths);
  const data = Object.entries(o.data ?? {})
    .map(([k, v]) => ` data-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="${escapeAttr(v)}"`)
    .join('');
  return `<!DOCTYPE html>
<html lang="${escapeAttr(o.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${o.styles.map((s) => `<link rel="stylesheet" href="${s}">`).join('\n')}
<title>${escapeText(o.title)}</title>
</head>
<body${data}>
<main id="root">${o.body ?? ''}</main>
<script nonce="${n}" src="${o.script}"></script>
</body>
</html>`;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Text for an element's content: & and < escaped. */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
