import type { CheckSpec } from '../shared/manifest';

/**
 * Watch mode's rules (setting `dlCourse.watch`), without vscode so that they are unit-tested:
 * which save re-checks an exercise, and when. src/checking/watch.ts wires them to the editor.
 */

/** Saves closer together than this make one check (an editor's "save all", auto-save, a formatter's save). */
export const WATCH_DEBOUNCE_MS = 300;

/** An exercise that trains a model (a check with `training: true`) is never checked on save: a run takes up to minutes. */
export function trainsAModel(checks: readonly Pick<CheckSpec, 'training'>[]): boolean {
  return checks.some((c) => c.training === true);
}

export interface SaveContext {
  /** The setting `dlCourse.watch`. */
  readonly watch: boolean;
  /** Workspace Trust: nothing from an untrusted folder runs, and a save does not ask for trust. */
  readonly trusted: boolean;
  /** The checks of the exercise whose exercise.ts was saved; undefined when it is no exercise of the open course. */
  readonly checks: readonly Pick<CheckSpec, 'training'>[] | undefined;
  /** A check started by watch mode is running. */
  readonly running: boolean;
  /** The learner was already told why this (training) exercise is not watched. */
  readonly trainingExplained: boolean;
}

/**
 * - `ignore`: nothing to do (watch off, untrusted folder, not an exercise, a training exercise already explained);
 * - `explainTraining`: say once why this exercise is not watched;
 * - `check`: check it now;
 * - `afterCurrent`: check it once the running check is over (however many saves come meanwhile).
 */
export type SaveDecision = 'ignore' | 'explainTraining' | 'check' | 'afterCurrent';

/** What a (debounced) save of an exercise.ts should do. */
export function saveDecision(c: SaveContext): SaveDecision {
  if (!c.watch || !c.trusted || c.checks === undefined) return 'ignore';
  if (trainsAModel(c.checks)) return c.trainingExplained ? 'ignore' : 'explainTraining';
  return c.running ? 'afterCurrent' : 'check';
}

export interface WatchHooks {
  /** Everything of SaveContext but `running`, read when the debounce delay is over (the setting may have changed meanwhile). */
  context(id: string): Omit<SaveContext, 'running'>;
  /** Runs the check; the next one starts when this settles. */
  check(id: string): Promise<unknown>;
  explainTraining(id: string): void;
}

interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Debounces saves per exercise and runs one watched check at a time: a save during a check asks
 * for one more check of that exercise after it, never a queue of them.
 */
export class WatchScheduler {
  private readonly timers = new Map<string, unknown>();
  /** Exercises to check again once the running check is over (a set: no pile-up). */
  private readonly pending = new Set<string>();
  private running = false;
  private disposed = false;

  constructor(
    private readonly hooks: WatchHooks,
    private readonly clock: Timers = realTimers,
    private readonly delayMs = WATCH_DEBOUNCE_MS,
  ) {}

  /** An exercise's exercise.ts was saved. */
  saved(id: string): void {
    if (this.disposed) return;
    const before = this.timers.get(id);
    if (before !== undefined) this.clock.clear(before);
    this.timers.set(
      id,
      this.clock.set(() => {
        this.timers.delete(id);
        this.due(id);
      }, this.delayMs),
    );
  }

  get busy(): boolean {
    return this.running;
  }

  private due(id: string): void {
    if (this.disposed) return;
    const decision = saveDecision({ ...this.hooks.context(id), running: this.running });
    if (decision === 'explainTraining') this.hooks.explainTraining(id);
    else if (decision === 'afterCurrent') this.pending.add(id);
    else if (decision === 'check') void this.run(id);
  }

  private async run(id: string): Promise<void> {
    this.running = true;
    try {
      await this.hooks.check(id);
    } catch {
      // The runner reports its own failures; watch mode only has to go on.
    } finally {
      this.running = false;
    }
    // Each pending exercise is decided again: the setting may have been turned off meanwhile.
    while (!this.running && !this.disposed && this.pending.size > 0) {
      const next = this.pending.values().next().value!;
      this.pending.delete(next);
      this.due(next);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) this.clock.clear(t);
    this.timers.clear();
    this.pending.clear();
  }
}
