import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { CLASS_EXERCISES, generateClass } from '../support/generatedClass';
import { repoRoot } from '../support/inProcessGrader';

/**
 * The instructor's loop with the built CLI (dist/cli.js): a generated class graded as one run and
 * as shards in parallel processes, merged, turned into the HTML report; a class repository
 * written by `classroom init` and graded by its own CI command.
 */
const cli = path.join(repoRoot, 'dist', 'cli.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-classroom-'));
const escaped = '/tmp/dl-course-ESCAPED';
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], cwd = tmp): { code: number | null; stdout: string; stderr: string } {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function runAsync(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [cli, ...args], { cwd: tmp, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    p.on('close', (code) => resolve({ code, stderr }));
  });
}

interface Row {
  learner: string;
  exercise: string;
  status: string;
  passed: boolean;
  points: number;
  maxPoints: number;
  durationMs?: number;
  checks: { status: string; message: string }[];
}
interface Book {
  kind: string;
  seed: number;
  rows: Row[];
  pending: unknown[];
  shard?: unknown;
  class: { items: number };
}

/** What must be equal between two runs with the same seed: everything but the time taken. */
const comparable = (b: Book) => JSON.stringify({ ...b, rows: b.rows.map(({ durationMs: _d, ...r }) => r) });

describe('classroom: grade book, shards, merge, class report, template', () => {
  it('n shards in parallel processes, merged, equal a single run; every verdict is the one deserved', async () => {
    fs.rmSync(escaped, { force: true });
    const expected = generateClass(path.join(tmp, 'class'), 16);
    const single = run(['grade', '--all', 'class', '--seed', '4242', '--jobs', '2', '--out', 'single.json']);
    assert.equal(single.code, 1, single.stderr.slice(-800));
    const n = 3;
    const shards = await Promise.all(
      Array.from({ length: n }, (_, k) =>
        runAsync(['grade', '--all', 'class', '--seed', '4242', '--jobs', '1', '--shard', `${k + 1}/${n}`, '--out', `shard-${k + 1}.json`]),
      ),
    );
    for (const s of shards) assert.ok(s.code === 0 || s.code === 1, s.stderr.slice(-800));
    const merged = run(['merge', ...Array.from({ length: n }, (_, k) => `shard-${k + 1}.json`), '--out', 'merged.json']);
    assert.equal(merged.code, 0, merged.stderr);
    const a = JSON.parse(fs.readFileSync(path.join(tmp, 'single.json'), 'utf8')) as Book;
    const b = JSON.parse(fs.readFileSync(path.join(tmp, 'merged.json'), 'utf8')) as Book;
    assert.equal(a.rows.length, 16 * CLASS_EXERCISES.length);
    assert.equal(comparable(b), comparable(a));
    for (const r of a.rows) {
      const want = expected.get(`${r.learner}/${r.exercise}`)!;
      assert.equal(r.status, want.kind === 'missing' ? 'missing' : 'graded', `${r.learner}/${r.exercise}`);
      assert.equal(
        r.passed,
        want.passes,
        `${r.learner}/${r.exercise} (${want.kind}): ${JSON.stringify(r.checks.map((c) => c.message.slice(0, 80)))}`,
      );
      if (want.passes) assert.equal(r.points, r.maxPoints);
    }
    assert.ok(!fs.existsSync(escaped), 'a hostile submission wrote outside its sandbox');
    // Each shard holds part of the class, none of it twice.
    const sizes = Array.from(
      { length: n },
      (_, k) => (JSON.parse(fs.readFileSync(path.join(tmp, `shard-${k + 1}.json`), 'utf8')) as Book).rows.length,
    );
    assert.equal(
      sizes.reduce((x, y) => x + y, 0),
      a.rows.length,
    );
    assert.ok(
      sizes.every((s) => s > 0),
      sizes.join(', '),
    );

    const twice = run(['merge', 'shard-1.json', 'shard-1.json', '--out', 'bad.json']);
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /shard 1\/3 is given twice/);
    const missing = run(['merge', 'shard-1.json', 'shard-3.json', '--out', 'partial.json', '--format', 'csv']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /shard 2\/3: no report/);

    const html = run(['report', 'merged.json', '--out', 'class.html', '--lang', 'fr']);
    assert.equal(html.code, 0, html.stderr);
    const page = fs.readFileSync(path.join(tmp, 'class.html'), 'utf8');
    for (const id of CLASS_EXERCISES) assert.ok(page.includes(id), id);
    assert.match(page, /La moyenne scientifique de Gino/, 'check titles in French');
    assert.match(page, /bias|biais/, 'the misconception of 01 (bias forgotten) is among the messages');
  });

  it('classroom init: starters laid out as Open Course does, classroom.json, CI files that parse; its CI command grades it', () => {
    const cfg = path.join(tmp, 'two.json');
    fs.writeFileSync(cfg, JSON.stringify({ exercises: { '01-weighted-sum': { pointsPerCheck: 2 }, '02-dense-layer': {} } }));
    const dir = path.join(tmp, 'repo', 'dl-course-ana');
    const r = run(['classroom', 'init', dir, '--shards', '3', '--classroom', cfg]);
    assert.equal(r.code, 0, r.stderr);
    for (const f of [
      '.dl-course/course.json',
      'tsconfig.json',
      'classroom.json',
      '.dl-course/classroom.schema.json',
      '.gitlab-ci.yml',
      '.github/workflows/grade.yml',
      'README.md',
      '.gitignore',
    ]) {
      assert.ok(fs.existsSync(path.join(dir, f)), f);
    }
    assert.equal(
      fs.readFileSync(path.join(dir, '01-weighted-sum/exercise.ts'), 'utf8'),
      fs.readFileSync(path.join(repoRoot, 'exercises/01-weighted-sum/starter.ts'), 'utf8'),
    );
    assert.ok(!fs.existsSync(path.join(dir, '03-relu-bias')), 'only the exercises that count');
    assert.ok(!fs.readdirSync(dir, { recursive: true }).some((f) => /solution|checks\.ts/.test(String(f))), 'no solution or checks copied');

    const gitlab = fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8');
    const github = fs.readFileSync(path.join(dir, '.github/workflows/grade.yml'), 'utf8');
    let yaml: { load(s: string): unknown } | undefined;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      yaml = require('js-yaml') as { load(s: string): unknown };
    } catch {
      yaml = undefined;
    }
    if (yaml) {
      const gl = yaml.load(gitlab) as Record<
        string,
        { parallel?: number; script?: string[]; artifacts?: { reports?: { junit?: string } } }
      >;
      assert.equal(gl.grade!.parallel, 3);
      assert.match(gl.grade!.script!.join('\n'), /--shard "\$CI_NODE_INDEX\/\$CI_NODE_TOTAL"/);
      assert.equal(gl.merge!.artifacts!.reports!.junit, 'junit.xml');
      const gh = yaml.load(github) as {
        jobs: {
          grade: { strategy: { matrix: { shard: number[] } } };
          merge: { needs: string; steps: { uses?: string; with?: Record<string, string> }[] };
        };
      };
      assert.deepEqual(gh.jobs.grade.strategy.matrix.shard, [1, 2, 3]);
      assert.equal(gh.jobs.merge.needs, 'grade');
      assert.ok(gh.jobs.merge.steps.some((s) => s.with?.report_paths === 'junit.xml'));
    } else {
      // Structural check: no tabs, indentation in steps of two, the keys that matter.
      for (const text of [gitlab, github]) {
        assert.doesNotMatch(text, /\t/);
        for (const line of text.split('\n')) assert.equal(/^ */.exec(line)![0].length % 2, 0, line);
      }
      assert.match(gitlab, /^ {2}parallel: 3$/m);
      assert.match(github, /^ {8}shard: \[1, 2, 3\]$/m);
    }
    // The CI's own command, on the template itself: the learner is the repository's folder.
    const command = /dl-course grade --all \. --classroom classroom\.json[^\n|]*/
      .exec(gitlab)![0]
      .replace('$CI_NODE_INDEX/$CI_NODE_TOTAL', '1/1')
      .replace('$CI_PIPELINE_IID', '7')
      .replace('shard-$CI_NODE_INDEX.json', 'shard-1.json');
    const args = command
      .trim()
      .split(/\s+/)
      .slice(1)
      .map((a) => a.replace(/^"|"$/g, ''));
    const graded = run([...args, '--jobs', '2'], dir);
    assert.equal(graded.code, 1, graded.stderr.slice(-800));
    const book = JSON.parse(fs.readFileSync(path.join(dir, 'shard-1.json'), 'utf8')) as Book;
    assert.deepEqual(
      book.rows.map((x) => [x.learner, x.exercise, x.status, x.passed, x.maxPoints]),
      [
        ['dl-course-ana', '01-weighted-sum', 'graded', false, 8],
        ['dl-course-ana', '02-dense-layer', 'graded', false, 4],
      ],
    );
    const again = run(['classroom', 'init', dir]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /kept {4}01-weighted-sum\/exercise\.ts/);
  });
});
