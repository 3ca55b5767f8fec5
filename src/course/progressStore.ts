import * as fs from 'fs';
import * as path from 'path';

/**
 * The learner's progress, kept in `<course>/.dl-course/progress.json` beside their work (so it
 * survives reloads, travels with the folder, and an instructor can read it). Written atomically
 * (temp file + rename); an unreadable file is kept aside, never overwritten silently.
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

export class ProgressStore {
  private data: ProgressFile;
  readonly file: string;
  /** Set when the file existed but could not be read: it was moved aside to this path. */
  readonly recoveredFrom: string | undefined;

  constructor(courseRoot: string) {
    this.file = path.join(courseRoot, '.dl-course', 'progress.json');
    const { data, movedTo } = read(this.file);
    this.data = data;
    this.recoveredFrom = movedTo;
  }

  get(id: string): ExerciseProgress {
    return this.data.exercises[id] ?? { state: 'notStarted', attempts: 0, hintsShown: 0 };
  }

  update(id: string, change: (p: ExerciseProgress) => void): ExerciseProgress {
    const p = { ...this.get(id) };
    change(p);
    this.data.exercises[id] = p;
    this.save();
    return p;
  }

  private save(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(this.data, null, 2)}\n`);
    fs.renameSync(tmp, this.file);
  }
}

function read(file: string): { data: ProgressFile; movedTo?: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { data: { version: 1, exercises: {} } };
  }
  try {
    const parsed = JSON.parse(text) as ProgressFile;
    if (parsed && typeof parsed === 'object' && parsed.exercises && typeof parsed.exercises === 'object')
      return { data: { version: 1, exercises: parsed.exercises } };
    throw new Error('unexpected shape');
  } catch {
    const movedTo = `${file}.unreadable-${Date.now()}`;
    fs.renameSync(file, movedTo);
    return { data: { version: 1, exercises: {} }, movedTo };
  }
}
