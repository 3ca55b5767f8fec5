import type * as TF from './tf';

/**
 * How values cross between the checker realm and the learner realm: plain data only (numbers,
 * strings, arrays, typed arrays, Maps, Sets, plain objects). A tensor crosses as
 * `{dtype, shape, values}` and is rebuilt with the other side's tf; a LayersModel as its
 * artifacts (topology + weights) and is rebuilt by the other side; a function as its name only.
 * Environment-free, and given each side's own tf so that neither realm ever holds the other's
 * objects. Decoding never trusts the input: a malformed marker is a `WireError`, never a crash.
 */
export type Tf = typeof TF;

/** The tag of an encoded non-plain value. */
export const TAG = '$dlc';

export type Encoded = unknown;

export interface TensorMarker {
  readonly [TAG]: 'tensor';
  readonly id: number;
  readonly dtype: string;
  readonly shape: number[];
  readonly values: ArrayLike<number> | string[] | null;
  readonly disposed?: boolean;
}

/** A function the checker hands to the learner's code (a gradient): its source runs in the learner realm. */
export interface CallbackMarker {
  readonly [TAG]: 'callback';
  readonly source: string;
  readonly maxCalls: number;
  readonly argKind: 'number' | 'any';
}

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

/** Limits on what one message may hold, so that a hostile answer cannot exhaust the checker. */
export const WIRE_LIMITS = { depth: 64, items: 50_000_000, keys: 100_000 } as const;

const DTYPES = new Set(['float32', 'int32', 'bool', 'string', 'complex64']);

function isPlainObject(v: object): boolean {
  const p = Object.getPrototypeOf(v) as unknown;
  return p === Object.prototype || p === null;
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, not assignment: a key "__proto__" stays an ordinary key.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Encodes `value` for the other realm. `tf` is this side's tf (undefined when it is not loaded:
 * then no tensor or model can exist here). Models are saved asynchronously.
 */
export async function encode(value: unknown, tf: Tf | undefined, depth = 0, seen = new Set<unknown>()): Promise<Encoded> {
  if (depth > WIRE_LIMITS.depth) throw new WireError('a value nested too deeply to be read');
  if (value === null || value === undefined) return value;
  const t = typeof value;
  if (t === 'number' || t === 'string' || t === 'boolean' || t === 'bigint') return value;
  if (t === 'symbol') return { [TAG]: 'symbol', text: String(value) };
  if (t === 'function') {
    const f = value as { name?: unknown; [TAG]?: unknown };
    if (f[TAG] === 'callback') return f;
    return { [TAG]: 'function', name: typeof f.name === 'string' ? f.name : '' };
  }
  const o = value as object;
  if (seen.has(o)) throw new WireError('a value that contains itself (a cycle)');
  seen.add(o);
  try {
    if (tf && o instanceof tf.Tensor) return tensorMarker(o);
    if (tf && o instanceof tf.LayersModel) return { [TAG]: 'model', artifacts: await saveModel(o, tf) };
    if (ArrayBuffer.isView(o))
      return o instanceof DataView ? { [TAG]: 'object', ctor: 'DataView', entries: {} } : (o as Uint8Array).slice();
    if (o instanceof ArrayBuffer) return o.slice(0);
    if (Array.isArray(o)) {
      const out: Encoded[] = new Array<Encoded>(o.length);
      for (let i = 0; i < o.length; i++) out[i] = await encode(o[i], tf, depth + 1, seen);
      return out;
    }
    if (o instanceof Map) {
      const entries: [Encoded, Encoded][] = [];
      for (const [k, v] of o) entries.push([await encode(k, tf, depth + 1, seen), await encode(v, tf, depth + 1, seen)]);
      return { [TAG]: 'map', entries };
    }
    if (o instanceof Set) {
      const items: Encoded[] = [];
      for (const v of o) items.push(await encode(v, tf, depth + 1, seen));
      return { [TAG]: 'set', items };
    }
    if (o instanceof Error) return { [TAG]: 'error', name: String(o.name), message: String(o.message) };
    if (typeof (o as { then?: unknown }).then === 'function') return { [TAG]: 'promise' };
    const entries: Record<string, unknown> = {};
    for (const k of Object.keys(o)) define(entries, k, await encode((o as Record<string, unknown>)[k], tf, depth + 1, seen));
    if (isPlainObject(o)) return entries;
    const ctor = (o as { constructor?: { name?: unknown } }).constructor?.name;
    return { [TAG]: 'object', ctor: typeof ctor === 'string' ? ctor : '', entries };
  } finally {
    seen.delete(o);
  }
}

function tensorMarker(t: TF.Tensor): TensorMarker {
  if (t.isDisposed) return { [TAG]: 'tensor', id: t.id, dtype: t.dtype, shape: [...t.shape], values: null, disposed: true };
  const data = t.dataSync() as ArrayLike<number> | Uint8Array[];
  const values =
    t.dtype === 'string' ? Array.from(data as Uint8Array[], (b) => new TextDecoder().decode(b)) : (data as Float32Array).slice();
  return { [TAG]: 'tensor', id: t.id, dtype: t.dtype, shape: [...t.shape], values };
}

async function saveModel(model: TF.LayersModel, tf: Tf): Promise<TF.io.ModelArtifacts> {
  let saved: TF.io.ModelArtifacts | undefined;
  const handler = tf.io.withSaveHandler(async (a) => {
    saved = a;
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  });
  // With its training configuration (optimizer, loss) when the learner compiled it; a loss that
  // cannot be serialised (a function) leaves the model uncompiled, as before it crossed.
  try {
    await model.save(handler, { includeOptimizer: true });
  } catch {
    await model.save(handler);
  }
  if (!saved) throw new WireError('the model could not be saved');
  // weightData may be one buffer or several: send one.
  const wd = saved.weightData;
  const weightData = Array.isArray(wd) ? concat(wd) : wd;
  return { modelTopology: saved.modelTopology, weightSpecs: saved.weightSpecs, weightData, trainingConfig: saved.trainingConfig };
}

function concat(parts: ArrayBuffer[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out.buffer;
}

/** Decoding context: tensors seen under the same id decode to the same tensor (identity kept). */
export interface DecodeOptions {
  /** Called with each tensor created, so the caller can track (and dispose) them. */
  readonly onTensor?: (t: TF.Tensor) => void;
}

/** Rebuilds a value received from the other realm with this side's tf. */
export async function decode(value: Encoded, tf: Tf | undefined, options: DecodeOptions = {}): Promise<unknown> {
  const tensors = new Map<number, TF.Tensor>();
  const budget = { items: 0 };
  const walk = async (v: unknown, depth: number): Promise<unknown> => {
    if (depth > WIRE_LIMITS.depth) throw new WireError('a value nested too deeply to be read');
    if (v === null || typeof v !== 'object') return v;
    if (ArrayBuffer.isView(v)) {
      budget.items += (v as Uint8Array).length;
      return v;
    }
    if (v instanceof ArrayBuffer) return v;
    if (Array.isArray(v)) {
      budget.items += v.length;
      if (budget.items > WIRE_LIMITS.items) throw new WireError('a value too large to be read');
      const out: unknown[] = new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) out[i] = await walk(v[i], depth + 1);
      return out;
    }
    const o = v as Record<string, unknown>;
    const tag = Object.prototype.hasOwnProperty.call(o, TAG) ? o[TAG] : undefined;
    switch (tag) {
      case undefined: {
        const keys = Object.keys(o);
        if (keys.length > WIRE_LIMITS.keys) throw new WireError('an object with too many keys to be read');
        const out: Record<string, unknown> = {};
        for (const k of keys) define(out, k, await walk(o[k], depth + 1));
        return out;
      }
      case 'tensor':
        return decodeTensor(o, tf, tensors, options);
      case 'model':
        return decodeModel(o.artifacts, tf);
      case 'map': {
        if (!Array.isArray(o.entries)) throw new WireError('a malformed Map');
        const m = new Map<unknown, unknown>();
        for (const e of o.entries as unknown[]) {
          if (!Array.isArray(e) || e.length !== 2) throw new WireError('a malformed Map entry');
          m.set(await walk(e[0], depth + 1), await walk(e[1], depth + 1));
        }
        return m;
      }
      case 'set': {
        if (!Array.isArray(o.items)) throw new WireError('a malformed Set');
        const s = new Set<unknown>();
        for (const x of o.items as unknown[]) s.add(await walk(x, depth + 1));
        return s;
      }
      case 'function':
        return Object.freeze({ [TAG]: 'function', name: String(o.name ?? '') });
      case 'promise':
        return new RemotePromise();
      case 'error':
        return new RemoteError(String(o.name ?? 'Error'), String(o.message ?? ''));
      case 'symbol':
        return Symbol(String(o.text ?? ''));
      case 'callback':
        return o; // only the learner realm turns it into a function (learnerRealm.ts)
      case 'object': {
        const entries = (o.entries && typeof o.entries === 'object' ? o.entries : {}) as Record<string, unknown>;
        const out = (await walk(entries, depth + 1)) as Record<string, unknown>;
        Object.defineProperty(out, 'constructor', { value: { name: String(o.ctor ?? '') }, enumerable: false });
        return out;
      }
      default:
        throw new WireError(`an unknown value kind ${JSON.stringify(String(tag)).slice(0, 40)}`);
    }
  };
  return walk(value, 0);
}

function decodeTensor(o: Record<string, unknown>, tf: Tf | undefined, seen: Map<number, TF.Tensor>, options: DecodeOptions): TF.Tensor {
  if (!tf) throw new WireError('a tensor, but TensorFlow.js is not loaded here');
  const id = typeof o.id === 'number' ? o.id : -1;
  const known = seen.get(id);
  if (known) return known;
  const dtype = String(o.dtype);
  if (!DTYPES.has(dtype)) throw new WireError('a tensor of an unknown dtype');
  const shape = o.shape;
  if (!Array.isArray(shape) || shape.length > 8 || !shape.every((d) => Number.isInteger(d) && (d as number) >= 0))
    throw new WireError('a tensor with a malformed shape');
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  if (size > WIRE_LIMITS.items) throw new WireError('a tensor too large to be read');
  let t: TF.Tensor;
  if (o.disposed === true) {
    t = tf.zeros(shape as number[], dtype === 'string' ? 'float32' : (dtype as TF.DataType));
    t.dispose();
  } else {
    const values = o.values as ArrayLike<unknown> | null;
    if (!values || typeof (values as { length?: unknown }).length !== 'number' || values.length !== size)
      throw new WireError('a tensor whose values do not match its shape');
    t =
      dtype === 'string'
        ? tf.tensor(Array.from(values, String), shape as number[], 'string')
        : tf.tensor(values as Float32Array, shape as number[], dtype as TF.DataType);
  }
  seen.set(id, t);
  options.onTensor?.(t);
  return t;
}

async function decodeModel(artifacts: unknown, tf: Tf | undefined): Promise<TF.LayersModel> {
  if (!tf) throw new WireError('a model, but TensorFlow.js is not loaded here');
  const a = artifacts as TF.io.ModelArtifacts | null;
  if (!a || typeof a !== 'object' || !a.modelTopology || !(a.weightData === undefined || a.weightData instanceof ArrayBuffer))
    throw new WireError('a malformed model');
  try {
    return await tf.loadLayersModel(tf.io.fromMemory(a));
  } catch (e) {
    throw new WireError(`a model that could not be rebuilt (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** What a learner's function returned when it returned a Promise (the promise itself cannot cross). */
export class RemotePromise {
  readonly remote = 'Promise';
}

/** An Error object the learner's code returned (not threw). */
export class RemoteError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export function isCallbackMarker(v: unknown): v is CallbackMarker {
  const o = v as Partial<CallbackMarker> | null;
  return typeof o === 'object' && o !== null && o[TAG] === 'callback' && typeof o.source === 'string';
}
