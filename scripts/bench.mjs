#!/usr/bin/env node
// `npm run bench` (after `npm run build`): measures, in one run, side by side:
//  1. training throughput of the course CNN on the grader's own engine (src/grader/core/tf.ts +
//     backend.ts: wasm + the Conv2D/MaxPool gradients, bundled as dist/ is) and on the other
//     configurations of scripts/bench-conv.mjs; then the grader and PyTorch on one thread
//     (scripts/bench-anchor.py, Debian's python3-torch) ALTERNATELY, A B A B … (--rounds, ≥ 3 each),
//     each run reported and the median ratio; then a per-batch profile of the grader's training
//     (phases: kernels vs engine/tape/layers/optimizer bookkeeping; the costliest kernels);
//  2. check-to-verdict p50/p95 per exercise with the reference solutions (Node grader, warm worker;
//     the first, cold, verdict is reported apart);
//  3. class grading throughput of the CLI (submissions per minute, a fresh sandboxed learner
//     process each) on classes made by the tests' generator (right, wrong, misconceptions, hostile,
//     missing: test/support/generatedClass.ts): --jobs 1 vs --jobs = cores alternated, for a
//     non-training exercise (01), a training one (05, and 18 on a smaller class), and a class over
//     five exercises graded in one run vs in `cores` shards run as parallel processes;
//  4. extension activation time and Check timings in the real VS Code (from the last
//     `npm run test:vscode`, test-results/vscode-metrics.json), and the .vsix size;
//  5. the learner's first screen in the real VS Code served as `npm start` serves it, with no
//     DevTools client listening: Open Course → the theory drawn, with Open Course run 3 s and 15 s
//     after the workbench appears, alternately (scripts/bench-first-screen.mjs).
// Prints a table and writes bench-results/bench.json. Run it alone (others' load skews absolute
// figures; the alternation keeps the ratios fair).
//
//   node scripts/bench.mjs [--quick] [--rounds 3] [--class-size 40] [--mnist-class-size 8]
//                          [--skip-training] [--skip-checks] [--skip-class] [--skip-vsix]
//                          [--skip-first-screen]
//
// --class-size: learners per class for 01, 05 and the five-exercise class (18: --mnist-class-size,
// 0 skips it); --quick: fewer repetitions and smaller classes.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './stats.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    'class-size': { type: 'string' },
    'mnist-class-size': { type: 'string' },
    'skip-training': { type: 'boolean', default: false },
    'skip-checks': { type: 'boolean', default: false },
    'skip-class': { type: 'boolean', default: false },
    'skip-vsix': { type: 'boolean', default: false },
    'skip-first-screen': { type: 'boolean', default: false },
  },
});
const quick = opts.quick;
const rounds = Math.max(3, Number(opts.rounds ?? 3));
const classSize = Number(opts['class-size'] ?? (quick ? 16 : 40));
const mnistClassSize = Number(opts['mnist-class-size'] ?? (quick ? 0 : 8));
const cores = os.availableParallelism?.() ?? os.cpus().length;
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error('bench: dist/cli.js is missing — run `npm run build` first');
  process.exit(2);
}

const out = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  training: null,
  anchor: null,
  profile: null,
  checks: [],
  batch: null,
  sharded: null,
  vscode: null,
  vsix: null,
  firstScreen: null,
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const log = (s) => process.stdout.write(`${s}\n`);
const benchConv = (args) =>
  spawnSync(process.execPath, [join(root, 'scripts/bench-conv.mjs'), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
const benchJson = (r) => {
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('BENCH_JSON '));
  return line ? JSON.parse(line.slice('BENCH_JSON '.length)) : { error: (r.stderr || r.stdout || '').slice(-500) };
};

// 1. Training throughput.
if (!opts['skip-training']) {
  log("[bench] training throughput of the course CNN: the grader's engine and the other configurations (scripts/bench-conv.mjs)…");
  const configs = ['grader', 'wasm+override+maxpool', 'cpu+override', ...(quick ? [] : ['cpu stock'])];
  const conv = benchJson(benchConv([`--only=${configs.join(',')}`, ...(quick ? ['--samples=512', '--runs=1', '--slow-samples=128'] : [])]));
  out.training = conv.results ?? { error: conv.error };

  // The anchor, alternated with the grader: A (grader) B (PyTorch) A B … so that the load of a shared
  // machine falls on both alike. This machine sets OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE for old
  // OpenBLAS builds; they slow a current one ~3× (shared/perf): unset for the anchor's command
  // alone (`env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1`), never in tests or CI.
  const anchorCmd = [
    'env',
    '-u',
    'OPENBLAS_CORETYPE',
    '-u',
    'OPENBLAS_L2_SIZE',
    'OPENBLAS_NUM_THREADS=1',
    'OMP_NUM_THREADS=1',
    '/usr/bin/python3',
    join(root, 'scripts/bench-anchor.py'),
  ];
  const torch = spawnSync('/usr/bin/python3', ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (torch.status !== 0) {
    out.anchor = {
      skipped:
        "PyTorch is not installed: the anchor is skipped. Install Debian's (`sudo apt-get install -y python3-torch`; it is run with /usr/bin/python3, not a python3 of pyenv/conda) and run the bench again",
    };
    log(`[bench] ${out.anchor.skipped}`);
  } else {
    const grader = [];
    const anchor = [];
    const errors = [];
    for (let round = 0; round < rounds; round++) {
      log(`[bench] grader vs PyTorch 1 thread, round ${round + 1}/${rounds}: A (grader)…`);
      const a = benchJson(benchConv(['--only=grader', '--reuse-bundle']));
      const g = a.results?.[0];
      if (g?.samplesPerS) grader.push(g.samplesPerS);
      else errors.push(`grader: ${g?.error ?? a.error}`);
      log(`[bench] … B (PyTorch): ${anchorCmd.slice(0, 6).join(' ')} /usr/bin/python3 scripts/bench-anchor.py`);
      const b = spawnSync(anchorCmd[0], anchorCmd.slice(1), { encoding: 'utf8' });
      const line = (b.stdout ?? '').split('\n').find((l) => l.startsWith('ANCHOR_JSON '));
      if (line) {
        const r = JSON.parse(line.slice('ANCHOR_JSON '.length));
        anchor.push(r.samplesPerS);
        out.anchor ??= { version: r.version, threads: r.threads };
      } else errors.push(`PyTorch: ${(b.stderr || b.stdout || '').slice(-300)}`);
    }
    out.anchor = {
      ...out.anchor,
      command: `${anchorCmd.slice(0, 8).join(' ')} scripts/bench-anchor.py`,
      rounds,
      graderRuns: grader,
      anchorRuns: anchor,
      graderMedian: grader.length ? median(grader) : null,
      anchorMedian: anchor.length ? median(anchor) : null,
      // Each round's A/B, and the ratio of the medians.
      roundRatios: grader.length === anchor.length ? grader.map((g, i) => g / anchor[i]) : null,
      ratio: grader.length && anchor.length ? median(grader) / median(anchor) : null,
      errors,
    };
  }

  // What each of the grader's own speed-ups buys: the grader as shipped vs the same without it,
  // alternated (A B A B …) in this run, on the course CNN and on 18-mnist's reference model.
  const abConfigs = '--only=grader,grader with the stock GatherV2';
  const models = [
    { model: 'course', args: [] },
    { model: 'mnist', args: ['--model=mnist', '--batch=32', `--samples=${quick ? 256 : 1024}`] },
  ];
  out.speedups = [];
  for (const m of models) {
    log(`[bench] the grader's speed-ups, each against the grader without it, alternately (${m.model})…`);
    const ab = benchJson(benchConv([abConfigs, '--reuse-bundle', `--rounds=${rounds}`, '--runs=1', ...m.args]));
    out.speedups.push({ model: m.model, results: ab.results ?? { error: ab.error } });
  }

  log("[bench] per-batch profile of the grader's training (course CNN with and without its speed-ups; 18-mnist's model)…");
  const prof = benchConv([abConfigs, '--reuse-bundle', '--profile', '--runs=2', ...(quick ? ['--samples=512'] : [])]);
  const prof18 = benchConv(['--only=grader', '--reuse-bundle', '--profile', '--runs=1', ...models[1].args]);
  out.profile = [prof, prof18].flatMap(
    (p) => benchJson(p).results?.map((r) => ({ name: r.name, model: r.model, ...r.profile })) ?? { error: p.stderr?.slice(-500) },
  );
  // bench-conv's own Markdown of the profiles, printed in the report below.
  out.profileMarkdown = [prof, prof18]
    .map((p) => p.stdout ?? '')
    .map((md) => (md.includes('Per-batch profile') ? md.slice(md.indexOf('Per-batch profile'), md.indexOf('BENCH_JSON')).trim() : ''))
    .join('\n\n');
}

// 1b. The machine-pace workload a training verdict over budget measures (machinePace.ts): here and its reference.
{
  generator(); // compiles out/ when missing
  log('[bench] machine pace (scripts/bench-pace.mjs)…');
  const p = spawnSync(process.execPath, [join(root, 'scripts/bench-pace.mjs'), '--json'], { cwd: root, encoding: 'utf8' });
  const last = p.stdout.trim().split('\n').at(-1) ?? '';
  out.pace = p.status === 0 && last.startsWith('{') ? JSON.parse(last) : { error: (p.stderr || p.stdout).slice(-300) };
}

// 2. Check-to-verdict per exercise, through the real CLI.
const list = spawnSync(process.execPath, [cli, 'list'], { encoding: 'utf8' })
  .stdout.trim()
  .split('\n')
  .map((l) => l.split('\t')[0]);
const tmp = mkdtempSync(join(os.tmpdir(), 'dl-bench-'));
function gradeCopies(id, n) {
  const dir = join(tmp, `${id}-${n}`);
  for (let i = 0; i < n; i++) {
    mkdirSync(join(dir, `learner${String(i).padStart(3, '0')}`, id), { recursive: true });
    cpSync(join(root, 'exercises', id, 'solution.ts'), join(dir, `learner${String(i).padStart(3, '0')}`, id, 'exercise.ts'));
  }
  const report = join(tmp, `${id}-${n}.json`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'grade', id, dir, '--format', 'json', '--out', report], { encoding: 'utf8' });
  const wall = performance.now() - t0;
  if (!existsSync(report)) return { error: r.stderr.slice(-300) };
  return { wall, reports: JSON.parse(readFileSync(report, 'utf8')) };
}
for (const id of opts['skip-checks'] ? [] : list) {
  const manifest = JSON.parse(readFileSync(join(root, 'exercises', id, 'exercise.json'), 'utf8'));
  const training = manifest.checks.some((c) => c.training);
  const n = training ? (quick ? 2 : 3) : quick ? 5 : 11;
  log(`[bench] ${id}: ${n} gradings of the reference solution…`);
  const g = gradeCopies(id, n);
  if (g.error) {
    out.checks.push({ id, error: g.error });
    continue;
  }
  const ds = g.reports.map((r) => r.durationMs);
  const warm = ds.slice(1);
  out.checks.push({
    id,
    training,
    n,
    allPassed: g.reports.every((r) => r.passed),
    backend: g.reports[0]?.backend,
    coldMs: ds[0],
    p50Ms: pct(warm, 50),
    p95Ms: pct(warm, 95),
  });
}

// 3. Class throughput: a fresh sandboxed learner process per submission, on classes made by the
// tests' generator (the one of scripts/demo-class.mjs): right answers, wrong ones, a misconception,
// hostile ones, missing ones. --jobs 1 vs --jobs = cores alternated (A B A B …) in the same run.
function generator() {
  const compiled = join(root, 'out/test/support/generatedClass.js');
  if (!existsSync(compiled)) {
    log('[bench] compiling the test support (npx tsc -p test/tsconfig.json)…');
    execFileSync('npx', ['tsc', '-p', 'test/tsconfig.json'], { cwd: root, stdio: 'inherit' });
  }
  return createRequire(import.meta.url)(compiled);
}
/** Runs the CLI; resolves with its wall time (ms) and exit code (1: some submission failed, as expected). */
function runCli(args) {
  return new Promise((resolvePromise) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, [cli, ...args], { cwd: tmp, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolvePromise({ ms: performance.now() - t0, code, stderr }));
  });
}
const classRounds = quick ? 1 : 2;
if (!opts['skip-class']) {
  const { generateClass, DEMO_EXERCISES } = generator();
  out.batch = [];
  const classes = [
    { id: '01-weighted-sum', training: false, learners: classSize },
    { id: '05-nonlinearity', training: true, learners: classSize },
    ...(mnistClassSize > 0 ? [{ id: '18-mnist', training: true, learners: mnistClassSize }] : []),
  ];
  for (const c of classes) {
    const dir = join(tmp, `class-${c.id}`);
    const expected = generateClass(dir, c.learners, [c.id]);
    const submissions = [...expected.values()].filter((e) => e.kind !== 'missing').length;
    const right = [...expected.values()].filter((e) => e.passes).length;
    const runs = new Map([1, cores].map((j) => [j, []]));
    const errors = [];
    for (let rep = 0; rep < classRounds; rep++) {
      for (const jobs of runs.keys()) {
        log(`[bench] class of ${submissions} submissions on ${c.id}, --jobs ${jobs} (round ${rep + 1}/${classRounds})…`);
        const report = join(tmp, `class-${c.id}-${jobs}.json`);
        const r = await runCli(['grade', c.id, dir, '--format', 'json', '--out', report, '--jobs', String(jobs), '--seed', '2026']);
        if (!existsSync(report)) {
          errors.push(r.stderr.slice(-300));
          continue;
        }
        const reports = JSON.parse(readFileSync(report, 'utf8'));
        rmSync(report);
        const passed = reports.filter((x) => x.passed).length;
        if (reports.length !== submissions || passed !== right)
          errors.push(`${reports.length} reports, ${passed} passed; expected ${submissions}, ${right}`);
        runs.get(jobs).push((reports.length / r.ms) * 60_000);
        out.sandbox ??= reports[0]?.sandbox;
      }
    }
    for (const [jobs, perMinute] of runs)
      out.batch.push({
        exercise: c.id,
        training: c.training,
        submissions,
        jobs,
        perMinuteMedian: perMinute.length ? Math.round(median(perMinute)) : null,
        perMinute: perMinute.map(Math.round),
        errors,
      });
  }

  // The five exercises of the demo (05 trains) for a class: one run with --jobs = cores vs `cores`
  // shards (--shard k/n, --jobs 1 each) as parallel processes, as a CI matrix would, then merged.
  const dir = join(tmp, 'class-five');
  const expected = generateClass(dir, classSize, DEMO_EXERCISES);
  const submissions = [...expected.values()].filter((e) => e.kind !== 'missing').length;
  const single = [];
  const sharded = [];
  const errors = [];
  for (let rep = 0; rep < classRounds; rep++) {
    log(
      `[bench] class of ${submissions} submissions over ${DEMO_EXERCISES.length} exercises, one run --jobs ${cores} (round ${rep + 1}/${classRounds})…`,
    );
    rmSync(join(tmp, 'single.json'), { force: true });
    const s = await runCli(['grade', '--all', dir, '--seed', '2026', '--jobs', String(cores), '--out', join(tmp, 'single.json')]);
    if (existsSync(join(tmp, 'single.json'))) single.push((submissions / s.ms) * 60_000);
    else errors.push(s.stderr.slice(-300));
    log(`[bench] … the same in ${cores} shards as parallel processes, then merged…`);
    const t0 = performance.now();
    const parts = await Promise.all(
      Array.from({ length: cores }, (_, k) =>
        runCli([
          'grade',
          '--all',
          dir,
          '--seed',
          '2026',
          '--jobs',
          '1',
          '--shard',
          `${k + 1}/${cores}`,
          '--out',
          join(tmp, `shard-${k + 1}.json`),
        ]),
      ),
    );
    const m = await runCli(['merge', ...parts.map((_, k) => join(tmp, `shard-${k + 1}.json`)), '--out', join(tmp, 'merged.json')]);
    const ms = performance.now() - t0;
    if (m.code === 0) {
      sharded.push((submissions / ms) * 60_000);
      const strip = (f) =>
        JSON.parse(readFileSync(join(tmp, f), 'utf8')).rows.map((row) => {
          delete row.durationMs; // the one thing that differs between two runs with the same seed
          return row;
        });
      if (existsSync(join(tmp, 'single.json')) && JSON.stringify(strip('single.json')) !== JSON.stringify(strip('merged.json')))
        errors.push('the merged book differs from the single run');
    } else errors.push(`merge: ${m.stderr.slice(-300)}`);
  }
  out.sharded = {
    exercises: [...DEMO_EXERCISES],
    submissions,
    shards: cores,
    singlePerMinute: single.map(Math.round),
    shardedPerMinute: sharded.map(Math.round),
    singleMedian: single.length ? Math.round(median(single)) : null,
    shardedMedian: sharded.length ? Math.round(median(sharded)) : null,
    errors,
  };
}

// 4. VS Code figures and the .vsix.
const metricsFile = join(root, 'test-results', 'vscode-metrics.json');
out.vscode = existsSync(metricsFile)
  ? {
      from: 'test-results/vscode-metrics.json',
      measuredAt: statSync(metricsFile).mtime.toISOString(),
      ...JSON.parse(readFileSync(metricsFile, 'utf8')),
    }
  : { skipped: 'run `npm run test:vscode` first' };
if (!opts['skip-vsix']) {
  log('[bench] packaging the .vsix…');
  const p = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--out', join(tmp, 'dl-course.vsix')], {
    cwd: root,
    encoding: 'utf8',
  });
  out.vsix = p.status === 0 ? { bytes: statSync(join(tmp, 'dl-course.vsix')).size } : { error: (p.stderr || p.stdout).slice(-300) };
}
rmSync(tmp, { recursive: true, force: true });

// 5. The first screen in the real VS Code (needs the VS Code server and Chromium: scripts/setup.sh).
if (!opts['skip-first-screen']) {
  log('[bench] the first screen in the real VS Code…');
  const { benchFirstScreen } = await import('./bench-first-screen.mjs');
  out.firstScreen = await benchFirstScreen({ rounds: quick ? 1 : rounds, log }).catch((e) => ({ skipped: e.message }));
}

// Report.
log(`\n## Benchmarks — ${out.machine.model} (${out.machine.cpus} cores, ${out.machine.memGiB} GiB), Node ${out.machine.node}, ${out.date}`);
log('(the machine may be shared: read ratios measured alternately rather than absolute figures)');
const f0 = (x) => (typeof x === 'number' ? Math.round(x).toLocaleString('en-US') : '—');
if (Array.isArray(out.training)) {
  log('\n| training: course CNN, batch 64 (scripts/bench-conv.mjs) | samples/s | samples/CPU-s |\n|---|---|---|');
  for (const r of out.training)
    log(`| ${r.name} | ${r.samplesPerS ? f0(r.samplesPerS) : r.error} | ${r.samplesPerCpuS ? f0(r.samplesPerCpuS) : ''} |`);
}
if (out.pace?.error) log(`\nmachine pace: ${out.pace.error}`);
else if (out.pace) {
  log('\n| machine pace workload (machinePace.ts), ms | median | min–max | reference (quiet) | slowdown now |\n|---|---|---|---|---|');
  for (const [b, r] of Object.entries(out.pace))
    log(`| ${b} | ${r.medianMs} | ${r.minMs}–${r.maxMs} | ${r.referenceMs} | ${r.slowdownNow?.toFixed(2) ?? '—'} |`);
}
if (out.anchor?.skipped) log(`\nPyTorch anchor: ${out.anchor.skipped}`);
else if (out.anchor) {
  const a = out.anchor;
  log(
    `\n| grader vs PyTorch ${a.version} (${a.threads} thread), alternately | A: grader samples/s | B: PyTorch samples/s | A/B |\n|---|---|---|---|`,
  );
  for (let i = 0; i < Math.max(a.graderRuns.length, a.anchorRuns.length); i++)
    log(
      `| round ${i + 1} | ${f0(a.graderRuns[i])} | ${f0(a.anchorRuns[i])} | ${a.roundRatios ? `${a.roundRatios[i].toFixed(2)}×` : '—'} |`,
    );
  log(`| **median** | **${f0(a.graderMedian)}** | **${f0(a.anchorMedian)}** | **${a.ratio ? `${a.ratio.toFixed(2)}×` : '—'}** |`);
  log(`anchor's command: ${a.command}`);
  for (const e of a.errors) log(`error: ${e}`);
}
for (const m of out.speedups ?? []) {
  if (!Array.isArray(m.results)) {
    log(`\nA/B on ${m.model}: ${m.results.error}`);
    continue;
  }
  const label = m.model === 'mnist' ? "18-mnist's model, batch 32" : 'course CNN, batch 64';
  log(`\n| A/B, alternately (${label}) | samples/s (median) | each run | vs the grader |\n|---|---|---|---|`);
  const base = m.results.find((r) => r.name === 'grader')?.samplesPerS;
  for (const r of m.results)
    log(
      `| ${r.name} | ${f0(r.samplesPerS)} | ${(r.runs ?? []).map((x) => f0(x.samplesPerS)).join(', ')} | ${base && r.samplesPerS ? `${(r.samplesPerS / base).toFixed(2)}×` : '—'} |`,
    );
}
if (out.profileMarkdown) log(`\n${out.profileMarkdown}`);
if (out.checks.length) {
  log('\n| exercise | backend | cold (ms) | p50 warm (ms) | p95 warm (ms) | runs | all passed |\n|---|---|---|---|---|---|---|');
  for (const c of out.checks)
    log(
      c.error
        ? `| ${c.id} | error: ${c.error} |`
        : `| ${c.id}${c.training ? ' (training)' : ''} | ${c.backend} | ${c.coldMs} | ${c.p50Ms} | ${c.p95Ms} | ${c.n} | ${c.allPassed} |`,
    );
}
if (out.batch?.length) {
  log(
    `\n| class grading (generated class; a fresh sandboxed process per submission: ${out.sandbox?.layers?.join(' + ') ?? '?'}) | submissions | --jobs | submissions/min (median) | each round |\n|---|---|---|---|---|`,
  );
  for (const b of out.batch)
    log(
      `| ${b.exercise}${b.training ? ' (training)' : ''} | ${b.submissions} | ${b.jobs} | ${b.perMinuteMedian ?? 'error'} | ${b.perMinute.join(', ')}${b.errors.length ? ` (errors: ${b.errors.join('; ')})` : ''} |`,
    );
}
if (out.sharded) {
  const h = out.sharded;
  log(`\n| ${h.submissions} submissions over ${h.exercises.join(', ')} | submissions/min (median) | each round |\n|---|---|---|`);
  log(`| one run, --jobs ${h.shards} | ${h.singleMedian ?? 'error'} | ${h.singlePerMinute.join(', ')} |`);
  log(`| ${h.shards} shards (--jobs 1 each) in parallel + merge | ${h.shardedMedian ?? 'error'} | ${h.shardedPerMinute.join(', ')} |`);
  for (const e of h.errors) log(`error: ${e}`);
}
if (out.vsix?.bytes) log(`.vsix size: ${(out.vsix.bytes / 2 ** 20).toFixed(2)} MiB`);
if (!out.vscode?.skipped) {
  // A Check in the real VS Code (measured by `npm run test:vscode`), exercise 01 (no training).
  const v = (k) => out.vscode[k] ?? '—';
  log('\n| Check in the real VS Code (01) | first of the session (ms) | later (ms) |\n|---|---|---|');
  log(`| palette → status bar (UI checkFlow) | ${v('ui.coldCheckToVerdictMs')} | ${v('ui.warmCheckToVerdictMs')} |`);
  log(
    `| palette → status bar after Open Exercise warmed the grader (UI layout) | ${v('ui.firstCheckAfterOpenMs')} | ${v('ui.laterCheckPaletteMs')} |`,
  );
  log(
    `| status-bar click → verdict in the status bar (UI layout; median, max of 3) | | ${v('ui.laterCheckClickMedianMs')}, ${v('ui.laterCheckClickMaxMs')} |`,
  );
  log(`| dlCourse.check (in-host) | ${v('inHost.inHostColdCheckMs')} | ${v('inHost.inHostWarmCheckMs')} |`);
  // The theory's first draw, served as npm start serves it (UI toasts, Open Course run as soon as
  // the workbench appears): the tab appearing → the page starting, painting, and its title found;
  // and Open Course (palette) → that title. Section 5's table has it without a test driving the page.
  log('\n| Theory, first of the session (UI toasts: Open Course as soon as the workbench appears) | ms |\n|---|---|');
  log(`| its tab → its page starts loading | ${v('ui.theoryTabToPageStartMs')} |`);
  log(`| its tab → first paint | ${v('ui.theoryTabToPaintMs')} |`);
  log(`| its tab → its title found | ${v('ui.theoryTabToTextMs')} |`);
  log(`| Open Course from the palette → its title found | ${v('ui.openCourseToTheoryTextMs')} |`);
}
if (out.firstScreen?.skipped) log(`\nfirst screen: ${out.firstScreen.skipped}`);
else if (out.firstScreen) {
  const { firstScreenTable } = await import('./bench-first-screen.mjs');
  log(`\n${firstScreenTable(out.firstScreen).join('\n')}`);
}
log(`VS Code: ${JSON.stringify(out.vscode)}`);
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'bench.json'), `${JSON.stringify(out, null, 2)}\n`);
log('\nwritten: bench-results/bench.json');
