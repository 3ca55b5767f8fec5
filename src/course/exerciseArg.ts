import * as vscode from 'vscode';
import { exerciseIdFromArg } from './courseRules';
import type { CourseService } from './courseService';

/**
 * The one reading of "the exercise a command argument names": an exercise id (or a test item's
 * "<exercise>/<check>" id), a file inside an exercise folder, or a tree/test item with an `id`.
 * Undefined when the argument names none; what to fall back on is each command's own choice.
 */
export function resolveExercise(service: CourseService, arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return service.exerciseOf(arg)?.manifest.id;
  return exerciseIdFromArg(arg, (id) => service.exercise(id) !== undefined);
}
