// The README's test command (`npm test`): builds, then runs every tier and ends with one line
// "N passed, N failed" over all of them. Tiers: unit tests in plain Node (test/unit: pure code,
// seconds; no training, no process spawned), integration tests in plain Node (test/integration:
// training, every exercise's solution and starter, the sandbox against hostile code, the built CLI
// end to end, own images), `dl-course validate` over the whole course, and the tests inside the real
// VS Code (scripts/run-vscode-tests.mjs).
// Options: --skip-build, --skip-vscode, --unit-only (`npm run test:unit`, the quick loop),
// --integration-only (`npm run test:integration`: the integration tier and `dl-course validate`).
// CI runs everything.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const args = new Set(process.argv.slice(2));
const results = [];
let passed = 0;
let failed = 0;

function step(name, cmd, cmdArgs, opts = {}) {
  process.stdout.write(`\n=== ${name}: ${cmd} ${cmdArgs.join(' ')}\n`);
  const r = spawnSync(cmd, cmdArgs, {
    cwd: root,
    stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
  });
  if (opts.capture) process.stdout.write(r.stdout ?? '');
  results.push({ name, code: r.status });
  return r;
}

function walk(dir, suffix, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, suffix, out);
    else if (e.name.endsWith(suffix)) out.push(p);
  }
  return out;
}

if (!args.has('--skip-build')) {
  const b = step('build', 'npm', ['run', 'build']);
  if (b.status !== 0) {
    console.log('\n0 passed, 1 failed');
    process.exit(1);
  }
}
// Compiled tests of a moved or deleted file must not run from a stale out/test.
rmSync(join(root, 'out', 'test'), { recursive: true, force: true });
const c = step('compile tests', 'npx', ['tsc', '-p', 'test/tsconfig.json']);
if (c.status !== 0) {
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}

mkdirSync(join(root, 'test-results'), { recursive: true });
const failedNames = [];

/** Runs one plain-Node tier (every `*.<tier>.test.js` under out/test/<tier>) and adds its TAP counts. */
function nodeTier(tier) {
  const tap = join(root, 'test-results', `${tier}.tap`);
  const files = walk(join(root, 'out', 'test', tier), `.${tier}.test.js`).sort();
  step(`${tier} tests`, process.execPath, [
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const tapText = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (k) => Number((new RegExp(`^# ${k} (\\d+)$`, 'm').exec(tapText) ?? [])[1] ?? 0);
  passed += count('pass');
  failed += count('fail') + count('cancelled');
  if (!tapText || !files.length) failed += 1;
  // Failing tests by name (TAP "not ok"), repeated in the summary so a log cut to its tail says which.
  for (const m of tapText.matchAll(/^\s*not ok \d+ - (.*)$/gm)) failedNames.push(`${tier}: ${m[1]}`);
}

function finish() {
  console.log('\n=== summary');
  for (const r of results) console.log(`${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.name}`);
  for (const n of failedNames) console.log(`  ✗ ${n}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

if (!args.has('--integration-only')) nodeTier('unit');
if (args.has('--unit-only')) finish();
nodeTier('integration');

const v = step('dl-course validate', process.execPath, ['dist/cli.js', 'validate']);
if (v.status === 0) passed += 1;
else failed += 1;

if (!args.has('--skip-vscode')) {
  const r = step('tests in the real VS Code', process.execPath, ['scripts/run-vscode-tests.mjs'], { capture: true });
  const m = /^(\d+) passed, (\d+) failed/m.exec(r.stdout ?? '');
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  for (const l of (r.stdout ?? '').split('\n')) if (l.startsWith('FAILED: ')) failedNames.push(`real VS Code: ${l.slice(8)}`);
  if (!m || r.status !== 0) failed += m && Number(m[2]) > 0 ? 0 : 1;
}

finish();
