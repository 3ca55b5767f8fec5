import { check } from './check';
import type { CommandDeps } from './deps';
import { openCourse } from './openCourse';
import { openExercise, showTheory } from './openExercise';
import { resetExercise } from './resetExercise';
import { showFeatureMaps } from './showFeatureMaps';
import { showGradientDescent } from './showGradientDescent';
import { showDatasetBalance } from './showDatasetBalance';
import { showHint } from './showHint';
import { showSolution } from './showSolution';
import { showTraining } from './showTraining';
import { toggleWatch } from './toggleWatch';
import { trainOnImages } from './trainOnImages';

/** A handler may resolve with a value (returned by executeCommand, e.g. to a test); the palette ignores it. */
type Handler = (deps: CommandDeps, arg?: unknown) => Promise<unknown>;

/** Every command of package.json's `contributes.commands`, by id (a unit test keeps the two in step). */
export const COMMANDS: Readonly<Record<string, Handler>> = {
  'dlCourse.openCourse': openCourse,
  'dlCourse.openExercise': openExercise,
  'dlCourse.check': check,
  'dlCourse.showHint': showHint,
  'dlCourse.resetExercise': resetExercise,
  'dlCourse.showSolution': showSolution,
  'dlCourse.showTheory': showTheory,
  'dlCourse.showFeatureMaps': showFeatureMaps,
  'dlCourse.showGradientDescent': showGradientDescent,
  'dlCourse.showDatasetBalance': showDatasetBalance,
  'dlCourse.showTraining': showTraining,
  'dlCourse.trainOnImages': trainOnImages,
  'dlCourse.toggleWatch': toggleWatch,
};
