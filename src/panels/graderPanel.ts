import * as vscode from 'vscode';
import type { GradeEvent, GradeRequest, GradeResult } from '../shared/grading';
import type { Localized } from '../shared/i18n';
import type { CheckSpec } from '../shared/manifest';
import { isGraderToHost, type GraderToHost, type HostToGrader, type VerdictExtras } from '../shared/protocol/grader';
import { RequestTable, withTimeout } from '../shared/protocol/requests';
import { l10n } from '../course/language';
import type { HostedPanel, PanelType, PanelView } from './panelHost';

export interface GraderOptions {
  /**
   * Opened ahead of need, behind the theory (warmGrader): the page starts TF.js and its worker
   * only when told to (`warm`, sent once the theory is drawn, or with the first grade), so that
   * the two pages do not share the learner's CPU while the theory is drawn.
   */
  readonly warmLater?: boolean;
}

/**
 * The grader panel: a webview whose page runs the learner's code in a Web Worker with TF.js
 * and shows the verdict. The extension host only sends the transpiled code and receives results.
 */
export class GraderPanel implements HostedPanel<void> {
  static readonly type: PanelType<GraderPanel, GraderOptions | undefined> = {
    viewType: 'dlCourse.grader',
    title: () => l10n.t('DL Course: Results'),
    script: 'grader',
    styles: ['webview.css'],
    // Keeps the worker (and its warm TF.js backend) alive while the tab is hidden.
    retainContextWhenHidden: true,
    isMessage: isGraderToHost,
    create: (view, opts) => new GraderPanel(view, opts?.warmLater === true),
  };

  private readonly grades = new RequestTable<GradeResult, (e: GradeEvent) => void>();
  private readonly onCancelEmitter = new vscode.EventEmitter<void>();
  /** The learner pressed Cancel in the panel. */
  readonly onDidRequestCancel = this.onCancelEmitter.event;

  private constructor(
    private readonly view: PanelView,
    private readonly warmLater: boolean,
  ) {}

  pageData(): Readonly<Record<string, string>> {
    return this.warmLater ? { warm: 'later' } : {};
  }

  /** Starts the page's grader (TF.js, its worker) if it was opened to start later; nothing otherwise. */
  warm(): void {
    // Posted once the page listens: a message sent while it loads can be lost.
    void this.loaded.then(() => this.post({ type: 'warm' }));
  }

  private markLoaded!: () => void;
  /** The page's script runs (it posted `loaded`). */
  readonly loaded = new Promise<void>((resolve) => (this.markLoaded = resolve));

  onReady(): void {
    // view.ready resolves: grade() and show() go on.
  }

  /** Grades in the webview's worker; rejects if the panel closes or does not answer in time. */
  async grade(
    title: Localized,
    request: GradeRequest,
    extras: VerdictExtras,
    onEvent: (e: GradeEvent) => void,
    timeoutMs: number,
  ): Promise<GradeResult> {
    this.warm();
    const readyTimeout = 60_000;
    await withTimeout(this.view.ready, readyTimeout, l10n.t('The grader panel did not start within {0} s.', readyTimeout / 1000));
    return this.grades.request((requestId) => this.post({ type: 'grade', requestId, title, request, ...extras }), {
      timeoutMs,
      timeoutMessage: l10n.t('The grader did not answer within {0} s.', Math.round(timeoutMs / 1000)),
      context: onEvent,
    });
  }

  cancel(): void {
    this.post({ type: 'cancel' });
  }

  /** Shows a verdict reached without grading (a syntax error) in place of the previous one. */
  show(title: Localized, checks: readonly CheckSpec[], result: GradeResult, extras: VerdictExtras): void {
    void this.view.ready.then(() => this.post({ type: 'show', title, checks, result, ...extras }));
  }

  private post(m: HostToGrader): void {
    this.view.post(m);
  }

  onMessage(raw: unknown): void {
    const m = raw as GraderToHost;
    switch (m.type) {
      case 'loaded':
        return this.markLoaded();
      case 'event':
        return this.grades.context(m.requestId)?.(m.event);
      case 'graded':
        return this.grades.resolve(m.requestId, m.result);
      case 'gradeFailed':
        return this.grades.reject(m.requestId, new Error(m.message));
      case 'cancelRequested':
        return this.onCancelEmitter.fire();
      case 'openExercise':
        return void vscode.commands.executeCommand('dlCourse.openExercise', m.exerciseId);
    }
  }

  dispose(): void {
    this.grades.rejectAll(new Error(l10n.t('The results panel was closed during the check.')));
    this.onCancelEmitter.dispose();
  }
}
