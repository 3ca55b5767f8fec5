import * as vscode from 'vscode';
import type { CourseExercise } from '../grader/node/courseLoader';
import { pick } from '../shared/i18n';
import { CHAPTER_TITLES } from '../shared/manifest';
import type { CourseService } from './courseService';
import { courseLang } from './language';
import { OWN_IMAGES_EXERCISE } from '../shared/protocol/ownImages';

/** The exercises by chapter, in course order, each with its state (the activity-bar view). */
type Node = { kind: 'chapter'; chapter: 1 | 2 | 3 } | { kind: 'exercise'; exercise: CourseExercise };

export class CourseTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly service: CourseService) {
    this.sub = service.onDidChange(() => this.changed.fire(undefined));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!this.service.courseRoot) return [];
    if (!node) {
      const chapters = [...new Set(this.service.exercises.map((e) => e.manifest.chapter))].sort();
      return chapters.map((chapter) => ({ kind: 'chapter', chapter }));
    }
    if (node.kind === 'chapter') return this.service.exercises.filter((e) => e.manifest.chapter === node.chapter).map((exercise) => ({ kind: 'exercise', exercise }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const lang = courseLang();
    if (node.kind === 'chapter') {
      const ids = this.service.exercises.filter((e) => e.manifest.chapter === node.chapter).map((e) => e.manifest.id);
      const passed = ids.filter((id) => this.service.progress(id).state === 'passed').length;
      const item = new vscode.TreeItem(`${node.chapter}. ${pick(CHAPTER_TITLES[node.chapter], lang)}`, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `chapter-${node.chapter}`;
      item.description = `${passed}/${ids.length}`;
      item.contextValue = 'chapter';
      return item;
    }
    const m = node.exercise.manifest;
    const p = this.service.progress(m.id);
    const item = new vscode.TreeItem(`${m.id.slice(0, 2)} · ${pick(m.title, lang)}`, vscode.TreeItemCollapsibleState.None);
    item.id = m.id;
    const stateText = { notStarted: vscode.l10n.t('not started'), inProgress: vscode.l10n.t('in progress'), passed: vscode.l10n.t('passed') }[p.state];
    item.description = p.lastTotal !== undefined && p.state !== 'passed' ? `${stateText} · ${p.lastPassed}/${p.lastTotal}` : stateText;
    item.tooltip = new vscode.MarkdownString(`**${pick(m.title, lang)}**\n\n${pick(m.summary, lang)}\n\n${stateText}${p.attempts ? ` · ${vscode.l10n.t('{0} check(s) run', p.attempts)}` : ''}`);
    item.iconPath = p.state === 'passed'
      ? new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'))
      : p.state === 'inProgress'
        ? new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('testing.iconQueued'))
        : new vscode.ThemeIcon('circle-outline');
    // "ownImages": the exercise trains on the learner's own pictures (menu "Train on My Images").
    item.contextValue = `exercise-${p.state}${m.id === OWN_IMAGES_EXERCISE ? ' ownImages' : ''}`;
    item.command = { command: 'dlCourse.openExercise', title: vscode.l10n.t('Open Exercise'), arguments: [m.id] };
    return item;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
