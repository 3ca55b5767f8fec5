import type { CourseExercise } from '../shared/courseFiles';
import type { Folder } from '../shared/folder';
import { MARKER_REL, TYPES_REL, backupRel, courseSettingsFiles, exerciseRel, markerText, type LayoutResult } from '../shared/courseLayout';

/**
 * The learner's course folder as the extension host writes it, through a Folder (on disk on the
 * desktop, `vscode.workspace.fs` in the browser): the same lay-out as the CLI's
 * src/node/learnerWorkspace.ts, from src/shared/courseLayout.ts. Results are the folder's labels.
 */
export function isCourseFolderAt(folder: Folder): Promise<boolean> {
  return folder.exists(MARKER_REL);
}

/**
 * Lays out (or completes) the course in `course`; existing learner files are kept as they are.
 * `starter(e)` reads an exercise's starter; the declarations are copied from `types` (the
 * extension's dist/types).
 */
export async function layOutCourseIn(
  course: Folder,
  exercises: readonly CourseExercise[],
  starter: (e: CourseExercise) => Promise<string>,
  types: { readonly from: Folder; readonly rel: string },
  version: string,
): Promise<LayoutResult> {
  const created: string[] = [];
  const kept: string[] = [];
  const writeIfAbsent = async (rel: string, content: () => Promise<string>) => {
    if (await course.exists(rel)) return void kept.push(course.labelOf(rel));
    await course.writeText(rel, await content(), { exclusive: true });
    created.push(course.labelOf(rel));
  };
  for (const f of courseSettingsFiles()) await writeIfAbsent(f.rel, async () => f.content);
  for (const e of exercises) await writeIfAbsent(exerciseRel(e.manifest.id), () => starter(e));
  // Declarations follow the extension's version: refresh them, they are not the learner's.
  await course.remove(TYPES_REL);
  await types.from.copyTree(types.rel, course, TYPES_REL);
  // The marker last: a folder is a course only once everything is in place.
  await course.writeText(MARKER_REL, markerText(version));
  return { created, kept };
}

/** Keeps `content` (the learner's current text) in .dl-course/backups/<id>/ before a reset; returns the copy's relative path. */
export async function backUpIn(course: Folder, id: string, content: string, now = new Date()): Promise<string> {
  let rel = backupRel(id, now, 1);
  for (let n = 2; await course.exists(rel); n++) rel = backupRel(id, now, n);
  await course.writeText(rel, content, { exclusive: true });
  return rel;
}
