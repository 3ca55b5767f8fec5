import * as vscode from 'vscode';
import type { CourseService } from './courseService';

/**
 * The one reading of "the exercise a command argument names": an exercise id (or a test item's
 * "<exercise>/<check>" id), a file inside an exercise folder, or a tree/test item with an `id`.
 * Undefined when the argument names none; what to fall back on is each command's own choice.
 */
export function resolveExercise(service: CourseService, arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return service.exerciseOf(arg)?.manifest.id;
  const raw = typeof arg === 'string' ? arg : (arg as { id?: unknown } | undefined)?.id;
  if (typeof raw !== 'string') return undefined;
  const id = raw.split('/')[0]!;
  return service.exercise(id) ? id : undefined;
}
