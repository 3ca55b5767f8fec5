import { createHash } from 'crypto';
import { checkPoints, deadlineOf, lateFactor, type ClassroomConfig } from '../../shared/classroom';
import type { Lang } from '../../shared/i18n';
import type { SandboxInfo } from '../../shared/grading';
import { csvField, xml, type SubmissionReport } from './reports';

/**
 * The grade book: one row per learner × exercise, with points from classroom.json. A book may
 * be a shard (`--shard k/n`, one deterministic slice of the class) that `dl-course merge` puts
 * together with the others. Pure functions: the CLI gathers the submissions and grades them.
 */
export const BOOK_KIND = 'dl-course-grade-book';
export const BOOK_VERSION = 1;
export type BookFormat = 'json' | 'csv' | 'junit' | 'html';

/** One learner × exercise to grade; `file` is absent when the learner has no such exercise. */
export interface BookItem {
  readonly learner: string;
  readonly exercise: string;
  readonly file?: string;
}

export interface BookExercise {
  readonly id: string;
  readonly title: string;
  readonly checks: readonly { readonly id: string; readonly title: string; readonly points: number; readonly training: boolean }[];
  readonly maxPoints: number;
  readonly deadline?: string;
}

export interface BookCheck {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly message: string;
  readonly points: number;
  readonly maxPoints: number;
}

export interface BookRow {
  readonly learner: string;
  readonly exercise: string;
  /** null: not submitted (no `<learner>/<exercise>/exercise.ts`). */
  readonly file: string | null;
  readonly status: 'graded' | 'missing';
  readonly passed: boolean;
  readonly points: number;
  readonly maxPoints: number;
  readonly checksPassed: number;
  readonly checksTotal: number;
  readonly late?: boolean;
  /** When the submission was last changed (last git commit of the file, else its modification time). */
  readonly submittedAt?: string;
  readonly backend?: string;
  readonly durationMs?: number;
  readonly seed: number;
  readonly checks: readonly BookCheck[];
}

export interface PendingItem {
  readonly learner: string;
  readonly exercise: string;
  readonly file: string | null;
}

export interface GradeBook {
  readonly kind: typeof BOOK_KIND;
  readonly version: typeof BOOK_VERSION;
  readonly seed: number;
  readonly lang: Lang;
  /** The whole class this book belongs to: how many learner × exercise items, and a hash of their list. */
  readonly class: { readonly items: number; readonly learners: number; readonly fingerprint: string };
  readonly lateFactor: number;
  readonly exercises: readonly BookExercise[];
  /** Present on a shard's book: the k-th (1-based) of n. */
  readonly shard?: { readonly index: number; readonly count: number };
  readonly rows: readonly BookRow[];
  /** Items of this book's slice that were not graded (interrupted run, or shards missing at merge). */
  readonly pending: readonly PendingItem[];
  /** Set by `merge` when shards are missing. */
  readonly missingShards?: readonly number[];
  readonly sandbox?: SandboxInfo;
}

/** The expected cost of grading one item: a training check weighs as much as 40 ordinary ones. */
export const TRAINING_WEIGHT = 40;

export function itemCost(item: BookItem, exercises: ReadonlyMap<string, BookExercise>): number {
  if (!item.file) return 0;
  const e = exercises.get(item.exercise);
  return e ? e.checks.reduce((n, c) => n + (c.training ? TRAINING_WEIGHT : 1), 0) : 1;
}

function itemKey(i: { learner: string; exercise: string }): string {
  return `${i.learner}\u0000${i.exercise}`;
}

export function compareItems(a: { learner: string; exercise: string }, b: { learner: string; exercise: string }): number {
  return a.learner < b.learner ? -1 : a.learner > b.learner ? 1 : a.exercise < b.exercise ? -1 : a.exercise > b.exercise ? 1 : 0;
}

export function classFingerprint(items: readonly BookItem[]): string {
  const h = createHash('sha256');
  for (const i of [...items].sort(compareItems)) h.update(`${itemKey(i)}\u0000${i.file ? 1 : 0}\n`);
  return h.digest('hex').slice(0, 16);
}

/**
 * The k-th (1-based) of n slices: the items sorted by decreasing cost (then by learner and
 * exercise), each given to the slice with the least cost so far (the lowest index on a tie).
 * Depends only on the list of items, so every shard job computes the same slices.
 */
export function shardItems<T extends BookItem>(
  items: readonly T[],
  index: number,
  count: number,
  exercises: ReadonlyMap<string, BookExercise>,
): T[] {
  const sorted = items
    .map((item) => ({ item, cost: itemCost(item, exercises) }))
    .sort((a, b) => b.cost - a.cost || compareItems(a.item, b.item));
  const load = new Array<number>(count).fill(0);
  const size = new Array<number>(count).fill(0);
  const mine: T[] = [];
  for (const { item, cost } of sorted) {
    let best = 0;
    // Free items (not submitted) go where there are fewest rows; the others where there is least work.
    for (let s = 1; s < count; s++) if (cost ? load[s]! < load[best]! : size[s]! < size[best]!) best = s;
    load[best]! += cost;
    size[best]!++;
    if (best === index - 1) mine.push(item);
  }
  return mine.sort(compareItems);
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function missingRow(item: BookItem, exercise: BookExercise, seed: number): BookRow {
  return {
    learner: item.learner,
    exercise: item.exercise,
    file: null,
    status: 'missing',
    passed: false,
    points: 0,
    maxPoints: exercise.maxPoints,
    checksPassed: 0,
    checksTotal: exercise.checks.length,
    seed,
    checks: [],
  };
}

export function gradedRow(
  item: BookItem,
  exercise: BookExercise,
  report: SubmissionReport,
  config: ClassroomConfig | undefined,
  submittedAt?: Date,
): BookRow {
  const checks: BookCheck[] = report.checks.map((c) => {
    const max = exercise.checks.find((x) => x.id === c.id)?.points ?? 0;
    return { ...c, points: c.status === 'passed' ? max : 0, maxPoints: max };
  });
  const deadline = deadlineOf(config, exercise.id);
  const late = deadline !== undefined && submittedAt !== undefined ? submittedAt.getTime() > Date.parse(deadline) : undefined;
  const earned = checks.reduce((n, c) => n + c.points, 0) * (late ? lateFactor(config) : 1);
  return {
    learner: item.learner,
    exercise: item.exercise,
    file: report.file,
    status: 'graded',
    passed: report.passed,
    points: round2(earned),
    maxPoints: exercise.maxPoints,
    checksPassed: report.checks.filter((c) => c.status === 'passed').length,
    checksTotal: exercise.checks.length,
    ...(late !== undefined ? { late } : {}),
    ...(deadline !== undefined && submittedAt ? { submittedAt: submittedAt.toISOString() } : {}),
    backend: report.backend,
    durationMs: report.durationMs,
    seed: report.seed,
    checks,
  };
}

/** The book's view of an exercise: its checks with their points. */
export function bookExercise(
  manifest: {
    id: string;
    checks: readonly { id: string; title: { en: string; fr: string }; training?: boolean }[];
    title: { en: string; fr: string };
  },
  config: ClassroomConfig | undefined,
  lang: Lang,
): BookExercise {
  const checks = manifest.checks.map((c) => ({
    id: c.id,
    title: c.title[lang] || c.title.en,
    points: checkPoints(config, manifest.id, c.id),
    training: c.training === true,
  }));
  const deadline = deadlineOf(config, manifest.id);
  return {
    id: manifest.id,
    title: manifest.title[lang] || manifest.title.en,
    checks,
    maxPoints: round2(checks.reduce((n, c) => n + c.points, 0)),
    ...(deadline ? { deadline } : {}),
  };
}

export class MergeError extends Error {}

export interface MergeResult {
  readonly book: GradeBook;
  /** What is missing, one line each (empty when the book is complete). */
  readonly missing: readonly string[];
}

/** Merges shard books into one; refuses books of different classes/seeds and overlapping rows. */
export function mergeBooks(books: readonly { readonly name: string; readonly book: unknown }[]): MergeResult {
  if (!books.length) throw new MergeError('no report to merge');
  const valid = books.map(({ name, book }) => {
    const b = book as Partial<GradeBook> | null;
    if (!b || typeof b !== 'object' || b.kind !== BOOK_KIND || !Array.isArray(b.rows) || !b.class) {
      throw new MergeError(
        `${name} is not a grade book in JSON (made by \`dl-course grade … --format json\` with several exercises, --all, --classroom or --shard)`,
      );
    }
    if (b.version !== BOOK_VERSION)
      throw new MergeError(`${name}: grade book version ${String(b.version)}, this dl-course reads version ${BOOK_VERSION}`);
    return { name, book: b as GradeBook };
  });
  const first = valid[0]!;
  for (const { name, book } of valid.slice(1)) {
    if (book.class.fingerprint !== first.book.class.fingerprint)
      throw new MergeError(
        `${name} and ${first.name} grade different classes or exercises (${book.class.items} vs ${first.book.class.items} items): shard the same folders with the same options`,
      );
    if (book.seed !== first.book.seed)
      throw new MergeError(
        `${name} (seed ${book.seed}) and ${first.name} (seed ${first.book.seed}) were graded with different seeds: give every shard the same --seed`,
      );
    if (book.lang !== first.book.lang)
      throw new MergeError(`${name} (--lang ${book.lang}) and ${first.name} (--lang ${first.book.lang}) are in different languages`);
    if (JSON.stringify(book.exercises) !== JSON.stringify(first.book.exercises) || book.lateFactor !== first.book.lateFactor)
      throw new MergeError(`${name} and ${first.name} were graded with different classroom.json settings`);
  }
  const count = first.book.shard?.count;
  const seenShard = new Map<number, string>();
  for (const { name, book } of valid) {
    if (book.shard?.count !== count)
      throw new MergeError(
        `${name} is ${book.shard ? `shard ${book.shard.index}/${book.shard.count}` : 'a whole class'}, ${first.name} is ${count ? `shard ${first.book.shard!.index}/${count}` : 'a whole class'}`,
      );
    if (book.shard) {
      const other = seenShard.get(book.shard.index);
      if (other) throw new MergeError(`shard ${book.shard.index}/${count} is given twice: ${other} and ${name}`);
      seenShard.set(book.shard.index, name);
    }
  }
  const owner = new Map<string, string>();
  const overlaps: string[] = [];
  for (const { name, book } of valid) {
    for (const r of book.rows) {
      const k = itemKey(r);
      const o = owner.get(k);
      if (o) overlaps.push(`${r.learner} × ${r.exercise} (${o} and ${name})`);
      else owner.set(k, name);
    }
  }
  if (overlaps.length)
    throw new MergeError(
      `the reports overlap on ${overlaps.length} row(s): ${overlaps.slice(0, 5).join('; ')}${overlaps.length > 5 ? '; …' : ''}`,
    );
  const rows = valid.flatMap((v) => v.book.rows).sort(compareItems);
  const pending = valid.flatMap((v) => v.book.pending).sort(compareItems);
  const missingShards = count ? Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seenShard.has(i)) : [];
  const missing: string[] = [];
  for (const s of missingShards) missing.push(`shard ${s}/${count}: no report`);
  for (const p of pending) missing.push(`${p.learner} × ${p.exercise}: not graded${p.file ? ` (${p.file})` : ''}`);
  const accounted = rows.length + pending.length;
  if (!missingShards.length && accounted !== first.book.class.items)
    missing.push(`${first.book.class.items - accounted} row(s) of the class are in no report`);
  const { shard: _shard, missingShards: _m, ...base } = first.book;
  const book: GradeBook = { ...base, rows, pending, ...(missingShards.length ? { missingShards } : {}) };
  return { book, missing };
}

/** A per-submission report (`grade <id>` without a grade book) read as a book, for `dl-course report`. */
export function bookFromReports(reports: readonly SubmissionReport[], exercises: readonly BookExercise[], lang: Lang): GradeBook {
  const byId = new Map(exercises.map((e) => [e.id, e]));
  const rows = reports
    .map((r) => {
      const parts = r.file.split(/[\\/]/);
      const learner =
        parts.length >= 3 && parts[parts.length - 2] === r.exercise ? parts[parts.length - 3]! : (parts[parts.length - 2] ?? r.file);
      const e = byId.get(r.exercise);
      if (!e) throw new MergeError(`unknown exercise "${r.exercise}" in the report`);
      return gradedRow({ learner, exercise: r.exercise, file: r.file }, e, r, undefined);
    })
    .sort(compareItems);
  const items = rows.map((r) => ({ learner: r.learner, exercise: r.exercise, file: r.file ?? undefined }));
  const used = exercises.filter((e) => rows.some((r) => r.exercise === e.id));
  return {
    kind: BOOK_KIND,
    version: BOOK_VERSION,
    seed: reports[0]?.seed ?? 0,
    lang,
    class: { items: items.length, learners: new Set(rows.map((r) => r.learner)).size, fingerprint: classFingerprint(items) },
    lateFactor: 1,
    exercises: used,
    rows,
    pending: [],
  };
}

// ── formats ─────────────────────────────────────────────────────────────────────────────────────

/** One line per learner × exercise, for a spreadsheet or an LMS import. */
export function bookToCsv(book: GradeBook): string {
  const rows: (string | number | boolean | undefined | null)[][] = [
    [
      'learner',
      'exercise',
      'points',
      'max_points',
      'passed',
      'checks_passed',
      'checks_total',
      'status',
      'late',
      'submitted_at',
      'failed_checks',
      'file',
      'seed',
    ],
  ];
  for (const r of book.rows) {
    const failed = r.checks
      .filter((c) => c.status !== 'passed')
      .map((c) => c.id)
      .join(' ');
    rows.push([
      r.learner,
      r.exercise,
      r.points,
      r.maxPoints,
      r.passed,
      r.checksPassed,
      r.checksTotal,
      r.status,
      r.late,
      r.submittedAt,
      failed,
      r.file,
      r.seed,
    ]);
  }
  for (const p of book.pending) rows.push([p.learner, p.exercise, '', '', '', '', '', 'pending', '', '', '', p.file, book.seed]);
  return rows.map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

/** One test suite per learner × exercise, one test case per check; an exercise not submitted is skipped. */
export function bookToJUnit(book: GradeBook): string {
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  const suites = book.rows.map((r) => {
    const name = `${r.learner}/${r.exercise}`;
    if (r.status === 'missing') {
      tests++;
      skipped++;
      return `  <testsuite name="${xml(name)}" tests="1" failures="0" errors="0" skipped="1" time="0.000">\n    <testcase classname="${xml(r.exercise)}" name="submission"><skipped message="not submitted"/></testcase>\n  </testsuite>`;
    }
    const cases = r.checks.map((c) => {
      const first = xml(c.message.split('\n')[0] ?? '');
      const body =
        c.status === 'passed'
          ? ''
          : c.status === 'failed'
            ? `<failure message="${first}">${xml(c.message)}</failure>`
            : `<error type="${xml(c.status)}" message="${first}">${xml(c.message)}</error>`;
      return `    <testcase classname="${xml(r.exercise)}" name="${xml(`${c.id}: ${c.title} (${c.points}/${c.maxPoints})`)}">${body}</testcase>`;
    });
    const f = r.checks.filter((c) => c.status === 'failed').length;
    const e = r.checks.filter((c) => c.status === 'error' || c.status === 'timeout').length;
    tests += r.checks.length;
    failures += f;
    errors += e;
    return `  <testsuite name="${xml(name)}" tests="${r.checks.length}" failures="${f}" errors="${e}" skipped="0" time="${((r.durationMs ?? 0) / 1000).toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">\n${suites.join('\n')}\n</testsuites>\n`;
}
