import type { TrainingProgress } from '../../shared/grading';
import type { Lang, Localized } from '../../shared/i18n';
import type { RgbaImage } from '../../shared/images';
import type { Rng } from './rng';

/** What a check sees. Environment-free: the browser worker and the Node worker both provide it. */
export interface CheckContext {
  readonly lang: Lang;
  /**
   * The learner's module exports, as the checker sees them: values decoded from the learner
   * realm (tensors rebuilt with the checker's tf), functions as async stubs (learnerLink.ts).
   */
  readonly exports: Readonly<Record<string, unknown>>;
  /** This run's seed (drawn per run by the grader, printed in reports; `--seed` replays it). */
  readonly seed: number;
  /** A generator for the check's data: the same salt gives other numbers on every run, the same with the same seed. */
  rng(salt: number): Rng;
  /** Reads a file shipped under `media/` (e.g. "data/mnist/train-images.u8"). */
  loadAsset(path: string): Promise<Uint8Array>;
  /** Training progress, shown by the host (progress bar, training panel). */
  progress(update: TrainingProgress): void;
  /** A note shown with the verdict without failing it (e.g. leaked tensors). */
  note(text: Localized): void;
}

/** One hidden check of an exercise; its title and time budget live in exercise.json. */
export interface CheckImpl {
  readonly id: string;
  run(ctx: CheckContext): Promise<void>;
}

/** The hidden checks of one exercise, by check id (exercises/<id>/checks.ts exports one). */
export type ExerciseChecks = readonly CheckImpl[];

/**
 * A probe runs the learner's exports to compute what a panel draws (feature maps of their
 * kernel, the path of their gradient descent, …). Like checks, probes run only in a grader
 * worker; they return plain, structured-cloneable data, and throw LearnerError/CheckFailure
 * with a message when the learner's code cannot provide it yet.
 */
export interface ProbeContext {
  readonly lang: Lang;
  readonly exports: Readonly<Record<string, unknown>>;
  readonly seed: number;
  rng(salt: number): Rng;
  loadAsset(path: string): Promise<Uint8Array>;
  /** Reads and decodes one of the learner's pictures (a reference the host handed in) to RGBA; each host has its own reader. */
  readImage(ref: string): Promise<RgbaImage>;
  progress(update: TrainingProgress): void;
  note(text: Localized): void;
}

/** A probe with its params `P` and its result `R` (the names, params and results: `ProbeMap` in probes/registry.ts). */
export type Probe<P = never, R = unknown> = (ctx: ProbeContext, params: P) => R | Promise<R>;

/**
 * Probes by name ("featureMaps.maps", "gradientDescent.path1d", …), as the worker sees them: a name
 * and params off the wire. The typed side is `ProbeMap` (probes/registry.ts), which callers go through.
 */
export type ProbeRegistry = Readonly<Record<string, Probe>>;
