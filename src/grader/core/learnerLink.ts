import type * as TF from './tf';
import type { CallbackLog, ExportInfo, FromLearner, ThrownInfo, ToLearner } from './learnerRealm';
import { decode, encode, type Tf } from './wire';

/**
 * The checker's side of the learner realm: an async RPC client. Each request carries an id and
 * this session's nonce; an answer that matches neither is dropped (and too many of them end the
 * realm as a flood). Every answer is decoded as untrusted data. A call that outlives its
 * deadline kills the realm; a realm that dies (time-out, memory, crash) is restarted with the
 * same code for the next check. Environment-free: each host gives a factory of realms.
 */
export interface LearnerPort {
  send(message: ToLearner): void;
  kill(): void;
}

export type LearnerDeath =
  | { readonly kind: 'memory'; readonly limitMb: number; readonly detail: string }
  | { readonly kind: 'crash'; readonly detail: string }
  | { readonly kind: 'flood'; readonly detail: string };

export interface LearnerPortHandlers {
  message(m: unknown): void;
  /** The realm ended on its own (exit, crash, out of memory, a message too large). */
  died(death: LearnerDeath): void;
}

export type LearnerFactory = (handlers: LearnerPortHandlers) => LearnerPort;

/** Why a learner call did not return: the realm was stopped. Never the learner's own throw. */
export class LearnerStopped extends Error {
  constructor(
    readonly kind: 'timeout' | 'memory' | 'crash' | 'flood' | 'cancelled',
    readonly detail: string,
    readonly limitMb = 0,
  ) {
    super(detail);
    this.name = 'LearnerStopped';
  }
}

/** The learner's code threw: `info` says what, as the learner realm described it. */
export class LearnerThrow extends Error {
  constructor(readonly info: ThrownInfo) {
    super(`${info.name}: ${info.message}`);
    this.name = 'LearnerThrow';
  }
}

export interface CallDetails<R = unknown> {
  readonly value: R;
  /** The learner's function returned a Promise (the value is what it resolved to). */
  readonly async: boolean;
  /** Tensors the call left in memory (created, neither returned nor disposed), as measured in the learner realm. */
  readonly leaked: number;
  /** For each argument: was it a tensor that the call disposed? */
  readonly disposedArgs: readonly boolean[];
  /** The arguments as the call left them (only when asked: `returnArgs`). */
  readonly argsAfter?: readonly unknown[];
  readonly callbacks: readonly CallbackLog[];
  /** The tf kernels the call ran, as the learner realm profiled them (only with `profileKernels`). */
  readonly kernels?: readonly string[];
}

export interface CallOptions {
  readonly returnArgs?: boolean;
  /** Profile the call's tf kernels in the learner realm (which ops it used: a learner's answer, not proof). */
  readonly profileKernels?: boolean;
}

/** A learner's exported function as the checker sees it: async, plus a detailed variant. */
export interface LearnerFunction {
  (...args: unknown[]): Promise<unknown>;
  readonly learnerName: string;
  detailed(args: readonly unknown[], options?: CallOptions): Promise<CallDetails>;
}

export const LEARNER_FUNCTION = Symbol('learnerFunction');

export function isLearnerFunction(v: unknown): v is LearnerFunction {
  return typeof v === 'function' && (v as unknown as Record<symbol, unknown>)[LEARNER_FUNCTION] === true;
}

/**
 * Ready realms started ahead of need, so a check does not wait for a process or worker to start.
 * Starting one costs more than grading a quick exercise (a Node process: ~0.1 s), so a grader that
 * grades a class keeps more than one starting at once. `refillOnTake: false` (the results panel,
 * one learner at a time) starts the next spare only when warm() is called once the grading is
 * over, so that starting it does not take CPU from the check being graded.
 */
export class LearnerPool {
  private spares: { port: LearnerPort; box: PortBox }[] = [];
  constructor(
    private readonly factory: LearnerFactory,
    private readonly keepSpares = 1,
    private readonly refillOnTake = true,
  ) {}

  take(): { port: LearnerPort; box: PortBox } {
    const s = this.spares.shift() ?? this.start();
    if (this.refillOnTake) this.warm();
    return s;
  }

  /** Tops the spares up. */
  warm(): void {
    while (this.spares.length < this.keepSpares) this.spares.push(this.start());
  }

  dispose(): void {
    for (const s of this.spares.splice(0)) s.port.kill();
  }

  private start(): { port: LearnerPort; box: PortBox } {
    const box = new PortBox();
    const port = this.factory({ message: (m) => box.message(m), died: (d) => box.died(d) });
    return { port, box };
  }
}

/** Buffers a realm's events until a session adopts it (a spare can die or speak before that). */
class PortBox {
  private target: LearnerPortHandlers | undefined;
  private pending: unknown[] = [];
  private death: LearnerDeath | undefined;
  message(m: unknown): void {
    if (this.target) this.target.message(m);
    else if (this.pending.length < 16) this.pending.push(m);
  }
  died(d: LearnerDeath): void {
    if (this.target) this.target.died(d);
    else this.death ??= d;
  }
  adopt(h: LearnerPortHandlers): void {
    this.target = h;
    for (const m of this.pending.splice(0)) h.message(m);
    if (this.death) h.died(this.death);
  }
}

const MAX_UNEXPECTED = 200;

const randomNonce = (): string => {
  const c = (globalThis as { crypto?: { getRandomValues?(a: Uint32Array): Uint32Array } }).crypto;
  const a = new Uint32Array(4);
  if (c?.getRandomValues) c.getRandomValues(a);
  else for (let i = 0; i < 4; i++) a[i] = Math.floor(Math.random() * 2 ** 32);
  return Array.from(a, (x) => x.toString(36)).join('');
};

interface Pending {
  readonly id: number;
  readonly kind: FromLearner['k'];
  resolve(m: FromLearner): void;
  reject(e: LearnerStopped): void;
}

export type LoadOutcome =
  | { readonly ok: true; readonly exports: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly thrown?: ThrownInfo; readonly importError?: string; readonly unreadable?: string };

/**
 * One submission's learner realm, as seen by the checker. The checker's tf decodes answers;
 * tensors it creates while decoding are the caller's (they live in the check's tf scope).
 */
export class LearnerSession {
  private port: LearnerPort | undefined;
  private pending: Pending | undefined;
  private nextId = 1;
  private unexpected = 0;
  private readonly nonce = randomNonce();
  private js: string | undefined;
  private seed = 0;
  private loaded = false;
  /** Absolute time (performance.now / Date.now) after which a learner call is stopped as a time-out. */
  deadline = Infinity;
  /** Math.random's seed in the learner realm from the next call on (each check re-seeds it, as tf's initialisers draw from it). */
  private nextSeed: number | undefined;
  /**
   * A death that ends the submission (memory, or a flood of forged or unreadable messages, even one
   * that came while no call was pending): every later call gets it, the runner reports it once.
   */
  fatalDeath: LearnerStopped | undefined;

  constructor(
    private readonly pool: LearnerPool,
    private readonly tf: () => Tf,
    private readonly clock: () => number,
    private readonly memoryLimitMb = 0,
  ) {}

  /** Loads the learner's module (transpiled JS) in a fresh realm; values are decoded, functions become async stubs. */
  async load(js: string, seed: number): Promise<LoadOutcome> {
    this.js = js;
    this.seed = seed;
    this.loaded = false;
    return this.startAndLoad();
  }

  private async startAndLoad(): Promise<LoadOutcome> {
    this.kill();
    const { port, box } = this.pool.take();
    this.port = port;
    box.adopt({ message: (m) => this.onMessage(port, m), died: (d) => this.onDied(port, d) });
    const id = this.nextId++;
    const answer = await this.request({ k: 'load', id, nonce: this.nonce, js: this.js!, seed: this.seed }, 'loaded');
    if (answer.k !== 'loaded') throw new LearnerStopped('crash', 'unexpected answer');
    if (answer.thrown && isMemoryThrow(answer.thrown)) throw this.memoryStop(answer.thrown);
    if (answer.thrown || answer.importError !== undefined || !answer.exports || typeof answer.exports !== 'object') {
      return { ok: false, thrown: answer.thrown, importError: answer.importError !== undefined ? String(answer.importError) : undefined };
    }
    const exports: Record<string, unknown> = {};
    for (const [name, info] of Object.entries(answer.exports as Record<string, ExportInfo>)) {
      if (info?.kind === 'function')
        Object.defineProperty(exports, name, { value: this.stub(name, Number(info.length) || 0), enumerable: true });
      else {
        try {
          Object.defineProperty(exports, name, { value: await decode(info?.value, this.tf()), enumerable: true });
        } catch (e) {
          return { ok: false, unreadable: `${name}: ${(e as Error).message}` };
        }
      }
    }
    this.loaded = true;
    return { ok: true, exports };
  }

  private stub(name: string, length: number): LearnerFunction {
    const detailed = (args: readonly unknown[], options: CallOptions = {}) => this.call(name, args, options);
    const f = (...args: unknown[]) => detailed(args).then((d) => d.value);
    Object.defineProperties(f, {
      name: { value: name },
      length: { value: length },
      learnerName: { value: name },
      detailed: { value: detailed },
      [LEARNER_FUNCTION]: { value: true },
    });
    return f as unknown as LearnerFunction;
  }

  reseed(seed: number): void {
    this.nextSeed = seed;
  }

  /** Calls the learner's export `name` in its realm; rejects with LearnerThrow (it threw) or LearnerStopped. */
  async call(name: string, args: readonly unknown[], options: CallOptions = {}): Promise<CallDetails> {
    if (this.fatalDeath) throw this.fatalDeath;
    if (!this.port || !this.loaded) {
      // The realm died in an earlier check (time-out, crash): this check gets a fresh one.
      const reloaded = await this.startAndLoad();
      if (!reloaded.ok) throw new LearnerStopped('crash', 'exercise.ts no longer loads');
    }
    const tf = this.tf();
    const encodedArgs = (await encode([...args], tf)) as unknown[];
    const id = this.nextId++;
    const seed = this.nextSeed;
    this.nextSeed = undefined;
    const answer = await this.request(
      {
        k: 'call',
        id,
        nonce: this.nonce,
        name,
        args: encodedArgs,
        returnArgs: options.returnArgs,
        profileKernels: options.profileKernels,
        ...(seed !== undefined ? { seed } : {}),
      },
      'returned',
    );
    if (answer.k !== 'returned') throw new LearnerStopped('crash', 'unexpected answer');
    const callbacks = Array.isArray(answer.callbacks)
      ? answer.callbacks.slice(0, 16).map((c) => ({ calls: Number(c?.calls) || 0, violation: c?.violation }))
      : [];
    if (!answer.ok) {
      const thrown = sanitizeThrown(answer.thrown, callbacks);
      if (isMemoryThrow(thrown)) throw this.memoryStop(thrown);
      throw new LearnerThrow(thrown);
    }
    const value = await decode(answer.value, tf);
    const argsAfter = answer.argsAfter ? ((await decode(answer.argsAfter, tf)) as unknown[]) : undefined;
    const disposedArgs = Array.isArray(answer.disposedArgs) ? answer.disposedArgs.map((d) => d === true) : [];
    const kernels = Array.isArray(answer.kernels) ? answer.kernels.slice(0, 10_000).map(String) : undefined;
    return {
      value,
      async: answer.async === true,
      leaked: Math.max(0, Math.min(1e9, Number(answer.leaked) || 0)),
      disposedArgs,
      argsAfter,
      callbacks,
      ...(kernels ? { kernels } : {}),
    };
  }

  /** An allocation that failed in the learner realm (an ArrayBuffer over its memory limit): stopped like a memory bomb, once. */
  private memoryStop(t: ThrownInfo): LearnerStopped {
    this.kill();
    this.fatalDeath = new LearnerStopped('memory', `${t.name}: ${t.message}`, this.memoryLimitMb);
    return this.fatalDeath;
  }

  private request(message: ToLearner, kind: FromLearner['k']): Promise<FromLearner> {
    return new Promise<FromLearner>((resolve, reject) => {
      const port = this.port;
      if (!port) return reject(this.fatalDeath ?? new LearnerStopped('crash', 'no learner realm'));
      const left = this.deadline - this.clock();
      if (left <= 0) {
        this.kill();
        return reject(new LearnerStopped('timeout', 'no time left'));
      }
      const timer = Number.isFinite(left)
        ? setTimeout(() => this.stop(port, new LearnerStopped('timeout', `no answer in ${Math.round(left)} ms`)), left)
        : undefined;
      this.pending = {
        id: message.id,
        kind,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      try {
        port.send(message);
      } catch (e) {
        this.stop(port, new LearnerStopped('crash', `could not reach the learner realm: ${(e as Error).message}`));
      }
    });
  }

  private onMessage(port: LearnerPort, m: unknown): void {
    if (port !== this.port) return;
    const msg = m as Partial<{ k: unknown; id: unknown; nonce: unknown }> | null;
    const p = this.pending;
    if (p && msg && typeof msg === 'object' && msg.k === p.kind && msg.id === p.id && msg.nonce === this.nonce) {
      this.pending = undefined;
      p.resolve(m as FromLearner);
      return;
    }
    if (msg?.k === 'started') return;
    if (++this.unexpected > MAX_UNEXPECTED) {
      this.fatalDeath = new LearnerStopped('flood', `${this.unexpected} messages nobody asked for`);
      this.stop(port, this.fatalDeath);
    }
  }

  private onDied(port: LearnerPort, d: LearnerDeath): void {
    if (port !== this.port) return;
    const stopped = new LearnerStopped(d.kind, d.detail, d.kind === 'memory' ? d.limitMb : 0);
    if (d.kind === 'memory' || d.kind === 'flood') this.fatalDeath = stopped;
    this.stop(port, stopped);
  }

  private stop(port: LearnerPort, reason: LearnerStopped): void {
    if (port !== this.port) return;
    this.kill();
    const p = this.pending;
    this.pending = undefined;
    p?.reject(reason);
  }

  /** Ends the realm (a fresh one is started by the next call). */
  kill(): void {
    const port = this.port;
    this.port = undefined;
    this.loaded = false;
    try {
      port?.kill();
    } catch {
      // already gone
    }
  }
}

function isMemoryThrow(t: ThrownInfo): boolean {
  return /allocation failed|out of memory/i.test(`${t.name}: ${t.message}`);
}

function sanitizeThrown(t: unknown, callbacks: readonly CallbackLog[]): ThrownInfo {
  const o = (t && typeof t === 'object' ? t : {}) as Partial<ThrownInfo>;
  const violation = callbacks.find((c) => c.violation)?.violation ?? o.callback;
  return {
    name: String(o.name ?? 'Error').slice(0, 200),
    message: String(o.message ?? '').slice(0, 2000),
    isError: o.isError === true,
    callback: violation && (violation.kind === 'limit' || violation.kind === 'argument') ? violation : undefined,
  };
}

export type { TF };
