import * as path from 'path';
import * as vscode from 'vscode';
import { panelColumn } from './panelColumn';
import type { Lang } from '../shared/i18n';
import { isFeatureMapsToHost, type HostToFeatureMaps } from '../shared/protocol/featureMaps';
import { LearnerPanel, type LearnerPanelDeps, type LearnerPanelSpec } from './learnerPanel';
import { l10n } from '../course/language';

const SPEC: LearnerPanelSpec = { kind: 'featureMaps', viewType: 'dlCourse.featureMaps', title: 'DL Course: Feature Maps', script: 'featureMaps', css: 'learnerPanels.css' };
const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'bmp', 'webp'];
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/**
 * Feature maps (exercises 06, 07, 08 and the capstones): the page runs the learner's convolution
 * code in its grader worker on a shipped photo, an MNIST digit or an image of the workspace,
 * which this host reads on request (the page decodes it).
 */
export class FeatureMapsPanel extends LearnerPanel {
  static readonly viewType = SPEC.viewType;
  private static current: FeatureMapsPanel | undefined;

  static createOrShow(deps: LearnerPanelDeps, lang: Lang, exerciseId: string, preserveFocus = false): FeatureMapsPanel {
    if (FeatureMapsPanel.current) {
      FeatureMapsPanel.current.panel.reveal(undefined, preserveFocus);
      FeatureMapsPanel.current.show(exerciseId);
      return FeatureMapsPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(SPEC.viewType, SPEC.title, { viewColumn: panelColumn(), preserveFocus }, LearnerPanel.panelOptions(deps.extensionUri));
    FeatureMapsPanel.current = new FeatureMapsPanel(panel, deps, lang, exerciseId);
    return FeatureMapsPanel.current;
  }

  static revive(panel: vscode.WebviewPanel, deps: LearnerPanelDeps, lang: Lang, exerciseId: string): void {
    panel.webview.options = LearnerPanel.panelOptions(deps.extensionUri);
    FeatureMapsPanel.current?.dispose();
    FeatureMapsPanel.current = new FeatureMapsPanel(panel, deps, lang, exerciseId);
  }

  static get instance(): FeatureMapsPanel | undefined {
    return FeatureMapsPanel.current;
  }

  private constructor(panel: vscode.WebviewPanel, deps: LearnerPanelDeps, lang: Lang, exerciseId: string) {
    super(panel, deps, SPEC, lang, exerciseId);
  }

  protected override onMessage(m: unknown): void {
    if (!isFeatureMapsToHost(m)) return;
    if (m.type === 'pickImage') return void this.pickImage();
    if (m.type === 'loadImage') return void this.sendImage(m.path);
    super.onMessage(m);
  }

  private async pickImage(): Promise<void> {
    const root = this.deps.service.courseRoot;
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      defaultUri: typeof root === 'string' ? vscode.Uri.file(root) : root ?? vscode.workspace.workspaceFolders?.[0]?.uri,
      filters: { [l10n.t('Images')]: IMAGE_EXTENSIONS },
      openLabel: l10n.t('Show its feature maps'),
    });
    if (picked?.[0]) await this.sendImage(picked[0].fsPath);
  }

  /** Reads an image the learner picked (or the one a restored panel remembers) and sends its bytes. */
  private async sendImage(fsPath: string): Promise<void> {
    const ext = path.extname(fsPath).slice(1).toLowerCase();
    if (!IMAGE_EXTENSIONS.includes(ext)) return this.postFm({ type: 'imageFailed', message: l10n.t('{0} is not an image (png, jpg, gif, bmp, webp).', path.basename(fsPath)) });
    try {
      const uri = vscode.Uri.file(fsPath);
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_IMAGE_BYTES) return this.postFm({ type: 'imageFailed', message: l10n.t('{0} is too large ({1} MB).', path.basename(fsPath), Math.round(stat.size / 1e6)) });
      const bytes = await vscode.workspace.fs.readFile(uri);
      this.postFm({ type: 'image', path: fsPath, base64: Buffer.from(bytes).toString('base64') });
    } catch (e) {
      this.postFm({ type: 'imageFailed', message: l10n.t('{0} could not be read: {1}', path.basename(fsPath), e instanceof Error ? e.message : String(e)) });
    }
  }

  private postFm(m: HostToFeatureMaps): void {
    this.post(m);
  }

  override dispose(): void {
    if (FeatureMapsPanel.current === this) FeatureMapsPanel.current = undefined;
    super.dispose();
  }
}
