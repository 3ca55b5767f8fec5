import * as vscode from 'vscode';
import type { CourseExercise } from '../node/courseLoader';
import { pick } from '../shared/i18n';
import { CHAPTER_TITLES } from '../shared/manifest';
import type { CourseService } from './courseService';
import { nextExercise, progressSummary } from './courseRules';
import { courseLang, l10n } from './language';
import { exerciseNumber, panelOf } from '../shared/manifest';

/** The exercises by chapter, in course order, each with its state (the activity-bar view). */
type Node = { kind: 'chapter'; chapter: 1 | 2 | 3 } | { kind: 'exercise'; exercise: CourseExercise };

export class CourseTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: vscode.Disposable;
  private view: vscode.TreeView<Node> | undefined;

  constructor(private readonly service: CourseService) {
    this.sub = service.onDidChange(() => this.refresh());
  }

  /** The view shows the course's progress ("7/19") in its title. */
  attach(view: vscode.TreeView<Node>): vscode.TreeView<Node> {
    this.view = view;
    this.updateTitle();
    return view;
  }

  refresh(): void {
    this.changed.fire(undefined);
    this.updateTitle();
  }

  private updateTitle(): void {
    if (!this.view) return;
    if (!this.service.courseRoot) {
      this.view.title = l10n.t('Exercises');
      return;
    }
    // In the title itself: with a single view, VS Code shows the container's title, not a description.
    const s = progressSummary(
      this.service.exercises.map((e) => e.manifest),
      (id) => this.isPassed(id),
    );
    this.view.title = l10n.t('Exercises · {0}/{1} passed', s.passed, s.total);
  }

  private isPassed(id: string): boolean {
    return this.service.progress(id).state === 'passed';
  }

  /** The exercise to do next: after the one passed most recently (the first not passed, at the start). */
  nextUp(): string | undefined {
    let latest: { id: string; at: string } | undefined;
    for (const e of this.service.exercises) {
      const at = this.service.progress(e.manifest.id).passedAt;
      if (at && (!latest || at > latest.at)) latest = { id: e.manifest.id, at };
    }
    return nextExercise(
      this.service.exercises.map((e) => e.manifest),
      (id) => this.isPassed(id),
      latest?.id,
    );
  }

  /** Selects the next exercise in the view (after a pass), so the way on is in sight. */
  async revealNext(): Promise<void> {
    const id = this.nextUp();
    const exercise = id ? this.service.exercise(id) : undefined;
    if (!exercise || !this.view?.visible) return;
    await this.view.reveal({ kind: 'exercise', exercise }, { select: true, focus: false, expand: true });
  }

  getParent(node: Node): Node | undefined {
    return node.kind === 'exercise' ? { kind: 'chapter', chapter: node.exercise.manifest.chapter } : undefined;
  }

  getChildren(node?: Node): Node[] {
    if (!this.service.courseRoot) return [];
    if (!node) {
      const chapters = [...new Set(this.service.exercises.map((e) => e.manifest.chapter))].sort();
      return chapters.map((chapter) => ({ kind: 'chapter', chapter }));
    }
    if (node.kind === 'chapter')
      return this.service.exercises.filter((e) => e.manifest.chapter === node.chapter).map((exercise) => ({ kind: 'exercise', exercise }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const lang = courseLang();
    if (node.kind === 'chapter') {
      const ids = this.service.exercises.filter((e) => e.manifest.chapter === node.chapter).map((e) => e.manifest.id);
      const passed = ids.filter((id) => this.service.progress(id).state === 'passed').length;
      const item = new vscode.TreeItem(
        `${node.chapter}. ${pick(CHAPTER_TITLES[node.chapter], lang)}`,
        vscode.TreeItemCollapsibleState.Expanded,
      );
      item.id = `chapter-${node.chapter}`;
      item.description = `${passed}/${ids.length}`;
      item.contextValue = 'chapter';
      return item;
    }
    const m = node.exercise.manifest;
    const p = this.service.progress(m.id);
    const item = new vscode.TreeItem(`${exerciseNumber(m.id)} · ${pick(m.title, lang)}`, vscode.TreeItemCollapsibleState.None);
    item.id = m.id;
    const stateText = { notStarted: l10n.t('not started'), inProgress: l10n.t('in progress'), passed: l10n.t('passed') }[p.state];
    // The latest check, whatever it was (a pass can be followed by a syntax error: say so here too).
    const latest =
      p.lastTotal !== undefined && (p.state !== 'passed' || p.lastPassed !== p.lastTotal)
        ? `${stateText} · ${p.lastPassed}/${p.lastTotal}`
        : stateText;
    const isNext = this.nextUp() === m.id && this.service.exercises.some((e) => this.isPassed(e.manifest.id));
    item.description = isNext ? `→ ${l10n.t('next')} · ${latest}` : latest;
    item.tooltip = new vscode.MarkdownString(
      `**${pick(m.title, lang)}**\n\n${pick(m.summary, lang)}\n\n${stateText}${p.attempts ? ` · ${l10n.t('{0} check(s) run', p.attempts)}` : ''}`,
    );
    item.iconPath =
      isNext && p.state !== 'passed'
        ? new vscode.ThemeIcon('arrow-circle-right', new vscode.ThemeColor('testing.iconQueued'))
        : p.state === 'passed'
          ? new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'))
          : p.state === 'inProgress'
            ? new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('testing.iconQueued'))
            : new vscode.ThemeIcon('circle-outline');
    // "ownImages": the exercise trains on the learner's own pictures (menu "Train on My Images").
    item.contextValue = `exercise-${p.state}${panelOf(m, 'training')?.ownImages ? ' ownImages' : ''}`;
    item.command = { command: 'dlCourse.openExercise', title: l10n.t('Open Exercise'), arguments: [m.id] };
    return item;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
