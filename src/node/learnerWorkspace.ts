import * as fs from 'fs';
import * as path from 'path';
import type { CourseExercise } from './courseLoader';

/**
 * The learner's course folder:
 *   .dl-course/course.json      marks the folder as a course (and records the extension version)
 *   .dl-course/progress.json    progress (ProgressStore)
 *   .dl-course/types/…          TF.js type declarations, so `import * as tf` type-checks offline
 *   .dl-course/backups/<id>/    copies kept by Reset
 *   tsconfig.json               strict, resolving '@tensorflow/*' to the shipped declarations
 *   <exercise-id>/exercise.ts   the learner's file (starter at first); never overwritten by lay-out
 * Checks, solutions and reference data are never copied here.
 */
export const MARKER = path.join('.dl-course', 'course.json');
export const EXERCISE_FILE = 'exercise.ts';

export function isCourseFolder(dir: string): boolean {
  return fs.existsSync(path.join(dir, MARKER));
}

export function exerciseFile(courseRoot: string, id: string): string {
  return path.join(courseRoot, id, EXERCISE_FILE);
}

/** The exercise id of a file inside a course folder, e.g. <root>/06-convolution/exercise.ts → 06-convolution. */
export function exerciseIdOf(courseRoot: string, file: string): string | undefined {
  const rel = path.relative(courseRoot, file);
  const parts = rel.split(path.sep);
  return parts.length === 2 && parts[1] === EXERCISE_FILE && /^\d{2}-/.test(parts[0]!) ? parts[0] : undefined;
}

export interface LayoutResult {
  readonly created: string[];
  readonly kept: string[];
}

/**
 * `module: preserve` + `moduleResolution: bundler` (TypeScript ≥ 5.4, VS Code ≥ 1.95 ships 5.6) and
 * `paths` without `baseUrl` (relative to this file): TypeScript 6 reports `moduleResolution: node`
 * and `baseUrl` as deprecated *errors*, which a fresh course would show in the Problems panel.
 */
const TSCONFIG = {
  compilerOptions: {
    target: 'ES2020',
    module: 'preserve',
    moduleResolution: 'bundler',
    lib: ['ES2020'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    paths: { '@tensorflow/*': ['./.dl-course/types/@tensorflow/*'] },
  },
  include: ['*/exercise.ts'],
};

/** Lays out (or completes) the course in `root`; existing learner files are kept as they are. */
export function layOutCourse(root: string, exercises: readonly CourseExercise[], typesSource: string, version: string): LayoutResult {
  const created: string[] = [];
  const kept: string[] = [];
  fs.mkdirSync(path.join(root, '.dl-course'), { recursive: true });
  writeIfAbsent(path.join(root, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`, created, kept);
  writeIfAbsent(
    path.join(root, '.vscode', 'settings.json'),
    `${JSON.stringify({ 'files.exclude': { '.dl-course/types': true } }, null, 2)}\n`,
    created,
    kept,
  );
  for (const e of exercises) {
    writeIfAbsent(exerciseFile(root, e.manifest.id), fs.readFileSync(e.starterPath, 'utf8'), created, kept);
  }
  // Declarations follow the extension's version: refresh them, they are not the learner's.
  const typesDest = path.join(root, '.dl-course', 'types');
  fs.rmSync(typesDest, { recursive: true, force: true });
  fs.cpSync(typesSource, typesDest, { recursive: true });
  // The marker last: a folder is a course only once everything is in place.
  fs.writeFileSync(
    path.join(root, MARKER),
    `${JSON.stringify({ course: 'introduction-au-deep-learning', extensionVersion: version }, null, 2)}\n`,
  );
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
  const dir = path.join(root, '.dl-course', 'backups', id);
  fs.mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let dest = path.join(dir, `exercise-${stamp}.ts`);
  for (let n = 2; fs.existsSync(dest); n++) dest = path.join(dir, `exercise-${stamp}-${n}.ts`);
  fs.writeFileSync(dest, content, { flag: 'wx' });
  return dest;
}
