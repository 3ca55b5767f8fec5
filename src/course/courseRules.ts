import type { GradeResult } from '../shared/grading';
import { DEFAULT_SOLUTION_AFTER_ATTEMPTS, type ExerciseManifest } from '../shared/manifest';
import type { PredictionView } from '../shared/protocol/grader';
import type { ExerciseProgress } from './progressStore';

/**
 * The course's rules about progress, in one place and without vscode (unit-tested):
 * what counts as a check, when the solution unlocks, what comes next, how far the learner is.
 */

/**
 * A run counts as a check (towards Show Solution) only when it ran the learner's code to a
 * verdict: not a syntax error (nothing ran), not a cancel, not a grader that could not start
 * (both leave `backend: 'none'`). Where the run was started from does not matter: a run of the
 * Testing view that reaches a verdict is a real check, like the CodeLens's or the status bar's.
 */
export function ranToVerdict(result: Pick<GradeResult, 'cancelled' | 'backend' | 'outcomes'>): boolean {
  return (
    !result.cancelled && result.backend !== 'none' && result.outcomes.length > 0 && result.outcomes.every((o) => o.status !== 'cancelled')
  );
}

/** How many checks (as counted by ranToVerdict) open the solution of an exercise that has not passed. */
export function solutionAfter(manifest: Pick<ExerciseManifest, 'solutionAfterAttempts'> | undefined): number {
  return manifest?.solutionAfterAttempts ?? DEFAULT_SOLUTION_AFTER_ATTEMPTS;
}

/** The solution opens once the exercise has passed, or after `solutionAfter` checks. */
export function solutionUnlocked(
  progress: Pick<ExerciseProgress, 'state' | 'attempts'>,
  manifest: Pick<ExerciseManifest, 'solutionAfterAttempts'> | undefined,
): boolean {
  return progress.state === 'passed' || progress.attempts >= solutionAfter(manifest);
}

type Ordered = Pick<ExerciseManifest, 'id' | 'chapter'>;

/**
 * The exercise to do after `afterId`: the first one after it, in course order, that has not
 * passed; else the first not passed before it; undefined once everything has passed.
 */
export function nextExercise(exercises: readonly Ordered[], isPassed: (id: string) => boolean, afterId?: string): string | undefined {
  const at = afterId === undefined ? -1 : exercises.findIndex((e) => e.id === afterId);
  const ordered = [...exercises.slice(at + 1), ...exercises.slice(0, Math.max(0, at + 1))];
  return ordered.find((e) => e.id !== afterId && !isPassed(e.id))?.id;
}

export interface ProgressSummary {
  readonly passed: number;
  readonly total: number;
  /** The chapter of `currentId`, when given and known. */
  readonly chapter?: { readonly chapter: number; readonly passed: number; readonly total: number };
}

/** Passed exercises in the course (and in the chapter of `currentId`), e.g. 7/19 and 3/6. */
export function progressSummary(exercises: readonly Ordered[], isPassed: (id: string) => boolean, currentId?: string): ProgressSummary {
  const passed = exercises.filter((e) => isPassed(e.id)).length;
  const current = currentId === undefined ? undefined : exercises.find((e) => e.id === currentId);
  if (!current) return { passed, total: exercises.length };
  const inChapter = exercises.filter((e) => e.chapter === current.chapter);
  return {
    passed,
    total: exercises.length,
    chapter: { chapter: current.chapter, passed: inChapter.filter((e) => isPassed(e.id)).length, total: inChapter.length },
  };
}

export interface HintStep {
  /** The hint to show now (0-based): the next one not yet seen, else the last. */
  readonly index: number;
  /** `hintsShown` after showing it (never past the number of hints). */
  readonly hintsShown: number;
  /** Whether another hint follows this one. */
  readonly more: boolean;
}

/** Show Hint gives one hint at a time, each giving away a little more; once all are seen, the last one again. */
export function nextHint(hintsShown: number, count: number): HintStep {
  const index = Math.min(hintsShown, count - 1);
  return { index, hintsShown: hintsShown < count ? index + 1 : hintsShown, more: index + 1 < count };
}

/**
 * The exercise a command argument names, when it names one: an exercise id, or an item with an
 * `id` (a tree item; a test item `<exercise>/<check>`). A file, the active editor or a pick is the
 * caller's business (they need vscode).
 */
export function exerciseIdFromArg(arg: unknown, isExercise: (id: string) => boolean): string | undefined {
  const raw = typeof arg === 'string' ? arg : (arg as { id?: unknown } | null | undefined)?.id;
  if (typeof raw !== 'string') return undefined;
  // A test item's id is "<exercise>/<check>": the exercise is its first part.
  const exerciseId = raw.split('/')[0]!;
  return isExercise(exerciseId) ? exerciseId : undefined;
}

/** Open Exercise asks which exercise when called without an argument (the palette), even with an exercise open. */
export function openExerciseAsks(arg: unknown): boolean {
  return arg === undefined;
}

/** The prediction to ask before this check: the exercise has one and the learner has not answered (nor skipped) it. */
export function predictionDue(
  manifest: Pick<ExerciseManifest, 'predict'> | undefined,
  progress: Pick<ExerciseProgress, 'prediction'>,
): boolean {
  return !!manifest?.predict && !progress.prediction;
}

/** What the learner chose (-1: skipped), as progress records it. */
export function recordPrediction(
  manifest: Pick<ExerciseManifest, 'predict'>,
  choice: number,
  at: Date,
): NonNullable<ExerciseProgress['prediction']> {
  const valid = Number.isInteger(choice) && choice >= 0 && choice < (manifest.predict?.choices.length ?? 0);
  return { choice: valid ? choice : -1, correct: valid && choice === manifest.predict?.answer, at: at.toISOString() };
}

/** The prediction as the results panel shows it, once answered (or skipped). */
export function predictionView(
  manifest: Pick<ExerciseManifest, 'predict'> | undefined,
  progress: Pick<ExerciseProgress, 'prediction'>,
): PredictionView | undefined {
  const q = manifest?.predict;
  const p = progress.prediction;
  if (!q || !p) return undefined;
  return {
    question: q.question,
    ...(p.choice >= 0 && q.choices[p.choice] ? { chosen: q.choices[p.choice] } : {}),
    correct: p.correct,
    answer: q.choices[q.answer]!,
    explain: q.explain,
  };
}

/**
 * Which open panels opening an exercise closes: those the exercise does not list, except a panel
 * busy with work the learner started (a "Train on My Images" run), which is never cut short.
 */
export function panelsToClose<K extends string>(listed: (kind: K) => boolean, open: readonly { kind: K; busy: boolean }[]): K[] {
  return open.filter((p) => !listed(p.kind) && !p.busy).map((p) => p.kind);
}
