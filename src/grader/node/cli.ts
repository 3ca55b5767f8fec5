import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { CHECKS } from '../../../exercises/registry';
import type { FolderReport } from '../../shared/charts/datasetBalance';
import { imageCollector, scanClassFolder, type FolderFs } from '../../shared/classFolder';
import { pick, type Lang } from '../../shared/i18n';
import type { SandboxInfo } from '../../shared/protocol/graderWorker';
import { drawSeed } from '../core/rng';
import { OWN_IMAGES, OWN_IMAGES_EXERCISE, OWN_IMAGES_PROBE, ownImagesRefusal, skippedImagesNote, type OwnImagesParams, type OwnImagesResult } from '../../shared/protocol/ownImages';
import { transpileExercise } from '../../shared/transpile';
import { ProbeError, type GradeResult, type GraderSupervisor } from '../core/supervisor';
import { loadCourse, type Course, type CourseExercise } from './courseLoader';
import { createNodeGrader } from './nodeGrader';
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
  dl-course train 19-cats-vs-dogs <file.ts> --images <folder> [--json] [--lang en|fr]
                                                  train the submission's model on your own images
                                                  (<folder>/<class>/*.png|jpg, one sub-folder per class)
  dl-course validate                              the whole course: manifests, hints, starters fail, solutions pass`;

class UsageError extends Error {}

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
}

function parseFlags(argv: string[]): { flags: Flags; args: string[] } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        lang: { type: 'string' }, json: { type: 'boolean' }, format: { type: 'string' }, out: { type: 'string' },
        images: { type: 'string' }, jobs: { type: 'string' }, seed: { type: 'string' }, resume: { type: 'boolean' },
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
  return {
    flags: {
      lang: v.lang === 'fr' ? 'fr' : 'en', json: v.json === true, format: typeof v.format === 'string' ? v.format : 'json',
      out: typeof v.out === 'string' ? v.out : undefined, images: typeof v.images === 'string' ? v.images : undefined,
      jobs, seed: int('seed', 0), resume: v.resume === true,
    },
    args: parsed.positionals,
  };
}

async function main(argv: string[]): Promise<number> {
  const { flags, args } = parseFlags(argv);
  const lang = flags.lang;
  const [command, ...rest] = args;
  const course = loadCourse(root);
  switch (command) {
    case 'list': return list(course);
    case 'check': return check(course, rest, flags);
    case 'grade': return grade(course, rest, flags);
    case 'validate': return validate(course);
    case 'train': return train(course, rest, flags.images, flags.json, lang);
    case undefined: case 'help': process.stdout.write(`${USAGE}\n`); return command ? 0 : 2;
    default: throw new UsageError(`unknown command "${command}"`);
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

export async function gradeSource(grader: GraderSupervisor, exercise: CourseExercise, source: string, lang: Lang, seed?: number): Promise<GradeResult> {
  const t = transpileExercise(source);
  if (!t.ok) {
    const message = { en: `Syntax error at line ${t.error.line + 1}, column ${t.error.column + 1}: ${t.error.message}`, fr: `Erreur de syntaxe ligne ${t.error.line + 1}, colonne ${t.error.column + 1} : ${t.error.message}` };
    return { exerciseId: exercise.manifest.id, backend: 'none', durationMs: 0, cancelled: false, seed: seed ?? 0, outcomes: exercise.manifest.checks.map((c) => ({ id: c.id, status: 'error', message, durationMs: 0 })) };
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
      for (const c of report.checks) process.stdout.write(`${c.status === 'passed' ? '✓' : '✗'} ${c.title} [${c.status}]\n${c.status === 'passed' && c.message === 'Passed.' ? '' : indent(c.message)}`);
      const n = report.checks.filter((c) => c.status === 'passed').length;
      process.stdout.write(`${n}/${report.checks.length} checks passed (${report.backend}, ${report.durationMs} ms, seed ${report.seed}${report.sandbox ? `, sandbox: ${report.sandbox.layers.join(' + ')}` : ''})\n`);
    }
    return report.passed ? 0 : 1;
  } finally {
    grader.dispose();
  }
}

function indent(text: string): string {
  return text.split('\n').map((l) => `    ${l}\n`).join('');
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
      else if (name === 'exercise.ts' && (path.basename(p) === exerciseId || !fs.existsSync(path.join(path.dirname(p), exerciseId)))) files.push(full);
    }
    return undefined;
  };
  for (const input of inputs) {
    if (!fs.existsSync(input)) throw new UsageError(`no such file or folder: ${input}`);
    walk(input);
  }
  return files;
}

interface PartialLine {
  readonly file: string;
  readonly sha256: string;
  readonly seed: number;
  readonly report: SubmissionReport;
}

async function grade(course: Course, rest: string[], flags: Flags): Promise<number> {
  const { lang, out } = flags;
  const format = flags.format as ReportFormat;
  if (!['json', 'csv', 'junit'].includes(format)) throw new UsageError(`--format must be json, csv or junit, not "${format}"`);
  const exercise = findExercise(course, rest[0]);
  if (rest.length < 2) throw new UsageError('missing submissions (files or folders)');
  const files = collectSubmissions(rest.slice(1), exercise.manifest.id);
  if (!files.length) throw new UsageError(`no exercise.ts found under ${rest.slice(1).join(', ')}`);
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
  const reports: (SubmissionReport | undefined)[] = new Array<SubmissionReport | undefined>(files.length);
  const partial = partialPath ? fs.openSync(partialPath, 'a') : undefined;
  let graded = 0;
  const record = (i: number, report: SubmissionReport, sha256: string) => {
    reports[i] = report;
    graded++;
    if (partial !== undefined) fs.writeSync(partial, `${JSON.stringify({ file: files[i], sha256, seed, report } satisfies PartialLine)}\n`);
    process.stderr.write(`graded ${graded}/${files.length}: ${files[i]}${report.passed ? '' : ' (not passed)'}\n`);
  };
  process.stderr.write(`grading ${files.length} submission(s) of ${exercise.manifest.id}, ${Math.min(flags.jobs, files.length)} at a time, seed ${seed}\n`);
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
      while (!interrupted && next < files.length) {
        const i = next++;
        const file = files[i]!;
        let source: string;
        try {
          // Read once: a file that changes while the class is graded is graded as it was read.
          source = fs.readFileSync(file, 'utf8');
        } catch (e) {
          // One unreadable submission must not lose the class's report: record it and go on.
          record(i, { exercise: exercise.manifest.id, file, passed: false, backend: 'none', durationMs: 0, seed, checks: [{ id: 'read', title: 'read the file', status: 'error', message: (e as Error).message }] }, '');
          continue;
        }
        const sha256 = createHash('sha256').update(source).digest('hex');
        const before = done.get(file);
        if (before && before.sha256 === sha256 && before.seed === seed) {
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
  await Promise.all(Array.from({ length: Math.min(flags.jobs, files.length) }, job));
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  if (partial !== undefined) fs.closeSync(partial);
  if (sandbox?.warning) process.stderr.write(`dl-course: warning: ${sandbox.warning}\n`);
  const finished = reports.filter((r): r is SubmissionReport => r !== undefined);
  const text = formatReport(finished, format);
  if (out) {
    const tmp = `${out}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, out);
    if (!interrupted && partialPath) fs.rmSync(partialPath, { force: true });
    process.stderr.write(`report written to ${out}\n`);
  } else process.stdout.write(text);
  if (interrupted) {
    process.stderr.write(`dl-course: interrupted: ${finished.length}/${files.length} graded${partialPath ? `; run the same command with --resume to grade the rest` : ''}\n`);
    return 130;
  }
  return finished.every((r) => r.passed) ? 0 : 1;
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
  if (exercise.manifest.id !== OWN_IMAGES_EXERCISE) throw new UsageError(`only ${OWN_IMAGES_EXERCISE} trains on your own images`);
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
    if (json) process.stdout.write(`${JSON.stringify({ exercise: exercise.manifest.id, ok: false, message: warnings.join(' '), warnings })}\n`);
    process.stderr.write(`dl-course: ${folder} cannot be trained on:\n${warnings.map((w) => `  - ${w}\n`).join('')}`);
    return 2;
  }
  const grader = createNodeGrader(__dirname, path.join(root, 'media'));
  const started = Date.now();
  try {
    process.stderr.write(lang === 'fr' ? `lecture et redimensionnement de ${keep.images.length} images…\n` : `reading and resizing ${keep.images.length} images…\n`);
    // The worker reads each file itself, one at a time: only paths cross over.
    const params: OwnImagesParams = { folder, images: keep.images.map((i) => ({ className: i.className, name: i.name, ref: path.resolve(folder, i.className, i.name) })) };
    const w = lang === 'fr' ? { epoch: 'époque', loss: 'perte', acc: 'précision', held: 'mises de côté' } : { epoch: 'epoch', loss: 'loss', acc: 'accuracy', held: 'held out' };
    const pct1 = (x: number) => `${(x * 100).toFixed(1)} %`;
    const r = await grader.probe({ exerciseId: exercise.manifest.id, js: t.js, probe: OWN_IMAGES_PROBE, params, lang, timeoutMs: OWN_IMAGES.timeoutMs }, (p) => {
      if (p.loss === undefined) return;
      process.stderr.write(`${w.epoch} ${p.epoch}/${p.epochs} · ${w.loss} ${p.loss.toFixed(4)}${p.acc !== undefined ? ` · ${w.acc} ${pct1(p.acc)}` : ''}${p.valAcc !== undefined ? ` · ${w.held} ${pct1(p.valAcc)}` : ''}\n`);
    });
    const result = r.data as OwnImagesResult;
    const notes = r.notes.map((n) => pick(n, lang));
    if (json) {
      const { summary, ...data } = result;
      process.stdout.write(`${JSON.stringify({ exercise: exercise.manifest.id, ok: true, backend: r.backend, durationMs: Date.now() - started, ...data, summary: pick(summary, lang), warnings, notes })}\n`);
    } else {
      process.stdout.write(`${pick(result.summary, lang)}\n${[...warnings, ...notes].map((w) => `  - ${w}\n`).join('')}`);
    }
    return 0;
  } catch (e) {
    if (!(e instanceof ProbeError)) throw e;
    const message = pick(e.text, lang);
    if (json) process.stdout.write(`${JSON.stringify({ exercise: exercise.manifest.id, ok: false, durationMs: Date.now() - started, message, warnings })}\n`);
    else process.stderr.write(`${message}\n`);
    return 1;
  } finally {
    grader.dispose();
  }
}

async function validate(course: Course): Promise<number> {
  const problems = [...course.errors];
  const ids = new Set(course.exercises.map((e) => e.manifest.id));
  for (const id of Object.keys(CHECKS)) if (!ids.has(id)) problems.push(`exercises/registry.ts: checks for "${id}" but no valid exercises/${id}/exercise.json`);
  const grader = createNodeGrader(__dirname, path.join(root, 'media'));
  let ok = 0;
  try {
    for (const e of course.exercises) {
      const id = e.manifest.id;
      const before = problems.length;
      const impl = CHECKS[id];
      if (!impl) { problems.push(`${id}: no checks registered in exercises/registry.ts`); continue; }
      const declared = e.manifest.checks.map((c) => c.id);
      for (const c of declared) if (!impl.some((i) => i.id === c)) problems.push(`${id}: check "${c}" is in exercise.json but not in checks.ts`);
      for (const i of impl) if (!declared.includes(i.id)) problems.push(`${id}: check "${i.id}" is in checks.ts but not in exercise.json`);
      const starter = fs.readFileSync(e.starterPath, 'utf8');
      if (!/\/\/\s*TODO/.test(starter)) problems.push(`${id}: starter.ts has no // TODO marker`);
      for (const lang of ['en', 'fr'] as const) if (!fs.readFileSync(e.theoryPath[lang], 'utf8').trim()) problems.push(`${id}: theory.${lang}.md is empty`);
      if (problems.length > before) continue;
      const s = await gradeSource(grader, e, starter, 'en');
      if (s.outcomes.every((o) => o.status === 'passed')) problems.push(`${id}: the starter passes every check (it must fail at least one)`);
      const sol = await gradeSource(grader, e, fs.readFileSync(e.solutionPath, 'utf8'), 'en');
      for (const o of sol.outcomes) if (o.status !== 'passed') problems.push(`${id}: the solution fails "${o.id}" [${o.status}]: ${o.message.en}`);
      const status = problems.length > before ? 'FAIL' : 'ok';
      if (status === 'ok') ok++;
      process.stdout.write(`${status.padEnd(4)} ${id}  starter ${s.outcomes.filter((o) => o.status === 'passed').length}/${s.outcomes.length} passed, solution ${sol.outcomes.filter((o) => o.status === 'passed').length}/${sol.outcomes.length} (${sol.backend}, ${sol.durationMs} ms)\n`);
    }
  } finally {
    grader.dispose();
  }
  for (const p of problems) process.stderr.write(`✗ ${p}\n`);
  process.stdout.write(`${ok}/${course.exercises.length} exercises valid${problems.length ? `, ${problems.length} problem(s)` : ''}\n`);
  return problems.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`dl-course: ${e.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`dl-course: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 3;
    }
  },
);
