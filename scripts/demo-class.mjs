// The instructor's whole loop at class size, with the built CLI (issue 11's "done means"):
// `classroom init` → a generated class of ~200 submissions over 5 exercises (right, wrong,
// misconceptions, hostile) → a single run and a sharded one (N processes in parallel) → `merge`
// (checked equal to the single run, every verdict the one deserved) → JUnit, CSV and the HTML class
// report → a screenshot of that report in Debian's Chromium (playwright-core). Heavy: run it alone.
//
//   node scripts/demo-class.mjs [--submissions 200] [--shards 4] [--jobs 2] [--seed 2026] [--lang en|fr]
//                               [--installed] [--out test-results/demo-class]
//
// --installed: grade with the package of `npm run pack:cli`, installed offline in a temporary prefix
// (as the class repository's CI does) instead of dist/cli.js. Needs `npm run build`; compiles the
// test support (the class generator) when out/ lacks it. Exit 0 when every check of the loop held.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromiumPath, launchBrowser, makeSandbox } from './vscode-server.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    submissions: { type: 'string', default: '200' },
    shards: { type: 'string', default: '4' },
    jobs: { type: 'string', default: String(Math.max(1, os.availableParallelism())) },
    seed: { type: 'string', default: '2026' },
    lang: { type: 'string', default: 'en' },
    installed: { type: 'boolean', default: false },
    out: { type: 'string', default: 'test-results/demo-class' },
  },
});
const target = Number(opts.submissions);
const shards = Number(opts.shards);
const out = path.resolve(repoRoot, opts.out);
const escaped = '/tmp/dl-course-ESCAPED';
const problems = [];
const timings = {};
const say = (s) => process.stdout.write(`${s}\n`);

function timed(name, f) {
  const t = Date.now();
  const r = f();
  timings[name] = Date.now() - t;
  return r;
}
async function timedAsync(name, f) {
  const t = Date.now();
  const r = await f();
  timings[name] = Date.now() - t;
  return r;
}

/** The CLI as [command, ...args]: the repository's bundle, or the installed package's bin. */
function cliCommand() {
  const dist = path.join(repoRoot, 'dist', 'cli.js');
  if (!existsSync(dist)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  if (!opts.installed) return [process.execPath, dist];
  const prefix = mkdtempSync(path.join(os.tmpdir(), 'dl-course-prefix-'));
  const line = timed('pack', () =>
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts/pack-cli.mjs'), '--out-dir', prefix], { encoding: 'utf8' }),
  );
  const tgz = line.split('\n')[0];
  say(`package: ${line.trim().replace(/\n\s*/, ' — ')}`);
  timed('install', () =>
    execFileSync('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tgz], {
      cwd: prefix,
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
  say(`installed offline in ${(timings.install / 1000).toFixed(1)} s into ${prefix}`);
  return [path.join(prefix, 'bin', 'dl-course')];
}

function run([command, ...pre], args, { allow = [0] } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(command, [...pre, ...args], { cwd: out, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => {
      if (allow.includes(code)) resolve({ code, stdout, stderr });
      else reject(new Error(`dl-course ${args.join(' ')} exited ${code}:\n${stderr.slice(-1500)}`));
    });
  });
}

/** The class generator of the tests (test/support/generatedClass.ts), compiled. */
function generator() {
  const compiled = path.join(repoRoot, 'out/test/support/generatedClass.js');
  if (!existsSync(compiled)) {
    say('compiling the test support (npx tsc -p test/tsconfig.json)…');
    execFileSync('npx', ['tsc', '-p', 'test/tsconfig.json'], { cwd: repoRoot, stdio: 'inherit' });
  }
  return createRequire(import.meta.url)(compiled);
}

const comparable = (b) =>
  JSON.stringify({
    ...b,
    rows: b.rows.map((r) => {
      const { ...rest } = r;
      delete rest.durationMs; // the one thing that differs between two runs with the same seed
      return rest;
    }),
  });
const readJson = (f) => JSON.parse(readFileSync(path.join(out, f), 'utf8'));
const perMin = (n, ms) => ((n / ms) * 60_000).toFixed(0);

async function screenshot(html, png) {
  if (!existsSync(chromiumPath)) {
    problems.push(`no Chromium at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH): no screenshot`);
    return;
  }
  const sb = makeSandbox('dlc-report-');
  const { context, page } = await launchBrowser(sb, { viewport: { width: 1280, height: 900 } });
  try {
    const requests = [];
    const errors = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`file://${html}`);
    await page.waitForLoadState('load');
    await page.screenshot({ path: png, fullPage: true });
    const facts = await page.evaluate(() => {
      const document = globalThis.document;
      return {
        title: document.title,
        charts: document.querySelectorAll('svg').length,
        tables: document.querySelectorAll('table').length,
        height: document.documentElement.scrollHeight,
      };
    });
    say(`report in Chromium: "${facts.title}", ${facts.charts} charts, ${facts.tables} tables, ${facts.height} px tall → ${png}`);
    const fetched = requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:'));
    if (fetched.length) problems.push(`the report fetched ${fetched.join(', ')}`);
    if (errors.length) problems.push(`the report's page logged errors: ${errors.join('; ')}`);
    if (!facts.charts || facts.tables < facts.charts)
      problems.push(`${facts.charts} charts, ${facts.tables} tables: every chart needs its table`);
  } finally {
    await context.close();
    sb.remove();
  }
}

async function main() {
  const started = Date.now();
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  rmSync(escaped, { force: true });
  const cli = cliCommand();
  const { generateClass, DEMO_EXERCISES } = generator();

  // 1. The class repository, counting the five exercises (05 has a training check: it weighs more in the shards).
  const cfg = path.join(out, 'five.json');
  writeFileSync(
    cfg,
    JSON.stringify({ pointsPerCheck: 1, lateFactor: 1, exercises: Object.fromEntries(DEMO_EXERCISES.map((id) => [id, {}])) }, null, 2),
  );
  const init = await timedAsync('init', () => run(cli, ['classroom', 'init', 'template', '--shards', String(shards), '--classroom', cfg]));
  say(init.stdout.split('\n').slice(-2).join('\n').trim());

  // 2. The class: as many learners as it takes to reach the target number of submissions.
  let learners = Math.ceil(target / DEMO_EXERCISES.length);
  let expected;
  for (;;) {
    rmSync(path.join(out, 'class'), { recursive: true, force: true });
    expected = generateClass(path.join(out, 'class'), learners, DEMO_EXERCISES);
    if ([...expected.values()].filter((e) => e.kind !== 'missing').length >= target) break;
    learners++;
  }
  const kinds = {};
  for (const e of expected.values()) kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
  const submitted = expected.size - (kinds.missing ?? 0);
  say(
    `class: ${learners} learners × ${DEMO_EXERCISES.length} exercises = ${expected.size} items, ${submitted} submissions (${JSON.stringify(kinds)})`,
  );

  const common = ['grade', '--all', 'class', '--classroom', 'template/classroom.json', '--seed', opts.seed];
  // 3. One run, then n shards as n parallel processes (as the CI's matrix would), merged.
  await timedAsync('single', () => run(cli, [...common, '--jobs', opts.jobs, '--out', 'single.json'], { allow: [0, 1] }));
  say(`single run (--jobs ${opts.jobs}): ${(timings.single / 1000).toFixed(1)} s, ${perMin(submitted, timings.single)} submissions/min`);
  await timedAsync('sharded', () =>
    Promise.all(
      Array.from({ length: shards }, (_, k) =>
        run(cli, [...common, '--jobs', '1', '--shard', `${k + 1}/${shards}`, '--out', `shard-${k + 1}.json`], { allow: [0, 1] }),
      ),
    ),
  );
  say(
    `${shards} shards in parallel (--jobs 1 each): ${(timings.sharded / 1000).toFixed(1)} s, ${perMin(submitted, timings.sharded)} submissions/min`,
  );
  for (let k = 1; k <= shards; k++) {
    const b = readJson(`shard-${k}.json`);
    say(`  shard ${k}/${shards}: ${b.rows.length} rows`);
  }
  const shardFiles = Array.from({ length: shards }, (_, k) => `shard-${k + 1}.json`);
  await timedAsync('merge', async () => {
    await run(cli, ['merge', ...shardFiles, '--out', 'grade-book.json']);
    await run(cli, ['merge', 'grade-book.json', '--format', 'junit', '--out', 'junit.xml'], { allow: [0, 1] });
    await run(cli, ['merge', 'grade-book.json', '--format', 'csv', '--out', 'grade-book.csv'], { allow: [0, 1] });
    await run(cli, ['report', 'grade-book.json', '--out', 'class.html', '--lang', opts.lang]);
  });

  // 4. The checks of the loop.
  const single = readJson('single.json');
  const merged = readJson('grade-book.json');
  if (comparable(single) !== comparable(merged)) problems.push('the merged book differs from the single run');
  else say(`merged book = single run (${merged.rows.length} rows, seed ${merged.seed})`);
  if (merged.rows.length !== expected.size) problems.push(`${merged.rows.length} rows for ${expected.size} items`);
  let wrong = 0;
  for (const r of merged.rows) {
    const want = expected.get(`${r.learner}/${r.exercise}`);
    if (!want || r.passed !== want.passes || (want.kind === 'missing') !== (r.status === 'missing')) {
      if (++wrong <= 5) problems.push(`${r.learner}/${r.exercise} (${want?.kind}): ${r.status}, passed=${r.passed}`);
    }
  }
  if (wrong > 5) problems.push(`… ${wrong} verdicts in all not the one deserved`);
  if (existsSync(escaped)) problems.push('a hostile submission wrote outside its sandbox');
  say(
    `sandbox: ${merged.sandbox ? `${merged.sandbox.layers.join(' + ')}, network ${merged.sandbox.network ? 'OPEN' : 'off'}` : 'not recorded'}`,
  );

  // 5. The report, looked at in Chromium.
  await timedAsync('screenshot', () => screenshot(path.join(out, 'class.html'), path.join(out, 'class-report.png')));

  timings.total = Date.now() - started;
  const summary = { submissions: submitted, items: expected.size, learners, shards, jobs: Number(opts.jobs), timingsMs: timings, problems };
  writeFileSync(path.join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  say(`total ${(timings.total / 1000).toFixed(1)} s; files in ${path.relative(repoRoot, out)}/`);
  for (const p of problems) process.stderr.write(`✗ ${p}\n`);
  return problems.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`demo-class: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);
