import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GraderSupervisor, type WorkerFactory, type WorkerHandlers } from '../../src/grader/core/supervisor';

/** Fake workers that answer `init` with `ready` (or `initFailed`), counted as they start and stop. */
function fakeWorkers(answer: 'ready' | 'initFailed' = 'ready') {
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
    const w = fakeWorkers();
    const s = new GraderSupervisor(w.factory, { backends: ['cpu'] });
    assert.deepEqual(await Promise.all([s.warm(), s.warm(), s.warm()]), ['cpu', 'cpu', 'cpu']);
    assert.equal(w.started.length, 1);
    s.dispose();
  });

  it('keepWarm: after a crash (or a cancel) a fresh worker starts in the background, before any check asks', async () => {
    const w = fakeWorkers();
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
    const plain = fakeWorkers();
    const s = new GraderSupervisor(plain.factory, { backends: ['cpu'] });
    await s.warm();
    plain.started[0]!.crash('killed');
    await tick();
    assert.equal(plain.started.length, 1);
    const failing = fakeWorkers('initFailed');
    const f = new GraderSupervisor(failing.factory, { backends: ['cpu'] });
    await assert.rejects(f.keepWarm(), /no backend/);
    await tick(50);
    assert.equal(failing.started.length, 1, 'a worker that failed to initialise is not restarted in a loop');
  });
});
