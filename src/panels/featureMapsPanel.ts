import * as vscode from 'vscode';
import { isFeatureMapsToHost, type FeatureMapsToHost, type HostToFeatureMaps } from '../shared/protocol/featureMaps';
import { LearnerPanel, learnerPanelType } from './learnerPanel';
import type { PanelView } from './panelHost';
import { l10n } from '../course/language';
import { bytesToBase64 } from '../shared/base64';

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
    if (m.type === 'loadImage') return void this.sendImage(imageFromPage(m.path));
    super.onMessage(m);
  }

  private async pickImage(): Promise<void> {
    const root = this.service.courseUri;
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      defaultUri: root ?? vscode.workspace.workspaceFolders?.[0]?.uri,
      filters: { [l10n.t('Images')]: IMAGE_EXTENSIONS },
      openLabel: l10n.t('Show its feature maps'),
    });
    if (picked?.[0]) await this.sendImage(picked[0]);
  }

  /**
   * Reads an image the learner picked (or the one a restored panel remembers) and sends its bytes: an absolute path (on the
   * desktop) or URI (in the browser) of an image file, nothing else.
   */
  private async sendImage(uri: vscode.Uri | undefined): Promise<void> {
    const name = uri ? (uri.path.split('/').pop() ?? '') : '';
    const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
    if (!uri || !IMAGE_EXTENSIONS.includes(ext)) {
      return this.postFm({ type: 'imageFailed', message: l10n.t('{0} is not an image (png, jpg, gif, bmp, webp).', name) });
    }
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_IMAGE_BYTES)
        return this.postFm({
          type: 'imageFailed',
          message: l10n.t('{0} is too large ({1} MB).', name, Math.round(stat.size / 1e6)),
        });
      const bytes = await vscode.workspace.fs.readFile(uri);
      this.postFm({ type: 'image', path: uri.scheme === 'file' ? uri.fsPath : uri.toString(), base64: bytesToBase64(bytes) });
    } catch (e) {
      this.postFm({
        type: 'imageFailed',
        message: l10n.t('{0} could not be read: {1}', name, e instanceof Error ? e.message : String(e)),
      });
    }
  }

  private postFm(m: HostToFeatureMaps): void {
    this.post(m);
  }
}

/**
 * The image a page names (as sendImage sent it): an absolute file path, or a URI on a workspace
 * folder's file system other than the disk (a browser's workspace); undefined for anything else
 * (relative, NUL byte, malformed, elsewhere).
 */
export function imageFromPage(p: string): vscode.Uri | undefined {
  if (!p || p.includes('\0')) return undefined;
  if (/^[a-zA-Z][a-zA-Z0-9+.-]+:\/\//.test(p)) {
    try {
      const uri = vscode.Uri.parse(p, true);
      const onWorkspace = (vscode.workspace.workspaceFolders ?? []).some(
        (f) => f.uri.scheme === uri.scheme && f.uri.authority === uri.authority,
      );
      return uri.scheme !== 'file' && onWorkspace ? uri : undefined;
    } catch {
      return undefined;
    }
  }
  return p.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(p) || p.startsWith('\\\\') ? vscode.Uri.file(p) : undefined;
}
