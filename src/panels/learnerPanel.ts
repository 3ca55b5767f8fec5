import * as vscode from 'vscode';
import type { CheckRunner } from '../checking/checkRunner';
import type { CourseService } from '../course/courseService';
import { pick, type Lang } from '../shared/i18n';
import type { PanelKind } from '../shared/manifest';
import type { CodeMessage, ExerciseChoice, HostToLearnerPanel } from '../shared/protocol/learnerPanel';
import { learnerCode, watchLearnerCode } from '../checking/learnerCode';
import { graderPageData, panelResourceRoots, webviewHtml } from './webviewHtml';
import { l10n } from '../course/language';

/**
 * What the feature-maps and gradient-descent panels share on the host side: each draws one
 * exercise (among those whose exercise.json lists the panel) from the learner's own code. The
 * page posts `ready`; the host answers with the transpiled exercise.ts, sends it again after
 * each save (debounced), and switches exercise when the page or a command asks.
 */
export interface LearnerPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly service: CourseService;
}

export interface LearnerPanelSpec {
  readonly kind: PanelKind;
  readonly viewType: string;
  readonly title: string;
  /** Bundle name under dist/webviews/. */
  readonly script: string;
  readonly css: string;
}

/** Exercises that declare this panel in exercise.json, in course order. */
export function exercisesWithPanel(service: CourseService, kind: PanelKind): ExerciseChoice[] {
  return service.exercises.filter((e) => e.manifest.panels?.includes(kind)).map((e) => ({ id: e.manifest.id, title: e.manifest.title }));
}

export abstract class LearnerPanel {
  protected readonly disposables: vscode.Disposable[] = [];
  protected ready = false;

  protected static panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    // Not retained when hidden: the page keeps its intent with setState and recomputes on `ready`.
    return { enableScripts: true, localResourceRoots: panelResourceRoots(extensionUri) };
  }

  protected constructor(readonly panel: vscode.WebviewPanel, protected readonly deps: LearnerPanelDeps, private readonly spec: LearnerPanelSpec, protected lang: Lang, public exerciseId: string) {
    const w = panel.webview;
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.svg');
    w.html = webviewHtml(w, {
      title: spec.title,
      lang,
      tfjs: true,
      script: vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webviews', `${spec.script}.js`),
      styles: [vscode.Uri.joinPath(deps.extensionUri, 'media', 'webview.css'), vscode.Uri.joinPath(deps.extensionUri, 'media', spec.css)],
      data: { lang, exerciseId, ...graderPageData(w, deps.extensionUri) },
    });
    w.onDidReceiveMessage((m: unknown) => this.onMessage(m), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    this.disposables.push(watchLearnerCode(deps.service, () => [this.exerciseId], () => void this.sendCode()));
  }

  /** Shows another exercise (ignored unless it declares this panel). */
  show(exerciseId: string): void {
    if (!exercisesWithPanel(this.deps.service, this.spec.kind).some((e) => e.id === exerciseId)) return;
    this.exerciseId = exerciseId;
    this.updateTitle();
    if (this.ready) void this.sendCode();
  }

  setLang(lang: Lang): void {
    this.lang = lang;
    this.updateTitle();
    this.post({ type: 'setLang', lang });
  }

  protected updateTitle(): void {
    const e = this.deps.service.exercise(this.exerciseId);
    this.panel.title = e ? `${this.spec.title} · ${pick(e.manifest.title, this.lang)}` : this.spec.title;
  }

  protected async sendCode(): Promise<void> {
    const e = this.deps.service.exercise(this.exerciseId);
    if (!e) return;
    const code = await learnerCode(this.deps.service, this.exerciseId);
    const m: CodeMessage = {
      type: 'code',
      exerciseId: this.exerciseId,
      title: e.manifest.title,
      exercises: exercisesWithPanel(this.deps.service, this.spec.kind),
      ...(code.ok ? { js: code.js } : { error: code.error.line !== undefined ? `exercise.ts:${code.error.line}: ${code.error.message}` : code.error.message }),
    };
    this.post(m);
  }

  protected post(m: HostToLearnerPanel | { readonly type: string }): void {
    void this.panel.webview.postMessage(m);
  }

  /** Messages common to both panels; subclasses handle their own first. */
  protected onMessage(m: unknown): void {
    const t = (m as { type?: unknown } | null)?.type;
    if (t === 'ready') {
      this.ready = true;
      this.updateTitle();
      void this.sendCode();
    } else if (t === 'selectExercise') {
      const id = (m as { exerciseId?: unknown }).exerciseId;
      if (typeof id === 'string') this.show(id);
    }
  }

  dispose(): void {
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

/**
 * The exercise a "Show …" command opens: its argument's, else the active editor's, else the one
 * the panel already shows, else the learner picks among the exercises that declare the panel.
 */
export async function exerciseForPanel(service: CourseService, kind: PanelKind, arg: unknown, current: string | undefined, lang: Lang): Promise<string | undefined> {
  const choices = exercisesWithPanel(service, kind);
  const ok = (id: string | undefined): id is string => !!id && choices.some((c) => c.id === id);
  const fromArg = typeof arg === 'string' ? arg : arg instanceof vscode.Uri ? service.exerciseOf(arg)?.manifest.id : (arg as { id?: unknown } | undefined)?.id;
  const argId = typeof fromArg === 'string' ? fromArg.split('/')[0] : undefined;
  if (ok(argId)) return argId;
  const active = service.exerciseOf(vscode.window.activeTextEditor?.document.uri)?.manifest.id;
  if (ok(active)) return active;
  if (ok(current)) return current;
  if (choices.length <= 1) return choices[0]?.id;
  const picked = await vscode.window.showQuickPick(choices.map((c) => ({ label: c.id, description: pick(c.title, lang) })), { placeHolder: l10n.t('Which exercise?') });
  return picked?.label;
}

/**
 * After a check of an exercise that declares the panel: an open panel switches to it; a closed
 * one opens beside (without the focus) the first time a check of that exercise passes something,
 * when there is something of the learner's to draw.
 */
export function followChecks(runner: CheckRunner, service: CourseService, kind: PanelKind, current: () => LearnerPanel | undefined, open: (exerciseId: string) => void): vscode.Disposable {
  const opened = new Set<string>();
  return runner.onDidComplete(({ id, result }) => {
    if (!service.exercise(id)?.manifest.panels?.includes(kind)) return;
    const panel = current();
    if (panel) {
      if (panel.exerciseId !== id) panel.show(id);
      return;
    }
    // Opens by itself only for the exercise's main panel (the first it lists), so it never covers
    // the training curves the learner is watching.
    if (service.exercise(id)?.manifest.panels?.[0] !== kind) return;
    if (opened.has(id) || !result.outcomes.some((o) => o.status === 'passed')) return;
    opened.add(id);
    open(id);
  });
}
