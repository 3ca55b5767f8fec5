import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { generateClass } from '../support/generatedClass';

/**
 * The CLI on its own (scripts/pack-cli.mjs): `npm run pack:cli` makes a package with no
 * dependencies; `npm install -g --offline` installs it (no network: nothing to fetch) into a
 * prefix outside the repository; the installed `dl-course` validates an exercise, grades a small
 * class exactly as the repository's dist/cli.js does (same verdicts, same sandbox: bubblewrap finds
 * the learner bundles at the installed location) and writes a class repository with its TF.js
 * declarations. Needs `npm run build`.
 */
const repoRoot = path.resolve(__dirname, '../../..');
const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dl-clipack-')));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Nothing of the repository on the way: no NODE_PATH, a cwd outside it, npm's cache in tmp. */
const env = (): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, npm_config_cache: path.join(tmp, 'npm-cache'), npm_config_update_notifier: 'false' };
  delete e.NODE_PATH;
  for (const k of Object.keys(e)) if (k.startsWith('npm_package_') || k === 'npm_config_prefix') delete e[k];
  return e;
};

function run(command: string, args: string[], cwd: string): { code: number | null; stdout: string; stderr: string; ms: number } {
  const started = Date.now();
  const r = spawnSync(command, args, { cwd, env: env(), encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr + (r.error ? String(r.error) : ''), ms: Date.now() - started };
}

interface Book {
  seed: number;
  sandbox?: { layers: string[]; network: boolean; warning?: string };
  rows: { learner: string; exercise: string; status: string; passed: boolean; durationMs?: number }[];
}
const comparable = (b: Book) => JSON.stringify({ ...b, rows: b.rows.map(({ durationMs: _d, ...r }) => r) });

describe('the dl-course package: packed, installed offline, run from elsewhere', () => {
  it('installs with no network and no dependencies, validates, grades a class as the repository does, writes a class repository', () => {
    assert.ok(fs.existsSync(path.join(repoRoot, 'dist', 'cli.js')), 'dist/cli.js is missing: run `npm run build` first');
    const packed = run(process.execPath, [path.join(repoRoot, 'scripts', 'pack-cli.mjs'), '--out-dir', tmp], repoRoot);
    assert.equal(packed.code, 0, packed.stderr);
    const tgz = packed.stdout.split('\n')[0]!;
    assert.match(path.basename(tgz), /^dl-course-\d+\.\d+\.\d+\.tgz$/);
    const size = fs.statSync(tgz).size;
    assert.ok(size > 1e6 && size < 20e6, `package of ${size} bytes`);

    const prefix = path.join(tmp, 'prefix');
    const work = path.join(tmp, 'work');
    fs.mkdirSync(work);
    const installed = run('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tgz], work);
    assert.equal(installed.code, 0, installed.stderr);
    const pkgDir = path.join(prefix, 'lib', 'node_modules', 'dl-course');
    const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(pkg.dependencies, undefined, 'no dependencies: the install needs no registry');
    assert.ok(!fs.existsSync(path.join(pkgDir, 'node_modules')), 'nothing installed beside the package');
    assert.ok(!fs.existsSync(path.join(pkgDir, 'exercises', '01-weighted-sum', 'checks.ts')), 'hidden checks ship compiled only');
    const bin = path.join(prefix, 'bin', 'dl-course');
    console.log(`# dl-course package: ${(size / 1e6).toFixed(1)} MB, npm install -g --offline in ${installed.ms} ms`);

    const valid = run(bin, ['validate', '01-weighted-sum'], work);
    assert.equal(valid.code, 0, valid.stdout + valid.stderr);
    assert.match(valid.stdout, /^ok {3}01-weighted-sum {2}starter 0\/\d+ passed, solution (\d+)\/\1 \(wasm,/m);
    assert.match(valid.stdout, /^1\/1 exercises valid$/m);
    assert.equal(run(bin, ['validate', 'no-such-exercise'], work).code, 2);

    // A small class graded by the installed CLI and by the repository's: the same book, sandbox included.
    const expected = generateClass(path.join(work, 'class'), 4, ['01-weighted-sum', '02-dense-layer']);
    const args = ['grade', '--all', 'class', '--seed', '99', '--jobs', '2', '--out'];
    const mine = run(bin, [...args, 'installed.json'], work);
    assert.equal(mine.code, 1, mine.stderr.slice(-800));
    const theirs = run(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args, 'repo.json'], work);
    assert.equal(theirs.code, 1, theirs.stderr.slice(-800));
    const a = JSON.parse(fs.readFileSync(path.join(work, 'installed.json'), 'utf8')) as Book;
    const b = JSON.parse(fs.readFileSync(path.join(work, 'repo.json'), 'utf8')) as Book;
    assert.equal(a.rows.length, 8);
    for (const r of a.rows) assert.equal(r.passed, expected.get(`${r.learner}/${r.exercise}`)!.passes, `${r.learner}/${r.exercise}`);
    assert.ok(a.sandbox, 'the book records its sandbox');
    assert.equal(comparable(a), comparable(b));
    if (fs.existsSync('/usr/bin/bwrap') && b.sandbox?.layers.includes('bubblewrap')) assert.equal(a.sandbox.network, false);

    const init = run(bin, ['classroom', 'init', 'my-class'], work);
    assert.equal(init.code, 0, init.stderr);
    assert.doesNotMatch(init.stderr, /warning/, 'the TF.js declarations ship with the package');
    assert.match(init.stdout, /pack:cli/, 'says how to get the package for the CI');
    assert.ok(fs.existsSync(path.join(work, 'my-class', '.gitlab-ci.yml')));
    assert.ok(fs.existsSync(path.join(work, 'my-class', '01-weighted-sum', 'exercise.ts')));
  });
});
