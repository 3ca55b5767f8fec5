import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CosFitResult } from '../../src/grader/core/probes/training';
import { GraderSupervisor, ProbeError, type WorkerFactory, type WorkerHandlers } from '../../src/grader/core/supervisor';
import type { SandboxInfo } from '../../src/shared/grading';
import type { FromGraderWorker, ToGraderWorker } from '../../src/shared/protocol/graderWorker';

/** Fake workers that answer `init` with `ready` (or `initFailed`), counted as they start and stop. */
function countingWorkers(answer: 'ready' | 'initFailed' = 'ready') {
  const started: WorkerHandlers[] = [];
  let terminated = 0;
  const factory: WorkerFactory = (handlers) => {
    started.push(handlers);
    return {
      post: (m) => {
        if (m.type !== 'init') return;
        setTimeout(() =>
          handlers.message(
            answer === 'ready'
              ? { type: 'ready', backend: 'cpu', sandbox: { realm: 'in-process', layers: [], network: false } }
              : { type: 'initFailed', message: 'no backend' },
          ),
        );
      },
      terminate: () => void terminated++,
    };
  };
  return { factory, started, terminated: () => terminated };
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('grader supervisor: a warm worker', () => {
  it('starts one worker however many ask while it starts', async () => {
    const w = countingWorkers();
    const s = new GraderSupervisor(w.factory, { backends: ['cpu'] });
    assert.deepEqual(await Promise.all([s.warm(), s.warm(), s.warm()]), ['cpu', 'cpu', 'cpu']);
    assert.equal(w.started.length, 1);
    s.dispose();
  });

  it('keepWarm: after a crash (or a cancel) a fresh worker starts in the background, before any check asks', async () => {
    const w = countingWorkers();
    const s = new GraderSupervisor(w.factory, { backends: ['cpu'] });
    await s.keepWarm();
    w.started[0]!.crash('killed');
    await tick();
    assert.equal(w.started.length, 2, 'restarted without a check');
    s.cancel();
    await tick();
    assert.equal(w.started.length, 3, 'a cancel kills the worker: restarted too');
    assert.equal(await s.warm(), 'cpu');
    assert.equal(w.started.length, 3, 'the warm one is used');
    s.dispose();
    await tick();
    assert.equal(w.started.length, 3, 'disposed: no restart');
  });

  it('without keepWarm (the CLI), or when the worker never started, no restart', async () => {
    const plain = countingWorkers();
    const s = new GraderSupervisor(plain.factory, { backends: ['cpu'] });
    await s.warm();
    plain.started[0]!.crash('killed');
    await tick();
    assert.equal(plain.started.length, 1);
    const failing = countingWorkers('initFailed');
    const f = new GraderSupervisor(failing.factory, { backends: ['cpu'] });
    await assert.rejects(f.keepWarm(), /no backend/);
    await tick(50);
    assert.equal(failing.started.length, 1, 'a worker that failed to initialise is not restarted in a loop');
  });
});

/** A worker that answers as `reply` says (undefined: never answers), and records what it was sent and whether it was killed. */
function fakeWorkers(reply: (m: ToGraderWorker) => FromGraderWorker | undefined) {
  const sent: ToGraderWorker[] = [];
  let terminated = 0;
  const supervisor = new GraderSupervisor(
    (h: WorkerHandlers) => ({
      post: (m) => {
        sent.push(m);
        const r = reply(m);
        if (r) queueMicrotask(() => h.message(r));
      },
      terminate: () => terminated++,
    }),
    { backends: ['cpu'], initTimeoutMs: 1000 },
  );
  return { supervisor, sent, terminated: () => terminated };
}

const SANDBOX: SandboxInfo = { realm: 'in-process', layers: [], network: false };
const answers =
  (probe: (m: Extract<ToGraderWorker, { type: 'probe' }>) => FromGraderWorker | undefined) =>
  (m: ToGraderWorker): FromGraderWorker | undefined =>
    m.type === 'init'
      ? { type: 'ready', backend: 'cpu', sandbox: SANDBOX }
      : m.type === 'load'
        ? { type: 'loaded' }
        : m.type === 'probe'
          ? probe(m)
          : undefined;

const base = { exerciseId: '17-overfitting', js: 'export const x = 1;', lang: 'en' } as const;

/** Never called: the compiler checks these calls (a params shape a probe does not take must not compile). */
export function probeCallsTypeCheck(g: GraderSupervisor): void {
  void g.probe({ ...base, probe: 'gradientDescent.neuron', params: { learningRate: 1, steps: 10 } });
  // @ts-expect-error steps is a number
  void g.probe({ ...base, probe: 'gradientDescent.neuron', params: { steps: '10' } });
  // @ts-expect-error featureMaps.maps needs its exerciseId and view
  void g.probe({ ...base, probe: 'featureMaps.maps', params: { learningRate: 1 } });
  // @ts-expect-error no such probe
  void g.probe({ ...base, probe: 'gradientDescent.nope', params: {} });
  // @ts-expect-error training.ownImages takes images, not a model
  void g.probe({ ...base, probe: 'training.ownImages', params: { model: 'linear' } });
  void g.probe({ ...base, probe: 'training.cosFit', params: { model: 'linear' } }).then((r) => {
    const fit: CosFitResult = r.data;
    // @ts-expect-error a cosFit result is not a number
    const wrong: number = r.data;
    return [fit, wrong];
  });
}

describe('GraderSupervisor (a fake worker)', () => {
  it('sends a probe its name and params and resolves with its data', async () => {
    const w = fakeWorkers(answers((m) => ({ type: 'probeResult', ok: true, data: { echo: m.params }, notes: [] })));
    const r = await w.supervisor.probe({ ...base, probe: 'training.cosFit', params: { model: 'linear' } });
    assert.deepEqual(r.data, { echo: { model: 'linear' } });
    assert.equal(r.backend, 'cpu');
    assert.deepEqual(
      w.sent.map((m) => m.type),
      ['init', 'load', 'probe'],
    );
  });

  it('kills a worker that does not answer in time and says so; the next request gets a fresh one', async () => {
    let silent = true;
    const w = fakeWorkers(answers(() => (silent ? undefined : { type: 'probeResult', ok: true, data: 1, notes: [] })));
    await assert.rejects(
      w.supervisor.probe({ ...base, probe: 'training.cosFit', params: {}, timeoutMs: 30 }),
      (e: unknown) => e instanceof ProbeError && !e.cancelled && /within 0(\.0)? s/.test(e.text.en),
    );
    assert.equal(w.terminated(), 1);
    silent = false;
    const r = await w.supervisor.probe({ ...base, probe: 'training.cosFit', params: {} });
    assert.equal(r.data, 1);
    assert.equal(w.sent.filter((m) => m.type === 'init').length, 2);
  });

  it("starts when the port's post returns a value (the page's port queues messages until the worker script has loaded)", async () => {
    // webviews/common/graderClient.ts posts with `worker ? worker.postMessage(m) : pending.push(m)`: the init goes out while the
    // worker script is still loading, and push returns the queue's length. That value must not become the request's context
    // (the answer types it accepts): the worker's ready was then dropped and every page grader timed out at start.
    const sent: ToGraderWorker[] = [];
    const supervisor = new GraderSupervisor(
      (h: WorkerHandlers) => ({
        post: (m) => {
          const r = answers(() => ({ type: 'probeResult', ok: true, data: 7, notes: [] }))(m);
          if (r) setTimeout(() => h.message(r), 1);
          return sent.push(m);
        },
        terminate: () => undefined,
      }),
      { backends: ['cpu'], initTimeoutMs: 200 },
    );
    const r = await supervisor.probe({ ...base, probe: 'training.cosFit', params: {} });
    assert.equal(r.data, 7);
    assert.deepEqual(
      sent.map((m) => m.type),
      ['init', 'load', 'probe'],
    );
  });

  it('a cancel rejects the pending probe as cancelled', async () => {
    const w = fakeWorkers(answers(() => undefined));
    const p = w.supervisor.probe({ ...base, probe: 'training.cosFit', params: {}, timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 10));
    w.supervisor.cancel();
    await assert.rejects(p, (e: unknown) => e instanceof ProbeError && e.cancelled);
  });
});
