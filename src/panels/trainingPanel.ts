import * as vscode from 'vscode';
import { courseLang, l10n } from '../course/language';
import type { CourseService } from '../course/courseService';
import type { Localized } from '../shared/i18n';
import { exerciseWithPanel, panelExercises, panelOf } from '../shared/manifest';
import { isTrainingToHost, type HostToTraining, type TrainingToHost } from '../shared/protocol/training';
import type { LearnerCodeMessage } from '../shared/protocol/learnerPanel';
import { RequestTable } from '../shared/protocol/requests';
import { learnerCodeForPage, watchLearnerCode } from '../checking/learnerCode';
import type { HostedPanel, PanelDeps, PanelHost, PanelType, PanelView } from './panelHost';
import { panelResourceRoots } from './webviewHtml';

/** How a "train on my images" run ended: its summary (or why it failed) in the learner's language. */
export interface OwnImagesOutcome {
  readonly ok: boolean;
  readonly text: string;
  readonly accuracy?: number;
  readonly cancelled?: boolean;
}

/**
 * The exercise whose regressor the panel trains itself (fit of cos(x)): the one whose exercise.json declares the training panel's
 * cos view.
 */
export function cosExercise(service: CourseService): string | undefined {
  return exerciseWithPanel(
    service.exercises.map((e) => e.manifest),
    'training',
    (d) => d.view === 'cos',
  )?.id;
}

/** The exercise Train on My Images trains (its preprocess + buildModel): the one whose exercise.json says so. */
export function ownImagesExercise(service: CourseService): string | undefined {
  return exerciseWithPanel(
    service.exercises.map((e) => e.manifest),
    'training',
    (d) => d.ownImages === true,
  )?.id;
}

/** The view the panel shows for an exercise: cos(x) for the exercise that declares it, else the last run. */
export function trainingViewFor(service: CourseService, exerciseId: string): 'run' | 'cos' {
  return panelOf(service.exercise(exerciseId)?.manifest, 'training')?.view === 'cos' ? 'cos' : 'run';
}

export interface TrainingOptions {
  readonly view?: 'run' | 'cos';
}

/**
 * The training panel: live loss/accuracy curves of the check in progress (relayed from the
 * grader by TrainingLog), the confusion matrix of classifiers, and for exercise 17 the fit of
 * the learner's regressor on noisy cos(x), trained by the page's own grader worker.
 */
export class TrainingPanel implements HostedPanel<TrainingOptions> {
  static readonly type: PanelType<TrainingPanel, TrainingOptions> = {
    viewType: 'dlCourse.training',
    title: () => l10n.t('DL Course: Training'),
    script: 'training',
    styles: ['webview.css', 'charts.css'],
    // Retained while hidden so a fit of cos(x) in the page's worker is not cut short; after a
    // reload the log replays the last run on `ready` and the page restores its intent (setState).
    retainContextWhenHidden: true,
    isMessage: isTrainingToHost,
    create: (view, opts) => new TrainingPanel(view, opts?.view),
  };

  /** "Train on my images" runs asked of the page, answered by `ownImagesFinished` (or settled as cancelled when the panel closes). */
  private readonly ownRuns = new RequestTable<OwnImagesOutcome, HostToTraining>();
  /** Folders of the learner's images the page may read (added to its resource roots on demand). */
  private readonly imageRoots: vscode.Uri[] = [];

  /** Opens the panel, without taking the focus, when a training check starts for an exercise that declares it. */
  static follow(deps: PanelDeps, host: PanelHost<TrainingPanel, TrainingOptions>): vscode.Disposable {
    return deps.log.onDidStartTraining(({ exerciseId }) => {
      if (!panelOf(deps.service.exercise(exerciseId)?.manifest, 'training')) return;
      const view = host.view;
      if (view) {
        if (!view.panel.visible) view.panel.reveal(undefined, true);
        view.post({ type: 'setLang', lang: courseLang() });
        return;
      }
      host.show({ view: 'run' }, true);
    });
  }

  private constructor(
    private readonly view: PanelView,
    private requestedView?: 'run' | 'cos',
  ) {
    view.disposables.push(
      this.deps.log.onDidUpdate((m) => {
        if (this.view.isReady) this.post(m);
      }),
      watchLearnerCode(
        this.deps.service,
        () => [cosExercise(this.deps.service) ?? ''],
        (id) => void this.sendCode(id),
      ),
    );
  }

  private get deps(): PanelDeps {
    return this.view.deps;
  }

  reshow(opts: TrainingOptions): void {
    if (opts.view) this.requestedView = opts.view;
    if (opts.view && this.view.isReady) void this.sendInit();
  }

  private async cosCode(): Promise<{ cosExerciseId: string; cosCode: LearnerCodeMessage } | undefined> {
    const id = cosExercise(this.deps.service);
    if (!id) return undefined;
    return { cosExerciseId: id, cosCode: await learnerCodeForPage(this.deps.service, id) };
  }

  private async sendCode(id: string): Promise<void> {
    const c = await this.cosCode();
    if (c) this.post({ type: 'code', exerciseId: id, code: c.cosCode });
  }

  private async sendInit(): Promise<void> {
    const cos = await this.cosCode();
    this.post({
      type: 'init',
      lang: this.view.lang,
      exercises: panelExercises(this.deps.service.exercises.map((e) => e.manifest)),
      run: this.deps.log.last,
      ...(cos ?? {}),
      ...(this.requestedView ? { view: this.requestedView } : {}),
    });
    this.requestedView = undefined;
  }

  private post(m: HostToTraining): void {
    this.view.post(m);
  }

  /**
   * Trains exercise 19's model on the learner's own images in this page's grader worker and
   * resolves with the outcome when it ends (sent once the page is ready; a closed panel resolves
   * it as cancelled). The page reads each picture itself through its webview URL, so the folder
   * becomes one of the panel's resource roots. One run at a time.
   */
  trainOnImages(run: {
    folder: vscode.Uri;
    files: readonly { className: string; name: string; uri: vscode.Uri }[];
    js: string;
    warnings: readonly Localized[];
  }): Promise<OwnImagesOutcome> {
    const exerciseId = ownImagesExercise(this.deps.service);
    if (!exerciseId) return Promise.resolve({ ok: false, text: l10n.t('No exercise of this course trains on your own images.') });
    if (this.ownRuns.size) {
      return Promise.resolve({
        ok: false,
        text: l10n.t('A training on your images is already running in the training panel: wait for it to finish, or cancel it there.'),
      });
    }
    const w = this.view.webview;
    if (!this.imageRoots.some((r) => r.toString() === run.folder.toString())) {
      this.imageRoots.push(run.folder);
      w.options = { ...w.options, localResourceRoots: [...panelResourceRoots(this.deps.extensionUri), ...this.imageRoots] };
    }
    const images = run.files.map((f) => ({ className: f.className, name: f.name, ref: w.asWebviewUri(f.uri).toString() }));
    return this.ownRuns.request((requestId) => {
      const message: HostToTraining = {
        type: 'ownImages',
        requestId,
        exerciseId,
        folder: vscode.workspace.asRelativePath(run.folder, false),
        js: run.js,
        warnings: run.warnings,
        images,
      };
      if (this.view.isReady) this.post(message);
      return message;
    });
  }

  /** A Train on My Images run is in progress: closing the panel would cut it short. */
  busy(): boolean {
    return this.ownRuns.size > 0;
  }

  onReady(): void {
    // Runs asked before this page was ready (or before a reload of it) go after its init; later ones are posted at once.
    const pending = this.ownRuns.contexts();
    void this.sendInit().then(() => {
      for (const m of pending) this.post(m);
    });
  }

  onMessage(raw: unknown): void {
    const m = raw as TrainingToHost;
    if (m.type === 'cancel') {
      this.deps.runner.cancelCurrent();
    } else if (m.type === 'ownImagesFinished') {
      this.ownRuns.resolve(m.requestId, {
        ok: m.ok,
        text: m.text,
        ...(m.cancelled ? { cancelled: true } : {}),
        ...(m.accuracy !== undefined ? { accuracy: m.accuracy } : {}),
      });
    }
  }

  dispose(): void {
    this.ownRuns.resolveAll({ ok: false, cancelled: true, text: l10n.t('The training panel was closed.') });
  }
}
