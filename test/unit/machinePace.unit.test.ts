import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SLOW_MACHINE, slowMachineNote } from '../../src/grader/core/machinePace';

describe('a verdict over budget on a slow machine says so (machinePace.ts)', () => {
  it('says nothing when the machine ran at its usual pace, or was not measured', () => {
    assert.equal(slowMachineNote(undefined, 150_000), undefined);
    assert.equal(slowMachineNote(1, 150_000), undefined);
    assert.equal(slowMachineNote(SLOW_MACHINE - 0.01, 150_000), undefined);
    assert.equal(slowMachineNote(Number.NaN, 150_000), undefined);
  });

  it('on a machine 2.5 times slower: by how much, and the time at the usual pace, in each language', () => {
    const note = slowMachineNote(2.5, 150_000);
    assert.ok(note);
    assert.match(note.en, /2\.5 times slower/);
    assert.match(note.en, /about 60 s/);
    assert.match(note.fr, /2,5 fois plus lentement/);
    assert.match(note.fr, /environ 60/);
    assert.doesNotMatch(note.fr, /times|machine is|check again/);
  });
});
