import * as vscode from 'vscode';
import type { CourseService } from '../course/courseService';
import { DEFAULT_SOLUTION_AFTER_ATTEMPTS } from '../shared/manifest';

/** Actions at the top of each exercise.ts: Check, Hint (k/n), Theory, Reset, and Solution once unlocked. */
export class ExerciseCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly service: CourseService) {
    this.sub = service.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const e = this.service.exerciseOf(doc.uri);
    if (!e) return [];
    const id = e.manifest.id;
    const p = this.service.progress(id);
    const top = new vscode.Range(0, 0, 0, 0);
    const lens = (title: string, command: string) => new vscode.CodeLens(top, { title, command, arguments: [id] });
    const lenses = [
      lens(`$(beaker) ${vscode.l10n.t('Check')}`, 'dlCourse.check'),
      lens(`$(lightbulb) ${vscode.l10n.t('Hint ({0}/{1})', Math.min(p.hintsShown + 1, e.manifest.hints.en.length), e.manifest.hints.en.length)}`, 'dlCourse.showHint'),
      lens(`$(book) ${vscode.l10n.t('Theory')}`, 'dlCourse.showTheory'),
      lens(`$(discard) ${vscode.l10n.t('Reset')}`, 'dlCourse.resetExercise'),
    ];
    if (p.state === 'passed' || p.attempts >= (e.manifest.solutionAfterAttempts ?? DEFAULT_SOLUTION_AFTER_ATTEMPTS)) lenses.push(lens(`$(eye) ${vscode.l10n.t('Solution')}`, 'dlCourse.showSolution'));
    return lenses;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
