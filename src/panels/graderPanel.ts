import * as vscode from 'vscode';
import { panelColumn } from './panelColumn';
import type { GradeEvent, GradeRequest, GradeResult } from '../shared/grading';
import type { Lang } from '../shared/i18n';
import type { CheckSpec } from '../shared/manifest';
import { isGraderToHost, type HostToGrader, type NextExercise } from '../shared/protocol/grader';
import { graderPageData, panelResourceRoots, webviewHtml } from './webviewHtml';
import { l10n } from '../course/language';

/**
 * The grader panel: a webview whose page runs the learner's code in a Web Worker with TF.js
 * and shows the verdict. The extension host only sends the transpiled code and receives results.
 */
export class GraderPanel {
  static readonly viewType = 'dlCourse.grader';
  private static current: GraderPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private ready: Promise<string>;
  private markReady!: (backend: string) => void;
  private nextId = 1;
  private readonly pending = new Map<number, { onEvent(e: GradeEvent): void; resolve(r: GradeResult): void; reject(e: Error): void }>();
  private readonly onCancelEmitter = new vscode.EventEmitter<void>();
  /** The learner pressed Cancel in the panel. */
  readonly onDidRequestCancel = this.onCancelEmitter.event;

  static createOrShow(extensionUri: vscode.Uri, lang: Lang, reveal: boolean): GraderPanel {
    if (GraderPanel.current) {
      if (reveal) GraderPanel.current.panel.reveal(panelColumn(), true);
      return GraderPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(GraderPanel.viewType, l10n.t('DL Course: Results'), { viewColumn: panelColumn(), preserveFocus: true }, GraderPanel.options(extensionUri));
    GraderPanel.current = new GraderPanel(panel, extensionUri, lang);
    return GraderPanel.current;
  }

  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, lang: Lang): void {
    panel.webview.options = GraderPanel.options(extensionUri);
    GraderPanel.current?.dispose();
    GraderPanel.current = new GraderPanel(panel, extensionUri, lang);
  }

  static get instance(): GraderPanel | undefined {
    return GraderPanel.current;
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // Keeps the worker (and its warm TF.js backend) alive while the tab is hidden.
      retainContextWhenHidden: true,
      localResourceRoots: panelResourceRoots(extensionUri),
    };
  }

  private constructor(private readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, lang: Lang) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    const w = panel.webview;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    w.html = webviewHtml(w, {
      title: 'DL Course',
      lang,
      tfjs: true,
      script: vscode.Uri.joinPath(dist, 'webviews', 'grader.js'),
      styles: [vscode.Uri.joinPath(extensionUri, 'media', 'webview.css')],
      data: { lang, ...graderPageData(w, extensionUri) },
    });
    w.onDidReceiveMessage((m: unknown) => this.onMessage(m), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
  }

  /** Grades in the webview's worker; rejects if the panel closes or does not answer in time. */
  async grade(title: string, request: GradeRequest, next: NextExercise | undefined, onEvent: (e: GradeEvent) => void, timeoutMs: number): Promise<GradeResult> {
    const readyTimeout = 60_000;
    await withTimeout(this.ready, readyTimeout, l10n.t('The grader panel did not start within {0} s.', readyTimeout / 1000));
    const requestId = this.nextId++;
    const result = new Promise<GradeResult>((resolve, reject) => this.pending.set(requestId, { onEvent, resolve, reject }));
    this.post({ type: 'grade', requestId, title, request, ...(next ? { next } : {}) });
    try {
      return await withTimeout(result, timeoutMs, l10n.t('The grader did not answer within {0} s.', Math.round(timeoutMs / 1000)));
    } finally {
      this.pending.delete(requestId);
    }
  }

  cancel(): void {
    this.post({ type: 'cancel' });
  }

  /** Shows a verdict reached without grading (a syntax error) in place of the previous one. */
  show(title: string, checks: readonly CheckSpec[], result: GradeResult, next?: NextExercise): void {
    void this.ready.then(() => this.post({ type: 'show', title, checks, result, ...(next ? { next } : {}) }));
  }

  setLang(lang: Lang): void {
    this.panel.title = l10n.t('DL Course: Results');
    this.post({ type: 'setLang', lang });
  }

  private post(m: HostToGrader): void {
    void this.panel.webview.postMessage(m);
  }

  private onMessage(m: unknown): void {
    if (!isGraderToHost(m)) return;
    switch (m.type) {
      case 'ready': return this.markReady(m.backend);
      case 'event': return this.pending.get(m.requestId)?.onEvent(m.event);
      case 'graded': return this.pending.get(m.requestId)?.resolve(m.result);
      case 'gradeFailed': return this.pending.get(m.requestId)?.reject(new Error(m.message));
      case 'cancelRequested': return this.onCancelEmitter.fire();
      case 'openExercise': return void vscode.commands.executeCommand('dlCourse.openExercise', m.exerciseId);
    }
  }

  dispose(): void {
    if (GraderPanel.current === this) GraderPanel.current = undefined;
    for (const p of this.pending.values()) p.reject(new Error(l10n.t('The results panel was closed during the check.')));
    this.pending.clear();
    this.onCancelEmitter.dispose();
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}
