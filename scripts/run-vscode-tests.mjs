// `npm run test:vscode`: the tests that need a real VS Code, run in the VS Code server bundled in
// code-server (installed by scripts/install-vscode-server.sh) and driven by Chromium through
// playwright-core (see shared/testing/REAL-VSCODE.md).
//   1. the in-host Mocha suite (out/test/vscode/**/*.vscode.test.js) inside the real Node
//      extension host, through the `extensionTestsPath` development payload;
//   2. the UI tests (test/ui/*.ui.test.mjs), which drive the workbench like a learner.
// Prints one line per test and ends with exactly `N passed, N failed`. Screenshots and logs go to
// test-results/. Exit code 0 only when everything passed.
//
//   npm run test:vscode                 # both
//   npm run test:vscode -- --in-host    # only the in-host suite
//   npm run test:vscode -- --ui         # only the UI tests
//   npm run test:vscode -- --ui checkFlow   # only the UI files whose name contains "checkFlow"
//   KEEP_SANDBOX=1 …                    # keep the sandboxes (workspace, logs) for a look afterwards
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  checkPrerequisites,
  launchBrowser,
  makeSandbox,
  repoRoot,
  shutdown,
  stageWebExtension,
  START_SETTINGS,
  startServer,
  installLinkedExtension,
  waitForWorkbench,
  workbenchUrl,
  writeUserSettings,
} from './vscode-server.mjs';

const args = new Set(process.argv.slice(2).filter((a) => a.startsWith('--')));
const uiFilters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const runInHost = !args.has('--ui');
const runUi = !args.has('--in-host');
const keepSandbox = process.env.KEEP_SANDBOX === '1';
const resultsDir = path.join(repoRoot, 'test-results');
mkdirSync(resultsDir, { recursive: true });

let passed = 0;
let failed = 0;
const failures = [];
const metrics = {};
const line = (s) => console.log(s);
const pass = (title, ms) => {
  passed++;
  line(`  ✓ ${title}${ms !== undefined ? ` (${ms} ms)` : ''}`);
};
const firstLine = (why) =>
  String(why ?? '')
    .split('\n')
    .find((l) => l.trim()) ?? '';
const fail = (title, why) => {
  failed++;
  failures.push(`${title}${why ? ` — ${firstLine(why).trim().slice(0, 300)}` : ''}`);
  line(`  ✗ ${title}`);
  if (why) line(indent(why));
};
const indent = (s) =>
  String(s)
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');

try {
  checkPrerequisites({ browser: true });
} catch (e) {
  console.error(`[test:vscode] ${e.message}`);
  line('0 passed, 1 failed');
  process.exit(1);
}

// The tests are compiled here so a run never uses stale out/ files (the extension itself is not
// rebuilt: `npm run build:dev` first).
if (process.env.SKIP_COMPILE !== '1') {
  const tsc = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', path.join(repoRoot, 'test/tsconfig.json')],
    { stdio: 'inherit' },
  );
  if (tsc.status !== 0) {
    console.error('[test:vscode] the tests do not compile');
    line('0 passed, 1 failed');
    process.exit(1);
  }
}

const live = new Set();
/**
 * Starts of the workbench (server, Chromium, workbench restored) before giving up: the one retry in
 * this tier, for the infrastructure. A test step that fails is never run again.
 */
const START_ATTEMPTS = 3;

/**
 * A server + Chromium on a fresh sandbox and an empty workspace folder; `fn` gets them, everything is torn down after.
 * `settings` are added to the user settings the workbench starts with (e.g. Workspace Trust on, for Restricted Mode).
 */
async function withWorkbench(name, { testsPath, env = {}, onPage, settings, extensionKind, testDriver = true } = {}, fn) {
  for (let attempt = 1; ; attempt++) {
    const sandbox = makeSandbox(`dlc-${name}-`);
    const workspace = sandbox.sub('ws');
    // Served as `npm start` serves it (no smoke-test driver): its settings and URL too (the Welcome page).
    writeUserSettings(sandbox, { ...(testDriver ? {} : START_SETTINGS), ...settings });
    const serverLog = [];
    const consoleLog = [];
    const handle = { sandbox, server: undefined, context: undefined };
    live.add(handle);
    let started = false;
    try {
      const t0 = Date.now();
      const server = (handle.server = await startServer(sandbox, { env, testDriver, onOutput: (l) => serverLog.push(l) }));
      const browser = await launchBrowser(sandbox);
      handle.context = browser.context;
      const { page } = browser;
      page.on('console', (m) => consoleLog.push(`[${m.type()}] ${m.text()}`));
      page.on('pageerror', (e) => consoleLog.push(`[pageerror] ${e.message}`));
      if (onPage) await onPage(page);
      const navigated = Date.now();
      // 'web': the extension without its `main` (stageWebExtension), so only the web worker host can take it.
      // Without the smoke-test driver (a file served as `npm start` serves it), the extension is
      // installed as `npm start` installs it, not loaded in development mode.
      if (!testDriver) installLinkedExtension(sandbox);
      const extensionPath = !testDriver ? undefined : extensionKind === 'web' ? stageWebExtension(sandbox) : repoRoot;
      await page.goto(workbenchUrl(server.port, { folder: workspace, testsPath, extensionKind, extensionPath, welcome: !testDriver }));
      const workbenchMs = await waitForWorkbench(page, { since: t0 });
      const timing = { serverReadyMs: server.startedInMs, pageToWorkbenchMs: Date.now() - navigated, coldStartToWorkbenchMs: workbenchMs };
      // The extension's contributions are registered once its view container is in the activity
      // bar: the palette lists its commands only from then on (a palette opened before keeps a
      // list without them).
      await page.locator('#workbench\\.parts\\.activitybar [aria-label^="DL Course"]').first().waitFor({ timeout: 120_000 });
      started = true;
      return await fn({ page, context: browser.context, sandbox, workspace, server, timing });
    } catch (e) {
      if (started || attempt === START_ATTEMPTS) throw e;
      line(
        `  (the workbench did not start, attempt ${attempt} of ${START_ATTEMPTS}: ${firstLine(e.stack ?? String(e))}; starting a fresh one)`,
      );
    } finally {
      writeFileSync(path.join(resultsDir, `${name}-server.log`), `${serverLog.join('\n')}\n`);
      writeFileSync(path.join(resultsDir, `${name}-console.log`), `${consoleLog.join('\n')}\n`);
      live.delete(handle);
      await shutdown({ ...handle, keepSandbox });
      if (keepSandbox) line(`  (sandbox kept: ${sandbox.dir})`);
    }
  }
}

async function inHostSuite() {
  line('In-host suite (Mocha in the real extension host)');
  const testsPath = path.join(repoRoot, 'out/test/vscode/suite/index.js');
  if (!existsSync(testsPath)) return fail('in-host suite', `${testsPath} is missing: npx tsc -p test/tsconfig.json`);
  const resultsFile = path.join(resultsDir, 'in-host-results.json');
  rmSync(resultsFile, { force: true });
  const hostLog = [];
  let exitCode;
  const exited = new Promise((resolve) => {
    exitCode = resolve;
  });
  try {
    await withWorkbench(
      'in-host',
      {
        testsPath,
        env: { DLC_TEST_RESULTS: resultsFile },
        onPage: async (page) => {
          await page.exposeFunction('codeAutomationLog', (_level, args) =>
            hostLog.push(Array.isArray(args) ? args.join(' ') : String(args)),
          );
          await page.exposeFunction('codeAutomationExit', (code) => exitCode(code));
        },
      },
      async ({ page, timing }) => {
        Object.assign(metrics, Object.fromEntries(Object.entries(timing).map(([k, v]) => [`inHost.${k}`, v])));
        const timeoutMs = 5 * 60_000;
        const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
        await page.screenshot({ path: path.join(resultsDir, 'in-host-final.png') }).catch(() => {});
        const report = readReport(resultsFile);
        for (const r of report?.results ?? []) {
          if (r.state === 'passed') pass(r.title, r.durationMs);
          else fail(r.title, r.error);
        }
        Object.assign(metrics, Object.fromEntries(Object.entries(report?.metrics ?? {}).map(([k, v]) => [`inHost.${k}`, v])));
        if (code === 'timeout') fail('in-host suite finished', `no exit within ${timeoutMs / 1000} s`);
        else if (!report) fail('in-host suite reported its results', `exit code ${code}, no report (see test-results/in-host-*.log)`);
        else if (!report.done) fail('in-host suite ran to the end', `exit code ${code}`);
        else if ((code !== 0) !== report.results.some((r) => r.state === 'failed'))
          fail('in-host exit code agrees with the results', `exit code ${code}`);
      },
    );
  } catch (e) {
    fail('in-host suite', e.stack ?? String(e));
  } finally {
    writeFileSync(path.join(resultsDir, 'in-host-exthost.log'), `${hostLog.join('\n')}\n`);
  }
}

function readReport(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

async function runUiFile(f) {
  const dir = path.join(repoRoot, 'test/ui');
  const results = [];
  let steps;
  let settings;
  let extensionKind;
  let testDriver;
  try {
    // A UI file may export `settings`: user settings its workbench starts with (see withWorkbench),
    // `extensionKind`: 'web' runs the extension in the web worker extension host (test/ui/web.ui.test.mjs),
    // and `testDriver = false`: served as `npm start` serves it, toasts visible (test/ui/toasts.ui.test.mjs).
    ({ steps = [], settings, extensionKind, testDriver } = await import(pathToFileURL(path.join(dir, f)).href));
  } catch (e) {
    // A UI file that does not even load (syntax error) is a failure of its own, not a crash of the run.
    return [{ ok: false, title: `${f}: load`, why: e.stack ?? String(e) }];
  }
  try {
    await withWorkbench(
      `ui-${path.basename(f, '.ui.test.mjs')}`,
      { settings, extensionKind, testDriver },
      async ({ page, sandbox, workspace, timing }) => {
        Object.assign(metrics, Object.fromEntries(Object.entries(timing).map(([k, v]) => [`ui.${k}`, v])));
        const ctx = {
          page,
          sandbox,
          workspace,
          repoRoot,
          resultsDir,
          metric: (name, value) => {
            metrics[`ui.${name}`] = value;
          },
          log: (s) => line(indent(s)),
          screenshot: (name) => page.screenshot({ path: path.join(resultsDir, name) }),
        };
        let broken;
        for (const step of steps) {
          if (broken) {
            results.push({ ok: false, title: step.name, why: `not run: "${broken}" failed` });
            continue;
          }
          const started = Date.now();
          try {
            await step.run(ctx);
            results.push({ ok: true, title: step.name, ms: Date.now() - started });
          } catch (e) {
            broken = step.name;
            results.push({ ok: false, title: step.name, why: e.stack ?? String(e) });
            await ctx.screenshot(`failure-${path.basename(f, '.ui.test.mjs')}.png`).catch(() => {});
          }
        }
      },
    );
  } catch (e) {
    results.push({ ok: false, title: `${f}: workbench`, why: e.stack ?? String(e) });
  }
  return results;
}

async function uiTests() {
  const dir = path.join(repoRoot, 'test/ui');
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.ui.test.mjs') && (!uiFilters.length || uiFilters.some((u) => f.includes(u))))
        .sort()
    : [];
  for (const f of files) {
    line(`UI: ${f}`);
    for (const r of await runUiFile(f)) {
      if (r.ok) pass(r.title, r.ms);
      else fail(r.title, r.why);
    }
  }
  if (!files.length) fail('UI tests', `none found in ${dir}`);
}

// The server runs in its own process group (so it can be stopped with its extension hosts):
// Ctrl-C does not reach it, so tear down what is live here before leaving.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    line(`\n${signal}: stopping the VS Code server and the browser`);
    await Promise.all([...live].map((w) => shutdown({ ...w, keepSandbox })));
    line(`${passed} passed, ${failed + 1} failed`);
    process.exit(130);
  });
}

const started = Date.now();
if (runInHost) await inHostSuite();
if (runUi) await uiTests();
writeFileSync(path.join(resultsDir, 'vscode-metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
line('');
line(
  `Figures: ${Object.entries(metrics)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')}`,
);
line(`Took ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots and logs in test-results/`);
// The failures again, last, so that a log cut to its tail (CI) still says which and why.
for (const f of failures) line(`FAILED: ${f}`);
line(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
