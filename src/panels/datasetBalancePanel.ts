import * as vscode from 'vscode';
import type { CourseService } from '../course/courseService';
import { exerciseWithPanel, panelExercises, panelOf } from '../shared/manifest';
import { isBalanceToHost, type BalanceSource, type BalanceToHost, type HostToBalance } from '../shared/protocol/datasetBalance';
import type { LearnerCodeMessage } from '../shared/protocol/learnerPanel';
import { readClassFolder } from '../course/classFolder';
import { learnerCodeForPage, watchLearnerCode } from '../checking/learnerCode';
import { l10n } from '../course/language';
import { checkPagePath } from './pagePath';
import type { HostedPanel, PanelType, PanelView } from './panelHost';

/**
 * The exercise whose functions (classCounts, imbalanceRatio, classWeights, balancedSample) the panel runs: the one whose
 * exercise.json says so.
 */
export function balanceExercise(service: CourseService): string | undefined {
  return exerciseWithPanel(
    service.exercises.map((e) => e.manifest),
    'datasetBalance',
    (d) => d.runsLearnerCode === true,
  )?.id;
}

/** Which data set the panel shows first for an exercise (its exercise.json's datasetBalance panel). */
export function sourceFor(service: CourseService, exerciseId: string | undefined): BalanceSource | undefined {
  return exerciseId ? panelOf(service.exercise(exerciseId)?.manifest, 'datasetBalance')?.dataset : undefined;
}

export interface BalanceOptions {
  readonly exerciseId?: string;
}

/**
 * The dataset-balance panel: class counts per split of the shipped sets (or of a folder of the
 * learner's own images), the imbalance ratio, what exercise 16's class weights and balanced
 * sample change, sample images, and the cat/dog set's background confounder.
 */
export class DatasetBalancePanel implements HostedPanel<BalanceOptions> {
  static readonly type: PanelType<DatasetBalancePanel, BalanceOptions> = {
    viewType: 'dlCourse.datasetBalance',
    title: () => l10n.t('DL Course: Dataset Balance'),
    script: 'datasetBalance',
    styles: ['webview.css', 'charts.css'],
    isMessage: isBalanceToHost,
    create: (view, opts) => new DatasetBalancePanel(view, sourceFor(view.deps.service, opts?.exerciseId)),
  };

  private constructor(
    private readonly view: PanelView,
    private source?: BalanceSource,
  ) {
    view.disposables.push(
      watchLearnerCode(
        this.service,
        () => [balanceExercise(this.service) ?? ''],
        (id) => void this.sendCode(id),
      ),
    );
  }

  private get service(): CourseService {
    return this.view.deps.service;
  }

  reshow(opts: BalanceOptions): void {
    const source = sourceFor(this.service, opts.exerciseId);
    if (!source) return;
    // Held until the page says it shows it: a page still loading, or hidden behind another tab
    // (and so unloaded) as the message comes, gets it again with its next `init`.
    this.source = source;
    if (this.view.isReady) this.post({ type: 'show', source });
  }

  private async code(): Promise<{ exerciseId: string; code: LearnerCodeMessage } | undefined> {
    const id = balanceExercise(this.service);
    if (!id) return undefined;
    return { exerciseId: id, code: await learnerCodeForPage(this.service, id) };
  }

  private async sendCode(id: string): Promise<void> {
    const c = await this.code();
    if (c) this.post({ type: 'code', exerciseId: id, code: c.code });
  }

  private post(m: HostToBalance): void {
    this.view.post(m);
  }

  async onReady(): Promise<void> {
    const c = await this.code();
    this.post({
      type: 'init',
      lang: this.view.lang,
      exercises: panelExercises(this.service.exercises.map((e) => e.manifest)),
      ...(this.source ? { source: this.source } : {}),
      ...(c ?? {}),
    });
  }

  async onMessage(raw: unknown): Promise<void> {
    const m = raw as BalanceToHost;
    switch (m.type) {
      case 'shown':
        if (m.source === this.source) this.source = undefined;
        return;
      case 'pickFolder': {
        const picked = await vscode.window.showOpenDialog({
          canSelectFolders: true,
          canSelectFiles: false,
          canSelectMany: false,
          defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
          openLabel: l10n.t('Use this folder'),
          title: l10n.t('A folder with one sub-folder of images per class'),
        });
        if (!picked?.[0]) return this.post({ type: 'folderFailed', requestId: m.requestId, message: '' });
        return this.sendFolder(m.requestId, picked[0]);
      }
      case 'loadFolder': {
        const uri = folderFromPage(m.path);
        if (!uri)
          return this.post({
            type: 'folderFailed',
            requestId: m.requestId,
            message: l10n.t('Cannot read {0}: {1}', m.path, l10n.t('not a folder path')),
          });
        return this.sendFolder(m.requestId, uri);
      }
      case 'trainFolder': {
        const uri = folderFromPage(m.path);
        if (uri) await vscode.commands.executeCommand('dlCourse.trainOnImages', uri);
        return;
      }
    }
  }

  private async sendFolder(requestId: number, uri: vscode.Uri): Promise<void> {
    try {
      const { report, classes } = await readClassFolder(uri);
      const where = vscode.workspace.asRelativePath(uri, false);
      this.post({ type: 'folder', requestId, path: where, report, classes });
    } catch (e) {
      this.post({
        type: 'folderFailed',
        requestId,
        message: l10n.t('Cannot read {0}: {1}', uri.fsPath, e instanceof Error ? e.message : String(e)),
      });
    }
  }
}

/**
 * A folder path the page sent (kept in its state relative to the workspace when inside it, else
 * absolute, as the learner picked it), checked before it reaches the file system: a non-empty
 * path without NUL or URL scheme; a relative one must stay inside the workspace folder.
 */
export function folderFromPage(
  p: string,
  root: vscode.Uri | undefined = vscode.workspace.workspaceFolders?.[0]?.uri,
): vscode.Uri | undefined {
  const check = checkPagePath(p, root !== undefined);
  // An absolute path is on the workspace's own file system (the disk; the server's in a browser).
  if (check === 'absolute') return root && root.scheme !== 'file' ? root.with({ path: p }) : vscode.Uri.file(p);
  if (check === 'relative' && root) return vscode.Uri.joinPath(root, p);
  return undefined;
}
