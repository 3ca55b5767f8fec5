import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { saveDecision, trainsAModel, WATCH_DEBOUNCE_MS, WatchScheduler, type SaveContext } from '../../src/checking/watchRules';
import type { ExerciseManifest } from '../../src/shared/manifest';

const plain = [{}, { training: false }];
const training = [{}, { training: true }];
const ctx = (over: Partial<SaveContext> = {}): SaveContext => ({
  watch: true,
  trusted: true,
  checks: plain,
  running: false,
  trainingExplained: false,
  ...over,
});

describe('watch mode: which save checks', () => {
  it('checks a saved exercise when watch is on, the folder trusted and nothing runs', () => {
    assert.equal(saveDecision(ctx()), 'check');
  });
  it('waits for the running check instead of starting a second one', () => {
    assert.equal(saveDecision(ctx({ running: true })), 'afterCurrent');
  });
  it('does nothing when watch is off, the folder untrusted, or the file is no exercise', () => {
    assert.equal(saveDecision(ctx({ watch: false })), 'ignore');
    assert.equal(saveDecision(ctx({ trusted: false })), 'ignore');
    assert.equal(saveDecision(ctx({ checks: undefined })), 'ignore');
  });
  it('never checks a training exercise; says why once', () => {
    assert.equal(saveDecision(ctx({ checks: training })), 'explainTraining');
    assert.equal(saveDecision(ctx({ checks: training, running: true })), 'explainTraining');
    assert.equal(saveDecision(ctx({ checks: training, trainingExplained: true })), 'ignore');
    // Off or untrusted: not even the notice.
    assert.equal(saveDecision(ctx({ checks: training, watch: false })), 'ignore');
    assert.equal(saveDecision(ctx({ checks: training, trusted: false })), 'ignore');
  });
  it("the course's training exercises are exactly those with a training check", () => {
    const dir = path.join(__dirname, '../../../exercises');
    const manifests = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'exercise.json')))
      .map((e) => JSON.parse(fs.readFileSync(path.join(dir, e.name, 'exercise.json'), 'utf8')) as ExerciseManifest);
    assert.ok(manifests.length >= 19, `${manifests.length} exercises found in ${dir}`);
    const trained = manifests.filter((m) => trainsAModel(m.checks)).map((m) => m.id);
    for (const id of ['12-training-loop', '17-overfitting', '18-mnist', '19-cats-vs-dogs']) assert.ok(trained.includes(id), id);
    assert.ok(
      manifests.some((m) => m.id.startsWith('01-') && !trainsAModel(m.checks)),
      '01 is watched',
    );
  });
});

/** Timers the test moves by hand. */
function fakeClock() {
  let now = 0;
  let next = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    set: (fn: () => void, ms: number) => {
      timers.set(++next, { at: now + ms, fn });
      return next;
    },
    clear: (h: unknown) => void timers.delete(h as number),
    advance(ms: number) {
      now += ms;
      for (const [h, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now && timers.delete(h)) t.fn();
      }
    },
  };
}

const settle = () => new Promise<void>((r) => setImmediate(r));

function harness(over: Partial<Omit<SaveContext, 'running'>> = {}) {
  const clock = fakeClock();
  const started: string[] = [];
  const explained: string[] = [];
  const finish: (() => void)[] = [];
  const state = { watch: true, trusted: true, checks: plain as SaveContext['checks'], trainingExplained: false, ...over };
  const scheduler = new WatchScheduler(
    {
      context: () => state,
      check: (id) => {
        started.push(id);
        return new Promise<void>((r) => finish.push(r));
      },
      explainTraining: (id) => explained.push(id),
    },
    clock,
  );
  return { clock, started, explained, finish, state, scheduler };
}

describe('watch mode: when it checks', () => {
  it('debounces: saves within the delay make one check, after the delay', () => {
    const h = harness();
    h.scheduler.saved('01');
    h.clock.advance(WATCH_DEBOUNCE_MS - 1);
    h.scheduler.saved('01');
    h.clock.advance(WATCH_DEBOUNCE_MS - 1);
    assert.deepEqual(h.started, []);
    h.clock.advance(1);
    assert.deepEqual(h.started, ['01']);
    assert.equal(h.scheduler.busy, true);
  });
  it('a save during a check re-checks once after it, however many saves', async () => {
    const h = harness();
    h.scheduler.saved('01');
    h.clock.advance(WATCH_DEBOUNCE_MS);
    for (let i = 0; i < 5; i++) {
      h.scheduler.saved('01');
      h.clock.advance(WATCH_DEBOUNCE_MS);
    }
    assert.deepEqual(h.started, ['01'], 'one check at a time');
    h.finish.shift()!();
    await settle();
    assert.deepEqual(h.started, ['01', '01'], 'one more after it');
    h.finish.shift()!();
    await settle();
    assert.deepEqual(h.started, ['01', '01'], 'and no pile-up');
    assert.equal(h.scheduler.busy, false);
  });
  it('a check that throws does not stop watch mode', async () => {
    const h = harness();
    const scheduler = new WatchScheduler(
      { context: () => h.state, check: () => Promise.reject(new Error('boom')), explainTraining: () => {} },
      h.clock,
    );
    scheduler.saved('01');
    h.clock.advance(WATCH_DEBOUNCE_MS);
    await settle();
    assert.equal(scheduler.busy, false);
  });
  it('decides again after the running check: turned off meanwhile, nothing more runs', async () => {
    const h = harness();
    h.scheduler.saved('01');
    h.clock.advance(WATCH_DEBOUNCE_MS);
    h.scheduler.saved('02');
    h.clock.advance(WATCH_DEBOUNCE_MS);
    h.state.watch = false;
    h.finish.shift()!();
    await settle();
    assert.deepEqual(h.started, ['01']);
  });
  it('a training exercise is explained, never checked', () => {
    const h = harness({ checks: training });
    h.scheduler.saved('17');
    h.clock.advance(WATCH_DEBOUNCE_MS);
    assert.deepEqual(h.started, []);
    assert.deepEqual(h.explained, ['17']);
  });
  it('after dispose, a save checks nothing', () => {
    const h = harness();
    h.scheduler.saved('01');
    h.scheduler.dispose();
    h.clock.advance(WATCH_DEBOUNCE_MS);
    h.scheduler.saved('01');
    h.clock.advance(WATCH_DEBOUNCE_MS);
    assert.deepEqual(h.started, []);
  });
});
