import * as fs from 'fs';
import * as path from 'path';
import { assembleCourse, EXERCISE_SOURCES, type Course, type ExerciseFolder } from '../shared/courseFiles';

export type { Course, CourseExercise } from '../shared/courseFiles';

/**
 * Reads the course from the extension's (or the repository's) `exercises/` folder, synchronously.
 * Node-only, no vscode: the command-line grader and the tests use it (the extension host reads
 * through a Folder, src/course/courseReader.ts; both check what they read with assembleCourse).
 */
export function loadCourse(root: string): Course {
  const exercisesDir = path.join(root, 'exercises');
  let entries: string[];
  try {
    entries = fs.readdirSync(exercisesDir);
  } catch (e) {
    return { root, exercises: [], errors: [`cannot read ${exercisesDir}: ${(e as Error).message}`] };
  }
  const folders: ExerciseFolder[] = [];
  const s = EXERCISE_SOURCES;
  for (const name of entries) {
    const dir = path.join(exercisesDir, name);
    const manifestPath = path.join(dir, 'exercise.json');
    if (!fs.existsSync(manifestPath)) continue;
    const present = new Set([s.starter, s.solution, s.theory.en, s.theory.fr].filter((f) => fs.existsSync(path.join(dir, f))));
    folders.push({ name, manifestText: fs.readFileSync(manifestPath, 'utf8'), present });
  }
  return assembleCourse(root, folders, (name, file) => (file ? path.join(exercisesDir, name, file) : path.join(exercisesDir, name)));
}
