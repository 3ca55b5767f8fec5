#!/usr/bin/env node
// The learner's first screen, timed as a learner's browser shows it: VS Code served as `npm start`
// serves it (no smoke-test driver, the extension installed, the Welcome page first), opened in
// Debian's Chromium with no DevTools client listening (keys sent over --remote-debugging-pipe,
// nothing enabled), Open Course run from the palette on an empty folder; then one request waits
// inside the page (it polls its own frames) and the times are read from the pages' own clocks (VS
// Code's performance marks in each webview's host frame, the theory's first paint) and from the
// extension's `[open exercise]` log line.
//
// Each round runs it twice, alternately (A B A B …): Open Course run
//  A. 3 s after the workbench appears (a learner who clicks at once), and
//  B. 15 s after (one who reads the Welcome page first).
// VS Code's webview host frame awaits its service worker before writing a page in — once one
// controls the window, `registration.update()` — and Chromium runs that update as a best-effort
// task of its browser thread, which waits while the young workbench keeps that thread busy. So the
// theory is drawn later in A than in B.
//
//   node scripts/bench-first-screen.mjs [--rounds 3] [--json out.json]
// Needs `bash scripts/install-vscode-server.sh` and `npm run build` (dist/). scripts/bench.mjs runs it.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  checkPrerequisites,
  CHROMIUM_ARGS,
  courseOutput,
  chromiumPath,
  sandboxEnv,
  shutdown,
  startSandbox,
  startServer,
  workbenchUrl,
} from './vscode-server.mjs';
import { median } from './stats.mjs';

const runDirectly = import.meta.url === pathToFileURL(process.argv[1] ?? '').href;
// Its own options only when run directly (scripts/bench.mjs imports it with options of its own).
const { values: opts } = runDirectly ? parseArgs({ options: { rounds: { type: 'string' }, json: { type: 'string' } } }) : { values: {} };
const rounds = Number(opts.rounds ?? 3);
if (!(Number.isInteger(rounds) && rounds >= 1)) {
  console.error(`--rounds takes a whole number ≥ 1, not ${opts.rounds}`);
  process.exit(2);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** How long after the workbench appears Open Course is run, in each variant. */
const SETTLE = { A: 3000, B: 15000 };

/**
 * Chromium driven over --remote-debugging-pipe (no client library: nothing is enabled unless
 * asked), in a process group of its own so that stop() ends its helpers too. A request fails, never
 * hangs, when Chromium exits, its pipe breaks, or it does not answer in `timeoutMs`.
 */
function launchChromium(sb, url, timeoutMs = 120_000) {
  const proc = spawn(
    chromiumPath,
    [...CHROMIUM_ARGS, '--headless=new', `--user-data-dir=${sb.browser}`, '--remote-debugging-pipe', '--window-size=1600,1000', url],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'], env: sandboxEnv(sb), detached: true },
  );
  const [, , , toChrome, fromChrome] = proc.stdio;
  const pending = new Map();
  let gone;
  const fail = (why) => {
    gone ??= why;
    for (const settle of pending.values()) settle({ error: { message: gone } });
    pending.clear();
  };
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  void exited.then(() => fail('Chromium exited'));
  proc.on('error', (e) => fail(`Chromium did not start: ${e.message}`));
  toChrome.on('error', (e) => fail(`the pipe to Chromium broke: ${e.message}`));
  fromChrome.on('error', (e) => fail(`the pipe from Chromium broke: ${e.message}`));
  let next = 0;
  let buf = '';
  fromChrome.on('data', (d) => {
    buf += d.toString();
    for (let i = buf.indexOf('\0'); i >= 0; i = buf.indexOf('\0')) {
      let m;
      try {
        m = JSON.parse(buf.slice(0, i));
      } catch {
        m = {};
      }
      buf = buf.slice(i + 1);
      pending.get(m.id)?.(m);
      pending.delete(m.id);
    }
  });
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      if (gone) return reject(new Error(`${method}: ${gone}`));
      const id = ++next;
      const timer = setTimeout(() => pending.get(id)?.({ error: { message: `no answer in ${timeoutMs / 1000} s` } }), timeoutMs);
      pending.set(id, (m) => {
        clearTimeout(timer);
        pending.delete(id);
        if (m.error) reject(new Error(`${method}: ${m.error.message}`));
        else resolve(m.result);
      });
      toChrome.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  const stop = async () => {
    try {
      process.kill(-proc.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    await Promise.race([exited, sleep(5000)]);
  };
  return { send, stop };
}

/** Evaluates `body` (an async function's body) in the workbench page; one round trip. */
async function evaluate(send, session, body) {
  const r = await send('Runtime.evaluate', { expression: `(async () => { ${body} })()`, awaitPromise: true, returnByValue: true }, session);
  if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
  return r.result.value;
}

const WAIT_WORKBENCH = `
  for (let t = Date.now(); Date.now() - t < 60000; await new Promise((r) => setTimeout(r, 200)))
    if (document.querySelector('.monaco-workbench #workbench\\\\.parts\\\\.statusbar')) return true;
  return false;`;

const WAIT_PICKER = `
  for (let t = Date.now(); Date.now() - t < 30000; await new Promise((r) => setTimeout(r, 100))) {
    const row = [...document.querySelectorAll('.quick-input-list .monaco-list-row')].find((r) => r.textContent.includes(${JSON.stringify('Lay out the course in')}));
    if (row) return true;
  }
  return false;`;

// Every webview's host frame: its VS Code marks, and for the page inside, when it started and first painted (epoch ms).
const WAIT_THEORY = `
  const read = () => [...document.querySelectorAll('iframe.webview')].map((f) => {
    try {
      const w = f.contentWindow;
      const iw = w.document.querySelector('#active-frame')?.contentWindow;
      const paint = iw?.performance.getEntriesByName('first-contentful-paint')[0];
      return {
        title: iw?.document.querySelector('h1')?.textContent ?? null,
        hostStart: w.performance.timeOrigin,
        marks: Object.fromEntries(w.performance.getEntriesByType('mark').map((m) => [m.name.replace('webview/index.html/', ''), w.performance.timeOrigin + m.startTime])),
        pageStart: iw ? iw.performance.timeOrigin : null,
        pagePaint: paint ? iw.performance.timeOrigin + paint.startTime : null,
      };
    } catch (e) { return { error: String(e) }; }
  });
  for (let t = Date.now(); Date.now() - t < 90000; await new Promise((r) => setTimeout(r, 250))) {
    const frames = read();
    if (frames.some((f) => f.title && f.pagePaint)) return frames;
  }
  return read();`;

/** What is running now, for the signal handlers: a Ctrl-C must not leave a server or a browser behind. */
let live;

/** One first screen: Open Course run `settleMs` after the workbench appears. */
export async function once({ settleMs }) {
  const { sandbox: sb } = startSandbox('dlc-first-');
  const run = (live = { sandbox: sb });
  try {
    const folder = sb.sub('course');
    run.server = await startServer(sb);
    const chrome = (run.chrome = launchChromium(sb, workbenchUrl(run.server.port, { folder, welcome: true })));
    await sleep(1500);
    const { targetInfos } = await chrome.send('Target.getTargets');
    const page = targetInfos.find((t) => t.type === 'page');
    if (!page) throw new Error('Chromium opened no page');
    const { sessionId: s } = await chrome.send('Target.attachToTarget', { targetId: page.targetId, flatten: true });
    if (!(await evaluate(chrome.send, s, WAIT_WORKBENCH))) throw new Error('the workbench did not load in 60 s');
    await sleep(settleMs);
    const key = async (key, code, vk, text) => {
      await chrome.send('Input.dispatchKeyEvent', { type: 'keyDown', key, code, windowsVirtualKeyCode: vk, ...(text ? { text } : {}) }, s);
      await chrome.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, windowsVirtualKeyCode: vk }, s);
    };
    await key('F1', 'F1', 112);
    await sleep(800);
    await chrome.send('Input.insertText', { text: 'DL Course: Open Course' }, s);
    await sleep(800);
    await key('Enter', 'Enter', 13, '\r');
    if (!(await evaluate(chrome.send, s, WAIT_PICKER))) throw new Error('Open Course did not offer to lay out the course');
    const asked = Date.now();
    await key('Enter', 'Enter', 13, '\r');
    // One round trip: the page polls its own frames (every 250 ms) until the theory has painted.
    const frames = await evaluate(chrome.send, s, WAIT_THEORY);
    const theory = frames.find((f) => f.title);
    if (!theory?.pagePaint) throw new Error(`the theory was not drawn: ${JSON.stringify(frames).slice(0, 300)}`);
    const results = frames.find((f) => f !== theory && !f.error);
    // Missing figures are null, never 0 or NaN.
    const round = (x) => (Number.isFinite(x) ? Math.round(x) : null);
    const swWait = (f) => round(f?.marks['content/workerReady'] - f?.marks['content/started']);
    // The extension logs Open Exercise's steps once it has finished (keepCodeHalf comes last).
    let line = '';
    for (let t = Date.now(); !line && Date.now() - t < 10_000; await sleep(250))
      line = courseOutput(sb.userData).match(/\[open exercise\][^\n]*/)?.[0] ?? '';
    const ms = (label) => round(Number(line.match(new RegExp(`${label} in (\\d+) ms`))?.[1]));
    return {
      openCourseToTheoryPaintMs: round(theory.pagePaint - asked),
      theoryHostToPaintMs: round(theory.pagePaint - theory.hostStart),
      theoryServiceWorkerWaitMs: swWait(theory),
      resultsServiceWorkerWaitMs: swWait(results),
      codeShownMs: ms('code shown'),
      resultsPageRunningMs: ms('results page running'),
      theoryShownMs: ms('theory shown'),
    };
  } finally {
    await stopRun(run);
    if (live === run) live = undefined;
  }
}

async function stopRun(run) {
  await run.chrome?.stop();
  await shutdown({ server: run.server, sandbox: run.sandbox });
}

export async function benchFirstScreen({ rounds: n = rounds, log = console.log } = {}) {
  checkPrerequisites({ browser: true });
  const runs = { A: [], B: [] };
  for (let i = 0; i < n; i++)
    for (const v of ['A', 'B']) {
      try {
        const r = await once({ settleMs: SETTLE[v] });
        runs[v].push(r);
        log(`[bench] first screen, round ${i + 1} ${v}: ${JSON.stringify(r)}`);
      } catch (e) {
        runs[v].push({ error: e.message });
        log(`[bench] first screen, round ${i + 1} ${v}: ${e.message}`);
      }
    }
  const medianOf = (xs) => {
    const measured = xs.filter((x) => Number.isFinite(x));
    return measured.length ? Math.round(median(measured)) : null;
  };
  const keys = [
    'openCourseToTheoryPaintMs',
    'theoryHostToPaintMs',
    'theoryServiceWorkerWaitMs',
    'codeShownMs',
    'resultsPageRunningMs',
    'theoryShownMs',
  ];
  const summary = Object.fromEntries(
    ['A', 'B'].map((v) => [
      v,
      Object.fromEntries(keys.map((k) => [k, { median: medianOf(runs[v].map((r) => r[k])), each: runs[v].map((r) => r[k] ?? null) }])),
    ]),
  );
  return { rounds: n, runs, summary };
}

/** The report's table (markdown lines). */
export function firstScreenTable(r) {
  const rows = [
    ['Open Course (picker) → the theory painted', 'openCourseToTheoryPaintMs'],
    ["the theory's host frame starts → its page painted", 'theoryHostToPaintMs'],
    ["of which VS Code's webview service-worker wait", 'theoryServiceWorkerWaitMs'],
    ['Open Exercise: exercise.ts shown (from its start)', 'codeShownMs'],
    ['Open Exercise: then the results page running (its script posted `loaded`)', 'resultsPageRunningMs'],
    ['Open Exercise: then the theory tab shown', 'theoryShownMs'],
  ];
  const cell = (v, k) => {
    const s = r.summary[v][k];
    return `${s.median ?? '—'} (${s.each.map((x) => x ?? '—').join(', ')})`;
  };
  return [
    `| first screen, served as npm start (${r.rounds} rounds, alternately), ms: median (each) | A: Open Course ${SETTLE.A / 1000} s after the workbench appears | B: ${SETTLE.B / 1000} s after |`,
    '|---|---|---|',
    ...rows.map(([label, k]) => `| ${label} | ${cell('A', k)} | ${cell('B', k)} |`),
  ];
}

if (runDirectly) {
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.on(signal, () => {
      console.error(`\n[bench] ${signal}: stopping the server and the browser`);
      void Promise.resolve(live && stopRun(live)).finally(() => process.exit(130));
    });
  const r = await benchFirstScreen();
  console.log(`\n${firstScreenTable(r).join('\n')}`);
  if (opts.json) {
    mkdirSync(path.dirname(path.resolve(opts.json)), { recursive: true });
    writeFileSync(opts.json, `${JSON.stringify(r, null, 2)}\n`);
  }
}
