import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentSecurityPolicy, nonce, pageHtml } from '../../src/panels/pageHtml';

/** The webview pages' HTML and Content-Security-Policy (src/panels/pageHtml.ts, behind webviewHtml.ts). */
const SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));
const cspOf = (html: string) => /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '';

describe('webview pages: Content-Security-Policy', () => {
  it("strict by default: nothing but the nonce script and the extension's own resources", () => {
    const d = directives(contentSecurityPolicy(SOURCE, 'N0NCE'));
    assert.deepEqual([...d.keys()], ['default-src', 'img-src', 'style-src', 'font-src', 'script-src']);
    assert.deepEqual(d.get('default-src'), ["'none'"]);
    assert.deepEqual(d.get('script-src'), ["'nonce-N0NCE'"]);
    assert.deepEqual(d.get('style-src'), [SOURCE]);
    assert.deepEqual(d.get('font-src'), [SOURCE]);
    assert.deepEqual(d.get('img-src'), [SOURCE, 'data:', 'blob:']);
  });
  it('a TensorFlow.js page adds eval for tfjs and its wasm, blob workers, and fetches from its own folder only', () => {
    const d = directives(contentSecurityPolicy(SOURCE, 'N0NCE', true));
    assert.deepEqual(d.get('script-src'), ["'nonce-N0NCE'", "'unsafe-eval'", "'wasm-unsafe-eval'"]);
    assert.deepEqual(d.get('worker-src'), ['blob:']);
    assert.deepEqual(d.get('connect-src'), [SOURCE]);
    assert.deepEqual(d.get('default-src'), ["'none'"]);
  });
  it('the theory page (typeset maths) allows inline style attributes, and nothing more', () => {
    const plain = directives(contentSecurityPolicy(SOURCE, 'N0NCE'));
    const d = directives(contentSecurityPolicy(SOURCE, 'N0NCE', false, true));
    assert.deepEqual(d.get('style-src-attr'), ["'unsafe-inline'"]);
    d.delete('style-src-attr');
    assert.deepEqual(d, plain);
  });
  it('nowhere a wildcard, http: or https: source; unsafe-inline only for style attributes', () => {
    for (const tfjs of [false, true])
      for (const maths of [false, true])
        assert.doesNotMatch(
          contentSecurityPolicy(SOURCE, 'n', tfjs, maths).replace("style-src-attr 'unsafe-inline'", ''),
          /(^|\s)(\*|https?:)(\s|;|$)|'unsafe-inline'/,
        );
  });
  it('a fresh, unguessable nonce each time', () => {
    const a = nonce();
    assert.notEqual(a, nonce());
    assert.equal(Buffer.from(a, 'base64').length, 16);
  });
});

describe('webview pages: HTML', () => {
  const page = {
    title: 'Training <17>',
    cspSource: SOURCE,
    script: `${SOURCE}/dist/webviews/training.js`,
    styles: [`${SOURCE}/media/a.css`, `${SOURCE}/media/b.css`],
    lang: 'fr',
    data: { exerciseId: '17-overfitting', workerUri: 'x"><script>' },
  };
  it('the one script carries the nonce of the policy; the styles are linked, nothing inline', () => {
    const html = pageHtml(page, 'N0NCE');
    assert.equal(cspOf(html), contentSecurityPolicy(SOURCE, 'N0NCE'));
    assert.deepEqual(
      [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]),
      [`<script nonce="N0NCE" src="${page.script}">`],
    );
    assert.deepEqual(
      [...html.matchAll(/<link rel="stylesheet" href="([^"]*)">/g)].map((m) => m[1]),
      page.styles,
    );
    assert.doesNotMatch(html, /<style\b|\sstyle=|\son\w+=/, 'no inline style or event handler');
    assert.match(html, /<html lang="fr">/);
  });
  it('data-* attributes in kebab case, values and title escaped', () => {
    const html = pageHtml(page, 'N0NCE');
    assert.match(html, /<body data-exercise-id="17-overfitting" data-worker-uri="x&quot;>&lt;script>">/);
    assert.match(html, /<title>Training &lt;17><\/title>/);
    assert.equal([...html.matchAll(/<script\b/g)].length, 1, 'an attribute value cannot open a script');
  });
  it('a page with its text (the theory) writes it in <main>, with the policy for typeset maths', () => {
    const html = pageHtml({ ...page, body: '<h1>Un neurone</h1>', typesetMaths: true }, 'N');
    assert.match(html, /<main id="root"><h1>Un neurone<\/h1><\/main>/);
    assert.equal(cspOf(html), contentSecurityPolicy(SOURCE, 'N', false, true));
  });
  it('a TensorFlow.js page gets the wider policy', () => {
    assert.equal(cspOf(pageHtml({ ...page, tfjs: true }, 'N')), contentSecurityPolicy(SOURCE, 'N', true));
  });
});
