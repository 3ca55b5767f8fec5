import * as vscode from 'vscode';
import { panelColumn } from './panelColumn';
import type { CourseService } from '../course/courseService';
import type { Lang } from '../shared/i18n';
import { isBalanceToHost, type BalanceSource, type HostToBalance, type LearnerCodeMessage } from '../shared/protocol/datasetBalance';
import { readClassFolder } from '../course/classFolder';
import { learnerCode, watchLearnerCode } from '../checking/learnerCode';
import { graderPageData, panelResourceRoots, webviewHtml } from './webviewHtml';
import { l10n } from '../course/language';

/** The exercise whose functions (classCounts, imbalanceRatio, classWeights, balancedSample) the panel runs. */
export const BALANCE_EXERCISE = '16-dataset-balance';

/** Which data set the panel shows first for an exercise. */
export function sourceFor(exerciseId: string | undefined): BalanceSource | undefined {
  if (!exerciseId) return undefined;
  if (exerciseId.startsWith('18-')) return 'mnist';
  if (exerciseId.startsWith('16-') || exerciseId.startsWith('19-')) return 'catsdogs';
  return undefined;
}

/**
 * The dataset-balance panel: class counts per split of the shipped sets (or of a folder of the
 * learner's own images), the imbalance ratio, what exercise 16's class weights and balanced
 * sample change, sample images, and the cat/dog set's background confounder.
 */
export class DatasetBalancePanel {
  static readonly viewType = 'dlCourse.datasetBalance';
  private static current: DatasetBalancePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static createOrShow(extensionUri: vscode.Uri, service: CourseService, lang: Lang, opts: { exerciseId?: string; preserveFocus?: boolean } = {}): DatasetBalancePanel {
    const source = sourceFor(opts.exerciseId);
    if (DatasetBalancePanel.current) {
      DatasetBalancePanel.current.panel.reveal(undefined, opts.preserveFocus ?? false);
      if (source) DatasetBalancePanel.current.post({ type: 'show', source });
      return DatasetBalancePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(DatasetBalancePanel.viewType, l10n.t('DL Course: Dataset Balance'), { viewColumn: panelColumn(), preserveFocus: opts.preserveFocus ?? false }, DatasetBalancePanel.options(extensionUri));
    DatasetBalancePanel.current = new DatasetBalancePanel(panel, extensionUri, service, lang, source);
    return DatasetBalancePanel.current;
  }

  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, service: CourseService, lang: Lang): void {
    panel.webview.options = DatasetBalancePanel.options(extensionUri);
    DatasetBalancePanel.current?.dispose();
    DatasetBalancePanel.current = new DatasetBalancePanel(panel, extensionUri, service, lang);
  }

  static get instance(): DatasetBalancePanel | undefined {
    return DatasetBalancePanel.current;
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: panelResourceRoots(extensionUri) };
  }

  private constructor(private readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, private readonly service: CourseService, private lang: Lang, private source?: BalanceSource) {
    const w = panel.webview;
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    w.html = webviewHtml(w, {
      title: 'DL Course: Dataset Balance',
      lang,
      tfjs: true,
      script: vscode.Uri.joinPath(dist, 'webviews', 'datasetBalance.js'),
      styles: [vscode.Uri.joinPath(extensionUri, 'media', 'webview.css'), vscode.Uri.joinPath(extensionUri, 'media', 'charts.css')],
      data: { lang, ...graderPageData(w, extensionUri) },
    });
    w.onDidReceiveMessage((m: unknown) => void this.onMessage(m), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    this.disposables.push(watchLearnerCode(service, () => [BALANCE_EXERCISE], (id) => void this.sendCode(id)));
  }

  setLang(lang: Lang): void {
    this.lang = lang;
    this.post({ type: 'setLang', lang });
  }

  private async code(): Promise<LearnerCodeMessage | undefined> {
    if (!this.service.exercise(BALANCE_EXERCISE)) return undefined;
    const c = await learnerCode(this.service, BALANCE_EXERCISE);
    return c.ok ? { ok: true, js: c.js } : { ok: false, message: c.error.message };
  }

  private async sendCode(id: string): Promise<void> {
    const code = await this.code();
    if (code) this.post({ type: 'code', exerciseId: id, code });
  }

  private post(m: HostToBalance): void {
    void this.panel.webview.postMessage(m);
  }

  private async onMessage(m: unknown): Promise<void> {
    if (!isBalanceToHost(m)) return;
    switch (m.type) {
      case 'ready': {
        const code = await this.code();
        this.post({ type: 'init', lang: this.lang, ...(this.source ? { source: this.source } : {}), ...(code ? { exerciseId: BALANCE_EXERCISE, code } : {}) });
        this.source = undefined;
        return;
      }
      case 'pickFolder': {
        const picked = await vscode.window.showOpenDialog({
          canSelectFolders: true, canSelectFiles: false, canSelectMany: false,
          defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
          openLabel: l10n.t('Use this folder'),
          title: l10n.t('A folder with one sub-folder of images per class'),
        });
        if (!picked?.[0]) return this.post({ type: 'folderFailed', requestId: m.requestId, message: '' });
        return this.sendFolder(m.requestId, picked[0]);
      }
      case 'loadFolder':
        return this.sendFolder(m.requestId, this.fromPath(m.path));
      case 'trainFolder':
        await vscode.commands.executeCommand('dlCourse.trainOnImages', this.fromPath(m.path));
        return;
    }
  }

  /** Folders are kept in the page's state relative to the workspace when they are inside it. */
  private fromPath(p: string): vscode.Uri {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    return root && !p.startsWith('/') && !/^[a-zA-Z]:[\\/]/.test(p) ? vscode.Uri.joinPath(root, p) : vscode.Uri.file(p);
  }

  private async sendFolder(requestId: number, uri: vscode.Uri): Promise<void> {
    try {
      const { report, classes } = await readClassFolder(uri);
      const path = vscode.workspace.asRelativePath(uri, false);
      this.post({ type: 'folder', requestId, path, report, classes });
    } catch (e) {
      this.post({ type: 'folderFailed', requestId, message: l10n.t('Cannot read {0}: {1}', uri.fsPath, e instanceof Error ? e.message : String(e)) });
    }
  }

  dispose(): void {
    if (DatasetBalancePanel.current === this) DatasetBalancePanel.current = undefined;
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
