import { both, type Lang, type Localized, num } from '../../shared/i18n';
import { checkTimeoutMs } from '../../shared/manifest';
import type { BackendName, CheckOutcome, GradeEvent, GradeRequest, GradeResult, SandboxInfo, TrainingProgress } from '../../shared/grading';
import type { FromGraderWorker, ToGraderWorker } from '../../shared/protocol/graderWorker';
import { RequestTable } from '../../shared/protocol/requests';
import { SerialQueue } from '../../shared/serialQueue';
import type { ProbeName, ProbeParams, ProbeResult } from './probes/registry';
import { drawSeed } from './rng';

/**
 * Runs a submission's checks in a worker it can kill: each request has a time budget, and on
 * a time-out or a crash the worker is terminated and a fresh one takes the next check. The
 * caller's thread (the webview page, the CLI) never runs learner code, so it stays responsive.
 * Environment-free: each host passes a factory for its kind of worker.
 */
export interface WorkerPort {
  post(message: ToGraderWorker): void;
  terminate(): void;
}

export interface WorkerHandlers {
  message(message: FromGraderWorker): void;
  /** The worker died (uncaught error, out of memory, exit). */
  crash(reason: string): void;
}

export type WorkerFactory = (handlers: WorkerHandlers) => WorkerPort;

export interface SupervisorOptions {
  readonly backends: readonly BackendName[];
  readonly wasmBase?: string;
  readonly mediaBase?: string;
  readonly learnerUri?: string;
  readonly initTimeoutMs?: number;
}

/** A probe by name with params of its shape (ProbeMap): another shape does not compile. */
export interface ProbeRequest<N extends ProbeName = ProbeName> {
  readonly exerciseId: string;
  readonly js: string;
  readonly probe: N;
  readonly params: ProbeParams<N>;
  readonly lang: Lang;
  readonly timeoutMs?: number;
}

/** What a probe answered: its result (ProbeMap), the notes it left, the backend it ran on. */
export interface ProbeAnswer<N extends ProbeName> {
  readonly data: ProbeResult<N>;
  readonly notes: readonly Localized[];
  readonly backend: BackendName;
}

/** A probe could not produce its data; the message is for the learner. */
export class ProbeError extends Error {
  /** `cancelled`: stopped on request (cancel()), not a problem of the code. */
  constructor(
    readonly text: Localized,
    readonly cancelled = false,
  ) {
    super(text.en);
    this.name = 'ProbeError';
  }
}

class Stopped extends Error {
  constructor(
    readonly kind: 'timeout' | 'crash' | 'cancelled',
    readonly detail: string,
  ) {
    super(detail);
  }
}

interface Live {
  port: WorkerPort;
  backend?: BackendName;
  sandbox?: SandboxInfo;
  loadedKey?: string;
  /** The request in flight (one at a time: the worker's answers carry no id, only their type), by the answer types it accepts. */
  requests: RequestTable<FromGraderWorker, readonly FromGraderWorker['type'][]>;
  onProgress?: (checkId: string, p: TrainingProgress) => void;
  dead: boolean;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export class GraderSupervisor {
  private live: Live | undefined;
  private readonly queue = new SerialQueue();
  private cancelRequested = false;
  /** A worker on its way up (ensureWorker), shared by whoever asks meanwhile so that only one starts. */
  private starting: Promise<Live> | undefined;
  private keepingWarm = false;
  private disposed = false;

  constructor(
    private readonly factory: WorkerFactory,
    private readonly options: SupervisorOptions,
  ) {}

  /** Starts a worker ahead of the first check, so the first verdict does not pay for it. */
  async warm(): Promise<BackendName> {
    const w = await this.ensureWorker();
    return w.backend!;
  }

  /**
   * warm(), and after each kill of a worker that had started (a cancel, a time-out, a crash) a
   * fresh one starts at once in the background: the next check does not pay TF.js's start-up
   * (the results panel; the CLI, which grades and exits, does not ask for it).
   */
  keepWarm(): Promise<BackendName> {
    this.keepingWarm = true;
    return this.warm();
  }

  /** Grades one submission; concurrent calls run one after the other. */
  grade(request: GradeRequest, onEvent: (e: GradeEvent) => void = () => undefined): Promise<GradeResult> {
    return this.queue.run(() => this.gradeNow(request, onEvent));
  }

  /**
   * Runs a panel's probe on the learner's code (loaded first if needed) under a time budget.
   * Resolves with the probe's data, or rejects with a Localized-carrying ProbeError.
   */
  probe<N extends ProbeName>(req: ProbeRequest<N>, onProgress: (p: TrainingProgress) => void = () => undefined): Promise<ProbeAnswer<N>> {
    return this.queue.run(() => this.probeNow(req, onProgress));
  }

  private async probeNow<N extends ProbeName>(req: ProbeRequest<N>, onProgress: (p: TrainingProgress) => void): Promise<ProbeAnswer<N>> {
    const budget = req.timeoutMs ?? 15_000;
    let w: Live;
    try {
      w = await this.ensureWorker();
    } catch (e) {
      throw new ProbeError(both('The grader could not start: {0}', (e as Error).message));
    }
    const key = `${req.exerciseId}\u0000${req.js}`;
    try {
      if (w.loadedKey !== key) {
        const loaded = await this.request(
          w,
          { type: 'load', exerciseId: req.exerciseId, js: req.js, seed: drawSeed(), budgetMs: budget },
          'loaded',
          budget,
        );
        if (loaded.type === 'loaded' && loaded.error) throw new ProbeError(loaded.error);
        w.loadedKey = key;
      }
      w.onProgress = (_id, p) => onProgress(p);
      const r = await this.request(
        w,
        { type: 'probe', probe: req.probe, params: req.params, lang: req.lang, budgetMs: budget },
        'probeResult',
        budget,
      );
      if (r.type !== 'probeResult') throw new ProbeError(both('No answer from the probe.'));
      if (!r.ok) throw new ProbeError(r.error);
      // The worker ran PROBES[req.probe] on these params: its data is that probe's result.
      return { data: r.data as ProbeResult<N>, notes: r.notes, backend: w.backend! };
    } catch (e) {
      if (e instanceof Stopped)
        throw new ProbeError(
          e.kind === 'timeout' ? timeoutMessage(budget) : e.kind === 'cancelled' ? both('Cancelled.') : crashMessage(e.detail),
          e.kind === 'cancelled',
        );
      throw e;
    }
  }

  /** Stops the grading in progress: its worker is killed, the remaining checks are not run. */
  cancel(): void {
    this.cancelRequested = true;
    if (this.live) this.kill(this.live, new Stopped('cancelled', 'cancelled'));
  }

  dispose(): void {
    this.disposed = true;
    if (this.live) this.kill(this.live, new Stopped('cancelled', 'disposed'));
    this.live = undefined;
  }

  private async gradeNow(req: GradeRequest, onEvent: (e: GradeEvent) => void): Promise<GradeResult> {
    this.cancelRequested = false;
    const started = now();
    const outcomes: CheckOutcome[] = [];
    let backend: BackendName | 'none' = 'none';
    let sandbox: SandboxInfo | undefined;
    const seed = req.seed ?? drawSeed();
    // A grading always gets a fresh learner realm (never the one a probe or an earlier submission used).
    const key = `${req.exerciseId}\u0000${seed}\u0000grade\u0000${req.js}`;
    const finishAll = (from: number, status: CheckOutcome['status'], message: Localized) => {
      for (const c of req.checks.slice(from)) {
        const outcome = { id: c.id, status, message, durationMs: 0 };
        outcomes.push(outcome);
        onEvent({ type: 'checkFinished', outcome });
      }
    };
    for (let i = 0; i < req.checks.length; i++) {
      const check = req.checks[i]!;
      if (this.cancelRequested) {
        finishAll(i, 'cancelled', both('Cancelled before this check ran.'));
        break;
      }
      onEvent({ type: 'checkStarted', checkId: check.id });
      const t0 = now();
      const budget = checkTimeoutMs(check);
      let w: Live;
      try {
        w = await this.ensureWorker();
        backend = w.backend!;
        sandbox = w.sandbox;
      } catch (e) {
        finishAll(i, 'error', both('The grader could not start: {0}', (e as Error).message));
        break;
      }
      try {
        if (w.loadedKey !== key) {
          let loaded: FromGraderWorker;
          try {
            loaded = await this.request(
              w,
              { type: 'load', exerciseId: req.exerciseId, js: req.js, seed, budgetMs: budget },
              'loaded',
              budget,
            );
          } catch (e) {
            // Top-level code that never finishes would time out every check alike: say it once, for all.
            if (e instanceof Stopped && e.kind === 'timeout') {
              finishAll(i, 'timeout', loadTimeoutMessage(budget));
              break;
            }
            throw e;
          }
          if (loaded.type === 'loaded' && loaded.error) {
            if (loaded.fatal) {
              // Said once, on the first check; the others point at it.
              const first: CheckOutcome = { id: check.id, status: 'error', message: loaded.error, durationMs: Math.round(now() - t0) };
              outcomes.push(first);
              onEvent({ type: 'checkFinished', outcome: first });
              finishAll(i + 1, 'error', both('Not run: exercise.ts was stopped while loading (see “{0}”).', check.title));
              break;
            }
            finishAll(i, loaded.status === 'timeout' ? 'timeout' : 'error', loaded.error);
            break;
          }
          w.loadedKey = key;
        }
        w.onProgress = (checkId, progress) => onEvent({ type: 'progress', checkId, progress });
        const remaining = Math.max(100, budget - (now() - t0));
        const r = await this.request(w, { type: 'run', checkId: check.id, lang: req.lang, budgetMs: remaining }, 'result', remaining);
        if (r.type === 'result') {
          // Only the fields we know, and always the id of the check we asked for.
          const outcome: CheckOutcome = {
            id: check.id,
            status: r.outcome.status,
            message: r.outcome.message,
            durationMs: Math.round(now() - t0),
          };
          outcomes.push(outcome);
          onEvent({ type: 'checkFinished', outcome });
          if (r.fatal) {
            const title = check.title;
            finishAll(i + 1, 'error', both('Not run: exercise.ts was stopped in “{0}” (see that check).', title));
            break;
          }
        }
      } catch (e) {
        if (!(e instanceof Stopped)) throw e;
        if (e.kind === 'cancelled') {
          finishAll(i, 'cancelled', both('Cancelled.'));
          break;
        }
        const outcome: CheckOutcome = {
          id: check.id,
          status: e.kind === 'timeout' ? 'timeout' : 'error',
          message: e.kind === 'timeout' ? timeoutMessage(budget) : crashMessage(e.detail),
          durationMs: Math.round(now() - t0),
        };
        outcomes.push(outcome);
        onEvent({ type: 'checkFinished', outcome });
      }
    }
    // The next submission must not find this one's learner realm (nor pay for starting one).
    if (this.live && !this.live.dead) {
      this.live.port.post({ type: 'unload' });
      this.live.loadedKey = undefined;
    }
    return {
      exerciseId: req.exerciseId,
      backend,
      durationMs: Math.round(now() - started),
      outcomes,
      cancelled: this.cancelRequested,
      seed,
      sandbox,
    };
  }

  private ensureWorker(): Promise<Live> {
    if (this.live && !this.live.dead && this.live.backend) return Promise.resolve(this.live);
    if (this.starting) return this.starting;
    const starting = this.startWorker().finally(() => {
      if (this.starting === starting) this.starting = undefined;
    });
    this.starting = starting;
    return starting;
  }

  private async startWorker(): Promise<Live> {
    const live: Live = { port: undefined as unknown as WorkerPort, dead: false, requests: new RequestTable() };
    live.port = this.factory({
      message: (m) => {
        if (m.type === 'progress') return live.onProgress?.(m.checkId, m.progress);
        const id = live.requests.find((accepted) => accepted?.includes(m.type) === true);
        if (id !== undefined) live.requests.resolve(id, m);
      },
      crash: (reason) => this.kill(live, new Stopped('crash', reason)),
    });
    this.live = live;
    const ready = await this.request(
      live,
      {
        type: 'init',
        backends: this.options.backends,
        wasmBase: this.options.wasmBase,
        mediaBase: this.options.mediaBase,
        learnerUri: this.options.learnerUri,
      },
      ['ready', 'initFailed'],
      this.options.initTimeoutMs ?? 60_000,
    ).catch((e: Stopped) => {
      throw new Error(e.kind === 'timeout' ? 'TensorFlow.js did not initialise in time' : e.detail);
    });
    if (ready.type === 'initFailed') {
      this.kill(live, new Stopped('crash', ready.message));
      throw new Error(ready.message);
    }
    if (ready.type === 'ready') {
      live.backend = ready.backend;
      live.sandbox = ready.sandbox;
    }
    return live;
  }

  private request(
    w: Live,
    message: ToGraderWorker,
    expect: FromGraderWorker['type'] | FromGraderWorker['type'][],
    timeoutMs: number,
  ): Promise<FromGraderWorker> {
    if (w.dead) return Promise.reject(new Stopped('crash', 'worker is not running'));
    // A time-out kills the worker (it may be stuck in learner code): its closing rejects the request with Stopped('timeout').
    return w.requests.request(
      () => {
        w.port.post(message);
      },
      {
        context: Array.isArray(expect) ? expect : [expect],
        timeoutMs,
        onTimeout: () => this.kill(w, new Stopped('timeout', `no answer in ${timeoutMs} ms`)),
      },
    );
  }

  private kill(w: Live, reason: Stopped): void {
    if (w.dead) return;
    w.dead = true;
    try {
      w.port.terminate();
    } catch {
      // already gone
    }
    if (this.live === w) this.live = undefined;
    w.requests.rejectAll(reason);
    // Only a worker that had started: one that failed to initialise would fail again, in a loop.
    if (this.keepingWarm && !this.disposed && w.backend) setTimeout(() => void this.ensureWorker().catch(() => undefined), 0);
  }
}

function loadTimeoutMessage(budgetMs: number): Localized {
  const s = num(Number((budgetMs / 1000).toFixed(budgetMs < 10_000 ? 1 : 0)));
  return both(
    'Loading exercise.ts did not finish within {0} s: code at the top level of the file (outside any function) runs forever. Move it into a function, or fix the loop.',
    s,
  );
}

function timeoutMessage(budgetMs: number): Localized {
  const s = num(Number((budgetMs / 1000).toFixed(budgetMs < 10_000 ? 1 : 0)));
  return both(
    'Did not finish within {0} s, so it was stopped. Likely an infinite loop (a `while` whose condition never becomes false, a loop counter that is never incremented) or a Promise that never settles.',
    s,
  );
}

function crashMessage(detail: string): Localized {
  const oom = /memory|heap|allocation/i.test(detail);
  return oom
    ? both(
        'The grader ran out of memory ({0}): a tensor or array is far too large, or memory grows in a loop. The worker was restarted.',
        detail,
      )
    : both("The grader's worker stopped unexpectedly ({0}). It was restarted.", detail);
}
