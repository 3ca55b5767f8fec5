import type * as TF from './tf';
import { rng } from './rng';
import { decode, encode, isCallbackMarker, type CallbackMarker, type Encoded, type Tf } from './wire';

/**
 * The learner realm: the only place where a learner's module is evaluated. It runs in a process
 * (CLI: a sandboxed child process) or a Worker (webview: a dedicated worker) of its own, holds no
 * check, no reference value and no verdict, and answers the checker's requests over one channel.
 * Everything it sends is treated by the checker as the learner's answer and nothing more: code
 * that patches this file's functions, forges messages or lies about a call only changes what
 * its own answer says. Environment-free; each host passes its `post` and its (lazy) tf.
 */
export type ToLearner =
  | { readonly k: 'load'; readonly id: number; readonly nonce: string; readonly js: string; readonly seed: number }
  | {
      readonly k: 'call';
      readonly id: number;
      readonly nonce: string;
      readonly name: string;
      readonly args: readonly Encoded[];
      readonly returnArgs?: boolean;
      readonly profileKernels?: boolean;
      readonly seed?: number;
    };

export interface ThrownInfo {
  readonly name: string;
  readonly message: string;
  /** True when the thrown value was an Error object. */
  readonly isError: boolean;
  /** Set when a callback handed in by the checker stopped the call (too many calls, wrong argument). */
  readonly callback?: CallbackViolation;
}

export type CallbackViolation =
  { readonly kind: 'limit'; readonly calls: number } | { readonly kind: 'argument'; readonly argument: string };

export interface CallbackLog {
  readonly calls: number;
  readonly violation?: CallbackViolation;
}

export type ExportInfo = { readonly kind: 'function'; readonly length: number } | { readonly kind: 'value'; readonly value: Encoded };

export type FromLearner =
  | { readonly k: 'started' }
  | {
      readonly k: 'loaded';
      readonly id: number;
      readonly nonce: string;
      readonly exports?: Readonly<Record<string, ExportInfo>>;
      readonly thrown?: ThrownInfo;
      readonly importError?: string;
    }
  | {
      readonly k: 'returned';
      readonly id: number;
      readonly nonce: string;
      readonly ok: true;
      readonly value: Encoded;
      readonly async: boolean;
      readonly leaked: number;
      readonly disposedArgs: readonly boolean[];
      readonly argsAfter?: readonly Encoded[];
      readonly callbacks: readonly CallbackLog[];
      /** The tf kernels the call ran (only when asked: `profileKernels`). */
      readonly kernels?: readonly string[];
    }
  | {
      readonly k: 'returned';
      readonly id: number;
      readonly nonce: string;
      readonly ok: false;
      readonly thrown: ThrownInfo;
      readonly callbacks: readonly CallbackLog[];
    };

export interface LearnerHost {
  post(message: FromLearner): void;
  /** TensorFlow.js for the learner's `import * as tf`; loaded on first use. */
  tf(): Tf;
  /** tf if it is already loaded (counting tensors must not load it). */
  loadedTf(): Tf | undefined;
}

const TF_MODULE = '@tensorflow/tfjs';

class CallbackStop extends Error {
  constructor(readonly violation: CallbackViolation) {
    super('stopped by the checker');
  }
}

export function thrownInfo(e: unknown): ThrownInfo {
  if (e instanceof CallbackStop) return { name: 'CallbackStop', message: e.message, isError: true, callback: e.violation };
  if (e instanceof Error) return { name: String(e.name), message: String(e.message), isError: true };
  let text: string;
  try {
    text = typeof e === 'string' ? JSON.stringify(e) : String(JSON.stringify(e) ?? e);
  } catch {
    text = String(e);
  }
  return { name: e === null ? 'null' : typeof e, message: text, isError: false };
}

function countTensors(tf: Tf, v: unknown, seen = new Set<unknown>()): number {
  if (v === null || typeof v !== 'object' || seen.has(v)) return 0;
  seen.add(v);
  if (v instanceof tf.Tensor) return v.isDisposed ? 0 : 1;
  if (v instanceof tf.LayersModel) return v.weights.length; // a model owns its weights: not a leak
  let n = 0;
  for (const x of Array.isArray(v) ? v : Object.values(v as object)) n += countTensors(tf, x, seen);
  return n;
}

export function createLearnerRealm(host: LearnerHost): (message: ToLearner) => Promise<void> {
  let exports: Record<string, unknown> = {};
  const seeded = (seed: number) => {
    const r = rng(seed);
    Math.random = () => r.next();
  };
  const require = (name: string): unknown => {
    if (name === TF_MODULE) return host.tf();
    throw new Error(`IMPORT:${name}`);
  };

  const makeCallback = (m: CallbackMarker, log: { calls: number; violation?: CallbackViolation }) => {
    const f = new Function(`"use strict"; return (${m.source});`)() as (...a: unknown[]) => unknown;
    return (...a: unknown[]) => {
      log.calls++;
      if (m.argKind === 'number' && typeof a[0] !== 'number') {
        let shown: string;
        try {
          shown =
            typeof a[0] === 'object' || typeof a[0] === 'string' ? (JSON.stringify(a[0])?.slice(0, 80) ?? String(a[0])) : String(a[0]);
        } catch {
          shown = String(typeof a[0]);
        }
        log.violation ??= { kind: 'argument', argument: shown };
        throw new CallbackStop(log.violation);
      }
      if (log.calls > m.maxCalls) {
        log.violation ??= { kind: 'limit', calls: log.calls };
        throw new CallbackStop(log.violation);
      }
      return f(...a);
    };
  };

  return async (m) => {
    if (m.k === 'load') {
      seeded(m.seed);
      const module = { exports: {} as Record<string, unknown> };
      try {
        const fn = new Function('require', 'module', 'exports', m.js) as (
          r: typeof require,
          mod: typeof module,
          e: typeof module.exports,
        ) => void;
        fn(require, module, module.exports);
      } catch (e) {
        const imp = e instanceof Error && e.message.startsWith('IMPORT:') ? e.message.slice(7) : undefined;
        host.post(
          imp !== undefined
            ? { k: 'loaded', id: m.id, nonce: m.nonce, importError: imp }
            : { k: 'loaded', id: m.id, nonce: m.nonce, thrown: thrownInfo(e) },
        );
        return;
      }
      exports = module.exports;
      const info: Record<string, ExportInfo> = {};
      const tf = host.loadedTf();
      for (const name of Object.keys(exports)) {
        if (name === '__esModule') continue;
        const v = exports[name];
        if (typeof v === 'function') info[name] = { kind: 'function', length: (v as () => unknown).length };
        else {
          try {
            info[name] = { kind: 'value', value: await encode(v, tf) };
          } catch (e) {
            info[name] = { kind: 'value', value: { $dlc: 'error', name: 'UnreadableValue', message: thrownInfo(e).message } };
          }
        }
      }
      host.post({ k: 'loaded', id: m.id, nonce: m.nonce, exports: info });
      return;
    }
    // call
    if (typeof m.seed === 'number') seeded(m.seed);
    const logs: { calls: number; violation?: CallbackViolation }[] = [];
    const fn = exports[m.name];
    const tfBefore = host.loadedTf();
    let args: unknown[];
    try {
      args = (await decode(m.args, tfBefore)) as unknown[];
      args = args.map((a) => {
        if (!isCallbackMarker(a)) return a;
        const log = { calls: 0 };
        logs.push(log);
        return makeCallback(a, log);
      });
    } catch (e) {
      host.post({ k: 'returned', id: m.id, nonce: m.nonce, ok: false, thrown: thrownInfo(e), callbacks: [] });
      return;
    }
    const tf0 = host.loadedTf();
    tf0?.engine().startScope();
    const before = tf0?.memory().numTensors ?? 0;
    try {
      if (typeof fn !== 'function') throw new TypeError(`${m.name} is not a function`);
      let value: unknown;
      let kernels: string[] | undefined;
      const run = () => (fn as (...a: unknown[]) => unknown)(...args);
      if (m.profileKernels && tf0) {
        let thrown: { e: unknown } | undefined;
        const info = await tf0.profile(() => {
          try {
            value = run();
          } catch (e) {
            thrown = { e }; // re-raised after: a throw inside tf.profile leaves the engine profiling
          }
          return [] as unknown as TF.Tensor[];
        });
        if (thrown) throw thrown.e;
        kernels = info.kernelNames;
      } else value = run();
      const isAsync = !!value && typeof (value as { then?: unknown }).then === 'function';
      if (isAsync) value = await value;
      const tf = host.loadedTf();
      const after = tf?.memory().numTensors ?? 0;
      const leaked = tf ? Math.max(0, after - before - countTensors(tf, value)) : 0;
      const disposedArgs = args.map((a) => !!tf && a instanceof tf.Tensor && a.isDisposed);
      const encoded = await encode(value, tf);
      const argsAfter = m.returnArgs
        ? await Promise.all(args.map((a) => (typeof a === 'function' ? Promise.resolve(null) : encode(a, tf))))
        : undefined;
      host.post({
        k: 'returned',
        id: m.id,
        nonce: m.nonce,
        ok: true,
        value: encoded,
        async: isAsync,
        leaked,
        disposedArgs,
        argsAfter,
        callbacks: logs.map((l) => ({ ...l })),
        ...(kernels ? { kernels } : {}),
      });
    } catch (e) {
      host.post({ k: 'returned', id: m.id, nonce: m.nonce, ok: false, thrown: thrownInfo(e), callbacks: logs.map((l) => ({ ...l })) });
    } finally {
      tf0?.engine().endScope();
    }
  };
}

export type { TF };
