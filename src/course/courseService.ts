import * as vscode from 'vscode';
import type { Course, CourseExercise } from '../shared/courseFiles';
import { exerciseIdOfRel, exerciseRel } from '../shared/courseLayout';
import type { Folder } from '../shared/folder';
import { hostsCourse, type Platform } from '../env/platform';
import { readCourse } from './courseReader';
import { isCourseFolderAt } from './learnerFolder';
import { ProgressStore, type ExerciseProgress } from './progressStore';
import { l10n } from './language';

/**
 * The course as the extension host sees it: the exercises shipped in the extension, the
 * learner's course folder (if one is open) and their progress. Fires onDidChange when any of it
 * changes. Files are read through the platform's Folders (on disk on the desktop,
 * `vscode.workspace.fs` in the browser) and named by URI.
 */
export class CourseService implements vscode.Disposable {
  private root: vscode.Uri | undefined;
  private store: ProgressStore | undefined;
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with an exercise id, or undefined when everything may have changed. */
  readonly onDidChange = this.changed.event;
  /** The extension's own files (exercises/, dist/types, l10n/). */
  readonly extension: Folder;

  private constructor(
    readonly platform: Platform,
    readonly extensionUri: vscode.Uri,
    readonly course: Course,
  ) {
    this.extension = platform.folder(extensionUri);
  }

  /** Reads the shipped course, then looks for the learner's course folder. */
  static async create(platform: Platform, extensionUri: vscode.Uri): Promise<CourseService> {
    const service = new CourseService(platform, extensionUri, await readCourse(platform.folder(extensionUri)));
    await service.refreshRoot();
    return service;
  }

  get exercises(): readonly CourseExercise[] {
    return this.course.exercises;
  }

  /** The course folder, for messages: a path on the desktop, a URI in the browser. */
  get courseRoot(): string | undefined {
    return this.root && this.platform.folder(this.root).label;
  }

  get courseUri(): vscode.Uri | undefined {
    return this.root;
  }

  /** The course folder's files. */
  get courseFolder(): Folder | undefined {
    return this.root && this.platform.folder(this.root);
  }

  exercise(id: string): CourseExercise | undefined {
    return this.course.exercises.find((e) => e.manifest.id === id);
  }

  /** A file the extension ships with an exercise (its starter, solution, theory). */
  shippedUri(id: string, file: string): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'exercises', id, file);
  }

  readShipped(id: string, file: string): Promise<string> {
    return this.extension.readText(`exercises/${id}/${file}`);
  }

  /** Looks for a course among the workspace folders and their direct sub-folders. */
  async refreshRoot(): Promise<void> {
    const found = await this.findCourseRoot();
    if (found?.toString() !== this.root?.toString()) await this.setRoot(found);
  }

  async setRoot(root: vscode.Uri | undefined): Promise<void> {
    const store = root ? await ProgressStore.open(this.platform.folder(root)) : undefined;
    this.root = root;
    this.store = store;
    void vscode.commands.executeCommand('setContext', 'dlCourse.courseOpen', !!root);
    if (store?.recoveredFrom) {
      void vscode.window.showWarningMessage(
        l10n.t('Your progress file could not be read; it was kept as {0} and progress starts afresh.', store.recoveredFrom),
      );
    }
    this.changed.fire(undefined);
  }

  progress(id: string): ExerciseProgress {
    return this.store?.get(id) ?? { state: 'notStarted', attempts: 0, hintsShown: 0 };
  }

  /** Changes an exercise's progress at once (progress() and onDidChange see it); resolves once it is saved. */
  async updateProgress(id: string, change: (p: ExerciseProgress) => void): Promise<ExerciseProgress> {
    if (!this.store) throw new Error(l10n.t('No course folder is open.'));
    const { progress, saved } = this.store.update(id, change);
    this.changed.fire(id);
    await saved;
    return progress;
  }

  fileOf(id: string): vscode.Uri | undefined {
    return this.root ? vscode.Uri.joinPath(this.root, ...exerciseRel(id).split('/')) : undefined;
  }

  /** The exercise a document belongs to, if it is an exercise.ts of the open course. */
  exerciseOf(uri: vscode.Uri | undefined): CourseExercise | undefined {
    const root = this.root;
    if (!uri || !root || uri.scheme !== root.scheme || uri.authority !== root.authority) return undefined;
    const base = root.path.endsWith('/') ? root.path : `${root.path}/`;
    if (!uri.path.startsWith(base)) return undefined;
    const id = exerciseIdOfRel(uri.path.slice(base.length));
    return id ? this.exercise(id) : undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async findCourseRoot(): Promise<vscode.Uri | undefined> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => hostsCourse(this.platform, f.uri));
    for (const folder of folders) {
      if (await isCourseFolderAt(this.platform.folder(folder.uri))) return folder.uri;
    }
    for (const folder of folders) {
      const sub = vscode.Uri.joinPath(folder.uri, 'dl-course');
      if (await isCourseFolderAt(this.platform.folder(sub))) return sub;
    }
    return undefined;
  }
}
