import MarkdownIt from 'markdown-it';
import markdownItKatex from '@vscode/markdown-it-katex';
import katex from 'katex';
import type { Lang } from '../shared/i18n';
import { withFrenchTypography } from './theoryTypography';

/**
 * KaTeX that throws on any error (an unknown command too, which it would otherwise draw in red as
 * if it were maths): the plugin catches it and writes the formula's source in a `katex-error`
 * element, which mathErrors finds.
 */
const strictKatex = {
  ...katex,
  renderToString: (tex: string, o?: katex.KatexOptions) => katex.renderToString(tex, { ...o, throwOnError: true }),
};

const renderers: Partial<Record<Lang, MarkdownIt>> = {};

function renderer(lang: Lang): MarkdownIt {
  let md = renderers[lang];
  if (!md) {
    md = new MarkdownIt({ html: false, linkify: false }).use(markdownItKatex, { katex: strictKatex, throwOnError: false });
    if (lang === 'fr') withFrenchTypography(md as unknown as Parameters<typeof withFrenchTypography>[0], () => true);
    renderers[lang] = md;
  }
  return md;
}

/**
 * An exercise's theory (theory.<lang>.md) as the HTML the theory panel shows: Markdown with its
 * maths typeset by KaTeX here, in the extension host, so that the page has nothing left to compute
 * and draws as soon as it loads (VS Code's Markdown preview started its extension, then its
 * webview, then typeset: 4–15 s on a 2-core machine). The same Markdown dialect as VS Code's preview with its
 * built-in maths (markdown-it and @vscode/markdown-it-katex, what VS Code's markdown-math uses);
 * raw HTML in the Markdown is shown as text, never run; French typography on the French theory.
 */
export function theoryHtml(markdown: string, lang: Lang): string {
  return renderer(lang).render(markdown);
}

/** The maths KaTeX could not typeset (their class in theoryHtml's output), for the course's tests and validation. */
export function mathErrors(html: string): string[] {
  return [...html.matchAll(/class="katex-block katex-error" title="([^"]*)"|class="katex-error" title="([^"]*)"/g)].map(
    (m) => m[1] ?? m[2]!,
  );
}
