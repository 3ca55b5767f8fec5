import type { CourseService } from '../course/courseService';
import { l10n } from '../course/language';
import { theoryHtml } from '../course/theoryHtml';
import type { Lang } from '../shared/i18n';
import { isTheoryState, isTheoryToHost } from '../shared/protocol/theory';
import { escapeText } from './pageHtml';
import type { HostedPanel, PanelType, PanelView } from './panelHost';

export interface TheoryOptions {
  readonly exerciseId: string;
}

/** Each theory as HTML, typeset once per session (the files ship with the extension and do not change under it). */
const typeset = new Map<string, { readonly html: Promise<string>; now?: string }>();

/**
 * An exercise's theory in a language, typeset (src/course/theoryHtml.ts). Show Theory waits for it
 * before it opens the panel, whose first HTML then holds the text: no blank page while something
 * loads. A theory that cannot be read says so, in the panel (and is read again next time).
 */
export function typesetTheory(service: CourseService, exerciseId: string, lang: Lang): Promise<string> {
  const key = `${exerciseId}/${lang}`;
  const cached = typeset.get(key);
  if (cached) return cached.html;
  const entry: { html: Promise<string>; now?: string } = {
    html: service.readShipped(exerciseId, `theory.${lang}.md`).then(
      (md) => (entry.now = theoryHtml(md, lang)),
      (e: unknown) => {
        typeset.delete(key);
        const why = e instanceof Error ? e.message : String(e);
        return `<p class="error">${escapeText(l10n.t('The theory of {0} could not be read: {1}. Reinstall the extension.', exerciseId, why))}</p>`;
      },
    ),
  };
  typeset.set(key, entry);
  return entry.html;
}

/** The typeset theory if it is ready now (for the panel's first HTML), else undefined. */
function typesetNow(exerciseId: string, lang: Lang): string | undefined {
  return typeset.get(`${exerciseId}/${lang}`)?.now;
}

/**
 * The theory panel: the exercise's theory (theory.en.md or theory.fr.md, as dlCourse.language
 * says), typeset in the host and shown as a tab of the side group like every other DL Course panel
 * (panelColumn.ts). One at a time: another exercise's theory replaces it; a language change
 * rewrites it in place.
 */
export class TheoryPanel implements HostedPanel<TheoryOptions> {
  static readonly type: PanelType<TheoryPanel, TheoryOptions> = {
    viewType: 'dlCourse.theory',
    title: () => l10n.t('Theory'),
    script: 'theory',
    styles: ['theory.css'],
    typeset: true,
    isMessage: isTheoryToHost,
    create: (view, opts, state) => {
      const id = opts?.exerciseId ?? (isTheoryState(state) ? state.exerciseId : undefined);
      return id && view.deps.service.exercise(id) ? new TheoryPanel(view, id) : undefined;
    },
  };

  private html: string;
  private disposed = false;

  private constructor(
    private readonly view: PanelView,
    private id: string,
  ) {
    const now = typesetNow(id, view.lang);
    this.html = now ?? '';
    if (now === undefined) void this.load();
  }

  /** The exercise whose theory is shown. */
  get exerciseId(): string {
    return this.id;
  }

  body(): string {
    return this.html;
  }

  pageData(): Readonly<Record<string, string>> {
    return { exerciseId: this.id };
  }

  titleSuffix(): string {
    return this.id;
  }

  onReady(): void {}

  onMessage(): void {}

  reshow(opts: TheoryOptions): void {
    if (opts.exerciseId === this.id) return;
    this.id = opts.exerciseId;
    void this.load();
  }

  setLang(): void {
    void this.load();
  }

  dispose(): void {
    this.disposed = true;
  }

  /** Typesets the theory of the exercise and language asked now, then writes the page (unless asked for another meanwhile). */
  private async load(): Promise<void> {
    const id = this.id;
    const lang = this.view.lang;
    const html = await typesetTheory(this.view.deps.service, id, lang);
    if (this.disposed || id !== this.id || lang !== this.view.lang) return;
    this.html = html;
    this.view.updateTitle();
    this.view.rerender();
  }
}
