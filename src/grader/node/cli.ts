import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import * as l10n from '@vscode/l10n';
import { CHECKS } from '../../../exercises/registry';
import type { FolderReport } from '../../shared/charts/datasetBalance';
import { imageCollector, scanClassFolder, type FolderFs } from '../../shared/classFolder';
import { countedExercises, lateFactor, validateClassroom, type ClassroomConfig } from '../../shared/classroom';
import { pick, type Lang } from '../../shared/i18n';
import { typeset } from '../../shared/frenchText';
import type { CheckStatus, GradeResult, SandboxInfo } from '../../shared/grading';
import { exerciseWithPanel, panelOf } from '../../shared/manifest';
import { drawSeed } from '../core/rng';
import { OWN_IMAGES, OWN_IMAGES_PROBE, ownImagesRefusal, skippedImagesNote, type OwnImagesParams } from '../../shared/protocol/ownImages';
import { transpileExercise } from '../../shared/transpile';
import { ProbeError, type GraderSupervisor } from '../core/supervisor';
import { loadCourse, type Course, type CourseExercise } from '../../node/courseLoader';
import { createNodeGrader } from './nodeGrader';
import { useLanguage } from './l10n';
import { renderClassReport } from './classReport';
import { DEFAULT_SHARDS, defaultClassroom, writeClassroomTemplate } from './classroomTemplate';
import {
  BOOK_KIND,
  BOOK_VERSION,
  MergeError,
  bookExercise,
  bookFromReports,
  bookToCsv,
  bookToJUnit,
  classFingerprint,
  compareItems,
  gradedRow,
  mergeBooks,
  missingRow,
  shardItems,
  type BookFormat,
  type BookItem,
  type BookRow,
  type GradeBook,
  type MergeResult,
  type PendingItem,
} from './gradeBook';
import { formatReport, type ReportFormat, type SubmissionReport } from './reports';

/**
 * `dl-course`: the command-line grader (CI, an instructor grading a class). Exit codes:
 * 0 every check passed, 1 a check failed, 2 usage error (message on stderr).
 */
const USAGE = `Usage:
  dl-course list                                  the exercises, in course order
  dl-course check <exercise-id> <file.ts> [--json] [--lang en|fr] [--seed N]
  dl-course grade <exercise-id> <file-or-folder>... [--format json|csv|junit] [--out FILE] [--lang en|fr]
                  [--jobs N] [--seed N] [--resume]
                                                  grade many submissions (a folder: every exercise.ts under it),
                                                  N at a time (default: one per core); with --out, each result is
                                                  kept in FILE.partial.jsonl as it finishes and --resume goes on
                                                  from there after an interruption
  dl-course grade <exercise-id>... | --all  <class-folder>... [--classroom classroom.json] [--shard K/N]
                  [--format json|csv|junit|html] [--out FILE] [--jobs N] [--seed N] [--resume] [--lang en|fr]
                                                  a grade book: one row per learner × exercise
                                                  (<class-folder>/<learner>/<exercise-id>/exercise.ts), points from
                                                  classroom.json; --shard K/N grades the K-th of N slices (needs --seed)
  dl-course merge <book.json>... [--out FILE] [--format json|csv|junit|html] [--lang en|fr]
                                                  the shards' grade books as one (refuses overlaps, names what is missing)
  dl-course report <book.json>... --out class.html [--lang en|fr]
                                                  the HTML class report of a grade book (or of a grade report)
  dl-course classroom init <dir> [--shards N] [--classroom classroom.json]
                                                  a course repository for a class: starters, classroom.json,
                                                  GitLab CI and GitHub Actions files that grade every push
  dl-course train 19-cats-vs-dogs <file.ts> --images <folder> [--json] [--lang en|fr]
                                                  train the submission's model on your own images
                                                  (<folder>/<class>/*.png|jpg, one sub-folder per class)
  dl-course validate [<exercise-id>…]             the whole course (or these exercises): manifests, hints, starters fail, solutions pass`;

class UsageError extends Error {}
/** A refusal that is not a misuse of the command line (e.g. overlapping reports): said without the usage. */
class Refusal extends Error {}

const root = path.resolve(__dirname, '..');

interface Flags {
  readonly lang: Lang;
  readonly json: boolean;
  readonly format: string;
  readonly out?: string;
  readonly images?: string;
  readonly jobs: number;
  readonly seed?: number;
  readonly resume: boolean;
  readonly all: boolean;
  readonly classroom?: string;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly shards?: number;
}

function parseFlags(argv: string[]): { flags: Flags; args: string[] } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        lang: { type: 'string' },
        json: { type: 'boolean' },
        format: { type: 'string' },
        out: { type: 'string' },
        images: { type: 'string' },
        jobs: { type: 'string' },
        seed: { type: 'string' },
        resume: { type: 'boolean' },
        all: { type: 'boolean' },
        classroom: { type: 'string' },
        shard: { type: 'string' },
        shards: { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const int = (name: string, min: number): number | undefined => {
    const raw = v[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > 2 ** 31) throw new UsageError(`--${name} must be an integer ≥ ${min}, not "${String(raw)}"`);
    return n;
  };
  const jobs = int('jobs', 1) ?? Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 16));
  let shard: Flags['shard'];
  if (v.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(String(v.shard));
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2]) || Number(m[2]) > 1000)
      throw new UsageError(`--shard must be K/N with 1 ≤ K ≤ N ≤ 1000 (e.g. 2/4), not "${String(v.shard)}"`);
    shard = { index: Number(m[1]), count: Number(m[2]) };
  }
  const shards = int('shards', 1);
  if (shards !== undefined && shards > 1000) throw new UsageError('--shards must be at most 1000');
  return {
    flags: {
      lang: v.lang === 'fr' ? 'fr' : 'en',
      json: v.json === true,
      format: typeof v.format === 'string' ? v.format : 'json',
      out: typeof v.out === 'string' ? v.out : undefined,
      images: typeof v.images === 'string' ? v.images : undefined,
      jobs,
      seed: int('seed', 0),
      resume: v.resume === true,
      all: v.all === true,
      classroom: typeof v.classroom === 'string' ? v.classroom : undefined,
      shard,
      shards,
    },
    args: parsed.positionals,
  };
}

async function main(argv: string[]): Promise<number> {
  const { flags, args } = parseFlags(argv);
  const lang = flags.lang;
  useLanguage(lang);
  const [command, ...rest] = args;
  const course = loadCourse(root);
  switch (command) {
    case 'list':
      return list(course);
    case 'check':
      return check(course, rest, flags);
    case 'grade':
      return grade(course, rest, flags);
    case 'merge':
      return merge(course, rest, flags);
    case 'report':
      return report(course, rest, flags);
    case 'classroom':
      return classroom(course, rest, flags);
    case 'validate':
      return validate(course, rest);
    case 'train':
      return train(course, rest, flags.images, flags.json, lang);
    case undefined:
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return command ? 0 : 2;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function list(course: Course): number {
  for (const e of course.exercises) process.stdout.write(`${e.manifest.id}\t${e.manifest.title.en}\t${e.manifest.title.fr}\n`);
  return 0;
}

function findExercise(course: Course, id: string | undefined): CourseExercise {
  if (!id) throw new UsageError('missing <exercise-id>');
  const e = course.exercises.find((x) => x.manifest.id === id);
  if (!e) throw new UsageError(`unknown exercise "${id}" (see \`dl-course list\`)`);
  return e;
}

export async function gradeSource(
  grader: GraderSupervisor,
  exercise: CourseExercise,
  source: string,
  lang: Lang,
  seed?: number,
): Promise<GradeResult> {
  const t = transpileExercise(source);
  if (!t.ok) {
    const message = {
      en: `Syntax error at line ${t.error.line + 1}, column ${t.error.column + 1}: ${t.error.message}`,
      fr: `Erreur de syntaxe ligne ${t.error.line + 1}, colonne ${t.error.column + 1} : ${t.error.message}`,
    };
    return {
      exerciseId: exercise.manifest.id,
      backend: 'none',
      durationMs: 0,
      cancelled: false,
      seed: seed ?? 0,
      outcomes: exercise.manifest.checks.map((c) => ({ id: c.id, status: 'error', message, durationMs: 0 })),
    };
  }
  return grader.grade({ exerciseId: exercise.manifest.id, js: t.js, checks: exercise.manifest.checks, lang, seed });
}

function toReport(exercise: CourseExercise, file: string, r: GradeResult, lang: Lang): SubmissionReport {
  const checks = exercise.manifest.checks;
  return {
    exercise: exercise.manifest.id,
    file,
    // Passed only when every declared check has an outcome, and each of them passed.
    passed: checks.length > 0 && checks.every((c) => r.outcomes.some((o) => o.id === c.id && o.status === 'passed')),
    backend: r.backend,
    durationMs: r.durationMs,
    seed: r.seed,
    ...(r.sandbox ? { sandbox: r.sandbox } : {}),
    checks: r.outcomes.map((o) => ({
      id: o.id,
      title: pick(checks.find((c) => c.id === o.id)?.title ?? { en: o.id, fr: o.id }, lang),
      status: o.status,
      message: pick(o.message, lang),
    })),
  };
}

function readSubmission(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

/** A check's status in the report's language, as the results panel says it. */
function statusWord(status: string): string {
  const words: Readonly<Record<CheckStatus, string>> = {
    passed: l10n.t('passed'),
    failed: l10n.t('failed'),
    error: l10n.t('error'),
    timeout: l10n.t('timed out'),
    cancelled: l10n.t('cancelled'),
  };
  return words[status as CheckStatus] ?? status;
}

async function check(course: Course, rest: string[], flags: Flags): Promise<number> {
  const { json, lang } = flags;
  const exercise = findExercise(course, rest[0]);
  if (!rest[1]) throw new UsageError('missing <file.ts>');
  const source = readSubmission(rest[1]);
  const grader = createNodeGrader(__dirname, path.join(root, 'media'));
  try {
    const report = toReport(exercise, rest[1], await gradeSource(grader, exercise, source, lang, flags.seed), lang);
    if (report.sandbox?.warning) process.stderr.write(`dl-course: warning: ${report.sandbox.warning}\n`);
    if (json) {
      const { file: _file, ...rest2 } = report;
      process.stdout.write(`${JSON.stringify(rest2)}\n`);
    } else {
      for (const c of report.checks)
        process.stdout.write(
          `${c.status === 'passed' ? '✓' : '✗'} ${c.title} [${typeset(statusWord(c.status), lang)}]\n${c.status === 'passed' && c.message === l10n.t('Passed.') ? '' : indent(c.message)}`,
        );
      const n = report.checks.filter((c) => c.status === 'passed').length;
      process.stdout.write(
        `${typeset(l10n.t('{0}/{1} checks passed ({2}, {3} ms, seed {4}{5})', n, report.checks.length, report.backend, report.durationMs, report.seed, report.sandbox ? l10n.t(', sandbox: {0}', report.sandbox.layers.join(' + ')) : ''), lang)}\n`,
      );
    }
    return report.passed ? 0 : 1;
  } finally {
    grader.dispose();
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}\n`)
    .join('');
}

function collectSubmissions(inputs: string[], exerciseId: string): string[] {
  const files: string[] = [];
  const walk = (p: string) => {
    const st = fs.statSync(p);
    if (st.isFile()) return files.push(p);
    for (const name of fs.readdirSync(p).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const full = path.join(p, name);
      const s = fs.statSync(full);
      if (s.isDirectory()) walk(full);
      else if (name === 'exercise.ts' && (path.basename(p) === exerciseId || !fs.existsSync(path.join(path.dirname(p), exerciseId))))
        files.push(full);
    }
    return undefined;
  };
  for (const input of inputs) {
    if (!fs.existsSync(input)) throw new UsageError(`no such file or folder: ${input}`);
    walk(input);
  }
  return files;
}

/**
 * A grade book's submissions: every `<learner>/<exercise-id>/exercise.ts` under the inputs (the
 * learner is the folder's path below the input, or the input's own name for a single learner's
 * repository). With one exercise, `<learner>/exercise.ts` also counts (as for `grade <id>`).
 * Every learner gets a row for every selected exercise, submitted or not.
 */
function collectClass(course: Course, inputs: string[], selected: readonly string[]): BookItem[] {
  const known = new Set(course.exercises.map((e) => e.manifest.id));
  const files = new Map<string, string>();
  const learners = new Set<string>();
  for (const input of inputs) {
    if (!fs.existsSync(input)) throw new UsageError(`no such file or folder: ${input}`);
    const base = fs.statSync(input).isFile() ? path.dirname(path.dirname(path.dirname(path.resolve(input)))) : path.resolve(input);
    const learnerOf = (dir: string) => path.relative(base, dir).split(path.sep).join('/') || path.basename(base);
    const add = (learnerDir: string, exercise: string, file: string) => {
      const learner = learnerOf(learnerDir);
      learners.add(learner);
      if (!selected.includes(exercise)) return;
      const key = `${learner}\u0000${exercise}`;
      const other = files.get(key);
      if (other && other !== file)
        throw new UsageError(`two submissions of ${exercise} for "${learner}": ${other} and ${file} (grade the folders separately)`);
      files.set(key, file);
    };
    const visit = (file: string) => {
      const dir = path.dirname(file);
      const id = path.basename(dir);
      if (known.has(id)) add(path.dirname(dir), id, file);
      else if (selected.length === 1 && !fs.existsSync(path.join(path.dirname(dir), selected[0]!))) add(dir, selected[0]!, file);
    };
    const walk = (p: string) => {
      for (const name of fs.readdirSync(p).sort()) {
        if (name === 'node_modules' || name.startsWith('.')) continue;
        const full = path.join(p, name);
        const s = fs.statSync(full);
        if (s.isDirectory()) walk(full);
        else if (name === 'exercise.ts') visit(full);
      }
    };
    if (fs.statSync(input).isFile()) visit(path.resolve(input));
    else walk(path.resolve(input));
  }
  const items: BookItem[] = [];
  for (const learner of learners)
    for (const exercise of selected) {
      const file = files.get(`${learner}\u0000${exercise}`);
      items.push(file ? { learner, exercise, file: path.relative(process.cwd(), file) || file } : { learner, exercise });
    }
  return items.sort(compareItems);
}

function readClassroom(course: Course, file: string | undefined): ClassroomConfig | undefined {
  if (!file) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const problems = validateClassroom(
    raw,
    { exercises: course.exercises.map((e) => ({ id: e.manifest.id, checks: e.manifest.checks.map((c) => c.id) })) },
    file,
  );
  if (problems.length) throw new UsageError(problems.join('\n'));
  return raw as ClassroomConfig;
}

/** When a submission was last changed: its last git commit if it is in a repository, else its modification time. */
function submittedAt(file: string): Date {
  try {
    const out = execFileSync('git', ['log', '-1', '--format=%cI', '--', path.basename(file)], {
      cwd: path.dirname(file),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    }).trim();
    if (out && !Number.isNaN(Date.parse(out))) return new Date(out);
  } catch {
    // not in a git repository, or no git: the file's time
  }
  return fs.statSync(file).mtime;
}

interface PartialLine {
  readonly file: string;
  readonly sha256: string;
  readonly seed: number;
  readonly report: SubmissionReport;
}

interface GradingRun {
  readonly reports: readonly (SubmissionReport | undefined)[];
  readonly seed: number;
  readonly interrupted: boolean;
  readonly sandbox?: SandboxInfo;
  readonly partialPath?: string;
}

/** Grades each (file, exercise), `--jobs` at a time, each in a fresh sandboxed process; kept in FILE.partial.jsonl as it goes. */
async function runGrading(work: readonly { file: string; exercise: CourseExercise }[], flags: Flags, what: string): Promise<GradingRun> {
  const { lang, out } = flags;
  if (flags.resume && !out) throw new UsageError('--resume needs --out FILE (the graded results are kept in FILE.partial.jsonl)');
  const partialPath = out ? `${out}.partial.jsonl` : undefined;
  // What an interrupted run already graded (same file, same content): kept, not graded again.
  const done = new Map<string, PartialLine>();
  if (partialPath && flags.resume && fs.existsSync(partialPath)) {
    for (const line of fs.readFileSync(partialPath, 'utf8').split('\n')) {
      try {
        const p = JSON.parse(line) as PartialLine;
        if (p && typeof p.file === 'string' && p.report) done.set(p.file, p);
      } catch {
        // a line cut by the interruption
      }
    }
  } else if (partialPath && fs.existsSync(partialPath)) fs.rmSync(partialPath);
  const seed = flags.seed ?? [...done.values()][0]?.seed ?? drawSeed();
  const reports: (SubmissionReport | undefined)[] = new Array<SubmissionReport | undefined>(work.length);
  const partial = partialPath ? fs.openSync(partialPath, 'a') : undefined;
  let graded = 0;
  const record = (i: number, report: SubmissionReport, sha256: string) => {
    reports[i] = report;
    graded++;
    if (partial !== undefined)
      fs.writeSync(partial, `${JSON.stringify({ file: work[i]!.file, sha256, seed, report } satisfies PartialLine)}\n`);
    process.stderr.write(
      `${l10n.t('graded {0}/{1}: {2}', graded, work.length, work[i]!.file)}${report.passed ? '' : l10n.t(' (not passed)')}\n`,
    );
  };
  const jobs = Math.min(flags.jobs, work.length);
  process.stderr.write(`grading ${work.length} submission(s) of ${what}, ${jobs} at a time, seed ${seed}\n`);
  let next = 0;
  let interrupted = false;
  const graders: GraderSupervisor[] = [];
  const onSignal = () => {
    interrupted = true;
    for (const g of graders) g.cancel();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let sandbox: SandboxInfo | undefined;
  const job = async () => {
    const grader = createNodeGrader(__dirname, path.join(root, 'media'));
    graders.push(grader);
    try {
      await grader.warm().catch(() => undefined);
      while (!interrupted && next < work.length) {
        const i = next++;
        const { file, exercise } = work[i]!;
        let source: string;
        try {
          // Read once: a file that changes while the class is graded is graded as it was read.
          source = fs.readFileSync(file, 'utf8');
        } catch (e) {
          // One unreadable submission must not lose the class's report: record it and go on.
          record(
            i,
            {
              exercise: exercise.manifest.id,
              file,
              passed: false,
              backend: 'none',
              durationMs: 0,
              seed,
              checks: [{ id: 'read', title: 'read the file', status: 'error', message: (e as Error).message }],
            },
            '',
          );
          continue;
        }
        const sha256 = createHash('sha256').update(source).digest('hex');
        const before = done.get(file);
        if (before && before.sha256 === sha256 && before.seed === seed && before.report.exercise === exercise.manifest.id) {
          record(i, before.report, sha256);
          continue;
        }
        const result = await gradeSource(grader, exercise, source, lang, seed);
        if (interrupted && result.cancelled) break;
        sandbox ??= result.sandbox;
        record(i, toReport(exercise, file, result, lang), sha256);
      }
    } finally {
      grader.dispose();
    }
  };
  await Promise.all(Array.from({ length: jobs }, job));
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  if (partial !== undefined) fs.closeSync(partial);
  if (sandbox?.warning) process.stderr.write(`dl-course: warning: ${sandbox.warning}\n`);
  return { reports, seed, interrupted, sandbox, partialPath };
}

/** Writes the report atomically (a temporary file renamed), or prints it. */
function writeOutput(out: string | undefined, text: string): void {
  if (!out) {
    process.stdout.write(text);
    return;
  }
  const tmp = `${out}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, out);
  process.stderr.write(`report written to ${out}\n`);
}

async function grade(course: Course, rest: string[], flags: Flags): Promise<number> {
  const { lang, out } = flags;
  const ids = new Set(course.exercises.map((e) => e.manifest.id));
  let selected: string[];
  let inputs: string[];
  if (flags.all) {
    inputs = rest;
    selected = [];
  } else {
    // Leading exercise ids, then the submissions (the last argument is always a submission).
    let n = 0;
    while (n < rest.length - 1 && ids.has(rest[n]!)) n++;
    if (n === 0) n = 1;
    selected = rest.slice(0, n);
    inputs = rest.slice(n);
    for (const id of selected) findExercise(course, id);
  }
  const bookMode =
    flags.all || selected.length > 1 || flags.classroom !== undefined || flags.shard !== undefined || flags.format === 'html';
  if (!bookMode) return gradeOne(course, selected[0], inputs, flags);
  const format = flags.format as BookFormat;
  if (!['json', 'csv', 'junit', 'html'].includes(format))
    throw new UsageError(`--format must be json, csv, junit or html, not "${format}"`);
  if (!inputs.length) throw new UsageError('missing the class folder(s)');
  if (flags.shard && flags.seed === undefined)
    throw new UsageError('--shard needs --seed N: every shard must grade with the same data for the merge');
  const config = readClassroom(course, flags.classroom);
  const outline = { exercises: course.exercises.map((e) => ({ id: e.manifest.id, checks: e.manifest.checks.map((c) => c.id) })) };
  if (flags.all) selected = countedExercises(config, outline);
  else if (config?.exercises) {
    const notCounted = selected.filter((id) => !(id in config.exercises!));
    if (notCounted.length)
      process.stderr.write(
        `dl-course: ${l10n.t('note: {0} not in {1}: graded with {2} point(s) per check', notCounted.join(', '), String(flags.classroom), config.pointsPerCheck ?? 1)}\n`,
      );
  }
  const byId = new Map(course.exercises.map((e) => [e.manifest.id, e]));
  let all = collectClass(course, inputs, selected);
  if (flags.all && !config?.exercises) {
    // --all without a list in classroom.json: the exercises someone in the class has a folder for.
    const found = new Set(all.filter((i) => i.file).map((i) => i.exercise));
    selected = selected.filter((id) => found.has(id));
    all = all.filter((i) => found.has(i.exercise));
  }
  const exercises = selected.map((id) => bookExercise(byId.get(id)!.manifest, config, lang));
  const exerciseMap = new Map(exercises.map((e) => [e.id, e]));
  if (!all.some((i) => i.file))
    throw new UsageError(
      `no <learner>/<exercise-id>/exercise.ts${selected.length ? ` of ${selected.length > 3 ? `${selected.length} exercises` : selected.join(', ')}` : ''} under ${inputs.join(', ')}`,
    );
  const items = flags.shard ? shardItems(all, flags.shard.index, flags.shard.count, exerciseMap) : all;
  const toGrade = items.filter((i): i is BookItem & { file: string } => i.file !== undefined);
  const what = `${selected.length === 1 ? selected[0] : `${selected.length} exercises`} (${new Set(all.map((i) => i.learner)).size} learners${flags.shard ? `, shard ${flags.shard.index}/${flags.shard.count}` : ''})`;
  const run = toGrade.length
    ? await runGrading(
        toGrade.map((i) => ({ file: i.file, exercise: byId.get(i.exercise)! })),
        flags,
        what,
      )
    : { reports: [], seed: flags.seed ?? drawSeed(), interrupted: false, sandbox: undefined, partialPath: undefined };
  const reportOf = new Map(toGrade.map((i, k) => [i, run.reports[k]]));
  const rows: BookRow[] = [];
  const pending: PendingItem[] = [];
  for (const item of items) {
    const e = exerciseMap.get(item.exercise)!;
    if (!item.file) {
      rows.push(missingRow(item, e, run.seed));
      continue;
    }
    const r = reportOf.get(item as BookItem & { file: string });
    if (!r) {
      pending.push({ learner: item.learner, exercise: item.exercise, file: item.file });
      continue;
    }
    rows.push(gradedRow(item, e, r, config, e.deadline ? submittedAt(item.file) : undefined));
  }
  const book: GradeBook = {
    kind: BOOK_KIND,
    version: BOOK_VERSION,
    seed: run.seed,
    lang,
    class: { items: all.length, learners: new Set(all.map((i) => i.learner)).size, fingerprint: classFingerprint(all) },
    lateFactor: lateFactor(config),
    exercises,
    ...(flags.shard ? { shard: flags.shard } : {}),
    rows,
    pending,
    ...(run.sandbox ? { sandbox: run.sandbox } : {}),
  };
  writeOutput(out, formatBook(book, format, lang, course));
  if (!run.interrupted && run.partialPath) fs.rmSync(run.partialPath, { force: true });
  if (run.interrupted) {
    process.stderr.write(
      `dl-course: ${l10n.t('interrupted: {0}/{1} graded', toGrade.length - pending.length, toGrade.length)}${run.partialPath ? l10n.t('; run the same command with --resume to grade the rest') : ''}\n`,
    );
    return 130;
  }
  return rows.every((r) => r.status === 'missing' || r.passed) ? 0 : 1;
}

function formatBook(book: GradeBook, format: BookFormat, lang: Lang, course: Course): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(book, null, 2)}\n`;
    case 'csv':
      return bookToCsv(book);
    case 'junit':
      return bookToJUnit(book);
    case 'html':
      return renderClassReport(retitle(book, course, lang), lang);
  }
}

/** The exercises' and checks' titles in the report's language (the messages stay in the language they were graded in). */
function retitle(book: GradeBook, course: Course, lang: Lang): GradeBook {
  const byId = new Map(course.exercises.map((e) => [e.manifest.id, e.manifest]));
  const checkTitle = (exercise: string, check: string, fallback: string) => {
    const t = byId.get(exercise)?.checks.find((c) => c.id === check)?.title;
    return t ? pick(t, lang) : fallback;
  };
  return {
    ...book,
    exercises: book.exercises.map((e) => ({
      ...e,
      title: byId.has(e.id) ? pick(byId.get(e.id)!.title, lang) : e.title,
      checks: e.checks.map((c) => ({ ...c, title: checkTitle(e.id, c.id, c.title) })),
    })),
    rows: book.rows.map((r) => ({ ...r, checks: r.checks.map((c) => ({ ...c, title: checkTitle(r.exercise, c.id, c.title) })) })),
  };
}

/** `grade <exercise-id> <files…>` without a grade book: the per-submission report, as before. */
async function gradeOne(course: Course, id: string | undefined, inputs: string[], flags: Flags): Promise<number> {
  const format = flags.format as ReportFormat;
  if (!['json', 'csv', 'junit'].includes(format)) throw new UsageError(`--format must be json, csv or junit, not "${format}"`);
  const exercise = findExercise(course, id);
  if (inputs.length < 1) throw new UsageError('missing submissions (files or folders)');
  const files = collectSubmissions(inputs, exercise.manifest.id);
  if (!files.length) throw new UsageError(`no exercise.ts found under ${inputs.join(', ')}`);
  const run = await runGrading(
    files.map((file) => ({ file, exercise })),
    flags,
    exercise.manifest.id,
  );
  const finished = run.reports.filter((r): r is SubmissionReport => r !== undefined);
  writeOutput(flags.out, formatReport(finished, format));
  if (!run.interrupted && run.partialPath) fs.rmSync(run.partialPath, { force: true });
  if (run.interrupted) {
    process.stderr.write(
      `dl-course: ${l10n.t('interrupted: {0}/{1} graded', finished.length, files.length)}${run.partialPath ? l10n.t('; run the same command with --resume to grade the rest') : ''}\n`,
    );
    return 130;
  }
  return finished.every((r) => r.passed) ? 0 : 1;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file} is not JSON (${(e as Error).message}): merge and report read the JSON grade books`);
  }
}

/** Merges the shards' books; exit 0 complete, 1 written but something is missing (named), 2 refused. */
async function merge(course: Course, rest: string[], flags: Flags): Promise<number> {
  const format = flags.format as BookFormat;
  if (!['json', 'csv', 'junit', 'html'].includes(format))
    throw new UsageError(`--format must be json, csv, junit or html, not "${format}"`);
  if (!rest.length) throw new UsageError("missing the grade books to merge (the shards' --format json reports)");
  let result: MergeResult;
  try {
    result = mergeBooks(rest.map((name) => ({ name, book: readJson(name) })));
  } catch (e) {
    if (e instanceof MergeError) throw new Refusal(`cannot merge: ${e.message}`);
    throw e;
  }
  writeOutput(flags.out, formatBook(result.book, format, flags.lang, course));
  if (result.missing.length) {
    process.stderr.write(
      `dl-course: the grade book is incomplete (${result.missing.length} missing):\n${result.missing
        .slice(0, 50)
        .map((m) => `  - ${m}\n`)
        .join('')}${result.missing.length > 50 ? `  … and ${result.missing.length - 50} more\n` : ''}`,
    );
    return 1;
  }
  const rows = result.book.rows;
  process.stderr.write(`${l10n.t('merged {0} report(s): {1} rows, {2} learners', rest.length, rows.length, result.book.class.learners)}\n`);
  return 0;
}

/** The HTML class report of one grade book (several: merged first), or of a per-submission JSON report. */
async function report(course: Course, rest: string[], flags: Flags): Promise<number> {
  if (!rest.length) throw new UsageError('missing the grade book (a --format json report)');
  let book: GradeBook;
  const inputs = rest.map((name) => ({ name, book: readJson(name) }));
  try {
    if (inputs.length === 1 && Array.isArray(inputs[0]!.book)) {
      const reports = inputs[0]!.book as SubmissionReport[];
      book = bookFromReports(
        reports,
        course.exercises.map((e) => bookExercise(e.manifest, undefined, flags.lang)),
        flags.lang,
      );
    } else {
      const merged = mergeBooks(inputs);
      for (const m of merged.missing) process.stderr.write(`dl-course: missing: ${m}\n`);
      book = merged.book;
    }
  } catch (e) {
    if (e instanceof MergeError) throw new Refusal(e.message);
    throw e;
  }
  writeOutput(flags.out, renderClassReport(retitle(book, course, flags.lang), flags.lang));
  return 0;
}

/** `classroom init <dir>`: a course repository for a class (starters, classroom.json, CI files). */
async function classroom(course: Course, rest: string[], flags: Flags): Promise<number> {
  if (rest[0] !== 'init') throw new UsageError(`unknown classroom command "${rest[0] ?? ''}" (try \`dl-course classroom init <dir>\`)`);
  const dir = rest[1];
  if (!dir) throw new UsageError('missing <dir> (the folder of the class repository to create)');
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new UsageError(`${dir} exists and is not a folder`);
  const config = readClassroom(course, flags.classroom) ?? defaultClassroom(course.exercises);
  let version = '0.0.0';
  try {
    version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? version;
  } catch {
    // a CLI copied without its package.json: the marker records 0.0.0
  }
  const r = writeClassroomTemplate({
    dir,
    exercises: course.exercises,
    typesSource: path.join(__dirname, 'types'),
    schemaSource: path.join(root, 'media', 'schema', 'classroom.schema.json'),
    version,
    shards: flags.shards ?? DEFAULT_SHARDS,
    classroom: config,
  });
  for (const w of r.warnings) process.stderr.write(`dl-course: warning: ${w}\n`);
  const shown = (f: string) => path.relative(dir, f) || f;
  const listed = r.created.filter((f) => !f.includes(`${path.sep}.dl-course${path.sep}types${path.sep}`));
  process.stdout.write(
    `${listed.map((f) => `created ${shown(f)}\n`).join('')}${r.kept.map((f) => `kept    ${shown(f)} (already there)\n`).join('')}`,
  );
  process.stdout.write(
    `class repository ready in ${dir}: for the CI jobs, put the CLI's package in ${path.join(dir, 'tools', 'dl-course.tgz')} (in the course's repository: npm run pack:cli -- --out-dir ${path.join(dir, 'tools')} --as dl-course.tgz)\n`,
  );
  return 0;
}

/** Node's fs for src/shared/classFolder's walk (symbolic links followed, as in VS Code). */
function nodeFolderFs(root: string): FolderFs {
  const kind = async (full: string, d: fs.Dirent): Promise<'file' | 'directory' | 'other'> => {
    if (d.isSymbolicLink()) {
      const st = await fs.promises.stat(full).catch(() => undefined);
      return st?.isDirectory() ? 'directory' : st?.isFile() ? 'file' : 'other';
    }
    return d.isDirectory() ? 'directory' : d.isFile() ? 'file' : 'other';
  };
  return {
    list: async (segments) => {
      const dir = path.join(root, ...segments);
      const entries = await fs.promises.readdir(dir, { withFileTypes: true });
      return Promise.all(entries.map(async (d) => ({ name: d.name, kind: await kind(path.join(dir, d.name), d) })));
    },
    read: async (segments) => new Uint8Array(await fs.promises.readFile(path.join(root, ...segments))),
  };
}

async function train(course: Course, rest: string[], folder: string | undefined, json: boolean, lang: Lang): Promise<number> {
  const exercise = findExercise(course, rest[0]);
  if (!panelOf(exercise.manifest, 'training')?.ownImages)
    throw new UsageError(
      `only ${
        exerciseWithPanel(
          course.exercises.map((e) => e.manifest),
          'training',
          (d) => d.ownImages === true,
        )?.id ?? 'an exercise whose exercise.json says so'
      } trains on your own images`,
    );
  if (!rest[1]) throw new UsageError('missing <file.ts>');
  if (!folder) throw new UsageError('missing --images <folder> (one sub-folder of images per class)');
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new UsageError(`no such folder: ${folder}`);
  const source = readSubmission(rest[1]);
  const t = transpileExercise(source);
  if (!t.ok) {
    process.stderr.write(`${rest[1]}:${t.error.line + 1}:${t.error.column + 1}: syntax error: ${t.error.message}\n`);
    return 1;
  }
  const keep = imageCollector(OWN_IMAGES.maxPerClass);
  let report: FolderReport;
  try {
    report = await scanClassFolder(nodeFolderFs(folder), (img) => keep.onImage(img));
  } catch (e) {
    throw new UsageError(`cannot read ${folder}: ${(e as Error).message}`);
  }
  const warnings = report.problems.map((p) => pick(p, lang));
  if (keep.skipped()) warnings.push(pick(skippedImagesNote(keep.skipped()), lang));
  const refusal = ownImagesRefusal(report);
  if (refusal) {
    // The report's problems always include the reason (one class, too few images).
    if (json)
      process.stdout.write(`${JSON.stringify({ exercise: exercise.manifest.id, ok: false, message: warnings.join(' '), warnings })}\n`);
    process.stderr.write(`dl-course: ${folder} cannot be trained on:\n${warnings.map((w) => `  - ${w}\n`).join('')}`);
    return 2;
  }
  const grader = createNodeGrader(__dirname, path.join(root, 'media'));
  const started = Date.now();
  try {
    process.stderr.write(`${l10n.t('reading and resizing {0} images…', keep.images.length)}\n`);
    // The worker reads each file itself, one at a time: only paths cross over.
    const params: OwnImagesParams = {
      folder,
      images: keep.images.map((i) => ({ className: i.className, name: i.name, ref: path.resolve(folder, i.className, i.name) })),
    };
    const w = { epoch: l10n.t('epoch'), loss: l10n.t('loss'), acc: l10n.t('accuracy'), held: l10n.t('held out') };
    const pct1 = (x: number) => `${(x * 100).toFixed(1)} %`;
    const r = await grader.probe(
      { exerciseId: exercise.manifest.id, js: t.js, probe: OWN_IMAGES_PROBE, params, lang, timeoutMs: OWN_IMAGES.timeoutMs },
      (p) => {
        if (p.loss === undefined) return;
        process.stderr.write(
          `${w.epoch} ${p.epoch}/${p.epochs} · ${w.loss} ${p.loss.toFixed(4)}${p.acc !== undefined ? ` · ${w.acc} ${pct1(p.acc)}` : ''}${p.valAcc !== undefined ? ` · ${w.held} ${pct1(p.valAcc)}` : ''}\n`,
        );
      },
    );
    const result = r.data;
    const notes = r.notes.map((n) => pick(n, lang));
    if (json) {
      const { summary, ...data } = result;
      process.stdout.write(
        `${JSON.stringify({ exercise: exercise.manifest.id, ok: true, backend: r.backend, durationMs: Date.now() - started, ...data, summary: pick(summary, lang), warnings, notes })}\n`,
      );
    } else {
      process.stdout.write(`${pick(result.summary, lang)}\n${[...warnings, ...notes].map((w) => `  - ${w}\n`).join('')}`);
    }
    return 0;
  } catch (e) {
    if (!(e instanceof ProbeError)) throw e;
    const message = pick(e.text, lang);
    if (json)
      process.stdout.write(
        `${JSON.stringify({ exercise: exercise.manifest.id, ok: false, durationMs: Date.now() - started, message, warnings })}\n`,
      );
    else process.stderr.write(`${message}\n`);
    return 1;
  } finally {
    grader.dispose();
  }
}

async function validate(course: Course, only: readonly string[]): Promise<number> {
  const problems = [...course.errors];
  const ids = new Set(course.exercises.map((e) => e.manifest.id));
  const unknown = only.filter((id) => !ids.has(id));
  if (unknown.length) throw new UsageError(`unknown exercise ${unknown.map((id) => `"${id}"`).join(', ')} (see \`dl-course list\`)`);
  const exercises = only.length ? course.exercises.filter((e) => only.includes(e.manifest.id)) : course.exercises;
  for (const id of Object.keys(CHECKS))
    if (!ids.has(id)) problems.push(`exercises/registry.ts: checks for "${id}" but no valid exercises/${id}/exercise.json`);
  const grader = createNodeGrader(__dirname, path.join(root, 'media'));
  let ok = 0;
  try {
    for (const e of exercises) {
      const id = e.manifest.id;
      const before = problems.length;
      const impl = CHECKS[id];
      if (!impl) {
        problems.push(`${id}: no checks registered in exercises/registry.ts`);
        continue;
      }
      const declared = e.manifest.checks.map((c) => c.id);
      for (const c of declared)
        if (!impl.some((i) => i.id === c)) problems.push(`${id}: check "${c}" is in exercise.json but not in checks.ts`);
      for (const i of impl) if (!declared.includes(i.id)) problems.push(`${id}: check "${i.id}" is in checks.ts but not in exercise.json`);
      const starter = fs.readFileSync(e.starterPath, 'utf8');
      if (!/\/\/\s*TODO/.test(starter)) problems.push(`${id}: starter.ts has no // TODO marker`);
      for (const lang of ['en', 'fr'] as const)
        if (!fs.readFileSync(e.theoryPath[lang], 'utf8').trim()) problems.push(`${id}: theory.${lang}.md is empty`);
      if (problems.length > before) continue;
      const s = await gradeSource(grader, e, starter, 'en');
      if (s.outcomes.every((o) => o.status === 'passed'))
        problems.push(`${id}: the starter passes every check (it must fail at least one)`);
      const sol = await gradeSource(grader, e, fs.readFileSync(e.solutionPath, 'utf8'), 'en');
      for (const o of sol.outcomes)
        if (o.status !== 'passed') problems.push(`${id}: the solution fails "${o.id}" [${o.status}]: ${o.message.en}`);
      const status = problems.length > before ? 'FAIL' : 'ok';
      if (status === 'ok') ok++;
      process.stdout.write(
        `${status.padEnd(4)} ${id}  starter ${s.outcomes.filter((o) => o.status === 'passed').length}/${s.outcomes.length} passed, solution ${sol.outcomes.filter((o) => o.status === 'passed').length}/${sol.outcomes.length} (${sol.backend}, ${sol.durationMs} ms)\n`,
      );
    }
  } finally {
    grader.dispose();
  }
  for (const p of problems) process.stderr.write(`✗ ${p}\n`);
  process.stdout.write(`${ok}/${exercises.length} exercises valid${problems.length ? `, ${problems.length} problem(s)` : ''}\n`);
  return problems.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`dl-course: ${e.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else if (e instanceof Refusal) {
      process.stderr.write(`dl-course: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`dl-course: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 3;
    }
  },
);
