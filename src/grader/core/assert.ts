import * as tf from './tf';
import { both, join, labelOf, num, type Label, type Localized } from '../../shared/i18n';
import { formatNumber, formatOperand } from '../../shared/frenchText';
import { LearnerStopped, LearnerThrow, isLearnerFunction, type CallDetails, type CallOptions } from './learnerLink';
import { thrownInfo, type CallbackViolation, type ThrownInfo } from './learnerRealm';
import type { CheckContext } from './types';
import { RemotePromise, TAG, WireError } from './wire';

/** Assertion toolkit for exercise checks: every failure says what was expected, what came, and why. */

/** A check's verdict "failed": the message is shown to the learner. */
export class CheckFailure extends Error {
  constructor(readonly text: Localized) {
    super(text.en);
    this.name = 'CheckFailure';
  }
}

/** The learner's own code threw (or returned a rejected promise): verdict "error". */
export class LearnerError extends Error {
  constructor(readonly text: Localized) {
    super(text.en);
    this.name = 'LearnerError';
  }
}

export function fail(...parts: (Localized | undefined)[]): never {
  throw new CheckFailure(join(...parts));
}

export const DEFAULT_RTOL = 1e-4;
export const DEFAULT_ATOL = 1e-5;

/** A short, readable rendering of a value for messages. */
export function show(value: unknown, maxItems = 8): string {
  if (value instanceof tf.Tensor) {
    if (value.isDisposed) return `Tensor(disposed)`;
    return `Tensor ${value.dtype} [${value.shape.join(', ')}] ${show(value.arraySync(), maxItems)}`;
  }
  if (typeof value === 'number') return fmt(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (value instanceof RemotePromise) return 'Promise';
  if (typeof value === 'object' && (value as Record<string, unknown>)[TAG] === 'function')
    return `function ${String((value as { name?: unknown }).name) || '(anonymous)'}`;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const arr = Array.from(value as ArrayLike<unknown>);
    const items = arr.slice(0, maxItems).map((v) => show(v, maxItems));
    return `[${items.join(', ')}${arr.length > maxItems ? `, … (n = ${arr.length})` : ''}]`;
  }
  if (value instanceof Map)
    return `Map(${value.size}) {${[...value.entries()]
      .slice(0, maxItems)
      .map(([k, v]) => `${show(k)} => ${show(v)}`)
      .join(', ')}}`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as object)
      .slice(0, maxItems)
      .map(([k, v]) => `${k}: ${show(v, maxItems)}`);
    return `{ ${entries.join(', ')} }`;
  }
  return String(value);
}

/** A number as English messages (and code-like values) show it; `num` gives both languages. */
export function fmt(x: number): string {
  return formatNumber(x, 'en');
}

/** A number in the French side of a message written by hand (`L(en, fr)`): "13,75", "−2,5". */
export function fmtFr(x: number): string {
  return formatNumber(x, 'fr');
}

/** A number as an operand in the French side of a formula: a negative one between parentheses, "× (−2,5)". */
export function opFr(x: number): string {
  return formatOperand(x, 'fr');
}

/** A value in a message: a number in each language's notation (num), anything else as `show` writes it. */
export function showL(value: unknown, maxItems = 8): Localized | string {
  return typeof value === 'number' ? num(value) : show(value, maxItems);
}

/** "label (compared with tf.tanh)" in each language: `reference` is code, the same in both. */
export function comparedWith(label: Label, reference: Label): Localized {
  const r = labelOf(reference);
  return { en: `${labelOf(label).en} (compared with ${r.en})`, fr: `${labelOf(label).fr} (comparé à ${r.fr})` };
}

/** "x of shape [3, 4]" in each language. */
export function ofShape(name: string, shape: readonly (number | null)[]): Localized {
  return { en: `${name} of shape ${shapeText(shape)}`, fr: `${name} de forme ${shapeText(shape)}` };
}

/** A label with words added after it, in each language ("x[2]", "the expected x"). */
export function labelWith(label: Label, en: (s: string) => string, fr: (s: string) => string = en): Localized {
  const l = labelOf(label);
  return { en: en(l.en), fr: fr(l.fr) };
}

function closest(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

/** The learner's export `name`, or a failure that says it is missing and what was exported instead. */
export function learnerValue(ctx: CheckContext, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(ctx.exports, name) && ctx.exports[name] !== undefined) return ctx.exports[name];
  const names = Object.keys(ctx.exports).filter((k) => k !== '__esModule');
  const near = closest(name, names);
  fail(
    both('`{0}` is not exported by exercise.ts.', name),
    near
      ? both('Found `{0}`: is it misspelled? The name must be exactly `{1}`.', near, name)
      : names.length
        ? both('It exports: {0}. Keep the `export` keyword and the exact name.', names.join(', '))
        : both('It exports nothing: keep the `export` keyword in front of the declaration.'),
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function learnerFunction<F extends (...args: any[]) => any>(ctx: CheckContext, name: string): F {
  const v = learnerValue(ctx, name);
  if (typeof v !== 'function') {
    fail(both('`{0}` must be a function, but it is {1} ({2}).', name, typeof v, show(v)));
  }
  return v as F;
}

/** Describes anything thrown, Error or not (English; describeThrownL gives both languages). */
export function describeThrown(e: unknown): string {
  return describeThrownL(e).en;
}

/** Describes anything thrown, Error or not, in both languages. */
export function describeThrownL(e: unknown): Localized {
  if (e instanceof LearnerThrow) return describeThrownInfoL(e.info);
  if (e instanceof Error) return labelOf(`${e.name}: ${e.message}`);
  let text: string;
  try {
    text = typeof e === 'string' ? JSON.stringify(e) : String(JSON.stringify(e) ?? e);
  } catch {
    text = String(e);
  }
  return notAnError(text, e === null ? 'null' : typeof e);
}

function notAnError(text: string, type: string): Localized {
  return { en: `${text} (a ${type}, not an Error)`, fr: `${text} (une valeur de type ${type}, pas une Error)` };
}

/** What the learner realm said its code threw (English; describeThrownInfoL gives both languages). */
export function describeThrownInfo(t: ThrownInfo): string {
  return describeThrownInfoL(t).en;
}

/** What the learner realm said its code threw, in both languages. */
export function describeThrownInfoL(t: ThrownInfo): Localized {
  return t.isError ? labelOf(`${t.name}: ${t.message}`) : notAnError(t.message, t.name);
}

/** True when a thrown value means an allocation failed or a size is absurd. */
function isMemoryError(e: unknown): boolean {
  return /allocat|out of memory|memory access out of bounds|Array buffer|Invalid (typed )?array length|Maximum call stack/i.test(
    describeThrown(e),
  );
}

/** What the learner's code threw, said plainly; an allocation failure says what to look at. */
export function learnerThrew(label: Label, e: unknown): LearnerError {
  const d = describeThrownL(e);
  if (isMemoryError(e)) {
    return new LearnerError(
      both(
        '{0} ran out of memory: {1}. A tensor or array is far too large (check the sizes and shapes you create), memory grows in a loop, or a recursion never ends.',
        label,
        d,
      ),
    );
  }
  return new LearnerError(both('{0} threw {1}', label, d));
}

function containsModel(v: unknown, seen = new Set<unknown>()): boolean {
  if (v === null || typeof v !== 'object' || seen.has(v)) return false;
  seen.add(v);
  if (v instanceof tf.LayersModel) return true;
  if (v instanceof tf.Tensor) return false;
  return (Array.isArray(v) ? v : Object.values(v)).some((x) => containsModel(x, seen));
}

/** How a check words a callback it handed over that the learner's code misused (09's `grad`). */
export type CallbackMessage = (v: CallbackViolation) => Localized;

export interface LearnerCallOptions extends CallOptions {
  /** The learner's function may return a Promise (training loops, data loading). */
  readonly allowAsync?: boolean;
  readonly callbackMessage?: CallbackMessage;
}

/**
 * Calls the learner's function (an async stub of its realm, learnerLink.ts) with a label used in
 * messages ("neuron([1, 2], [3, 4], 0)"), and returns what it returned with what the learner
 * realm observed (leaked tensors, disposed arguments, callback use). Throws LearnerError when
 * their code throws; LearnerStopped (time-out, memory) passes through to the runner.
 */
export async function callDetailed<R = unknown>(
  ctx: CheckContext | undefined,
  label: Label,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  fn: (...args: any[]) => unknown,
  args: readonly unknown[],
  options: LearnerCallOptions = {},
): Promise<CallDetails<R>> {
  let d: CallDetails;
  try {
    if (isLearnerFunction(fn)) d = await fn.detailed(args, options);
    else {
      // A checker-side function (a probe's own helper): run it here.
      const raw = fn(...args);
      const isAsync = !!raw && typeof (raw as { then?: unknown }).then === 'function';
      d = { value: isAsync ? await (raw as Promise<unknown>) : raw, async: isAsync, leaked: 0, disposedArgs: [], callbacks: [] };
    }
  } catch (e) {
    if (e instanceof CheckFailure || e instanceof LearnerStopped) throw e;
    if (e instanceof LearnerThrow && e.info.callback) callbackMisused(label, e.info.callback, options);
    if (e instanceof WireError) throw unreadable(label, e);
    throw learnerThrew(label, e);
  }
  // The learner's code may catch the stop of a callback it misused and carry on: still its fault.
  const misuse = d.callbacks.find((c) => c.violation)?.violation;
  if (misuse) callbackMisused(label, misuse, options);
  if (d.async && !options.allowAsync) {
    fail(both('{0} returned a Promise; this function must return its value directly (remove `async`).', label));
  }
  // A returned model owns its weights (and compile() may allocate more): they are not leaks.
  if (ctx && d.leaked > 0 && !containsModel(d.value)) {
    ctx.note(both('{0} leaked {1} tensor(s): wrap intermediate computations in tf.tidy() or dispose() them.', label, d.leaked));
  }
  return d as CallDetails<R>;
}

/** A callback the check handed over was misused (stopped, or its stop caught and ignored): the check's words, or these. */
function callbackMisused(label: Label, v: CallbackViolation, options: LearnerCallOptions): never {
  fail(
    options.callbackMessage?.(v) ??
      both(
        '{0} misused the function it was given ({1}).',
        label,
        v.kind === 'limit' ? both('called it more than {0} times', v.calls - 1) : both('called it with {0}', v.argument),
      ),
  );
}

function unreadable(label: Label, e: WireError): LearnerError {
  return new LearnerError(both('{0} returned {1}.', label, e.message));
}

/** Calls the learner's function and returns its value (see callDetailed). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function call<R>(ctx: CheckContext, label: Label, fn: (...args: any[]) => unknown, ...args: unknown[]): Promise<R> {
  return (await callDetailed<R>(ctx, label, fn, args)).value;
}

/**
 * A function the check hands to the learner's code (e.g. a gradient). It runs in the learner
 * realm, so it must be self-contained source (no closure over the check's variables); whatever
 * the learner's code did with it is re-verified by the check from the results.
 */
export function learnerCallback(
  source: string,
  options: { readonly maxCalls?: number; readonly argKind?: 'number' | 'any' } = {},
): unknown {
  return { [TAG]: 'callback', source, maxCalls: options.maxCalls ?? 1_000_000, argKind: options.argKind ?? 'any' };
}

export interface Numeric {
  readonly values: number[];
  readonly shape: number[];
}

/** Flattens a number, nested array, typed array or tensor; fails with a clear message on anything else. */
export function numeric(v: unknown, what: Label): Numeric {
  if (typeof v === 'number') return { values: [v], shape: [] };
  if (v instanceof tf.Tensor) {
    if (v.isDisposed) fail(both('{0} is a disposed tensor: do not dispose what you return.', what));
    return { values: Array.from(v.dataSync() as ArrayLike<number>), shape: [...v.shape] };
  }
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    return { values: Array.from(v as unknown as ArrayLike<number>), shape: [(v as unknown as ArrayLike<number>).length] };
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return { values: [], shape: [0] };
    const parts = v.map((x, i) =>
      numeric(
        x,
        labelWith(what, (w) => `${w}[${i}]`),
      ),
    );
    const inner = parts[0]!.shape;
    if (!parts.every((p) => p.shape.length === inner.length && p.shape.every((d, i) => d === inner[i]))) {
      fail(both('{0} is a ragged array (rows of different lengths): {1}.', what, show(v)));
    }
    return { values: parts.flatMap((p) => p.values), shape: [v.length, ...inner] };
  }
  fail(both('{0} should be numbers, but it is {1}: {2}.', what, typeof v, show(v)));
}

export function expectNumber(v: unknown, what: Label): number {
  if (typeof v === 'number' && !Number.isNaN(v)) return v;
  if (v instanceof tf.Tensor) {
    fail(both('{0} should be a plain number but is a tensor ({1}): return a number, e.g. with .dataSync()[0].', what, show(v)));
  }
  if (typeof v === 'number') fail(both('{0} is NaN: a computation mixes undefined or a division by zero.', what));
  fail(both('{0} should be a number, but it is {1}: {2}.', what, typeof v, show(v)));
}

export function expectTensor(v: unknown, what: Label): tf.Tensor {
  if (v instanceof tf.Tensor) {
    if (v.isDisposed) fail(both('{0} is a disposed tensor: do not dispose what you return.', what));
    return v;
  }
  fail(
    both(
      '{0} should be a tf.Tensor, but it is {1}: {2}. Build it with tf ops or tf.tensor(...).',
      what,
      Array.isArray(v) ? both('an array') : typeof v,
      show(v),
    ),
  );
}

export function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : d)).join(', ')}]`;
}

export function expectShape(
  got: readonly (number | null)[],
  expected: readonly (number | null)[],
  what: Label,
  misconception?: Localized,
): void {
  const same = got.length === expected.length && got.every((d, i) => d === expected[i]);
  if (same) return;
  const transposed = got.length === 2 && expected.length === 2 && got[0] === expected[1] && got[1] === expected[0];
  fail(
    both('{0} has shape {1}, expected {2}.', what, shapeText(got), shapeText(expected)),
    transposed ? both('The dimensions are swapped: is a matrix transposed?') : undefined,
    misconception,
  );
}

export interface CloseOptions {
  readonly rtol?: number;
  readonly atol?: number;
  /** Why it is likely wrong, in the learner's terms; appended to the message. */
  readonly misconception?: Localized;
}

export function isClose(a: number, b: number, rtol = DEFAULT_RTOL, atol = DEFAULT_ATOL): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

/** Compares shape then values with a relative tolerance; the message shows both and the first difference. */
export function expectClose(got: unknown, expected: unknown, what: Label, opts: CloseOptions = {}): void {
  const g = numeric(got, what);
  const e = numeric(
    expected,
    labelWith(
      what,
      (w) => `expected ${w}`,
      (w) => `${w} attendu`,
    ),
  );
  expectShape(g.shape, e.shape, what, opts.misconception);
  for (let i = 0; i < e.values.length; i++) {
    if (!isClose(g.values[i]!, e.values[i]!, opts.rtol, opts.atol)) {
      const where = e.shape.length ? ` ${indexText(i, e.shape)}` : '';
      fail(
        both('{0}: expected {1}, got {2}.', what, showL(expected), showL(got)),
        e.values.length > 1
          ? both('First difference at{0}: expected {1}, got {2}.', where, num(e.values[i]!), num(g.values[i]!))
          : undefined,
        opts.misconception,
      );
    }
  }
}

function indexText(flat: number, shape: readonly number[]): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(flat % shape[d]!);
    flat = Math.floor(flat / shape[d]!);
  }
  return `[${idx.join(', ')}]`;
}

/** The learner's function must throw an Error (e.g. on mismatched lengths). */
export async function expectThrows(label: Label, fn: () => unknown, misconception: Localized): Promise<void> {
  let info: ThrownInfo | undefined;
  try {
    await fn();
  } catch (e) {
    if (e instanceof LearnerStopped || e instanceof CheckFailure) throw e;
    info = e instanceof LearnerThrow ? e.info : thrownInfo(e);
  }
  if (!info) fail(both('{0} should throw an Error, but it returned normally.', label), misconception);
  if (info.callback) fail(both('{0} misused the function it was given.', label));
  if (!info.isError) {
    fail(
      both(
        '{0} threw {1}, not an Error: use `throw new Error("…")` so callers get a message and a stack.',
        label,
        describeThrownInfoL(info),
      ),
    );
  }
}
