// The README's test command (`npm test`): builds, then runs every tier and ends with one line
// "N passed, N failed" over all of them. Tiers: unit tests in plain Node (grader core, checks
// against every solution and starter, manifests, CLI), `dl-course validate` over the whole
// course, and the tests inside the real VS Code (scripts/run-vscode-tests.mjs).
// Options: --skip-build, --skip-vscode, --unit-only (for a quick loop; CI runs everything).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const args = new Set(process.argv.slice(2));
const results = [];
let passed = 0;
let failed = 0;

function step(name, cmd, cmdArgs, opts = {}) {
  process.stdout.write(`\n=== ${name}: ${cmd} ${cmdArgs.join(' ')}\n`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', env: { ...process.env, ...opts.env } });
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
  if (b.status !== 0) { console.log('\n0 passed, 1 failed'); process.exit(1); }
}
const c = step('compile tests', 'npx', ['tsc', '-p', 'test/tsconfig.json']);
if (c.status !== 0) { console.log('\n0 passed, 1 failed'); process.exit(1); }

mkdirSync(join(root, 'test-results'), { recursive: true });
const tap = join(root, 'test-results', 'unit.tap');
const files = walk(join(root, 'out', 'test', 'unit'), '.unit.test.js').sort();
step('unit tests', process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files]);
const tapText = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
const count = (k) => Number((new RegExp(`^# ${k} (\\d+)$`, 'm').exec(tapText) ?? [])[1] ?? 0);
passed += count('pass');
failed += count('fail') + count('cancelled');
if (!tapText) failed += 1;
// Failing unit tests by name (TAP "not ok"), repeated in the summary so a log cut to its tail says which.
const failedNames = [...tapText.matchAll(/^\s*not ok \d+ - (.*)$/gm)].map((m) => `unit: ${m[1]}`);

if (args.has('--unit-only')) { for (const n of failedNames) console.log(`  ✗ ${n}`); console.log(`${passed} passed, ${failed} failed`); process.exit(failed ? 1 : 0); }
const v = step('dl-course validate', process.execPath, ['dist/cli.js', 'validate']);
if (v.status === 0) passed += 1; else failed += 1;

if (!args.has('--skip-vscode')) {
  const r = step('tests in the real VS Code', process.execPath, ['scripts/run-vscode-tests.mjs'], { capture: true });
  const m = /^(\d+) passed, (\d+) failed/m.exec(r.stdout ?? '');
  if (m) { passed += Number(m[1]); failed += Number(m[2]); }
  for (const l of (r.stdout ?? '').split('\n')) if (l.startsWith('FAILED: ')) failedNames.push(`real VS Code: ${l.slice(8)}`);
  if (!m || r.status !== 0) failed += m && Number(m[2]) > 0 ? 0 : 1;
}

console.log('\n=== summary');
for (const r of results) console.log(`${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.name}`);
for (const n of failedNames) console.log(`  ✗ ${n}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
