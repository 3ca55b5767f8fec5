import * as tf from '@tensorflow/tfjs';
import { L, join, type Localized } from '../../shared/i18n';
import type { FromGraderWorker, ToGraderWorker, BackendName } from '../../shared/protocol/graderWorker';
import { CheckFailure, LearnerError, describeThrown, learnerThrew } from './assert';
import { initBackend } from './backend';
import { rng, seedFrom } from './rng';
import type { RgbaImage } from './images';
import type { CheckContext, CheckStatus, ExerciseChecks, ProbeRegistry } from './types';

/**
 * The worker side of grading, environment-free: the browser worker and the Node worker wrap it
 * with their own message port and asset reader. It evaluates the learner's transpiled module
 * and runs one check per request, each in a tf scope and with Math.random seeded, so a verdict
 * depends only on the code.
 */
export interface WorkerEnvironment {
  post(message: FromGraderWorker): void;
  loadAsset(path: string): Promise<Uint8Array>;
  /** Reads the learner's own pictures for the probes that train on them (absent: such probes say so). */
  readImage?(ref: string): Promise<RgbaImage>;
}

export type ChecksRegistry = Readonly<Record<string, ExerciseChecks>>;

/** Modules the learner may import. Anything else is a clear error, not a silent undefined. */
const ALLOWED_IMPORTS: Readonly<Record<string, unknown>> = { '@tensorflow/tfjs': tf };

export function evaluateSubmission(js: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  const require = (name: string): unknown => {
    if (name in ALLOWED_IMPORTS) return ALLOWED_IMPORTS[name];
    throw new LearnerError(L(
      `exercise.ts imports "${name}": only '@tensorflow/tfjs' is available to exercises.`,
      `exercise.ts importe "${name}" : seul '@tensorflow/tfjs' est disponible dans les exercices.`,
    ));
  };
  // The learner's code runs only inside a grader worker (webview Worker or Node worker thread),
  // never in the extension host; this is the single place it is evaluated.
  const fn = new Function('require', 'module', 'exports', js) as (r: typeof require, m: typeof module, e: typeof module.exports) => void;
  fn(require, module, module.exports);
  return module.exports;
}

export function createWorkerRunner(registry: ChecksRegistry, env: WorkerEnvironment, probes: ProbeRegistry = {}): (message: ToGraderWorker) => Promise<void> {
  let exerciseId: string | undefined;
  let exports: Record<string, unknown> | undefined;
  let loadError: Localized | undefined;

  return async (message) => {
    switch (message.type) {
      case 'init': {
        try {
          const backend: BackendName = await initBackend(message.backends, message.wasmBase);
          env.post({ type: 'ready', backend });
        } catch (e) {
          env.post({ type: 'initFailed', message: describeThrown(e) });
        }
        return;
      }
      case 'load': {
        exerciseId = message.exerciseId;
        exports = undefined;
        loadError = undefined;
        if (!registry[message.exerciseId]) {
          loadError = L(`Unknown exercise "${message.exerciseId}".`, `Exercice inconnu « ${message.exerciseId} ».`);
        } else {
          const seeded = withSeededRandom(seedFrom(`${message.exerciseId}:load`));
          try {
            exports = evaluateSubmission(message.js);
          } catch (e) {
            loadError = e instanceof LearnerError ? e.text : join(
              L('exercise.ts failed while loading (code at the top level of the file, outside any function):', "exercise.ts a échoué au chargement (code au niveau du fichier, hors de toute fonction) :"),
              verdictOf(e)[1],
            );
          } finally {
            seeded.restore();
          }
        }
        env.post(loadError ? { type: 'loaded', error: loadError } : { type: 'loaded' });
        return;
      }
      case 'run': {
        const { checkId } = message;
        const check = exerciseId ? registry[exerciseId]?.find((c) => c.id === checkId) : undefined;
        const result = (status: CheckStatus, text: Localized) => env.post({ type: 'result', outcome: { id: checkId, status, message: text } });
        if (loadError) return result('error', loadError);
        if (!exports || !check) return result('error', L(`No check "${checkId}" for this exercise (grader bug).`, `Pas de vérification « ${checkId} » pour cet exercice (bogue du correcteur).`));
        const notes: Localized[] = [];
        const ctx: CheckContext = {
          lang: message.lang,
          exports,
          loadAsset: (p) => env.loadAsset(p),
          progress: (progress) => env.post({ type: 'progress', checkId, progress }),
          note: (text) => { if (!notes.some((n) => n.en === text.en)) notes.push(text); },
        };
        const seeded = withSeededRandom(seedFrom(`${exerciseId}:${checkId}`));
        tf.engine().startScope();
        let status: CheckStatus = 'passed';
        let text: Localized = L('Passed.', 'Réussi.');
        try {
          await check.run(ctx);
        } catch (e) {
          [status, text] = verdictOf(e);
        } finally {
          tf.engine().endScope();
          // Models built by the learner hold variables outside any scope; each check starts clean.
          tf.disposeVariables();
          seeded.restore();
        }
        const withNotes = notes.length ? { en: [text.en, ...notes.map((n) => n.en)].join('\n'), fr: [text.fr, ...notes.map((n) => n.fr)].join('\n') } : text;
        return result(status, withNotes);
      }
      case 'probe': {
        const probe = probes[message.probe];
        if (loadError) return env.post({ type: 'probeResult', ok: false, error: loadError });
        if (!exports || !probe) return env.post({ type: 'probeResult', ok: false, error: L(`Unknown probe "${message.probe}" or no code loaded.`, `Sonde « ${message.probe} » inconnue ou aucun code chargé.`) });
        const notes: Localized[] = [];
        const seeded = withSeededRandom(seedFrom(`${exerciseId}:probe:${message.probe}`));
        tf.engine().startScope();
        try {
          const data = await probe({
            lang: message.lang,
            exports,
            loadAsset: (p) => env.loadAsset(p),
            readImage: (ref) => (env.readImage ? env.readImage(ref) : Promise.reject(new Error('this grader cannot read images'))),
            progress: (progress) => env.post({ type: 'progress', checkId: message.probe, progress }),
            note: (text) => { if (!notes.some((n) => n.en === text.en)) notes.push(text); },
          }, message.params);
          env.post({ type: 'probeResult', ok: true, data, notes });
        } catch (e) {
          env.post({ type: 'probeResult', ok: false, error: verdictOf(e)[1] });
        } finally {
          tf.engine().endScope();
          tf.disposeVariables();
          seeded.restore();
        }
        return;
      }
    }
  };
}

function verdictOf(e: unknown): [CheckStatus, Localized] {
  if (e instanceof CheckFailure) return ['failed', e.text];
  if (e instanceof LearnerError) return ['error', e.text];
  // Thrown outside `call` (e.g. by tfjs on the learner's model, or by the learner's top-level code).
  return ['error', learnerThrew(L('Your code', 'Votre code'), e).text];
}

/** Seeds Math.random (tfjs's initialisers draw from it) for one check, and restores it. */
function withSeededRandom(seed: number): { restore(): void } {
  const original = Math.random;
  const r = rng(seed);
  Math.random = () => r.next();
  return { restore: () => { Math.random = original; } };
}
