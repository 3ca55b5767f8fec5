import type { Folder } from '../shared/folder';

/**
 * The learner's progress, kept in `<course>/.dl-course/progress.json` beside their work (so it
 * survives reloads, travels with the folder, and an instructor can read it). Written atomically
 * (temp file + rename), one write at a time; an unreadable file is kept aside, never overwritten
 * silently. Read and written through a Folder: on disk on the desktop, `vscode.workspace.fs` in
 * the browser.
 */
export type ExerciseState = 'notStarted' | 'inProgress' | 'passed';

export interface ExerciseProgress {
  state: ExerciseState;
  attempts: number;
  hintsShown: number;
  /** Last check: passed/total. */
  lastPassed?: number;
  lastTotal?: number;
  lastCheckedAt?: string;
  passedAt?: string;
  /** Predict before you run: the choice made (-1: skipped) before the first check, and whether it was right. */
  prediction?: { choice: number; correct: boolean; at: string };
}

interface ProgressFile {
  version: 1;
  exercises: Record<string, ExerciseProgress>;
}

const FILE = '.dl-course/progress.json';

export class ProgressStore {
  /** The last write (each waits for the one before). */
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly course: Folder,
    private readonly data: ProgressFile,
    /** Set when the file existed but could not be read: it was moved aside to this place (a path on disk, a URI). */
    readonly recoveredFrom: string | undefined,
  ) {}

  /** The progress of the course in `course` (its folder). */
  static async open(course: Folder): Promise<ProgressStore> {
    const { data, movedTo } = await read(course);
    return new ProgressStore(course, data, movedTo);
  }

  /** Where the progress is kept. */
  get file(): string {
    return this.course.labelOf(FILE);
  }

  get(id: string): ExerciseProgress {
    return this.data.exercises[id] ?? { state: 'notStarted', attempts: 0, hintsShown: 0 };
  }

  /** Changes the progress at once (get() sees it); resolves once it is on disk. */
  update(id: string, change: (p: ExerciseProgress) => void): { progress: ExerciseProgress; saved: Promise<void> } {
    const p = { ...this.get(id) };
    change(p);
    this.data.exercises[id] = p;
    const text = `${JSON.stringify(this.data, null, 2)}\n`;
    const saved = this.writing.then(() => this.save(text));
    this.writing = saved.catch(() => undefined);
    return { progress: p, saved };
  }

  private async save(text: string): Promise<void> {
    const tmp = `${FILE}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
    await this.course.writeText(tmp, text);
    await this.course.rename(tmp, FILE);
  }
}

async function read(course: Folder): Promise<{ data: ProgressFile; movedTo?: string }> {
  let text: string;
  try {
    text = await course.readText(FILE);
  } catch {
    return { data: { version: 1, exercises: {} } };
  }
  try {
    const parsed = JSON.parse(text) as ProgressFile;
    if (parsed && typeof parsed === 'object' && parsed.exercises && typeof parsed.exercises === 'object')
      return { data: { version: 1, exercises: parsed.exercises } };
    throw new Error('unexpected shape');
  } catch {
    const aside = `${FILE}.unreadable-${Date.now()}`;
    await course.rename(FILE, aside);
    return { data: { version: 1, exercises: {} }, movedTo: course.labelOf(aside) };
  }
}
