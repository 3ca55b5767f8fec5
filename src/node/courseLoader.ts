import * as fs from 'fs';
import * as path from 'path';
import type { ExerciseManifest } from '../shared/manifest';
import { validateManifest } from '../shared/manifestValidation';

/**
 * Reads the course from the extension's (or the repository's) `exercises/` folder. Node-only,
 * no vscode: the extension host and the command-line grader both use it.
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

export function loadCourse(root: string): Course {
  const exercisesDir = path.join(root, 'exercises');
  const errors: string[] = [];
  const exercises: CourseExercise[] = [];
  let entries: string[];
  try {
    entries = fs.readdirSync(exercisesDir);
  } catch (e) {
    return { root, exercises, errors: [`cannot read ${exercisesDir}: ${(e as Error).message}`] };
  }
  for (const name of entries.sort()) {
    const dir = path.join(exercisesDir, name);
    const manifestPath = path.join(dir, 'exercise.json');
    if (!fs.existsSync(manifestPath)) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    } catch (e) {
      errors.push(`exercises/${name}/exercise.json: invalid JSON: ${(e as Error).message}`);
      continue;
    }
    const problems = validateManifest(raw, `exercises/${name}/exercise.json`);
    const manifest = raw as ExerciseManifest;
    if (!problems.length && manifest.id !== name)
      problems.push(`exercises/${name}/exercise.json: id "${manifest.id}" must equal the folder name`);
    const files = {
      starterPath: path.join(dir, 'starter.ts'),
      solutionPath: path.join(dir, 'solution.ts'),
      theoryPath: { en: path.join(dir, 'theory.en.md'), fr: path.join(dir, 'theory.fr.md') },
    };
    for (const f of [files.starterPath, files.solutionPath, files.theoryPath.en, files.theoryPath.fr]) {
      if (!fs.existsSync(f)) problems.push(`exercises/${name}/${path.basename(f)}: missing`);
    }
    if (problems.length) {
      errors.push(...problems);
      continue;
    }
    exercises.push({ manifest, dir, ...files });
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
