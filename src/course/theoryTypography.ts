import { frenchTypography } from '../shared/frenchText';

interface TokenLike {
  content: string;
}
type RenderRule = (tokens: TokenLike[], idx: number, options: unknown, env: unknown, self: unknown) => string;

/** What this plugin needs of markdown-it (VS Code hands its own instance to `extendMarkdownIt`). */
interface MarkdownItLike {
  readonly renderer: { readonly rules: Record<string, RenderRule | undefined> };
  readonly utils: { escapeHtml(s: string): string };
}

/** A French theory of the course: exercises/<id>/theory.fr.md. */
const FRENCH_THEORY = /[\\/]exercises[\\/][^\\/]+[\\/]theory\.fr\.md$/;

/** The document VS Code's Markdown preview renders (its render env carries `currentDocument`, a Uri). */
function isFrenchTheory(env: unknown): boolean {
  const doc = (env as { currentDocument?: { fsPath?: unknown; path?: unknown } } | undefined)?.currentDocument;
  const p = doc?.fsPath ?? doc?.path;
  return typeof p === 'string' && FRENCH_THEORY.test(p);
}

/**
 * The Markdown preview's plugin (package.json `markdown.markdownItPlugins`): a French theory is
 * rendered with French typography, as in the course's own theory panel (theoryHtml.ts), for a
 * learner who opens theory.fr.md in VS Code's preview. The file stays as its author wrote it;
 * other Markdown documents are untouched.
 */
export function extendMarkdownIt<T extends MarkdownItLike>(md: T): T {
  return withFrenchTypography(md, isFrenchTheory);
}

/**
 * French typography (frenchTypography: narrow no-break spaces before ; : ! ? and inside « ») on
 * the text tokens of the documents `applies` accepts, when rendering — VS Code tokenizes without
 * `currentDocument` and renders with it — so code spans, code blocks and maths (their own tokens)
 * are never touched.
 */
export function withFrenchTypography<T extends MarkdownItLike>(md: T, applies: (env: unknown) => boolean): T {
  const rules = md.renderer.rules;
  const original: RenderRule = rules.text ?? ((tokens, idx) => md.utils.escapeHtml(tokens[idx]!.content));
  rules.text = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    if (!applies(env)) return original(tokens, idx, options, env, self);
    const saved = token.content;
    // A text token after another inline token (`code`, **bold**) continues its word group: "`x` :".
    const lead = idx > 0 ? 'x' : '';
    token.content = frenchTypography(lead + saved).slice(lead.length);
    try {
      return original(tokens, idx, options, env, self);
    } finally {
      token.content = saved;
    }
  };
  return md;
}
