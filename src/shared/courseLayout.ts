/**
 * The learner's course folder, as written by Open Course (either extension host) and by the CLI's
 * `classroom init`; paths relative to the folder, '/'-separated:
 *   .dl-course/course.json      marks the folder as a course (and records the extension version)
 *   .dl-course/progress.json    progress (ProgressStore)
 *   .dl-course/types/…          TF.js type declarations, so `import * as tf` type-checks offline
 *   .dl-course/backups/<id>/    copies kept by Reset
 *   tsconfig.json               strict, resolving '@tensorflow/*' to the shipped declarations
 *   <exercise-id>/exercise.ts   the learner's file (starter at first); never overwritten by lay-out
 * Checks, solutions and reference data are never copied here. Environment-free: the writing is
 * src/node/learnerWorkspace.ts's (sync, on disk) and src/course/learnerFolder.ts's (a Folder).
 */
export const MARKER_REL = '.dl-course/course.json';
export const TYPES_REL = '.dl-course/types';
export const EXERCISE_FILE = 'exercise.ts';

export function exerciseRel(id: string): string {
  return `${id}/${EXERCISE_FILE}`;
}

/** The exercise id of a '/'-separated path relative to the course folder: 06-convolution/exercise.ts → 06-convolution. */
export function exerciseIdOfRel(rel: string): string | undefined {
  const parts = rel.split('/');
  return parts.length === 2 && parts[1] === EXERCISE_FILE && /^\d{2}-/.test(parts[0]!) ? parts[0] : undefined;
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

/** The files a lay-out writes where absent, before the starters. */
export function courseSettingsFiles(): { rel: string; content: string }[] {
  return [
    { rel: 'tsconfig.json', content: `${JSON.stringify(TSCONFIG, null, 2)}\n` },
    { rel: '.vscode/settings.json', content: `${JSON.stringify({ 'files.exclude': { '.dl-course/types': true } }, null, 2)}\n` },
  ];
}

/** The marker, written last: a folder is a course only once everything is in place. */
export function markerText(version: string): string {
  return `${JSON.stringify({ course: 'introduction-au-deep-learning', extensionVersion: version }, null, 2)}\n`;
}

export interface LayoutResult {
  readonly created: string[];
  readonly kept: string[];
}

/** The n-th candidate name of a backup made at `now` (n = 1 first, then 2, 3… while taken). */
export function backupRel(id: string, now: Date, n: number): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return `.dl-course/backups/${id}/exercise-${stamp}${n > 1 ? `-${n}` : ''}.ts`;
}
