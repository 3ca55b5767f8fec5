import * as vscode from 'vscode';
import { panelColumn } from './panelColumn';
import type { CheckRunner } from '../checking/checkRunner';
import type { CourseService } from '../course/courseService';
import type { Lang, Localized } from '../shared/i18n';
import { OWN_IMAGES_EXERCISE } from '../shared/protocol/ownImages';
import { isTrainingToHost, type HostToTraining } from '../shared/protocol/training';
import type { LearnerCodeMessage } from '../shared/protocol/datasetBalance';
import { learnerCode, watchLearnerCode } from '../checking/learnerCode';
import type { TrainingLog } from '../checking/trainingLog';
import { graderPageData, panelResourceRoots, webviewHtml } from './webviewHtml';
import { l10n } from '../course/language';

/** How a "train on my images" run ended: its summary (or why it failed) in the learner's language. */
export interface OwnImagesOutcome {
  readonly ok: boolean;
  readonly text: string;
  readonly accuracy?: number;
  readonly cancelled?: boolean;
}

/** The exercise whose regressor the panel trains itself (fit of cos(x), under/over-fitting). */
export const COS_EXERCISE = '17-overfitting';

export interface TrainingPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly service: CourseService;
  readonly runner: CheckRunner;
  readonly log: TrainingLog;
}

/**
 * The training panel: live loss/accuracy curves of the check in progress (relayed from the
 * grader by TrainingLog), the confusion matrix of classifiers, and for exercise 17 the fit of
 * the learner's regressor on noisy cos(x), trained by the page's own grader worker.
 */
export class TrainingPanel {
  static readonly viewType = 'dlCourse.training';
  private static current: TrainingPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private isReady = false;
  /** "Train on my images" runs asked of the page, answered by `ownImagesFinished` (or dropped when the panel closes). */
  private readonly ownRuns = new Map<number, { message: HostToTraining; resolve(r: OwnImagesOutcome): void }>();
  private nextRequest = 1;
  /** Folders of the learner's images the page may read (added to its resource roots on demand). */
  private readonly imageRoots: vscode.Uri[] = [];

  static createOrShow(deps: TrainingPanelDeps, lang: Lang, opts: { preserveFocus: boolean; view?: 'run' | 'cos' } = { preserveFocus: false }): TrainingPanel {
    if (TrainingPanel.current) {
      TrainingPanel.current.panel.reveal(undefined, opts.preserveFocus);
      if (opts.view) TrainingPanel.current.view = opts.view;
      if (opts.view && TrainingPanel.current.isReady) void TrainingPanel.current.sendInit();
      return TrainingPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(TrainingPanel.viewType, l10n.t('DL Course: Training'), { viewColumn: panelColumn(), preserveFocus: opts.preserveFocus }, TrainingPanel.options(deps.extensionUri));
    TrainingPanel.current = new TrainingPanel(panel, deps, lang, opts.view);
    return TrainingPanel.current;
  }

  static revive(panel: vscode.WebviewPanel, deps: TrainingPanelDeps, lang: Lang): void {
    panel.webview.options = TrainingPanel.options(deps.extensionUri);
    TrainingPanel.current?.dispose();
    TrainingPanel.current = new TrainingPanel(panel, deps, lang);
  }

  static get instance(): TrainingPanel | undefined {
    return TrainingPanel.current;
  }

  /** Opens the panel, without taking the focus, when a training check starts for an exercise that declares it. */
  static follow(deps: TrainingPanelDeps, lang: () => Lang): vscode.Disposable {
    return deps.log.onDidStartTraining(({ exerciseId }) => {
      const panels = deps.service.exercise(exerciseId)?.manifest.panels ?? [];
      if (!panels.includes('training')) return;
      if (TrainingPanel.current) {
        if (!TrainingPanel.current.panel.visible) TrainingPanel.current.panel.reveal(undefined, true);
        TrainingPanel.current.post({ type: 'setLang', lang: lang() });
        return;
      }
      TrainingPanel.createOrShow(deps, lang(), { preserveFocus: true, view: 'run' });
    });
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    // Retained while hidden so a fit of cos(x) in the page's worker is not cut short; after a
    // reload the log replays the last run on `ready` and the page restores its intent (setState).
    return { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: panelResourceRoots(extensionUri) };
  }

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly deps: TrainingPanelDeps, private lang: Lang, private view?: 'run' | 'cos') {
    const w = panel.webview;
    const dist = vscode.Uri.joinPath(deps.extensionUri, 'dist');
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.svg');
    w.html = webviewHtml(w, {
      title: 'DL Course: Training',
      lang,
      tfjs: true,
      script: vscode.Uri.joinPath(dist, 'webviews', 'training.js'),
      styles: [vscode.Uri.joinPath(deps.extensionUri, 'media', 'webview.css'), vscode.Uri.joinPath(deps.extensionUri, 'media', 'charts.css')],
      data: { lang, ...graderPageData(w, deps.extensionUri) },
    });
    w.onDidReceiveMessage((m: unknown) => this.onMessage(m), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    this.disposables.push(
      deps.log.onDidUpdate((m) => { if (this.isReady) this.post(m); }),
      watchLearnerCode(deps.service, () => [COS_EXERCISE], (id) => void this.sendCode(id)),
    );
  }

  setLang(lang: Lang): void {
    this.lang = lang;
    this.post({ type: 'setLang', lang });
  }

  private async cosCode(): Promise<LearnerCodeMessage | undefined> {
    if (!this.deps.service.exercise(COS_EXERCISE)) return undefined;
    const c = await learnerCode(this.deps.service, COS_EXERCISE);
    return c.ok ? { ok: true, js: c.js } : { ok: false, message: c.error.message };
  }

  private async sendCode(id: string): Promise<void> {
    const code = await this.cosCode();
    if (code) this.post({ type: 'code', exerciseId: id, code });
  }

  private async sendInit(): Promise<void> {
    const cosCode = await this.cosCode();
    this.post({ type: 'init', lang: this.lang, run: this.deps.log.last, ...(cosCode ? { cosExerciseId: COS_EXERCISE, cosCode } : {}), ...(this.view ? { view: this.view } : {}) });
    this.view = undefined;
  }

  private post(m: HostToTraining): void {
    void this.panel.webview.postMessage(m);
  }

  /**
   * Trains exercise 19's model on the learner's own images in this page's grader worker and
   * resolves with the outcome when it ends (sent once the page is ready; a closed panel resolves
   * it as cancelled). The page reads each picture itself through its webview URL, so the folder
   * becomes one of the panel's resource roots. One run at a time.
   */
  trainOnImages(run: { folder: vscode.Uri; files: readonly { className: string; name: string; uri: vscode.Uri }[]; js: string; warnings: readonly Localized[] }): Promise<OwnImagesOutcome> {
    if (this.ownRuns.size) {
      return Promise.resolve({ ok: false, text: l10n.t('A training on your images is already running in the training panel: wait for it to finish, or cancel it there.') });
    }
    const w = this.panel.webview;
    if (!this.imageRoots.some((r) => r.toString() === run.folder.toString())) {
      this.imageRoots.push(run.folder);
      w.options = { ...w.options, localResourceRoots: [...panelResourceRoots(this.deps.extensionUri), ...this.imageRoots] };
    }
    const requestId = this.nextRequest++;
    const message: HostToTraining = {
      type: 'ownImages', requestId, exerciseId: OWN_IMAGES_EXERCISE, folder: vscode.workspace.asRelativePath(run.folder, false), js: run.js, warnings: run.warnings,
      images: run.files.map((f) => ({ className: f.className, name: f.name, ref: w.asWebviewUri(f.uri).toString() })),
    };
    return new Promise((resolve) => {
      this.ownRuns.set(requestId, { message, resolve });
      if (this.isReady) this.post(message);
    });
  }

  private onMessage(m: unknown): void {
    if (!isTrainingToHost(m)) return;
    if (m.type === 'ready') {
      this.isReady = true;
      // Runs asked before this page was ready (or before a reload of it) go after its init; later ones are posted at once.
      const pending = [...this.ownRuns.values()];
      void this.sendInit().then(() => { for (const r of pending) this.post(r.message); });
    } else if (m.type === 'cancel') {
      this.deps.runner.cancelCurrent();
    } else if (m.type === 'ownImagesFinished') {
      const r = this.ownRuns.get(m.requestId);
      this.ownRuns.delete(m.requestId);
      r?.resolve({ ok: m.ok, text: m.text, ...(m.cancelled ? { cancelled: true } : {}), ...(m.accuracy !== undefined ? { accuracy: m.accuracy } : {}) });
    }
  }

  dispose(): void {
    for (const r of this.ownRuns.values()) r.resolve({ ok: false, cancelled: true, text: l10n.t('The training panel was closed.') });
    this.ownRuns.clear();
    if (TrainingPanel.current === this) TrainingPanel.current = undefined;
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
