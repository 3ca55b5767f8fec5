import * as vscode from 'vscode';

/** The status-bar item: "Check" on an exercise, then the last verdict ("3/4 checks"). */
export class CheckStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('dlCourse.check', vscode.StatusBarAlignment.Left, 100);

  constructor() {
    this.item.name = vscode.l10n.t('DL Course: Check');
    this.item.command = 'dlCourse.check';
  }

  showFor(exerciseId: string | undefined, last?: { passed: number; total: number }): void {
    if (!exerciseId) {
      this.item.hide();
      return;
    }
    if (last) {
      const all = last.passed === last.total;
      this.item.text = `$(${all ? 'pass-filled' : 'error'}) ${vscode.l10n.t('{0}/{1} checks', last.passed, last.total)}`;
      this.item.backgroundColor = all ? undefined : new vscode.ThemeColor('statusBarItem.warningBackground');
    } else {
      this.item.text = `$(beaker) ${vscode.l10n.t('Check')}`;
      this.item.backgroundColor = undefined;
    }
    this.item.tooltip = vscode.l10n.t('DL Course: Check Exercise ({0})', exerciseId);
    this.item.show();
  }

  running(): void {
    this.item.text = `$(sync~spin) ${vscode.l10n.t('Checking…')}`;
    this.item.backgroundColor = undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
