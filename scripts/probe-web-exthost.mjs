// Can the served VS Code (the VS Code server bundled in code-server, scripts/vscode-server.mjs) run an
// extension in its *web worker* extension host, as vscode.dev would? Loads a throw-away web extension
// (a `browser` entry only) in development mode with `extensionDevelopmentKind=web` in the URL payload,
// on a folder with two files, and reads back what it saw from the status bar. Prints one JSON line;
// exit code 0 when the extension ran in a web worker and read the folder through vscode.workspace.fs.
// docs/WEB.md says what this shows and what it does not.
//
//   flock /tmp/heavy.lock node scripts/probe-web-exthost.mjs [--kind web|workspace]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  checkPrerequisites,
  launchBrowser,
  makeSandbox,
  shutdown,
  startServer,
  waitForWorkbench,
  writeUserSettings,
} from './vscode-server.mjs';

const kindArg = process.argv.indexOf('--kind');
const kind = kindArg > 0 ? process.argv[kindArg + 1] : 'web';
// --both: the extension has a `main` too (as DL Course has), the same code: which entry ran says which host took it.
const both = process.argv.includes('--both');

const EXTENSION = `
const vscode = require('vscode');
exports.activate = async (context) => {
  const item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 1000);
  const seen = {
    host: typeof process === 'undefined' || !process.versions || !process.versions.node ? 'webworker' : 'node',
    importScripts: typeof importScripts,
    uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
    extensionUri: context.extensionUri.scheme,
    worker: typeof Worker,
  };
  try {
    const folder = vscode.workspace.workspaceFolders[0].uri;
    seen.folder = folder.scheme;
    seen.files = (await vscode.workspace.fs.readDirectory(folder)).map(([n]) => n).sort().join(',');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'a.txt')));
    seen.read = text.trim();
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'written.txt'), new TextEncoder().encode('from the web worker'));
    seen.wrote = true;
  } catch (e) {
    seen.error = String(e && e.message || e);
  }
  item.text = 'PROBE ' + JSON.stringify(seen);
  item.show();
};
`;

checkPrerequisites({ browser: true });
const sandbox = makeSandbox('dlc-webprobe-');
const ext = sandbox.sub('probe-extension');
const workspace = sandbox.sub('ws');
writeFileSync(path.join(workspace, 'a.txt'), 'hello\n');
mkdirSync(path.join(workspace, 'sub'), { recursive: true });
writeFileSync(
  path.join(ext, 'package.json'),
  JSON.stringify({
    name: 'web-probe',
    publisher: 'dl-course',
    version: '0.0.1',
    engines: { vscode: '^1.88.0' },
    browser: './ext.js',
    ...(both ? { main: './ext.js' } : {}),
    activationEvents: ['onStartupFinished'],
  }),
);
writeFileSync(path.join(ext, 'ext.js'), EXTENSION);
writeUserSettings(sandbox);

let server;
let context;
const serverLog = [];
const consoleLog = [];
let result = { kind, both, ok: false };
try {
  server = await startServer(sandbox, { testDriver: true, onOutput: (l) => serverLog.push(l) });
  ({ context } = await launchBrowser(sandbox));
  const page = context.pages()[0];
  page.on('console', (m) => consoleLog.push(`[${m.type()}] ${m.text()}`));
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(ext)],
    ['extensionDevelopmentKind', kind],
    ['skipWelcome', 'true'],
  ];
  await page.goto(
    `http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
  );
  await waitForWorkbench(page);
  const item = page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: 'PROBE' }).first();
  await item.waitFor({ timeout: 60_000 });
  const seen = JSON.parse((await item.textContent()).trim().replace(/^PROBE /, ''));
  result = { kind, both, ...seen, ok: seen.host === 'webworker' && seen.read === 'hello' && seen.wrote === true };
  await page.screenshot({ path: path.join(sandbox.dir, 'probe.png') });
} catch (e) {
  result.error = String(e?.message ?? e).split('\n')[0];
  result.consoleErrors = consoleLog.filter((l) => /error|fail/i.test(l)).slice(0, 10);
  result.serverTail = serverLog.slice(-10);
} finally {
  console.log(JSON.stringify(result));
  await shutdown({ context, server, sandbox });
}
process.exit(result.ok ? 0 : 1);
