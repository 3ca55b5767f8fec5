import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { mathErrors, theoryHtml } from '../../src/course/theoryHtml';
import { NNBSP } from '../../src/shared/frenchText';
import { repoRoot } from '../support/inProcessGrader';

const exercises = fs
  .readdirSync(path.join(repoRoot, 'exercises'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

describe('the theory as the theory panel shows it', () => {
  it('typesets inline and display maths into KaTeX markup (nothing left for the page to compute)', () => {
    const html = theoryHtml('Une entrée $x_i$ :\n\n$$y = \\sum_{i=1}^{n} w_i x_i + b$$\n', 'fr');
    assert.equal((html.match(/class="katex"/g) ?? []).length, 2, html);
    assert.match(html, /<p class="katex-block"><span class="katex-display">/);
    assert.doesNotMatch(html, /\$/, 'a $ delimiter was left in the text');
  });

  it('gives the French theory French typography, outside code and maths', () => {
    const src = 'La forme : `a ? b : c` et $a : b$ !';
    const fr = theoryHtml(src, 'fr');
    assert.match(fr, new RegExp(`La forme${NNBSP}: <code>a \\? b : c</code>`));
    assert.match(fr, new RegExp(`${NNBSP}!</p>`));
    assert.doesNotMatch(theoryHtml(src, 'en'), new RegExp(NNBSP));
  });

  it('shows raw HTML in the Markdown as text, never as markup', () => {
    const html = theoryHtml('Hello <img src=x onerror="alert(1)"> <script>alert(2)</script>', 'en');
    assert.doesNotMatch(html, /<img|<script/);
    assert.match(html, /&lt;script&gt;/);
  });

  it('reports maths KaTeX cannot typeset', () => {
    assert.deepEqual(mathErrors(theoryHtml('$\\frac{1}$ and $$\\unknowncommand$$', 'en')).length, 2);
    assert.deepEqual(mathErrors(theoryHtml('$x$', 'en')), []);
  });

  for (const id of exercises) {
    it(`${id}: both theories render with every formula typeset`, () => {
      for (const lang of ['en', 'fr'] as const) {
        const md = fs.readFileSync(path.join(repoRoot, 'exercises', id, `theory.${lang}.md`), 'utf8');
        const html = theoryHtml(md, lang);
        assert.match(html, /^<h1>/, `${id} theory.${lang}.md does not start with its title`);
        assert.deepEqual(mathErrors(html), [], `${id} theory.${lang}.md`);
      }
    });
  }
});
