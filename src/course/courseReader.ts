import { assembleCourse, EXERCISE_SOURCES, type Course, type ExerciseFolder } from '../shared/courseFiles';
import type { Folder } from '../shared/folder';

/**
 * Reads the course shipped in the extension (`<extension>/exercises/`) through a Folder: the same
 * course, the same checks as src/node/courseLoader.ts, on either extension host.
 */
export async function readCourse(extension: Folder): Promise<Course> {
  const exercises = extension.sub('exercises');
  let entries: string[];
  try {
    entries = await exercises.list('');
  } catch (e) {
    return { root: extension.label, exercises: [], errors: [`cannot read ${exercises.label}: ${(e as Error).message}`] };
  }
  const s = EXERCISE_SOURCES;
  const read = await Promise.all(
    entries.map(async (name): Promise<ExerciseFolder | undefined> => {
      const manifestText = await exercises.readText(`${name}/exercise.json`).catch(() => undefined);
      if (manifestText === undefined) return undefined;
      const files = [s.starter, s.solution, s.theory.en, s.theory.fr];
      const exists = await Promise.all(files.map((f) => exercises.exists(`${name}/${f}`)));
      return { name, manifestText, present: new Set(files.filter((_, i) => exists[i])) };
    }),
  );
  return assembleCourse(
    extension.label,
    read.filter((f): f is ExerciseFolder => f !== undefined),
    (name, file) => exercises.labelOf(file ? `${name}/${file}` : name),
  );
}
