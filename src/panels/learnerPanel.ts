import * as vscode from 'vscode';
import type { CheckRunner } from '../checking/checkRunner';
import type { CourseService } from '../course/courseService';
import { pick, type Lang } from '../shared/i18n';
import { panelOf, type PanelKind } from '../shared/manifest';
import type { CodeMessage, ExerciseChoice, HostToLearnerPanel, LearnerPanelToHost } from '../shared/protocol/learnerPanel';
import { learnerCodeForPage, watchLearnerCode } from '../checking/learnerCode';
import { l10n } from '../course/language';
import { resolveExercise } from '../course/exerciseArg';
import type { HostedPanel, PanelType, PanelView } from './panelHost';

/**
 * What the feature-maps and gradient-descent panels share on the host side: each draws one
 * exercise (among those whose exercise.json lists the panel) from the learner's own code. The
 * page posts `ready`; the host answers with the transpiled exercise.ts, sends it again after
 * each save (debounced), and switches exercise when the page or a command asks.
 */
/** Exercises that declare this panel in exercise.json, in course order. */
export function exercisesWithPanel(service: CourseService, kind: PanelKind): ExerciseChoice[] {
  return service.exercises.filter((e) => panelOf(e.manifest, kind)).map((e) => ({ id: e.manifest.id, title: e.manifest.title }));
}

export interface LearnerPanelOptions {
  readonly exerciseId: string;
}

/** A panel type drawn from the learner's code: restored on the exercise its page remembered, else the first that declares it. */
export function learnerPanelType<P extends LearnerPanel>(
  kind: PanelKind & ('featureMaps' | 'gradientDescent'),
  spec: Omit<PanelType<P, LearnerPanelOptions>, 'create' | 'styles'>,
  make: (view: PanelView, exerciseId: string) => P,
): PanelType<P, LearnerPanelOptions> {
  return {
    ...spec,
    // Not retained when hidden: the page keeps its intent with setState and recomputes on `ready`.
    styles: ['webview.css', 'learnerPanels.css'],
    create: (view, opts, state) => {
      const choices = exercisesWithPanel(view.deps.service, kind);
      const remembered = (state as { exerciseId?: unknown } | undefined)?.exerciseId;
      const id =
        opts?.exerciseId ?? (typeof remembered === 'string' && choices.some((c) => c.id === remembered) ? remembered : choices[0]?.id);
      return id ? make(view, id) : undefined;
    },
  };
}

export abstract class LearnerPanel implements HostedPanel<LearnerPanelOptions> {
  protected constructor(
    protected readonly view: PanelView,
    private readonly kind: PanelKind,
    public exerciseId: string,
  ) {
    view.disposables.push(
      watchLearnerCode(
        this.service,
        () => [this.exerciseId],
        () => void this.sendCode(),
      ),
    );
  }

  protected get service(): CourseService {
    return this.view.deps.service;
  }

  pageData(): Record<string, string> {
    return { exerciseId: this.exerciseId };
  }

  reshow(opts: LearnerPanelOptions): void {
    this.show(opts.exerciseId);
  }

  /** Shows another exercise (ignored unless it declares this panel). */
  show(exerciseId: string): void {
    if (!exercisesWithPanel(this.service, this.kind).some((e) => e.id === exerciseId)) return;
    this.exerciseId = exerciseId;
    this.view.updateTitle();
    if (this.view.isReady) void this.sendCode();
  }

  titleSuffix(): string | undefined {
    const e = this.service.exercise(this.exerciseId);
    return e ? pick(e.manifest.title, this.view.lang) : undefined;
  }

  protected async sendCode(): Promise<void> {
    const e = this.service.exercise(this.exerciseId);
    if (!e) return;
    const code = await learnerCodeForPage(this.service, this.exerciseId);
    const panel = panelOf(e.manifest, this.kind);
    const m: CodeMessage = {
      type: 'code',
      exerciseId: this.exerciseId,
      title: e.manifest.title,
      exercises: exercisesWithPanel(this.service, this.kind),
      ...(panel ? { panel } : {}),
      code,
    };
    this.post(m);
  }

  protected post(m: HostToLearnerPanel | { readonly type: string }): void {
    this.view.post(m);
  }

  onReady(): void {
    void this.sendCode();
  }

  /** Messages common to both panels; subclasses handle their own first. */
  onMessage(raw: unknown): void {
    const m = raw as LearnerPanelToHost;
    if (m.type === 'selectExercise') this.show(m.exerciseId);
  }
}

/**
 * The exercise a "Show …" command opens: its argument's, else the active editor's, else the one
 * the panel already shows, else the learner picks among the exercises that declare the panel.
 */
export async function exerciseForPanel(
  service: CourseService,
  kind: PanelKind,
  arg: unknown,
  current: string | undefined,
  lang: Lang,
): Promise<string | undefined> {
  const choices = exercisesWithPanel(service, kind);
  const ok = (id: string | undefined): id is string => !!id && choices.some((c) => c.id === id);
  const argId = resolveExercise(service, arg);
  if (ok(argId)) return argId;
  // With the focus in the side group (theory, results) there is no active editor: the code in sight counts.
  const inSight = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors.find((e) => service.exerciseOf(e.document.uri));
  const active = service.exerciseOf(inSight?.document.uri)?.manifest.id;
  if (ok(active)) return active;
  if (ok(current)) return current;
  if (choices.length <= 1) return choices[0]?.id;
  const picked = await vscode.window.showQuickPick(
    choices.map((c) => ({ label: c.id, description: pick(c.title, lang) })),
    { placeHolder: l10n.t('Which exercise?') },
  );
  return picked?.label;
}

/**
 * After a check of an exercise that declares the panel: an open panel switches to it; a closed
 * one opens beside (without the focus) the first time a check of that exercise passes something,
 * when there is something of the learner's to draw.
 */
export function followChecks(
  runner: CheckRunner,
  service: CourseService,
  kind: PanelKind,
  current: () => LearnerPanel | undefined,
  open: (exerciseId: string) => void,
): vscode.Disposable {
  const opened = new Set<string>();
  return runner.onDidComplete(({ id, result }) => {
    if (!panelOf(service.exercise(id)?.manifest, kind)) return;
    const panel = current();
    if (panel) {
      if (panel.exerciseId !== id) panel.show(id);
      return;
    }
    // Opens by itself only for the exercise's main panel (the first it lists), so it never covers
    // the training curves the learner is watching.
    if (service.exercise(id)?.manifest.panels?.[0]?.panel !== kind) return;
    if (opened.has(id) || !result.outcomes.some((o) => o.status === 'passed')) return;
    opened.add(id);
    open(id);
  });
}
