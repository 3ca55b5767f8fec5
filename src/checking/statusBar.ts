import * as vscode from 'vscode';
import type { ProgressSummary } from '../course/courseRules';
import { l10n } from '../course/language';

/** The latest run of an exercise, whatever its kind: every view shows this one. */
export interface LastRun {
  readonly passed: number;
  readonly total: number;
  readonly kind: 'verdict' | 'syntax' | 'cancelled';
}

/**
 * Two status-bar items: "Check" on an exercise, then its latest run ("3/4 checks", "Syntax
 * error", "Check cancelled"); and the learner's progress in the course ("7/19"), while a course is open.
 */
export class CheckStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('dlCourse.check', vscode.StatusBarAlignment.Left, 100);
  private readonly course = vscode.window.createStatusBarItem('dlCourse.progress', vscode.StatusBarAlignment.Left, 99);

  constructor() {
    this.item.command = 'dlCourse.check';
    this.course.command = 'dlCourse.exercises.focus';
  }

  showFor(exerciseId: string | undefined, last?: LastRun, summary?: ProgressSummary): void {
    this.item.name = l10n.t('DL Course: Check');
    this.course.name = l10n.t('DL Course: Progress');
    this.showSummary(summary);
    if (!exerciseId) {
      this.item.hide();
      return;
    }
    if (last?.kind === 'syntax') {
      this.item.text = `$(error) ${l10n.t('Syntax error')}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    } else if (last?.kind === 'cancelled') {
      this.item.text = `$(circle-slash) ${l10n.t('Check cancelled')}`;
      this.item.backgroundColor = undefined;
    } else if (last) {
      const all = last.passed === last.total;
      this.item.text = `$(${all ? 'pass-filled' : 'error'}) ${l10n.t('{0}/{1} checks', last.passed, last.total)}`;
      this.item.backgroundColor = all ? undefined : new vscode.ThemeColor('statusBarItem.warningBackground');
    } else {
      this.item.text = `$(beaker) ${l10n.t('Check')}`;
      this.item.backgroundColor = undefined;
    }
    this.item.tooltip = l10n.t('DL Course: Check Exercise ({0})', exerciseId);
    this.item.show();
  }

  private showSummary(summary: ProgressSummary | undefined): void {
    if (!summary) {
      this.course.hide();
      return;
    }
    this.course.text = `$(mortar-board) ${
      summary.chapter
        ? l10n.t(
            'Chapter {0}: {1}/{2} · Course: {3}/{4}',
            summary.chapter.chapter,
            summary.chapter.passed,
            summary.chapter.total,
            summary.passed,
            summary.total,
          )
        : l10n.t('Course: {0}/{1}', summary.passed, summary.total)
    }`;
    this.course.tooltip = summary.chapter
      ? l10n.t(
          'Exercises passed: {0}/{1} in the course, {2}/{3} in chapter {4}',
          summary.passed,
          summary.total,
          summary.chapter.passed,
          summary.chapter.total,
          summary.chapter.chapter,
        )
      : l10n.t('Exercises passed: {0}/{1} in the course', summary.passed, summary.total);
    this.course.show();
  }

  running(): void {
    this.item.text = `$(sync~spin) ${l10n.t('Checking…')}`;
    this.item.backgroundColor = undefined;
  }

  dispose(): void {
    this.item.dispose();
    this.course.dispose();
  }
}

/** What the watch item shows: off, on, or on but not for the exercise in sight (it trains a model; an untrusted folder). */
export interface WatchShown {
  readonly courseOpen: boolean;
  readonly on: boolean;
  readonly trusted: boolean;
  /** The exercise in sight trains a model: watch mode leaves it alone. */
  readonly training: boolean;
}

/** The status-bar toggle of watch mode (`dlCourse.watch`): "$(eye) Watch" when on, "$(eye-closed) Watch" when off. */
export class WatchStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('dlCourse.watch', vscode.StatusBarAlignment.Left, 98);

  constructor() {
    this.item.command = 'dlCourse.toggleWatch';
  }

  show(s: WatchShown): void {
    if (!s.courseOpen) {
      this.item.hide();
      return;
    }
    this.item.name = l10n.t('DL Course: Watch');
    this.item.text = `$(${s.on ? 'eye' : 'eye-closed'}) ${l10n.t('Watch')}`;
    this.item.tooltip = !s.on
      ? l10n.t('Watch mode is off. Click to check an exercise each time you save it.')
      : !s.trusted
        ? l10n.t('Watch mode is on, but nothing runs until you trust this folder. Click to turn it off.')
        : s.training
          ? l10n.t('Watch mode is on, but not for this exercise: its checks train a model. Use Check. Click to turn watch mode off.')
          : l10n.t('Watch mode is on: saving an exercise checks it. Click to turn it off.');
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
