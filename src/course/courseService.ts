import * as path from 'path';
import * as vscode from 'vscode';
import { loadCourse, type Course, type CourseExercise } from '../node/courseLoader';
import { exerciseFile, exerciseIdOf, isCourseFolder } from '../node/learnerWorkspace';
import { ProgressStore, type ExerciseProgress } from './progressStore';
import { l10n } from './language';

/**
 * The course as the extension host sees it: the exercises shipped in the extension, the
 * learner's course folder (if one is open) and their progress. Fires onDidChange when any of it changes.
 */
export class CourseService implements vscode.Disposable {
  readonly course: Course;
  private root: string | undefined;
  private store: ProgressStore | undefined;
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with an exercise id, or undefined when everything may have changed. */
  readonly onDidChange = this.changed.event;

  constructor(readonly extensionPath: string) {
    this.course = loadCourse(extensionPath);
    this.refreshRoot();
  }

  get exercises(): readonly CourseExercise[] {
    return this.course.exercises;
  }

  get courseRoot(): string | undefined {
    return this.root;
  }

  exercise(id: string): CourseExercise | undefined {
    return this.course.exercises.find((e) => e.manifest.id === id);
  }

  /** Looks for a course among the workspace folders and their direct sub-folders. */
  refreshRoot(): void {
    const found = findCourseRoot();
    if (found !== this.root) {
      this.root = found;
      this.store = found ? new ProgressStore(found) : undefined;
      void vscode.commands.executeCommand('setContext', 'dlCourse.courseOpen', !!found);
      if (this.store?.recoveredFrom) {
        void vscode.window.showWarningMessage(
          l10n.t('Your progress file could not be read; it was kept as {0} and progress starts afresh.', this.store.recoveredFrom),
        );
      }
      this.changed.fire(undefined);
    }
  }

  setRoot(root: string): void {
    this.root = root;
    this.store = new ProgressStore(root);
    void vscode.commands.executeCommand('setContext', 'dlCourse.courseOpen', true);
    this.changed.fire(undefined);
  }

  progress(id: string): ExerciseProgress {
    return this.store?.get(id) ?? { state: 'notStarted', attempts: 0, hintsShown: 0 };
  }

  updateProgress(id: string, change: (p: ExerciseProgress) => void): ExerciseProgress {
    if (!this.store) throw new Error(l10n.t('No course folder is open.'));
    const p = this.store.update(id, change);
    this.changed.fire(id);
    return p;
  }

  fileOf(id: string): vscode.Uri | undefined {
    return this.root ? vscode.Uri.file(exerciseFile(this.root, id)) : undefined;
  }

  /** The exercise a document belongs to, if it is an exercise.ts of the open course. */
  exerciseOf(uri: vscode.Uri | undefined): CourseExercise | undefined {
    if (!uri || uri.scheme !== 'file' || !this.root) return undefined;
    const id = exerciseIdOf(this.root, uri.fsPath);
    return id ? this.exercise(id) : undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function findCourseRoot(): string | undefined {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const dir = folder.uri.fsPath;
    if (isCourseFolder(dir)) return dir;
  }
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const sub = path.join(folder.uri.fsPath, 'dl-course');
    if (isCourseFolder(sub)) return sub;
  }
  return undefined;
}
