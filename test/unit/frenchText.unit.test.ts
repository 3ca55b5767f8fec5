import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { formatNumber, formatOperand, frenchTypography, typeset } from '../../src/shared/frenchText';
import { extendMarkdownIt } from '../../src/course/theoryTypography';
import { both, FRENCH, L, pick } from '../../src/shared/i18n';
import { repoRoot } from '../support/inProcessGrader';

const N = '\u202F';
const NB = '\u00A0';

describe('formatNumber', () => {
  it('writes French numbers with a decimal comma, narrow no-break spaces between thousands and a real minus', () => {
    assert.equal(formatNumber(13.75, 'fr'), '13,75');
    assert.equal(formatNumber(-2.5, 'fr'), '\u22122,5');
    assert.equal(formatNumber(5500, 'fr'), `5${N}500`);
    assert.equal(formatNumber(1234567, 'fr'), `1${N}234${N}567`);
    assert.equal(formatNumber(0.1 + 0.2, 'fr'), '0,3');
    assert.equal(formatNumber(-0, 'fr'), '0');
    assert.equal(formatNumber(0.000123456, 'fr'), '1,2346 × 10⁻⁴');
    assert.equal(formatNumber(-Infinity, 'fr'), '\u2212∞');
    assert.equal(formatNumber(NaN, 'fr'), 'NaN');
  });

  it('keeps the English notation messages always had', () => {
    assert.equal(formatNumber(13.75, 'en'), '13.75');
    assert.equal(formatNumber(-2.5, 'en'), '-2.5');
    assert.equal(formatNumber(5500, 'en'), '5500');
    assert.equal(formatNumber(0.1 + 0.2, 'en'), '0.3');
    assert.equal(formatNumber(0.000123456, 'en'), '1.2346e-4');
  });

  it('puts a negative operand between parentheses', () => {
    assert.equal(formatOperand(-3, 'fr'), '(\u22123)');
    assert.equal(formatOperand(-3, 'en'), '(-3)');
    assert.equal(formatOperand(0.5, 'fr'), '0,5');
  });

  it('fills the French side of a message with French numbers, the English side unchanged', () => {
    const m = both('{0}: expected {1}, got {2}.', L("Gino's science average", 'La moyenne scientifique de Gino'), 13.75, -1.5);
    assert.equal(m.en, "Gino's science average: expected 13.75, got -1.5.");
    assert.equal(pick(m, 'fr'), `La moyenne scientifique de Gino${N}: attendu 13,75, obtenu \u22121,5.`);
  });
});

describe('frenchTypography', () => {
  it('puts narrow no-break spaces before ; : ! ? and inside « »', () => {
    assert.equal(
      frenchTypography('Attention : la somme ! Pourquoi ? Ainsi ; fin'),
      `Attention${N}: la somme${N}! Pourquoi${N}? Ainsi${N}; fin`,
    );
    assert.equal(frenchTypography('Note: voir'), `Note${N}: voir`);
    assert.equal(frenchTypography('« exactitude »'), `«${N}exactitude${N}»`);
    assert.equal(frenchTypography('**Piège :** ici'), `**Piège${N}:** ici`);
  });

  it('joins the groups of a number written by hand with a no-break space', () => {
    assert.equal(frenchTypography('les 5 500 images et 1 000 000 poids'), `les 5${NB}500 images et 1${NB}000${NB}000 poids`);
    assert.equal(frenchTypography('la forme [3, 128]'), 'la forme [3, 128]');
  });

  it('leaves code, maths, URLs, tags and shown values alone', () => {
    const untouched = [
      'Écrivez `a ? b : c` ici',
      'la formule $f(x) = a : b$ et $$\\sum_i x_i ; y$$',
      'voir https://example.org/a:b?c=d',
      '<span style="color:red">x</span>',
      'il renvoie { a: 1, b: 2 }',
      'obtenu { params: [1, -2], state: { m: [0, 0], t: 0 } }',
      'un objet { f: `a ? b : c` }',
      'un caractère privé \uE123\u202F: reste',
      '![image](media/a.png)',
      'le rapport 16:9',
    ];
    for (const t of untouched) assert.equal(frenchTypography(t), t, t);
    const fenced = 'Code :\n```ts\nconst x = a ? b : c;\n```\nFin !';
    assert.equal(frenchTypography(fenced), `Code${N}:\n\`\`\`ts\nconst x = a ? b : c;\n\`\`\`\nFin${N}!`);
    assert.equal(frenchTypography('`neuron(x)` : faux'), `\`neuron(x)\`${N}: faux`);
  });

  it('is idempotent, keeps the lines, and touches English not at all', () => {
    const theory = fs.readFileSync(path.join(repoRoot, 'exercises', '13-tensors', 'theory.fr.md'), 'utf8');
    const once = frenchTypography(theory);
    assert.equal(frenchTypography(once), once);
    assert.equal(once.split('\n').length, theory.split('\n').length);
    assert.equal(typeset('Note : x', 'en'), 'Note : x');
    assert.equal(typeset('Note : x', 'fr'), `Note${N}: x`);
  });
});

describe('the French theory in the Markdown preview', () => {
  // markdown-it stands in for VS Code's, used as VS Code does: tokens parsed without the document, rendered with it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const MarkdownIt = require('markdown-it') as new () => Parameters<typeof extendMarkdownIt>[0] & {
    parse(src: string, env: unknown): unknown[];
    options: unknown;
    renderer: { render(tokens: unknown[], options: unknown, env: unknown): string };
  };
  const md = extendMarkdownIt(new MarkdownIt());
  const preview = (src: string, p?: string) =>
    md.renderer.render(md.parse(src, { currentDocument: undefined }), md.options, { currentDocument: p && { fsPath: p, path: p } });
  const src = 'La forme : `[2, 3]` et `a ? b : c` ! Voir « ceci » et **Note** : les 5 500 images.';

  it('typesets exercises/<id>/theory.fr.md, code untouched', () => {
    const fr = preview(src, '/ext/exercises/13-tensors/theory.fr.md');
    assert.match(fr, new RegExp(`La forme${N}: <code>\\[2, 3\\]</code> et <code>a \\? b : c</code>${N}!`));
    assert.match(fr, new RegExp(`«${N}ceci${N}»`));
    assert.match(fr, new RegExp(`<strong>Note</strong>${N}: les 5${NB}500 images`));
  });

  it('leaves the English theory and any other document alone', () => {
    assert.doesNotMatch(preview(src, '/ext/exercises/13-tensors/theory.en.md'), new RegExp(`[${N}${NB}]`));
    assert.doesNotMatch(preview(src, '/home/me/notes.md'), new RegExp(`[${N}${NB}]`));
    assert.doesNotMatch(preview(src), new RegExp(`[${N}${NB}]`));
  });
});

describe('the French l10n bundle as shown', () => {
  it('has French typography and keeps every placeholder', () => {
    const raw = JSON.parse(fs.readFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.fr.json'), 'utf8')) as Record<string, string>;
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[0]).join();
    for (const [k, v] of Object.entries(raw)) assert.equal(placeholders(FRENCH[k]!), placeholders(v), k);
    assert.match(FRENCH['{0}: expected {1}, got {2}.']!, new RegExp(`^\\{0\\}${N}: attendu`));
    assert.match(
      FRENCH[
        'Run “DL Course: Check Exercise” on a training exercise ({0}): its loss and accuracy curves appear here while the grader trains.'
      ]!,
      new RegExp(`«${N}DL Course${N}: Vérifier l'exercice${N}»`),
    );
  });
});
