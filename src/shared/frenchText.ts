/** The course's two languages (i18n.ts's Lang, written out here so that i18n.ts can import this file). */
type Lang = 'en' | 'fr';

/**
 * French numbers and typography, in one place (STYLE 17): every number a message shows goes
 * through `formatNumber`, every French text shown (theory, verdicts, the CLI's report) through
 * `frenchTypography`. Environment-free: the host, the grader, the CLI and the webviews use it.
 */

/** Narrow no-break space (U+202F): before ; : ! ?, inside « », between groups of digits. */
export const NNBSP = '\u202F';
/** No-break space (U+00A0): between a number's groups written by hand ("5 500"). */
export const NBSP = '\u00A0';
/** The typographic minus sign (U+2212). */
export const MINUS = '\u2212';

const FR_INTEGER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const FR_DECIMAL = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 20 });
const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '-': '⁻',
  '+': '',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/**
 * A number as a message shows it: six significant digits, integers in full, the very small and
 * the very large in scientific notation. English keeps the notation messages always had
 * ("13.75", "-2.5", "1.2346e-4"); French uses `Intl.NumberFormat('fr-FR')`: decimal comma,
 * narrow no-break spaces between thousands, "−" for minus, "1,2346 × 10⁻⁴".
 */
export function formatNumber(x: number, lang: Lang): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return lang === 'fr' ? (x > 0 ? '+∞' : `${MINUS}∞`) : String(x);
  const a = Math.abs(x);
  const scientific = !Number.isInteger(x) && a !== 0 && (a < 1e-3 || a >= 1e6);
  if (lang === 'en') {
    if (Number.isInteger(x)) return String(x);
    return scientific ? x.toExponential(4) : String(Number(x.toPrecision(6)));
  }
  if (scientific) {
    const [mantissa, exponent] = x.toExponential(4).split('e') as [string, string];
    const m = FR_DECIMAL.format(Number(mantissa));
    return `${frMinus(m)} × 10${[...exponent].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
  }
  // -0 reads as 0.
  if (x === 0) return '0';
  return frMinus(Number.isInteger(x) ? FR_INTEGER.format(x) : FR_DECIMAL.format(Number(x.toPrecision(6))));
}

function frMinus(s: string): string {
  return s.replace(/^[-\u2010\u2011\u2012\u2013]/, MINUS);
}

/** A number as an operand inside a formula: a negative one between parentheses ("3 × (−2)"). */
export function formatOperand(x: number, lang: Lang): string {
  const s = formatNumber(x, lang);
  return x < 0 || Object.is(x, -0) ? `(${s})` : s;
}

/**
 * The parts of a text typography must not touch, longest first: fenced code blocks, inline code,
 * display and inline maths, HTML tags, URLs and link targets; `{ … }` (an object as a message shows
 * a value, nested braces included) is found by `braceGroups`.
 */
const PROTECTED = new RegExp(
  [
    String.raw`(?:^|\n)(\`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n\1[^\n]*(?=\n|$)|$)`,
    String.raw`(\`+)[\s\S]*?\2`,
    /\$\$[\s\S]+?\$\$/.source,
    /(?<![\\$])\$(?!\s)[^$\n]+?(?<![\s\\])\$(?!\d)/.source,
    /<!--[\s\S]*?-->/.source,
    /<\/?[A-Za-z][^>\n]*>/.source,
    /\]\([^)\n]*\)/.source,
    /\b(?:https?|file|vscode|command):[^\s)>\]]+/.source,
  ].join('|'),
  'g',
);

/** Private-use characters stand for the protected parts while the rules run. */
const PLACEHOLDER_BASE = 0xe000;
const PLACEHOLDER = /[\uE000-\uF8FF]/g;

/**
 * French typography on a text shown in French: narrow no-break spaces before ; : ! ? and inside
 * « », a no-break space between the groups of a number written by hand ("5 500"). Code (fenced
 * blocks, `inline`), maths ($…$, $$…$$), HTML tags, URLs and `{ … }` values are left as they are.
 * Idempotent, and it never adds or removes a line (the Markdown preview maps lines to the source).
 */
export function frenchTypography(text: string): string {
  const kept: string[] = [];
  const keep = (m: string) => {
    kept.push(m);
    return String.fromCharCode(PLACEHOLDER_BASE + kept.length - 1);
  };
  const masked = braceGroups(
    text.replace(PROTECTED, (m) => {
      // A fenced block's leading newline is not part of it: keep it outside the placeholder.
      const lead = m.startsWith('\n') ? '\n' : '';
      return lead + keep(m.slice(lead.length));
    }),
    keep,
  );
  // What may stand just before a punctuation mark that takes a space: a word, a number, a closing sign, a protected part.
  const before = String.raw`[\p{L}\p{N})\]»*_'’"%°…\uE000-\uF8FF]`;
  // What may follow it: the end of a word group.
  const after = String.raw`(?=[\s»)\]*_]|$)`;
  const out = masked
    .replace(/«[ \u00A0\u202F]*/g, `«${NNBSP}`)
    .replace(/[ \u00A0\u202F]*»/g, `${NNBSP}»`)
    .replace(new RegExp(String.raw`(${before})[ \u00A0\u202F]*([;:!?])${after}`, 'gu'), `$1${NNBSP}$2`)
    .replace(
      /(?<![\d.,]|[\d,.] )(\d{1,3})((?: \d{3})+)(?![\d]|[.,]\d)/g,
      (_m, head: string, groups: string) => head + groups.replace(/ /g, NBSP),
    );
  // A brace group may hold an earlier placeholder (a code span inside { … }): restore recursively.
  const restore = (t: string): string =>
    t.replace(PLACEHOLDER, (c) => {
      const k = kept[c.charCodeAt(0) - PLACEHOLDER_BASE];
      return k === undefined ? c : restore(k);
    });
  return restore(out);
}

/** A French l10n bundle with its typography applied to every message (placeholders `{0}` are kept). */
export function typesetBundle(bundle: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(bundle).map(([k, v]) => [k, frenchTypography(v)]));
}

/** Replaces each balanced `{ … }` on one line (a shown object, a placeholder) by what `keep` returns. */
function braceGroups(text: string, keep: (m: string) => string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') {
      let depth = 0;
      let j = i;
      for (; j < text.length && text[j] !== '\n'; j++) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}' && --depth === 0) break;
      }
      if (depth === 0 && j < text.length) {
        out += keep(text.slice(i, j + 1));
        i = j;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

/** A text as shown in a language: French gets its typography. */
export function typeset(text: string, lang: Lang): string {
  return lang === 'fr' ? frenchTypography(text) : text;
}
