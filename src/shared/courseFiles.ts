import type { ExerciseManifest } from './manifest';
import { validateManifest } from './manifestValidation';

/**
 * The course as shipped in `exercises/<id>/`: what the extension (either host) and the
 * command-line grader read. Reading is theirs (src/node/courseLoader.ts on disk,
 * src/course/courseReader.ts through a Folder); checking what was read is this file's, once.
 */
export interface CourseExercise {
  readonly manifest: ExerciseManifest;
  readonly dir: string;
  readonly starterPath: string;
  readonly solutionPath: string;
  readonly theoryPath: { readonly en: string; readonly fr: string };
}

export interface Course {
  readonly root: string;
  readonly exercises: readonly CourseExercise[];
  /** Problems found while reading; an exercise with problems is left out of `exercises`. */
  readonly errors: readonly string[];
}

/** The files every exercise folder must hold besides exercise.json. */
export const EXERCISE_SOURCES = {
  starter: 'starter.ts',
  solution: 'solution.ts',
  theory: { en: 'theory.en.md', fr: 'theory.fr.md' },
} as const;

/** One `exercises/<name>/` folder as read: its exercise.json text and which of EXERCISE_SOURCES exist. */
export interface ExerciseFolder {
  readonly name: string;
  readonly manifestText: string;
  readonly present: ReadonlySet<string>;
}

/**
 * Validates what was read and puts the course in order. `join(name, file)` says where a file of
 * an exercise is (a path on disk, a URI), as the reader addresses it.
 */
export function assembleCourse(root: string, folders: readonly ExerciseFolder[], join: (name: string, file?: string) => string): Course {
  const errors: string[] = [];
  const exercises: CourseExercise[] = [];
  for (const { name, manifestText, present } of [...folders].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    let raw: unknown;
    try {
      raw = JSON.parse(manifestText);
    } catch (e) {
      errors.push(`exercises/${name}/exercise.json: invalid JSON: ${(e as Error).message}`);
      continue;
    }
    const problems = validateManifest(raw, `exercises/${name}/exercise.json`);
    const manifest = raw as ExerciseManifest;
    if (!problems.length && manifest.id !== name)
      problems.push(`exercises/${name}/exercise.json: id "${manifest.id}" must equal the folder name`);
    const s = EXERCISE_SOURCES;
    for (const f of [s.starter, s.solution, s.theory.en, s.theory.fr]) {
      if (!present.has(f)) problems.push(`exercises/${name}/${f}: missing`);
    }
    if (problems.length) {
      errors.push(...problems);
      continue;
    }
    exercises.push({
      manifest,
      dir: join(name),
      starterPath: join(name, s.starter),
      solutionPath: join(name, s.solution),
      theoryPath: { en: join(name, s.theory.en), fr: join(name, s.theory.fr) },
    });
  }
  exercises.sort((a, b) => a.manifest.order - b.manifest.order);
  const seen = new Map<number, string>();
  for (const e of exercises) {
    const other = seen.get(e.manifest.order);
    if (other) errors.push(`exercises/${e.manifest.id}: order ${e.manifest.order} is also used by ${other}`);
    seen.set(e.manifest.order, e.manifest.id);
  }
  return { root, exercises, errors };
}
