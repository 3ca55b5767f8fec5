import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SerialQueue } from '../../src/shared/serialQueue';

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('SerialQueue: one job at a time, in order', () => {
  it('runs jobs in the order given, each after the previous one settled, even when a later one is quicker', async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    const job = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await tick(ms);
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([q.run(job('a', 30)), q.run(job('b', 1)), q.run(() => (log.push('c'), 'c'))]);
    assert.deepEqual(results, ['a', 'b', 'c']);
    assert.deepEqual(log, ['a start', 'a end', 'b start', 'b end', 'c']);
  });

  it('does not start a job before the current one ends', async () => {
    const q = new SerialQueue();
    let release!: () => void;
    const first = q.run(() => new Promise<void>((resolve) => (release = resolve)));
    let secondStarted = false;
    const second = q.run(() => {
      secondStarted = true;
    });
    await tick(5);
    assert.equal(secondStarted, false, 'the second job waits for the first');
    release();
    await first;
    await second;
    assert.equal(secondStarted, true);
  });

  it('hands a rejected or throwing job back to its caller, and the next job still runs', async () => {
    const q = new SerialQueue();
    const rejected = q.run(() => Promise.reject(new Error('rejected')));
    const thrown = q.run(() => {
      throw new Error('thrown');
    });
    const next = q.run(() => 42);
    await assert.rejects(rejected, /rejected/);
    await assert.rejects(thrown, /thrown/);
    assert.equal(await next, 42);
  });

  it('keeps no rejection of its own: a failed job leaves no unhandled rejection behind', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const q = new SerialQueue();
      await q.run(() => Promise.reject(new Error('seen by its caller'))).catch(() => undefined);
      await q.run(() => undefined);
      await tick(5);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
