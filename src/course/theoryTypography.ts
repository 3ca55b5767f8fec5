import { frenchTypography } from '../shared/frenchText';

/** What this plugin needs of markdown-it (VS Code hands its own instance to `extendMarkdownIt`). */
interface MarkdownItLike {
  readonly core: { readonly ruler: { after(name: string, rule: string, fn: (state: { src: string; env: unknown }) => void): void } };
}

/** A French theory of the course: exercises/<id>/theory.fr.md. */
const FRENCH_THEORY = /[\\/]exercises[\\/][^\\/]+[\\/]theory\.fr\.md$/;

/** The document VS Code's Markdown preview renders (its env carries `currentDocument`, a Uri). */
function documentPath(env: unknown): string | undefined {
  const doc = (env as { currentDocument?: { fsPath?: unknown; path?: unknown } } | undefined)?.currentDocument;
  const p = doc?.fsPath ?? doc?.path;
  return typeof p === 'string' ? p : undefined;
}

/**
 * The Markdown preview's plugin (package.json `markdown.markdownItPlugins`): a French theory is
 * rendered with French typography (frenchTypography: narrow no-break spaces before ; : ! ? and
 * inside « », never in code or maths). The file stays as its author wrote it; other Markdown
 * documents are untouched. Lines are kept, so the preview still scrolls with the source.
 */
export function extendMarkdownIt<T extends MarkdownItLike>(md: T): T {
  md.core.ruler.after('normalize', 'dlCourseFrenchTypography', (state) => {
    const p = documentPath(state.env);
    if (p && FRENCH_THEORY.test(p)) state.src = frenchTypography(state.src);
  });
  return md;
}
