import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '../../src/grader/core/tf';
import {
  LearnerPool,
  LearnerSession,
  LearnerStopped,
  LearnerThrow,
  type LearnerFactory,
  type LearnerPortHandlers,
} from '../../src/grader/core/learnerLink';
import type { ToLearner } from '../../src/grader/core/learnerRealm';
import { decode, encode, WireError } from '../../src/grader/core/wire';
import { inProcessLearners } from '../support/inProcessLearner';

/**
 * The checker's side of the two realms, against a scripted fake realm: what a hostile learner
 * realm can send (answers with the wrong id or nonce, floods, nothing at all, lies about a
 * value) and what the checker makes of it. And the wire: what crosses, and what cannot.
 */
type Script = (m: ToLearner, reply: (x: unknown) => void, h: LearnerPortHandlers) => void;

function scripted(script: Script): { factory: LearnerFactory; killed: () => number } {
  let kills = 0;
  const factory: LearnerFactory = (h) => {
    setImmediate(() => h.message({ k: 'started' }));
    return {
      send: (m) => setImmediate(() => script(m, (x) => h.message(x), h)),
      kill: () => {
        kills++;
      },
    };
  };
  return { factory, killed: () => kills };
}

const loadedReply = (m: ToLearner, exports: Record<string, unknown>) => ({ k: 'loaded', id: m.id, nonce: m.nonce, exports });
const clock = () => Date.now();

describe('learner link (checker side)', () => {
  it('answers with a wrong id or nonce are dropped; the real one is taken', async () => {
    const { factory } = scripted((m, reply) => {
      if (m.k === 'load') return reply(loadedReply(m, { f: { kind: 'function', length: 0 } }));
      reply({
        k: 'returned',
        id: m.id + 1,
        nonce: m.nonce,
        ok: true,
        value: 'wrong id',
        async: false,
        leaked: 0,
        disposedArgs: [],
        callbacks: [],
      });
      reply({
        k: 'returned',
        id: m.id,
        nonce: 'forged',
        ok: true,
        value: 'wrong nonce',
        async: false,
        leaked: 0,
        disposedArgs: [],
        callbacks: [],
      });
      reply({ k: 'returned', id: m.id, nonce: m.nonce, ok: true, value: 42, async: false, leaked: 0, disposedArgs: [], callbacks: [] });
    });
    const s = new LearnerSession(new LearnerPool(factory, 0), () => tf, clock);
    const loaded = await s.load('', 1);
    assert.ok(loaded.ok);
    const f = loaded.exports.f as (...a: unknown[]) => Promise<unknown>;
    assert.equal(await f(), 42);
  });

  it('a flood of unasked messages stops the realm as a flood', async () => {
    const { factory, killed } = scripted((m, reply) => {
      if (m.k === 'load') return reply(loadedReply(m, { f: { kind: 'function', length: 0 } }));
      for (let i = 0; i < 1000; i++) reply({ k: 'returned', id: -1, nonce: '' });
    });
    const s = new LearnerSession(new LearnerPool(factory, 0), () => tf, clock);
    const loaded = await s.load('', 1);
    assert.ok(loaded.ok);
    await assert.rejects((loaded.exports.f as () => Promise<unknown>)(), (e: unknown) => e instanceof LearnerStopped && e.kind === 'flood');
    assert.ok(killed() >= 1);
  });

  it('a realm that never answers is killed at the deadline, and the next call gets a fresh one', async () => {
    let calls = 0;
    const { factory, killed } = scripted((m, reply) => {
      if (m.k === 'load') return reply(loadedReply(m, { f: { kind: 'function', length: 0 } }));
      if (++calls === 1) return; // silent
      reply({
        k: 'returned',
        id: m.id,
        nonce: m.nonce,
        ok: true,
        value: 'fresh',
        async: false,
        leaked: 0,
        disposedArgs: [],
        callbacks: [],
      });
    });
    const s = new LearnerSession(new LearnerPool(factory, 0), () => tf, clock);
    const loaded = await s.load('', 1);
    assert.ok(loaded.ok);
    s.deadline = Date.now() + 100;
    await assert.rejects(
      (loaded.exports.f as () => Promise<unknown>)(),
      (e: unknown) => e instanceof LearnerStopped && e.kind === 'timeout',
    );
    assert.equal(killed(), 1);
    s.deadline = Date.now() + 5000;
    assert.equal(await (loaded.exports.f as () => Promise<unknown>)(), 'fresh');
  });

  it('a realm that dies of memory stops every later call at once (reported once)', async () => {
    const { factory } = scripted((m, reply, h) => {
      if (m.k === 'load') return reply(loadedReply(m, { f: { kind: 'function', length: 0 } }));
      h.died({ kind: 'memory', limitMb: 64, detail: 'heap' });
    });
    const s = new LearnerSession(new LearnerPool(factory, 0), () => tf, clock);
    const loaded = await s.load('', 1);
    assert.ok(loaded.ok);
    const f = loaded.exports.f as () => Promise<unknown>;
    await assert.rejects(f(), (e: unknown) => e instanceof LearnerStopped && e.kind === 'memory' && e.limitMb === 64);
    await assert.rejects(f(), (e: unknown) => e instanceof LearnerStopped && e.kind === 'memory');
  });

  it('the real realm in-process: values decode, functions are async stubs, throws are described', async () => {
    const s = new LearnerSession(new LearnerPool(inProcessLearners, 0), () => tf, clock);
    const loaded = await s.load(
      `
      const tf = require('@tensorflow/tfjs');
      exports.k = [[1, 2], [3, 4]];
      exports.t = tf.tensor([1, 2, 3]);
      exports.m = new Map([['a', 1]]);
      exports.twice = (x) => { const y = tf.mul(x, 2); tf.ones([2]); return y; };
      exports.same = () => { const t = tf.scalar(1); return { a: t, b: t }; };
      exports.boom = () => { throw 'not an error'; };
      exports.promise = async () => 1;
      exports.grad = (g) => g(2) + g(3);
    `,
      7,
    );
    assert.ok(loaded.ok);
    const e = loaded.exports;
    assert.deepEqual(e.k, [
      [1, 2],
      [3, 4],
    ]);
    assert.ok(e.t instanceof tf.Tensor);
    assert.deepEqual(Array.from((e.t as tf.Tensor).dataSync()), [1, 2, 3]);
    assert.equal((e.m as Map<string, number>).get('a'), 1);
    const twice = e.twice as unknown as { detailed(a: unknown[]): Promise<{ value: unknown; leaked: number }> };
    const d = await twice.detailed([tf.tensor([1, 2])]);
    assert.deepEqual(Array.from((d.value as tf.Tensor).dataSync()), [2, 4]);
    assert.equal(d.leaked, 1, 'the tf.ones left in the learner realm is counted there');
    const same = await (e.same as () => Promise<{ a: tf.Tensor; b: tf.Tensor }>)();
    assert.equal(same.a, same.b, 'one tensor returned twice stays one tensor');
    await assert.rejects(
      (e.boom as () => Promise<unknown>)(),
      (x: unknown) => x instanceof LearnerThrow && !x.info.isError && /not an error/.test(x.info.message),
    );
    const p = await (e.promise as unknown as { detailed(a: unknown[]): Promise<{ async: boolean }> }).detailed([]);
    assert.equal(p.async, true);
    const g = await (e.grad as unknown as { detailed(a: unknown[]): Promise<{ value: unknown; callbacks: { calls: number }[] }> }).detailed(
      [{ $dlc: 'callback', source: '(x) => 10 * x', maxCalls: 5, argKind: 'number' }],
    );
    assert.equal(g.value, 50);
    assert.equal(g.callbacks[0]!.calls, 2);
    s.kill();
  });

  it("a callback over its call limit stops the learner's function with the violation", async () => {
    const s = new LearnerSession(new LearnerPool(inProcessLearners, 0), () => tf, clock);
    const loaded = await s.load('exports.loop = (g) => { let x = 0; for (let i = 0; i < 100; i++) x -= g(x); return x; };', 1);
    assert.ok(loaded.ok);
    await assert.rejects(
      (loaded.exports.loop as unknown as { detailed(a: unknown[]): Promise<unknown> }).detailed([
        { $dlc: 'callback', source: '(x) => x - 1', maxCalls: 10, argKind: 'number' },
      ]),
      (e: unknown) => e instanceof LearnerThrow && e.info.callback?.kind === 'limit',
    );
    s.kill();
  });
});

describe('wire', () => {
  it('a "__proto__" key stays a key: no prototype is changed', async () => {
    const v = (await decode(JSON.parse('{"__proto__": {"polluted": true}, "a": 1}'), tf)) as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.ok(Object.prototype.hasOwnProperty.call(v, '__proto__'));
  });

  it('malformed markers are WireErrors, not crashes', async () => {
    const bad: unknown[] = [
      { $dlc: 'tensor', dtype: 'float32', shape: [1e9], values: [] },
      { $dlc: 'tensor', dtype: 'evil', shape: [1], values: [1] },
      { $dlc: 'tensor', dtype: 'float32', shape: [-1], values: [] },
      { $dlc: 'map', entries: 'x' },
      { $dlc: 'model', artifacts: null },
      { $dlc: 'nope' },
    ];
    for (const b of bad) await assert.rejects(decode(b, tf), WireError, JSON.stringify(b));
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = [deep];
    await assert.rejects(decode(deep, tf), WireError);
  });

  it('cycles are refused on the way out; NaN, Infinity, -0 and typed arrays survive', async () => {
    const a: unknown[] = [];
    a.push(a);
    await assert.rejects(encode(a, tf), WireError);
    const back = (await decode(
      structuredClone(await encode({ n: NaN, i: -Infinity, z: -0, f: new Float32Array([1.5]) }, tf)),
      tf,
    )) as Record<string, unknown>;
    assert.ok(Number.isNaN(back.n));
    assert.equal(back.i, -Infinity);
    assert.ok(Object.is(back.z, -0));
    assert.deepEqual(Array.from(back.f as Float32Array), [1.5]);
  });

  it('a model crosses as topology + weights and is rebuilt with the same predictions', async () => {
    const m = tf.sequential({
      layers: [tf.layers.dense({ units: 3, inputShape: [2], activation: 'relu' }), tf.layers.dense({ units: 1 })],
    });
    const back = (await decode(structuredClone(await encode(m, tf)), tf)) as tf.LayersModel;
    assert.ok(back instanceof tf.LayersModel);
    assert.notEqual(back, m);
    const x = tf.tensor2d([[0.3, -1.2]]);
    assert.deepEqual(Array.from((back.predict(x) as tf.Tensor).dataSync()), Array.from((m.predict(x) as tf.Tensor).dataSync()));
  });
});

describe('learner pool: spare realms', () => {
  const counting = () => {
    let started = 0;
    const factory: LearnerFactory = () => {
      started++;
      return { send: () => undefined, kill: () => undefined };
    };
    return { factory, started: () => started };
  };
  it('refills at once when a spare is taken (a class graded back to back)', () => {
    const c = counting();
    const pool = new LearnerPool(c.factory, 1);
    pool.warm();
    pool.take();
    assert.equal(c.started(), 2, 'the next spare starts with the check');
  });
  it('refills only when warmed again once idle (one learner at a time: nothing starts during a check)', () => {
    const c = counting();
    const pool = new LearnerPool(c.factory, 1, false);
    pool.warm();
    pool.take();
    assert.equal(c.started(), 1, 'a spare started while the check runs');
    pool.warm();
    assert.equal(c.started(), 2);
    pool.take();
    pool.take();
    assert.equal(c.started(), 3, 'without a spare, take() still starts one for the check itself');
  });
});
