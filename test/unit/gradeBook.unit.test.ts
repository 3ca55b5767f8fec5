import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { validateClassroom, type ClassroomConfig } from '../../src/shared/classroom';
import { classStats, messageKey, renderClassReport } from '../../src/grader/node/classReport';
import {
  BOOK_KIND,
  BOOK_VERSION,
  TRAINING_WEIGHT,
  bookExercise,
  compareItems,
  bookToCsv,
  bookToJUnit,
  classFingerprint,
  gradedRow,
  itemCost,
  mergeBooks,
  missingRow,
  shardItems,
  type BookExercise,
  type BookItem,
  type GradeBook,
} from '../../src/grader/node/gradeBook';
import type { SubmissionReport } from '../../src/grader/node/reports';
import { repoRoot } from '../support/inProcessGrader';

const manifest = (id: string, checks: string[], training: string[] = []) => ({
  id,
  title: { en: `Title ${id}`, fr: `Titre ${id}` },
  checks: checks.map((c) => ({
    id: c,
    title: { en: `check ${c}`, fr: `vérification ${c}` },
    ...(training.includes(c) ? { training: true } : {}),
  })),
});
const outline = {
  exercises: [
    { id: '01-a', checks: ['x', 'y'] },
    { id: '02-b', checks: ['z'] },
    { id: '18-t', checks: ['fit', 'acc'] },
  ],
};
const config: ClassroomConfig = {
  lateFactor: 0.5,
  exercises: { '01-a': { checks: { x: 3 } }, '02-b': { pointsPerCheck: 2, deadline: '2027-01-15T23:59:00+01:00' }, '18-t': {} },
};
const exercises = new Map<string, BookExercise>([
  ['01-a', bookExercise(manifest('01-a', ['x', 'y']), config, 'en')],
  ['02-b', bookExercise(manifest('02-b', ['z']), config, 'en')],
  ['18-t', bookExercise(manifest('18-t', ['fit', 'acc'], ['fit']), config, 'en')],
]);

function classItems(learners: number): BookItem[] {
  const items: BookItem[] = [];
  for (let l = 0; l < learners; l++) {
    for (const e of exercises.keys())
      items.push(
        l % 7 === 3 && e === '02-b'
          ? { learner: `l${l}`, exercise: e }
          : { learner: `l${l}`, exercise: e, file: `class/l${l}/${e}/exercise.ts` },
      );
  }
  return items;
}

function report(item: BookItem, statuses: Record<string, string>): SubmissionReport {
  return {
    exercise: item.exercise,
    file: item.file!,
    passed: Object.values(statuses).every((s) => s === 'passed'),
    backend: 'wasm',
    durationMs: 5,
    seed: 9,
    checks: Object.entries(statuses).map(([id, status]) => ({
      id,
      title: id,
      status,
      message: status === 'passed' ? 'Passed.' : `expected ${id.length * 1.5}, got 0. The bias was forgotten.`,
    })),
  };
}

function book(items: readonly BookItem[], all: readonly BookItem[], shard?: { index: number; count: number }, seed = 9): GradeBook {
  return {
    kind: BOOK_KIND,
    version: BOOK_VERSION,
    seed,
    lang: 'en',
    class: { items: all.length, learners: new Set(all.map((i) => i.learner)).size, fingerprint: classFingerprint(all) },
    lateFactor: 0.5,
    exercises: [...exercises.values()],
    ...(shard ? { shard } : {}),
    rows: [...items]
      .sort(compareItems)
      .map((i) =>
        i.file
          ? gradedRow(
              i,
              exercises.get(i.exercise)!,
              report(i, Object.fromEntries(exercises.get(i.exercise)!.checks.map((c) => [c.id, 'passed']))),
              config,
            )
          : missingRow(i, exercises.get(i.exercise)!, seed),
      ),
    pending: [],
  };
}

describe('grade book', () => {
  it('classroom.json: points per check, per exercise, named checks; problems name the field', () => {
    assert.deepEqual(validateClassroom(config, outline), []);
    assert.deepEqual(
      exercises.get('01-a')!.checks.map((c) => c.points),
      [3, 1],
    );
    assert.equal(exercises.get('02-b')!.maxPoints, 2);
    const bad = validateClassroom(
      { lateFactor: 2, exercises: { '01-a': { checks: { nope: 1 } }, '09-zz': {}, '02-b': { deadline: 'next friday' } }, extra: 1 },
      outline,
    );
    assert.equal(bad.length, 5, bad.join('\n'));
    for (const field of ['lateFactor', 'exercises.01-a.checks.nope', 'exercises.09-zz', 'exercises.02-b.deadline', 'extra'])
      assert.ok(
        bad.some((b) => b.includes(`: ${field}: `)),
        field,
      );
  });

  it('the JSON schema describes the same fields as the validator', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'media/schema/classroom.schema.json'), 'utf8')) as {
      properties: Record<string, unknown>;
      properties_exercises?: unknown;
    };
    assert.deepEqual(Object.keys(schema.properties).sort(), ['$schema', 'exercises', 'lateFactor', 'pointsPerCheck']);
    const ex = (schema.properties.exercises as { additionalProperties: { properties: Record<string, unknown> } }).additionalProperties
      .properties;
    assert.deepEqual(Object.keys(ex).sort(), ['checks', 'deadline', 'pointsPerCheck']);
  });

  it('points: passed checks count, a late submission keeps lateFactor of them', () => {
    const item = { learner: 'ana', exercise: '01-a', file: 'f.ts' };
    const row = gradedRow(item, exercises.get('01-a')!, report(item, { x: 'passed', y: 'failed' }), config);
    assert.equal(row.points, 3);
    assert.equal(row.maxPoints, 4);
    assert.equal(row.checksPassed, 1);
    const late = { learner: 'ana', exercise: '02-b', file: 'g.ts' };
    const onTime = gradedRow(late, exercises.get('02-b')!, report(late, { z: 'passed' }), config, new Date('2027-01-15T22:00:00Z'));
    const after = gradedRow(late, exercises.get('02-b')!, report(late, { z: 'passed' }), config, new Date('2027-01-15T23:00:00Z'));
    assert.deepEqual([onTime.points, onTime.late, after.points, after.late], [2, false, 1, true]);
  });

  it('shards: disjoint, complete, the same on every run and whatever the order, balanced by cost', () => {
    const all = classItems(50);
    const n = 4;
    const slices = Array.from({ length: n }, (_, k) => shardItems(all, k + 1, n, exercises));
    const keys = slices.flat().map((i) => `${i.learner}/${i.exercise}`);
    assert.equal(keys.length, all.length);
    assert.equal(new Set(keys).size, all.length);
    assert.deepEqual(shardItems([...all].reverse(), 2, n, exercises), slices[1]);
    const costs = slices.map((s) => s.reduce((c, i) => c + itemCost(i, exercises), 0));
    assert.ok(Math.max(...costs) - Math.min(...costs) <= TRAINING_WEIGHT + 1, `unbalanced: ${costs.join(', ')}`);
    const training = slices.map((s) => s.filter((i) => i.exercise === '18-t').length);
    assert.ok(Math.max(...training) - Math.min(...training) <= 1, `training items piled up: ${training.join(', ')}`);
  });

  it('merge: the shards make the whole book; overlaps, other seeds and other classes are refused; what is missing is named', () => {
    const all = classItems(12);
    const whole = book(all, all);
    const shards = [1, 2, 3].map((k) => book(shardItems(all, k, 3, exercises), all, { index: k, count: 3 }));
    const merged = mergeBooks(shards.map((b, i) => ({ name: `s${i + 1}.json`, book: JSON.parse(JSON.stringify(b)) })));
    assert.deepEqual(merged.missing, []);
    assert.deepEqual(merged.book, whole);
    assert.throws(
      () =>
        mergeBooks([
          { name: 'a', book: shards[0] },
          { name: 'b', book: shards[0] },
        ]),
      /shard 1\/3 is given twice: a and b/,
    );
    assert.throws(
      () =>
        mergeBooks([
          { name: 'a', book: whole },
          { name: 'b', book: shards[1] },
        ]),
      /a whole class/,
    );
    const overlapping = { ...shards[1]!, rows: [...shards[1]!.rows, shards[0]!.rows[0]!] };
    assert.throws(
      () =>
        mergeBooks([
          { name: 'a', book: shards[0] },
          { name: 'b', book: overlapping },
        ]),
      /overlap on 1 row\(s\): l\d+ × \S+ \(a and b\)/,
    );
    assert.throws(
      () =>
        mergeBooks([
          { name: 'a', book: shards[0] },
          { name: 'b', book: book(shardItems(all, 2, 3, exercises), all, { index: 2, count: 3 }, 10) },
        ]),
      /different seeds/,
    );
    assert.throws(
      () =>
        mergeBooks([
          { name: 'a', book: shards[0] },
          { name: 'b', book: book([], classItems(13), { index: 2, count: 3 }) },
        ]),
      /different classes/,
    );
    assert.throws(() => mergeBooks([{ name: 'x.json', book: [{ file: 'a' }] }]), /x\.json is not a grade book/);
    const cut = {
      ...shards[2]!,
      rows: shards[2]!.rows.slice(1),
      pending: [{ learner: shards[2]!.rows[0]!.learner, exercise: shards[2]!.rows[0]!.exercise, file: 'f.ts' }],
    };
    const partial = mergeBooks([
      { name: 'a', book: shards[0] },
      { name: 'c', book: cut },
    ]);
    assert.deepEqual(partial.book.missingShards, [2]);
    assert.equal(partial.missing[0], 'shard 2/3: no report');
    assert.match(partial.missing[1]!, /^l\d+ × \S+: not graded \(f\.ts\)$/);
  });

  it('CSV: one line per learner × exercise; JUnit: a missing exercise is skipped, not failed', () => {
    const all = classItems(8);
    const b = book(all, all);
    const lines = bookToCsv(b).trim().split('\n');
    assert.equal(
      lines[0],
      'learner,exercise,points,max_points,passed,checks_passed,checks_total,status,late,submitted_at,failed_checks,file,seed',
    );
    assert.equal(lines.length, 1 + all.length);
    assert.ok(lines.includes('l3,02-b,0,2,false,0,1,missing,,,,,9'), lines.join('\n'));
    const x = bookToJUnit(b);
    assert.match(x, /<testsuites tests="\d+" failures="0" errors="0" skipped="1">/);
    assert.match(x, /<testsuite name="l3\/02-b"[^>]*skipped="1"/);
  });

  it('class statistics: pass rates, misconceptions grouped whatever their numbers, the distribution of points', () => {
    const all = classItems(10);
    const b = book(all, all);
    const rows = b.rows.map((r, i) =>
      r.exercise === '01-a' && i % 2 === 0
        ? gradedRow(all[i]!, exercises.get('01-a')!, report(all[i]!, { x: 'failed', y: 'passed' }), config)
        : r,
    );
    const s = classStats({ ...b, rows });
    assert.equal(s.learners, 10);
    const ex = s.exercises.find((e) => e.id === '01-a')!;
    assert.equal(ex.submitted, 10);
    assert.equal(ex.passed, 5);
    assert.equal(s.topFailing[0]!.id, 'x');
    assert.equal(s.messages[0]!.count, 5);
    assert.equal(messageKey('expected [1.5, -2, 3e-4], got 0.25.'), messageKey('expected [7, 8, 9], got 12.'));
    assert.equal(
      s.distribution.reduce((a, n) => a + n, 0),
      10,
    );
  });

  it('the HTML report is self-contained, escapes what learners wrote, and speaks French with French typography', () => {
    const all = classItems(6);
    const b = book(all, all);
    const i0 = { ...all[0]!, learner: '<img src=x onerror=alert(1)>' };
    const hostile = gradedRow(
      i0,
      exercises.get('01-a')!,
      {
        ...report(i0, { x: 'failed', y: 'passed' }),
        checks: [{ id: 'x', title: 'x', status: 'failed', message: '</table><script>alert(1)</script>' }],
      },
      config,
    );
    const html = renderClassReport({ ...b, rows: [hostile, ...b.rows.slice(1)] }, 'fr');
    assert.doesNotMatch(html, /<script|<img/i);
    assert.match(html, /&lt;\/table&gt;&lt;script&gt;/);
    assert.doesNotMatch(html, /(src|href)="?(https?:)?\/\//i, 'nothing fetched from the network');
    assert.match(html, /default-src 'none'/);
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /Taux de réussite par exercice/);
    assert.match(html, /\d+(,\d)?[\u00a0\u202f]%/, 'French percentages (a no-break space before %)');
    assert.equal(
      (html.match(/<svg/g) ?? []).length,
      (html.match(/<table>/g) ?? []).length - 1,
      'every chart has its data table (plus the learners table)',
    );
    assert.match(renderClassReport(b, 'en'), /Pass rate per exercise/);
  });
});
