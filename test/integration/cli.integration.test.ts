import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/inProcessGrader';

/**
 * The command-line grader as an instructor or CI runs it: the built dist/cli.js, real worker
 * threads, real time-outs. Needs `npm run build` first (the test command does it).
 */
const cli = path.join(repoRoot, 'dist', 'cli.js');
const solution = fs.readFileSync(path.join(repoRoot, 'exercises/01-weighted-sum/solution.ts'), 'utf8');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-cli-'));

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function submission(name: string, source: string): string {
  const file = path.join(tmp, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, source);
  return file;
}

interface Json {
  exercise: string;
  passed: boolean;
  backend: string;
  durationMs: number;
  checks: { id: string; title: string; status: string; message: string }[];
}
function json(args: string[]): { code: number | null; out: Json } {
  const r = run(...args, '--json');
  return { code: r.code, out: JSON.parse(r.stdout) as Json };
}

describe('dl-course CLI', () => {
  it('list: the exercises in course order', () => {
    const r = run('list');
    assert.equal(r.code, 0);
    const ids = r.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t')[0]!);
    assert.ok(ids.includes('01-weighted-sum'));
    // Course order is each exercise.json's `order` (20 sits in chapter 2, after 11), not the ids' order.
    const order = (id: string) =>
      (JSON.parse(fs.readFileSync(path.join(repoRoot, 'exercises', id, 'exercise.json'), 'utf8')) as { order: number }).order;
    assert.deepEqual(
      [...ids].sort((a, b) => order(a) - order(b)),
      ids,
    );
    assert.ok(
      ids.indexOf('20-softmax-cross-entropy') > ids.indexOf('11-chain-rule') &&
        ids.indexOf('20-softmax-cross-entropy') < ids.indexOf('12-training-loop'),
    );
  });
  it('check --json on the reference solution: exit 0, the documented shape, a backend', () => {
    const { code, out } = json(['check', '01-weighted-sum', submission('ok.ts', solution)]);
    assert.equal(code, 0);
    assert.equal(out.exercise, '01-weighted-sum');
    assert.equal(out.passed, true);
    assert.ok(['wasm', 'cpu'].includes(out.backend), out.backend);
    assert.equal(typeof out.durationMs, 'number');
    assert.deepEqual(
      out.checks.map((c) => c.status),
      ['passed', 'passed', 'passed', 'passed'],
    );
    for (const c of out.checks) assert.deepEqual(Object.keys(c), ['id', 'title', 'status', 'message']);
  });
  it('check on a wrong answer: exit 1, and the message says why (bias forgotten)', () => {
    const noBias = solution.replace('let sum = b;', 'let sum = 0;');
    const { code, out } = json(['check', '01-weighted-sum', submission('nobias.ts', noBias)]);
    assert.equal(code, 1);
    const c = out.checks.find((x) => x.id === 'neuron-random')!;
    assert.equal(c.status, 'failed');
    assert.match(c.message, /expected .*, got /);
    assert.match(c.message, /bias was forgotten/);
  });
  it('usage errors exit 2 with a message on stderr', () => {
    const unknown = run('check', 'no-such-exercise', submission('x.ts', solution));
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown exercise "no-such-exercise"/);
    const missing = run('check', '01-weighted-sum', path.join(tmp, 'absent.ts'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*absent\.ts: no such file/);
    assert.equal(run('frobnicate').code, 2);
  });
  it('a syntax error: every check errors with the line', () => {
    const { code, out } = json(['check', '01-weighted-sum', submission('syntax.ts', solution.replace('return sum;', 'return sum +;'))]);
    assert.equal(code, 1);
    for (const c of out.checks) {
      assert.equal(c.status, 'error');
      assert.match(c.message, /Syntax error at line 7/);
    }
  });
  it('a misspelled export is named, with the near miss', () => {
    const { out } = json(['check', '01-weighted-sum', submission('typo.ts', solution.replace('function neuron', 'function nueron'))]);
    const c = out.checks.find((x) => x.id === 'neuron-random')!;
    assert.equal(c.status, 'failed');
    assert.match(c.message, /`neuron` is not exported.*Found `nueron`/s);
  });
  it('a throw of a non-Error value is reported as what was thrown', () => {
    const { out } = json([
      'check',
      '01-weighted-sum',
      submission('throw.ts', solution.replace('let sum = b;', 'if (b > 1) throw 42;\n  let sum = b;')),
    ]);
    const c = out.checks.find((x) => x.id === 'neuron-random')!;
    assert.equal(c.status, 'error');
    assert.match(c.message, /threw 42 \(a number, not an Error\)/);
  });
  it('an infinite loop in one check times out, the worker is replaced and the next checks still pass', () => {
    const looping = solution.replace(
      'number): number {',
      'number): number {\n  if (x.length === 3 && w.length === 2) { for (;;) { /* spin */ } }',
    );
    const { out } = json(['check', '01-weighted-sum', submission('loop.ts', looping)]);
    assert.deepEqual(
      out.checks.map((c) => c.status),
      ['passed', 'timeout', 'passed', 'passed'],
    );
    assert.match(out.checks[1]!.message, /infinite loop/);
  });
  it('top-level code that never ends: every check times out once, with the reason', () => {
    const { out } = json(['check', '01-weighted-sum', submission('toplevel.ts', `${solution}\nwhile (true) { /* forever */ }\n`)]);
    for (const c of out.checks) assert.equal(c.status, 'timeout');
    assert.match(out.checks[0]!.message, /top level of the file/);
  });
  it('a huge allocation is an out-of-memory error, not a crash of the grader', () => {
    const { out } = json([
      'check',
      '01-weighted-sum',
      submission('oom.ts', solution.replace('let sum = b;', 'const big = new Float64Array(2 ** 40); void big;\n  let sum = b;')),
    ]);
    const c = out.checks.find((x) => x.id === 'neuron-random')!;
    assert.equal(c.status, 'error');
    assert.match(c.message, /memory/i);
    assert.equal(out.checks.find((x) => x.id === 'science-gino')!.status, 'error');
  });
  it('grade: a class folder to JSON, CSV and JUnit, one unreadable submission does not lose the others', () => {
    const cls = path.join(tmp, 'class');
    submission('class/alice/01-weighted-sum/exercise.ts', solution);
    submission('class/bob/01-weighted-sum/exercise.ts', solution.replace('let sum = b;', 'let sum = 0;'));
    for (const format of ['json', 'csv', 'junit']) {
      const out = path.join(tmp, `report.${format}`);
      const r = run('grade', '01-weighted-sum', cls, '--format', format, '--out', out);
      assert.equal(r.code, 1, r.stderr);
      const text = fs.readFileSync(out, 'utf8');
      if (format === 'json') {
        const reports = JSON.parse(text) as { file: string; passed: boolean }[];
        assert.deepEqual(
          reports.map((x) => [path.basename(path.dirname(path.dirname(x.file))), x.passed]),
          [
            ['alice', true],
            ['bob', false],
          ],
        );
      } else if (format === 'csv') {
        assert.equal(text.trim().split('\n').length, 1 + 8);
      } else {
        assert.match(text, /<testsuites tests="8" failures="[1-9]/);
      }
    }
  });
  it('grade with several exercises: a grade book, one CSV line per learner × exercise, a missing one said as such', () => {
    const cls = path.join(tmp, 'book');
    submission('book/alice/01-weighted-sum/exercise.ts', solution);
    submission('book/alice/03-relu-bias/exercise.ts', fs.readFileSync(path.join(repoRoot, 'exercises/03-relu-bias/solution.ts'), 'utf8'));
    submission('book/bob/01-weighted-sum/exercise.ts', solution.replace('let sum = b;', 'let sum = 0;'));
    const out = path.join(tmp, 'book.csv');
    const r = run('grade', '01-weighted-sum', '03-relu-bias', cls, '--format', 'csv', '--out', out, '--seed', '3');
    assert.equal(r.code, 1, r.stderr);
    const lines = fs
      .readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    assert.deepEqual(
      lines.slice(1).map((l) => [l[0], l[1], l[2], l[3], l[4], l[7]]),
      [
        ['alice', '01-weighted-sum', '4', '4', 'true', 'graded'],
        ['alice', '03-relu-bias', '5', '5', 'true', 'graded'],
        ['bob', '01-weighted-sum', '3', '4', 'false', 'graded'], // the bias forgotten fails only neuron-random
        ['bob', '03-relu-bias', '0', '5', 'false', 'missing'],
      ],
    );
    const shardWithoutSeed = run('grade', '--all', cls, '--shard', '1/2');
    assert.equal(shardWithoutSeed.code, 2);
    assert.match(shardWithoutSeed.stderr, /--shard needs --seed/);
    assert.equal(run('grade', '--all', cls, '--shard', '3/2', '--seed', '1').code, 2);
  });
});
