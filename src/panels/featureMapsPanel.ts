import * as path from 'path';
import * as vscode from 'vscode';
import { isFeatureMapsToHost, type FeatureMapsToHost, type HostToFeatureMaps } from '../shared/protocol/featureMaps';
import { LearnerPanel, learnerPanelType } from './learnerPanel';
import type { PanelView } from './panelHost';
import { l10n } from '../course/language';

const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'bmp', 'webp'];
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/**
 * Feature maps (the exercises whose exercise.json declares the panel: a convolution, filters, a
 * CNN): the page runs the learner's code in its grader worker on a shipped photo, an MNIST digit
 * or an image of the workspace, which this host reads on request (the page decodes it).
 */
export class FeatureMapsPanel extends LearnerPanel {
  static readonly type = learnerPanelType(
    'featureMaps',
    {
      viewType: 'dlCourse.featureMaps',
      title: () => l10n.t('DL Course: Feature Maps'),
      script: 'featureMaps',
      isMessage: isFeatureMapsToHost,
    },
    (view, exerciseId) => new FeatureMapsPanel(view, exerciseId),
  );

  private constructor(view: PanelView, exerciseId: string) {
    super(view, 'featureMaps', exerciseId);
  }

  override onMessage(raw: unknown): void {
    const m = raw as FeatureMapsToHost;
    if (m.type === 'pickImage') return void this.pickImage();
    if (m.type === 'loadImage') return void this.sendImage(m.path);
    super.onMessage(m);
  }

  private async pickImage(): Promise<void> {
    const root = this.service.courseRoot;
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      defaultUri: typeof root === 'string' ? vscode.Uri.file(root) : (root ?? vscode.workspace.workspaceFolders?.[0]?.uri),
      filters: { [l10n.t('Images')]: IMAGE_EXTENSIONS },
      openLabel: l10n.t('Show its feature maps'),
    });
    if (picked?.[0]) await this.sendImage(picked[0].fsPath);
  }

  /**
   * Reads an image the learner picked (or the one a restored panel remembers) and sends its bytes: an absolute path to an image
   * file, nothing else.
   */
  private async sendImage(fsPath: string): Promise<void> {
    const ext = path.extname(fsPath).slice(1).toLowerCase();
    if (!IMAGE_EXTENSIONS.includes(ext) || !path.isAbsolute(fsPath) || fsPath.includes('\0')) {
      return this.postFm({
        type: 'imageFailed',
        message: l10n.t('{0} is not an image (png, jpg, gif, bmp, webp).', path.basename(fsPath)),
      });
    }
    try {
      const uri = vscode.Uri.file(fsPath);
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_IMAGE_BYTES)
        return this.postFm({
          type: 'imageFailed',
          message: l10n.t('{0} is too large ({1} MB).', path.basename(fsPath), Math.round(stat.size / 1e6)),
        });
      const bytes = await vscode.workspace.fs.readFile(uri);
      this.postFm({ type: 'image', path: fsPath, base64: Buffer.from(bytes).toString('base64') });
    } catch (e) {
      this.postFm({
        type: 'imageFailed',
        message: l10n.t('{0} could not be read: {1}', path.basename(fsPath), e instanceof Error ? e.message : String(e)),
      });
    }
  }

  private postFm(m: HostToFeatureMaps): void {
    this.post(m);
  }
}
