import * as vscode from 'vscode';
import { panelColumn } from './panelColumn';
import type { Lang } from '../shared/i18n';
import { isGradientDescentToHost } from '../shared/protocol/gradientDescent';
import { LearnerPanel, type LearnerPanelDeps, type LearnerPanelSpec } from './learnerPanel';

const SPEC: LearnerPanelSpec = { kind: 'gradientDescent', viewType: 'dlCourse.gradientDescent', title: 'DL Course: Gradient Descent', script: 'gradientDescent', css: 'learnerPanels.css' };

/**
 * Gradient descent (exercises 09–12): the page runs the learner's descent, update rules,
 * gradients or training loop in its grader worker and draws the paths and loss curves.
 */
export class GradientDescentPanel extends LearnerPanel {
  static readonly viewType = SPEC.viewType;
  private static current: GradientDescentPanel | undefined;

  static createOrShow(deps: LearnerPanelDeps, lang: Lang, exerciseId: string, preserveFocus = false): GradientDescentPanel {
    if (GradientDescentPanel.current) {
      GradientDescentPanel.current.panel.reveal(undefined, preserveFocus);
      GradientDescentPanel.current.show(exerciseId);
      return GradientDescentPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(SPEC.viewType, SPEC.title, { viewColumn: panelColumn(), preserveFocus }, LearnerPanel.panelOptions(deps.extensionUri));
    GradientDescentPanel.current = new GradientDescentPanel(panel, deps, lang, exerciseId);
    return GradientDescentPanel.current;
  }

  static revive(panel: vscode.WebviewPanel, deps: LearnerPanelDeps, lang: Lang, exerciseId: string): void {
    panel.webview.options = LearnerPanel.panelOptions(deps.extensionUri);
    GradientDescentPanel.current?.dispose();
    GradientDescentPanel.current = new GradientDescentPanel(panel, deps, lang, exerciseId);
  }

  static get instance(): GradientDescentPanel | undefined {
    return GradientDescentPanel.current;
  }

  private constructor(panel: vscode.WebviewPanel, deps: LearnerPanelDeps, lang: Lang, exerciseId: string) {
    super(panel, deps, SPEC, lang, exerciseId);
  }

  protected override onMessage(m: unknown): void {
    if (isGradientDescentToHost(m)) super.onMessage(m);
  }

  override dispose(): void {
    if (GradientDescentPanel.current === this) GradientDescentPanel.current = undefined;
    super.dispose();
  }
}
