import * as vscode from 'vscode';
import type { CourseService } from '../course/courseService';
import { nextHint, solutionUnlocked } from '../course/courseRules';
import { l10n } from '../course/language';

/** Actions at the top of each exercise.ts: Check, Hint (k/n), Theory, Reset, and Solution once unlocked. */
export class ExerciseCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly service: CourseService) {
    this.sub = vscode.Disposable.from(
      service.onDidChange(() => this.changed.fire()),
      // The lenses speak the course language, live.
      // A refresh asked while VS Code is still resolving the previous lenses can be dropped: ask again shortly after.
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('dlCourse.language')) return;
        this.changed.fire();
        setTimeout(() => this.changed.fire(), 750);
      }),
    );
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const e = this.service.exerciseOf(doc.uri);
    if (!e) return [];
    const id = e.manifest.id;
    const p = this.service.progress(id);
    const top = new vscode.Range(0, 0, 0, 0);
    const lens = (title: string, command: string) => new vscode.CodeLens(top, { title, command, arguments: [id] });
    const lenses = [
      lens(`$(beaker) ${l10n.t('Check')}`, 'dlCourse.check'),
      lens(
        `$(lightbulb) ${l10n.t('Hint ({0}/{1})', nextHint(p.hintsShown, e.manifest.hints.en.length).index + 1, e.manifest.hints.en.length)}`,
        'dlCourse.showHint',
      ),
      lens(`$(book) ${l10n.t('Theory')}`, 'dlCourse.showTheory'),
      lens(`$(discard) ${l10n.t('Reset')}`, 'dlCourse.resetExercise'),
    ];
    if (solutionUnlocked(p, e.manifest)) lenses.push(lens(`$(eye) ${l10n.t('Solution')}`, 'dlCourse.showSolution'));
    return lenses;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
