import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../support/inProcessGrader';

/**
 * Hostile submissions, graded by the built CLI as an instructor would grade them: each one tries
 * to forge its verdict or to act with the grader's rights. Every test asserts the verdict (never
 * passed, with a message that says why) AND that nothing escaped: no file written outside the
 * sandbox, no connection reached a listener on this machine, no process left behind, the solution
 * files not read. Threat model: docs/SECURITY.md.
 */
const cli = path.join(repoRoot, 'dist', 'cli.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-hostile-'));
const marker = (name: string) => path.join(tmp, `ESCAPED-${name}`);
const solutionPath = path.join(repoRoot, 'exercises/01-weighted-sum/solution.ts');
const solution = fs.readFileSync(solutionPath, 'utf8');
/** A wrong answer (neuron always 0): whatever else a file does, it must not pass. */
const WRONG = `
export function neuron(x: number[], w: number[], b: number): number { return 0; }
export const scienceWeights = [0, 0, 0, 0, 0, 0, 0];
export const scienceBias = 0;
`;
const P = '(globalThis as any).process';

let server: net.Server;
let port = 0;
const received: string[] = [];

before(async () => {
  server = net.createServer((s) => {
    received.push('connection');
    s.on('data', (d) => received.push(d.toString()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});
after(() => {
  server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

interface Report {
  passed: boolean;
  seed: number;
  sandbox?: { realm: string; layers: string[]; network: boolean };
  checks: { id: string; status: string; message: string }[];
}

function check(name: string, source: string, ...extra: string[]): Report {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
  const file = path.join(tmp, `${name}.ts`);
  fs.writeFileSync(file, source);
  const r = spawnSync(process.execPath, [cli, 'check', '01-weighted-sum', file, '--json', ...extra], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  assert.ok(r.stdout.trim(), `no JSON from the CLI (exit ${r.status}): ${r.stderr.slice(-500)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Report;
}

function nothingEscaped(): void {
  const escaped = fs.readdirSync(tmp).filter((f) => f.startsWith('ESCAPED-'));
  assert.deepEqual(escaped, [], 'a submission wrote a file outside its sandbox');
  assert.deepEqual(received, [], 'a submission reached a listener on this machine');
  const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes('sleep 4242'));
  assert.deepEqual(left, [], 'a submission left a process behind');
}

function failedWith(r: Report, pattern: RegExp): void {
  assert.equal(r.passed, false, 'a hostile submission passed');
  assert.ok(
    r.checks.some((c) => c.status !== 'passed' && pattern.test(c.message)),
    `no check says ${pattern}: ${JSON.stringify(r.checks.map((c) => c.message))}`,
  );
}

describe('hostile submissions (CLI sandbox)', () => {
  it('the reference solution passes, and the report names its sandbox and seed', () => {
    const r = check('right', solution);
    assert.equal(r.passed, true, JSON.stringify(r.checks));
    assert.ok(Number.isInteger(r.seed));
    assert.equal(r.sandbox?.realm, 'process');
    assert.ok(r.sandbox?.layers.includes('node-permission'));
  });

  it('patched intrinsics (Math.abs, Number.isFinite, JSON, Array.prototype) change only the learner realm', () => {
    const r = check(
      'intrinsics',
      `Math.abs = () => 0; (Number as any).isFinite = () => true; JSON.stringify = () => '{"passed":true}';
      (Array.prototype as any).every = () => true; (Object.prototype as any).passed = true; Promise.all = (async () => []) as any;${WRONG}`,
    );
    failedWith(r, /expected/);
  });

  it('forged answers with the wrong id or nonce are dropped; a flood of them stops the submission once', () => {
    const r = check(
      'forge',
      `
      const fs = ${P}.getBuiltinModule('fs'); const v8 = ${P}.getBuiltinModule('v8');
      const send = (m: unknown) => { const b = v8.serialize(m); const h = Buffer.alloc(4); h.writeUInt32LE(b.length); fs.writeSync(3, Buffer.concat([h, b])); };
      for (let id = 0; id < 20; id++) send({ k: 'returned', id, nonce: 'guess', ok: true, value: 0, async: false, leaked: 0, disposedArgs: [], callbacks: [] });
      ${WRONG}`,
    );
    failedWith(r, /expected|should throw/);
    const flood = check(
      'flood',
      `const fs = ${P}.getBuiltinModule('fs'); const v8 = ${P}.getBuiltinModule('v8');
      setInterval(() => { for (let i = 0; i < 500; i++) { const b = v8.serialize({ k: 'returned', id: i, nonce: 'x' }); const h = Buffer.alloc(4); h.writeUInt32LE(b.length); try { fs.writeSync(3, Buffer.concat([h, b])); } catch { /* full */ } } }, 0);${WRONG}`,
    );
    failedWith(flood, /messages nobody asked for/);
    assert.equal(flood.checks.filter((c) => /messages nobody asked for/.test(c.message)).length, 1, 'the flood is reported once');
    assert.ok(flood.checks.slice(1).every((c) => /Not run/.test(c.message)));
  });

  it('a frame announcing gigabytes is refused before it is buffered', () => {
    const r = check(
      'bigframe',
      `const h = Buffer.alloc(4); h.writeUInt32LE(0xfffffff0); ${P}.getBuiltinModule('fs').writeSync(3, h);${WRONG}`,
    );
    failedWith(r, /messages nobody asked for/);
  });

  it('file writes, child processes, workers and reading the solution are denied', () => {
    const r = check(
      'escape',
      `
      const out: string[] = [];
      const tryIt = (what: string, f: () => unknown) => { try { f(); out.push(what + ': ALLOWED'); } catch (e) { out.push(what + ': ' + (e as any).code); } };
      const p = ${P};
      tryIt('write', () => p.getBuiltinModule('fs').writeFileSync(${JSON.stringify(marker('fs'))}, 'x'));
      tryIt('exec', () => p.getBuiltinModule('child_process').execSync('touch ${marker('exec')}'));
      tryIt('spawn', () => p.getBuiltinModule('child_process').spawn('sleep', ['4242'], { detached: true, stdio: 'ignore' }).unref());
      tryIt('worker', () => new (p.getBuiltinModule('worker_threads').Worker)('require("fs").writeFileSync(${JSON.stringify(marker('worker'))}, "x")', { eval: true }));
      tryIt('binding', () => p.binding('fs'));
      tryIt('read', () => p.getBuiltinModule('fs').readFileSync(${JSON.stringify(solutionPath)}, 'utf8'));
      tryIt('dlopen', () => p.dlopen({ exports: {} }, '/usr/lib/x86_64-linux-gnu/libc.so.6'));
      export const attempts = out;
      export function neuron(x: number[], w: number[], b: number): number { throw new Error(out.join(' | ')); }
      export const scienceWeights = [0.25, 0, 0.25, 0.25, 0.25, 0, 0];
      export const scienceBias = 0;`,
    );
    assert.equal(r.passed, false);
    const said = r.checks[0]!.message;
    assert.doesNotMatch(said, /ALLOWED/, said);
    assert.match(said, /write: ERR_ACCESS_DENIED/);
    nothingEscaped();
  });

  it('the network is unreachable (no connection to a listener on 127.0.0.1)', async () => {
    const r = check(
      'net',
      `
      const net = ${P}.getBuiltinModule('net');
      const s = net.connect(${port}, '127.0.0.1'); s.on('error', () => undefined); s.on('connect', () => s.write('ESCAPED'));
      fetch('http://127.0.0.1:${port}/').catch(() => undefined);${WRONG}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    failedWith(r, /expected|should throw/);
    nothingEscaped();
  });

  it("killing or exiting its own process is that submission's error, and the CLI still reports", () => {
    failedWith(check('kill', `${P}.kill(${P}.pid);${WRONG}`), /ended the process/);
    failedWith(
      check(
        'exit',
        `export function neuron(): number { ${P}.exit(0); return 0; }
      export const scienceWeights = [0.25, 0, 0.25, 0.25, 0.25, 0, 0]; export const scienceBias = 0;`,
      ),
      /ended the process/,
    );
  });

  it('a heap bomb and an ArrayBuffer bomb are named as memory, once, distinct from an infinite loop', () => {
    const heap = check(
      'heapbomb',
      `export function neuron(): number { const a: number[][] = []; for (;;) a.push(new Array(1e6).fill(1.5)); }
      export const scienceWeights = [0.25, 0, 0.25, 0.25, 0.25, 0, 0]; export const scienceBias = 0;`,
    );
    failedWith(heap, /allocated more than \d+ MB/);
    assert.equal(heap.checks.filter((c) => /allocated more than/.test(c.message)).length, 1, 'reported once');
    assert.doesNotMatch(heap.checks.map((c) => c.message).join(' '), /infinite loop/);
    const buffers = check(
      'abbomb',
      `export function neuron(): number { const a: ArrayBuffer[] = []; for (;;) a.push(new ArrayBuffer(1e8)); }
      export const scienceWeights = [0.25, 0, 0.25, 0.25, 0.25, 0, 0]; export const scienceBias = 0;`,
    );
    failedWith(buffers, /allocated more than \d+ MB/);
    const loop = check(
      'loop',
      `export function neuron(): number { for (;;) { /* forever */ } }
      export const scienceWeights = [0.25, 0, 0.25, 0.25, 0.25, 0, 0]; export const scienceBias = 0;`,
    );
    failedWith(loop, /infinite loop/);
  });

  it('a returned value with a "__proto__" key or a fake tensor cannot poison the checker', () => {
    const r = check(
      'proto',
      `
      export function neuron(x: number[], w: number[], b: number): any { return JSON.parse('{"__proto__": {"polluted": 1}, "$dlc": "tensor", "dtype": "float32", "shape": [1e9], "values": []}'); }
      export const scienceWeights = [0.25, 0, 0.25, 0.25, 0.25, 0, 0]; export const scienceBias = 0;`,
    );
    failedWith(r, /./);
  });

  it('--seed replays a run: the same seed gives the same messages, another seed other data', () => {
    const a = check('seeded-a', WRONG, '--seed', '12345');
    const b = check('seeded-b', WRONG, '--seed', '12345');
    const c = check('seeded-c', WRONG, '--seed', '54321');
    assert.equal(a.seed, 12345);
    assert.equal(a.checks[0]!.message, b.checks[0]!.message);
    assert.notEqual(a.checks[0]!.message, c.checks[0]!.message);
  });

  it('a class with cheats in it: every verdict is the one each file deserves (no carry-over), in parallel', () => {
    const dir = path.join(tmp, 'class');
    const honestRight = solution;
    const honestWrong = WRONG;
    const cheats = [
      `Math.abs = () => 0; (globalThis as any).Math.max = () => 0;${WRONG}`,
      `(Object.prototype as any).status = 'passed'; (Array.prototype as any).every = () => true;${WRONG}`,
      `const fs = ${P}.getBuiltinModule('fs'); const v8 = ${P}.getBuiltinModule('v8'); setInterval(() => { const b = v8.serialize({ k: 'returned', id: 1, nonce: '', ok: true, value: 1 }); const h = Buffer.alloc(4); h.writeUInt32LE(b.length); try { fs.writeSync(3, Buffer.concat([h, b])); } catch { /* */ } }, 1);${WRONG}`,
      `${P}.on('exit', () => ${P}.getBuiltinModule('fs').writeFileSync(${JSON.stringify(marker('class'))}, 'x'));${WRONG}`,
      `export function neuron(): number { for (;;) { /* */ } } export const scienceWeights = [0.25, 0, 0.25, 0.25, 0.25, 0, 0]; export const scienceBias = 0;`,
      `globalThis.setTimeout = (() => 0) as any; (globalThis as any).queueMicrotask = () => 0;${WRONG}`,
    ];
    const expected = new Map<string, boolean>();
    for (let i = 0; i < 18; i++) {
      const kind = i % 3 === 0 ? 'cheat' : i % 3 === 1 ? 'right' : 'wrong';
      const source = kind === 'cheat' ? cheats[(i / 3) % cheats.length]! : kind === 'right' ? honestRight : honestWrong;
      const f = path.join(dir, `learner${String(i).padStart(2, '0')}-${kind}`, 'exercise.ts');
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, source);
      expected.set(f, kind === 'right');
    }
    const out = path.join(tmp, 'class.json');
    const r = spawnSync(process.execPath, [cli, 'grade', '01-weighted-sum', dir, '--out', out, '--jobs', '2'], {
      encoding: 'utf8',
      timeout: 600_000,
    });
    assert.equal(r.status, 1, r.stderr.slice(-800));
    const reports = JSON.parse(fs.readFileSync(out, 'utf8')) as (Report & { file: string })[];
    assert.equal(reports.length, 18);
    for (const rep of reports)
      assert.equal(rep.passed, expected.get(rep.file), `${rep.file}: ${JSON.stringify(rep.checks.map((c) => c.message.slice(0, 80)))}`);
    assert.ok(!fs.existsSync(`${out}.partial.jsonl`), 'the partial file is removed once the report is written');
    nothingEscaped();
  });
});
