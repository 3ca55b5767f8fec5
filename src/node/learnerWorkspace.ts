import * as fs from 'fs';
import * as path from 'path';
import type { CourseExercise } from './courseLoader';
import {
  EXERCISE_FILE,
  MARKER_REL,
  TYPES_REL,
  backupRel,
  courseSettingsFiles,
  exerciseIdOfRel,
  exerciseRel,
  markerText,
  type LayoutResult,
} from '../shared/courseLayout';

/**
 * The learner's course folder on disk, synchronously (src/shared/courseLayout.ts says what it holds):
 * the CLI's `classroom init` and the tests. The extension host writes the same through a Folder
 * (src/course/learnerFolder.ts).
 */
export { EXERCISE_FILE, type LayoutResult };
export const MARKER = path.join(...MARKER_REL.split('/'));

const at = (root: string, rel: string): string => path.join(root, ...rel.split('/'));

export function isCourseFolder(dir: string): boolean {
  return fs.existsSync(at(dir, MARKER_REL));
}

export function exerciseFile(courseRoot: string, id: string): string {
  return at(courseRoot, exerciseRel(id));
}

/** The exercise id of a file inside a course folder, e.g. <root>/06-convolution/exercise.ts → 06-convolution. */
export function exerciseIdOf(courseRoot: string, file: string): string | undefined {
  return exerciseIdOfRel(path.relative(courseRoot, file).split(path.sep).join('/'));
}

/** Lays out (or completes) the course in `root`; existing learner files are kept as they are. */
export function layOutCourse(root: string, exercises: readonly CourseExercise[], typesSource: string, version: string): LayoutResult {
  const created: string[] = [];
  const kept: string[] = [];
  fs.mkdirSync(path.join(root, '.dl-course'), { recursive: true });
  for (const f of courseSettingsFiles()) writeIfAbsent(at(root, f.rel), f.content, created, kept);
  for (const e of exercises) {
    writeIfAbsent(exerciseFile(root, e.manifest.id), fs.readFileSync(e.starterPath, 'utf8'), created, kept);
  }
  // Declarations follow the extension's version: refresh them, they are not the learner's.
  const typesDest = at(root, TYPES_REL);
  fs.rmSync(typesDest, { recursive: true, force: true });
  fs.cpSync(typesSource, typesDest, { recursive: true });
  fs.writeFileSync(at(root, MARKER_REL), markerText(version));
  return { created, kept };
}

function writeIfAbsent(file: string, content: string, created: string[], kept: string[]): void {
  if (fs.existsSync(file)) {
    kept.push(file);
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content, { flag: 'wx' });
  created.push(file);
}

/** Keeps `content` (the learner's current text) in .dl-course/backups/<id>/ before a reset; returns the copy's path. */
export function backUp(root: string, id: string, content: string, now = new Date()): string {
  let dest = at(root, backupRel(id, now, 1));
  for (let n = 2; fs.existsSync(dest); n++) dest = at(root, backupRel(id, now, n));
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.writeFileSync(dest, content, { flag: 'wx' });
  return dest;
}
