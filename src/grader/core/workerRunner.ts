import * as tf from './tf';
import { both, join, type Localized, num } from '../../shared/i18n';
import type { BackendName, CheckStatus, SandboxInfo } from '../../shared/grading';
import type { FromGraderWorker, ToGraderWorker } from '../../shared/protocol/graderWorker';
import { CheckFailure, LearnerError, describeThrown, learnerThrew } from './assert';
import { initBackend } from './backend';
import { LearnerPool, LearnerSession, LearnerStopped, LearnerThrow, type LearnerFactory, type LoadOutcome } from './learnerLink';
import { mixSeed, rng, seedFrom } from './rng';
import type { RgbaImage } from '../../shared/images';
import type { CheckContext, ExerciseChecks, ProbeRegistry } from './types';

/**
 * The checker realm, environment-free: the browser worker and the Node worker wrap it with their
 * own message port, asset reader and factory of learner realms. It never evaluates the
 * learner's module: that happens in a learner realm of its own (learnerRealm.ts), fresh for each
 * submission, reached through async calls (learnerLink.ts). Checks, reference values and
 * verdicts live only here. Each check runs in a tf scope. Its data comes from `ctx.rng`, drawn
 * from the run's seed (hard-coded answers to fixed inputs fail); Math.random, from which tf's
 * initialisers and shuffles draw, is seeded per check and per exercise (not per run), so that a
 * model trains the same way on every run and a verdict depends only on the code and the seed.
 */
export interface WorkerEnvironment {
  post(message: FromGraderWorker): void;
  loadAsset(path: string): Promise<Uint8Array>;
  /** Reads the learner's own pictures for the probes that train on them (absent: such probes say so). */
  readImage?(ref: string): Promise<RgbaImage>;
  /** Starts a learner realm (a sandboxed process, a dedicated worker); set once `init` says where its script is. */
  learners(init: Extract<ToGraderWorker, { type: 'init' }>): LearnerFactory;
  readonly sandbox: SandboxInfo;
  /** Learner realms kept started ahead (default 1). */
  readonly spareLearners?: number;
  /**
   * When a spare learner realm is started: at once when one is taken (default: a class graded
   * back to back), or only when the grader is idle again (after a grading or a probe: one learner
   * at a time, where starting a realm during a check would slow that check down).
   */
  readonly refillLearners?: 'onTake' | 'whenIdle';
}

export type ChecksRegistry = Readonly<Record<string, ExerciseChecks>>;

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Time kept back from a check's budget so that a stuck learner call ends here, before the supervisor kills the checker. */
const LEARNER_SLACK_MS = 250;

export function createWorkerRunner(
  registry: ChecksRegistry,
  env: WorkerEnvironment,
  probes: ProbeRegistry = {},
): (message: ToGraderWorker) => Promise<void> {
  let exerciseId: string | undefined;
  let exports: Readonly<Record<string, unknown>> | undefined;
  let loadError: Localized | undefined;
  let runSeed = 0;
  let pool: LearnerPool | undefined;
  let session: LearnerSession | undefined;

  const contextBits = (salt: string) => ({
    seed: runSeed,
    rng: (n: number) => rng(mixSeed(runSeed, `${exerciseId}:${salt}:${n}`)),
  });

  return async (message) => {
    switch (message.type) {
      case 'init': {
        try {
          const backend: BackendName = await initBackend(message.backends, message.wasmBase);
          pool?.dispose();
          pool = new LearnerPool(env.learners(message), env.spareLearners ?? 1, env.refillLearners !== 'whenIdle');
          pool.warm();
          env.post({ type: 'ready', backend, sandbox: env.sandbox });
        } catch (e) {
          env.post({ type: 'initFailed', message: describeThrown(e) });
        }
        return;
      }
      case 'unload': {
        session?.kill();
        session = undefined;
        exports = undefined;
        pool?.warm();
        return;
      }
      case 'load': {
        exerciseId = message.exerciseId;
        exports = undefined;
        loadError = undefined;
        runSeed = message.seed >>> 0;
        session?.kill();
        session = undefined;
        let status: 'error' | 'timeout' = 'error';
        let fatal = false;
        if (!registry[message.exerciseId]) {
          loadError = both('Unknown exercise "{0}".', message.exerciseId);
        } else if (!pool) {
          loadError = both('The grader was not initialised.');
        } else {
          session = new LearnerSession(pool, () => tf, now, env.sandbox.memoryLimitMb ?? 0);
          session.deadline = now() + Math.max(100, message.budgetMs - LEARNER_SLACK_MS);
          try {
            const loaded = await session.load(message.js, seedFrom(`${message.exerciseId}:load`));
            if (loaded.ok) exports = loaded.exports;
            else loadError = loadFailure(loaded);
          } catch (e) {
            if (!(e instanceof LearnerStopped)) throw e;
            if (e.kind === 'timeout') status = 'timeout';
            fatal = e.kind === 'memory' || e.kind === 'flood';
            loadError = stoppedMessage(e, message.budgetMs, true);
          }
        }
        env.post(loadError ? { type: 'loaded', error: loadError, status, ...(fatal ? { fatal } : {}) } : { type: 'loaded' });
        return;
      }
      case 'run': {
        const { checkId } = message;
        const check = exerciseId ? registry[exerciseId]?.find((c) => c.id === checkId) : undefined;
        const result = (status: CheckStatus, text: Localized, fatal = false) =>
          env.post({ type: 'result', outcome: { id: checkId, status, message: text }, ...(fatal ? { fatal } : {}) });
        if (loadError) return result('error', loadError);
        if (!exports || !check || !session) return result('error', both('No check "{0}" for this exercise (grader bug).', checkId));
        session.deadline = now() + Math.max(100, message.budgetMs - LEARNER_SLACK_MS);
        const notes: Localized[] = [];
        const ctx: CheckContext = {
          lang: message.lang,
          exports,
          ...contextBits(checkId),
          loadAsset: (p) => env.loadAsset(p),
          progress: (progress) => env.post({ type: 'progress', checkId, progress }),
          note: (text) => {
            if (!notes.some((n) => n.en === text.en)) notes.push(text);
          },
        };
        const seeded = withSeededRandom(seedFrom(`${exerciseId}:${checkId}`));
        session.reseed(seedFrom(`${exerciseId}:${checkId}`));
        tf.engine().startScope();
        let status: CheckStatus = 'passed';
        let text: Localized = both('Passed.');
        let fatal = false;
        try {
          await check.run(ctx);
        } catch (e) {
          if (e instanceof LearnerStopped) {
            status = e.kind === 'timeout' ? 'timeout' : 'error';
            text = stoppedMessage(e, message.budgetMs, false);
            fatal = e.kind === 'memory' || e.kind === 'flood';
          } else [status, text] = verdictOf(e);
        } finally {
          tf.engine().endScope();
          // Models rebuilt from the learner's hold variables outside any scope; each check starts clean.
          tf.disposeVariables();
          seeded.restore();
        }
        const withNotes = notes.length
          ? { en: [text.en, ...notes.map((n) => n.en)].join('\n'), fr: [text.fr, ...notes.map((n) => n.fr)].join('\n') }
          : text;
        return result(status, withNotes, fatal);
      }
      case 'probe': {
        const probe = probes[message.probe];
        if (loadError) return env.post({ type: 'probeResult', ok: false, error: loadError });
        if (!exports || !probe || !session)
          return env.post({ type: 'probeResult', ok: false, error: both('Unknown probe "{0}" or no code loaded.', message.probe) });
        session.deadline = now() + Math.max(100, message.budgetMs - LEARNER_SLACK_MS);
        const notes: Localized[] = [];
        const seeded = withSeededRandom(seedFrom(`${exerciseId}:probe:${message.probe}`));
        session.reseed(seedFrom(`${exerciseId}:probe:${message.probe}`));
        tf.engine().startScope();
        try {
          const data = await probe(
            {
              lang: message.lang,
              exports,
              ...contextBits(`probe:${message.probe}`),
              loadAsset: (p) => env.loadAsset(p),
              readImage: (ref) => (env.readImage ? env.readImage(ref) : Promise.reject(new Error('this grader cannot read images'))),
              progress: (progress) => env.post({ type: 'progress', checkId: message.probe, progress }),
              note: (text) => {
                if (!notes.some((n) => n.en === text.en)) notes.push(text);
              },
            },
            // The wire's params: the page built them through the typed GraderSupervisor.probe (ProbeMap).
            message.params as never,
          );
          env.post({ type: 'probeResult', ok: true, data, notes });
        } catch (e) {
          env.post({
            type: 'probeResult',
            ok: false,
            error: e instanceof LearnerStopped ? stoppedMessage(e, message.budgetMs, false) : verdictOf(e)[1],
          });
        } finally {
          tf.engine().endScope();
          tf.disposeVariables();
          seeded.restore();
          // The probe has answered: the grader is idle, a spare realm may start.
          pool?.warm();
        }
        return;
      }
    }
  };
}

function loadFailure(loaded: Extract<LoadOutcome, { ok: false }>): Localized {
  if (loaded.importError !== undefined) {
    return both('exercise.ts imports "{0}": only \'@tensorflow/tfjs\' is available to exercises.', loaded.importError);
  }
  if (loaded.unreadable !== undefined) {
    return both('exercise.ts exports a value that cannot be read ({0}).', loaded.unreadable);
  }
  return join(
    both('exercise.ts failed while loading (code at the top level of the file, outside any function):'),
    learnerThrew(both('Your code'), new LearnerThrow(loaded.thrown ?? { name: 'Error', message: 'unknown', isError: true })).text,
  );
}

/** The message for a learner realm that was stopped: a time-out, a memory bomb, a crash, a flood. */
export function stoppedMessage(e: LearnerStopped, budgetMs: number, atLoad: boolean): Localized {
  const s = num(Number((budgetMs / 1000).toFixed(budgetMs < 10_000 ? 1 : 0)));
  switch (e.kind) {
    case 'timeout':
      return atLoad
        ? both(
            'Loading exercise.ts did not finish within {0} s: code at the top level of the file (outside any function) runs forever. Move it into a function, or fix the loop.',
            s,
          )
        : both(
            'Did not finish within {0} s, so it was stopped. Likely an infinite loop (a `while` whose condition never becomes false, a loop counter that is never incremented) or a Promise that never settles.',
            s,
          );
    case 'memory':
      if (!e.limitMb) {
        return both(
          'exercise.ts ran out of memory, so it was stopped: a tensor or array is far too large, or memory grows in a loop. The remaining checks were not run.',
        );
      }
      return both(
        'exercise.ts allocated more than {0} MB, so it was stopped: a tensor or array is far too large, or memory grows in a loop. The remaining checks were not run.',
        e.limitMb,
      );
    case 'flood':
      return both(
        'exercise.ts sent the grader messages nobody asked for ({0}), so it was stopped. The remaining checks were not run.',
        e.detail,
      );
    case 'cancelled':
      return both('Cancelled.');
    default:
      return both('exercise.ts ended the process that ran it ({0}), so this check could not finish.', e.detail);
  }
}

function verdictOf(e: unknown): [CheckStatus, Localized] {
  if (e instanceof CheckFailure) return ['failed', e.text];
  if (e instanceof LearnerError) return ['error', e.text];
  // Thrown outside `call` (e.g. by tfjs on the learner's model, or by the learner's top-level code).
  return ['error', learnerThrew(both('Your code'), e).text];
}

/** Seeds Math.random (tfjs's initialisers draw from it) for one check, and restores it. */
function withSeededRandom(seed: number): { restore(): void } {
  const original = Math.random;
  const r = rng(seed);
  Math.random = () => r.next();
  return {
    restore: () => {
      Math.random = original;
    },
  };
}
