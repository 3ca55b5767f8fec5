import * as vscode from 'vscode';
import type { CheckRunner } from '../checking/checkRunner';
import type { CourseService } from '../course/courseService';
import { courseLang } from '../course/language';
import type { Lang } from '../shared/i18n';
import { messageType } from '../shared/protocol/message';
import { keepCodeHalf, sideColumn } from './panelColumn';
import type { TrainingLog } from '../checking/trainingLog';
import { graderPageData, katexStyles, panelResourceRoots, webviewHtml } from './webviewHtml';

/**
 * One panel host (GitLens' WebviewController): the lifecycle every DL Course panel shares lives
 * here — create or reveal (one panel of each type, in the side group: panelColumn.ts), the page's HTML and CSP,
 * the `ready` handshake, the serializer that restores a panel after a reload, language changes,
 * the tab title and disposal. A panel type (src/panels/table.ts) supplies only its page, its
 * message guard and the part that is its own (a HostedPanel).
 */

/** What panels may use. */
export interface PanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly service: CourseService;
  readonly runner: CheckRunner;
  readonly log: TrainingLog;
}

/** The part of a panel that is its own; the host calls it. */
export interface HostedPanel<O> {
  /** The page posted `ready` (again after each reload of it): send it its data. */
  onReady(m: unknown): void | Promise<void>;
  /** Any other message the panel type's guard accepted. */
  onMessage(m: unknown): void | Promise<void>;
  /** A command asked for the panel while it was open: show what `opts` asks. */
  reshow?(opts: O): void;
  /** Extra data-* for the page (e.g. the exercise shown first). */
  pageData?(): Readonly<Record<string, string>>;
  /** What the tab shows after the panel's name (e.g. the exercise shown). */
  titleSuffix?(): string | undefined;
  /** Busy with work the learner started (Open Exercise's tidying then leaves the panel open). */
  busy?(): boolean;
  /** After the host has posted `setLang` (the learner changed dlCourse.language). */
  setLang?(lang: Lang): void;
  /** A typeset page's text, as HTML (PanelType.typeset). */
  body?(): string;
  dispose?(): void;
}

export interface PanelType<P extends HostedPanel<O>, O> {
  readonly viewType: string;
  /** The translated tab title (l10n.t), asked again at each language change. */
  readonly title: () => string;
  /** Bundle name under dist/webviews/. */
  readonly script: string;
  /** Style sheets under media/. */
  readonly styles: readonly string[];
  /** Kept alive while hidden (a worker that must not be cut short); otherwise the page restores its intent with setState. */
  readonly retainContextWhenHidden?: boolean;
  /**
   * A page of text typeset in the host (the theory): it runs no TensorFlow.js, gets the strict
   * policy with KaTeX's style attributes, and its text (HostedPanel.body) comes in its HTML —
   * written again by PanelView.rerender, not posted.
   */
  readonly typeset?: true;
  /** The messages a page of this type may post (derived from its protocol's union, payloads checked). */
  readonly isMessage: (m: unknown) => boolean;
  /**
   * The panel's own part, from a command's options, or (opts undefined) from the state a reloaded
   * page saved; undefined when there is nothing to restore (the host then closes the tab).
   */
  create(view: PanelView, opts: O | undefined, state: unknown): P | undefined;
}

/** The webview side of a panel, as its own part sees it. */
export class PanelView {
  readonly disposables: vscode.Disposable[] = [];
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private readyNow = false;
  /** Writes the page again, with its text as HostedPanel.body gives it now (a typeset page); the host sets it. */
  rerender: () => void = () => undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly deps: PanelDeps,
    public lang: Lang,
    private readonly baseTitle: () => string,
    private readonly suffix: () => string | undefined,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  get webview(): vscode.Webview {
    return this.panel.webview;
  }

  /** The page has posted `ready` at least once. */
  get isReady(): boolean {
    return this.readyNow;
  }

  post<M extends { readonly type: string }>(m: M): void {
    void this.panel.webview.postMessage(m);
  }

  updateTitle(): void {
    const suffix = this.suffix();
    this.panel.title = suffix ? `${this.baseTitle()} · ${suffix}` : this.baseTitle();
  }

  /** @internal the host's handshake. */
  setReady(): void {
    this.readyNow = true;
    this.markReady();
  }
}

/** Resource roots and script permission of every panel page. */
function panelOptions(
  type: { retainContextWhenHidden?: boolean },
  extensionUri: vscode.Uri,
): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    ...(type.retainContextWhenHidden ? { retainContextWhenHidden: true } : {}),
    localResourceRoots: panelResourceRoots(extensionUri),
  };
}

/** The hosts PanelHost.show was called on, latest last (a few), and how many calls in all (see shownSince). */
const shows: { count: number; recent: { seq: number; host: ShownPanel }[] } = { count: 0, recent: [] };

/** A panel as shownSince gives it. */
export interface ShownPanel {
  revealInSide(): void;
}

/** A mark to pass to shownSince later. */
export function showMark(): number {
  return shows.count;
}

/**
 * The panels shown after `mark`, latest last: while Open Exercise runs, those a command the learner
 * ran meanwhile asked for (and those it opened itself). Open Exercise's tidying does not close
 * them, and the theory goes behind the last: covering a page still loading leaves it blank for
 * good in the web workbench (Dataset Balance, run just after Open Course, under the theory).
 */
export function shownSince(mark: number): readonly ShownPanel[] {
  return shows.recent.filter((s) => s.seq > mark).map((s) => s.host);
}

/** One panel type's single instance and its lifecycle. */
export class PanelHost<P extends HostedPanel<O>, O> {
  private current: { view: PanelView; own: P } | undefined;

  constructor(
    readonly type: PanelType<P, O>,
    private readonly deps: PanelDeps,
  ) {}

  get instance(): P | undefined {
    return this.current?.own;
  }

  get view(): PanelView | undefined {
    return this.current?.view;
  }

  /** The open panel is busy with work the learner started (HostedPanel.busy). */
  get busy(): boolean {
    return this.current?.own.busy?.() ?? false;
  }

  /** Creates the panel in the side group (panelColumn.ts) or reveals the open one there and asks it to show `opts`. */
  show(opts: O, preserveFocus = false): P {
    shows.recent = [...shows.recent.slice(-7), { seq: ++shows.count, host: this }];
    if (this.current) {
      this.current.view.panel.reveal(sideColumn(this.isExercise), preserveFocus);
      this.current.own.reshow?.(opts);
      return this.current.own;
    }
    const panel = vscode.window.createWebviewPanel(
      this.type.viewType,
      this.type.title(),
      { viewColumn: sideColumn(this.isExercise), preserveFocus },
      panelOptions(this.type, this.deps.extensionUri),
    );
    const own = this.attach(panel, opts, undefined);
    if (!own) throw new Error(`${this.type.viewType}: a panel opened by a command must be created`);
    void keepCodeHalf(this.isExercise);
    return own;
  }

  /** Brings the open panel, if any, to the front of the side group (without taking the focus). */
  revealInSide(): void {
    this.current?.view.panel.reveal(sideColumn(this.isExercise), true);
  }

  /** Moves the open panel, if any, into the side group (without taking the focus). */
  moveToSide(): void {
    const panel = this.current?.view.panel;
    const side = sideColumn(this.isExercise);
    if (panel && panel.viewColumn !== side) panel.reveal(side, true);
  }

  private readonly isExercise = (uri: vscode.Uri): boolean => !!this.deps.service.exerciseOf(uri);

  /** The serializer, language changes and disposal, for context.subscriptions. */
  register(): vscode.Disposable[] {
    return [
      vscode.window.registerWebviewPanelSerializer(this.type.viewType, {
        deserializeWebviewPanel: async (panel, state) => {
          panel.webview.options = panelOptions(this.type, this.deps.extensionUri);
          this.dispose();
          this.attach(panel, undefined, state);
        },
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('dlCourse.language')) this.setLang(courseLang());
      }),
      { dispose: () => this.dispose() },
    ];
  }

  setLang(lang: Lang): void {
    const c = this.current;
    if (!c) return;
    c.view.lang = lang;
    c.view.updateTitle();
    c.view.post({ type: 'setLang', lang });
    c.own.setLang?.(lang);
  }

  dispose(): void {
    const c = this.current;
    if (!c) return;
    this.current = undefined;
    c.own.dispose?.();
    c.view.panel.dispose();
    while (c.view.disposables.length) c.view.disposables.pop()?.dispose();
  }

  private attach(panel: vscode.WebviewPanel, opts: O | undefined, state: unknown): P | undefined {
    const ref: { own?: P } = {};
    const view = new PanelView(panel, this.deps, courseLang(), this.type.title, () => ref.own?.titleSuffix?.());
    const own = this.type.create(view, opts, state);
    ref.own = own;
    if (!own) {
      panel.dispose();
      return undefined;
    }
    const entry = { view, own };
    this.current = entry;
    const w = panel.webview;
    const media = (f: string) => vscode.Uri.joinPath(this.deps.extensionUri, 'media', f);
    panel.iconPath = media('icon.svg');
    const typeset = this.type.typeset === true;
    view.rerender = () => {
      w.html = webviewHtml(w, {
        title: this.type.title(),
        lang: view.lang,
        tfjs: !typeset,
        typesetMaths: typeset,
        script: vscode.Uri.joinPath(this.deps.extensionUri, 'dist', 'webviews', `${this.type.script}.js`),
        styles: [...(typeset ? [katexStyles(this.deps.extensionUri)] : []), ...this.type.styles.map(media)],
        data: { lang: view.lang, ...(typeset ? {} : graderPageData(w, this.deps.extensionUri)), ...own.pageData?.() },
        body: own.body?.(),
      });
    };
    view.rerender();
    w.onDidReceiveMessage(
      (m: unknown) => {
        if (!this.type.isMessage(m)) return;
        if (messageType(m) === 'ready') {
          view.setReady();
          view.updateTitle();
          return void entry.own.onReady(m);
        }
        return void entry.own.onMessage(m);
      },
      undefined,
      view.disposables,
    );
    panel.onDidDispose(
      () => {
        if (this.current === entry) this.dispose();
      },
      undefined,
      view.disposables,
    );
    view.updateTitle();
    return own;
  }
}
