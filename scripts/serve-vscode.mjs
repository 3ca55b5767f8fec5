// `npm start`: the real VS Code (web workbench + Node extension host) with this extension installed,
// on a course workspace folder. Open the printed URL in a browser.
//
//   npm start                      # workspace ./course-workspace (created empty, git-ignored)
//   npm start -- path/to/folder    # another folder
//   PORT=8123 npm start            # a fixed port (default: a free one)
//   VERBOSE=1 npm start            # echo every line the server prints
// The server listens on 127.0.0.1 only, without a connection token: from another machine, forward
// the port (ssh -L PORT:127.0.0.1:PORT) and open the same URL there.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { checkPrerequisites, repoRoot, shutdown, startSandbox, startServer, workbenchUrl } from './vscode-server.mjs';

const folder = path.resolve(process.argv[2] ?? path.join(repoRoot, 'course-workspace'));
try {
  checkPrerequisites();
} catch (e) {
  console.error(`[start] ${e.message}`);
  process.exit(1);
}
if (!existsSync(folder)) {
  mkdirSync(folder, { recursive: true });
  console.log(`[start] created the empty course workspace ${folder}`);
}

// The sandbox (settings, logs, sockets) is fresh each time; the learner's work lives in `folder`.
// A learner's first screen: VS Code's Welcome page, which lists the course's walkthrough ("Start
// the deep-learning course"); the DL Course view's welcome points at Open Course too. The extension
// is installed as a learner has it (a built VS Code loads an extension in development mode only
// with a test-only switch on): its built code copied, the rest linked to this repository.
const { sandbox, installed } = startSandbox('dlc-serve-');
const verbose = process.env.VERBOSE === '1';
let server;
try {
  server = await startServer(sandbox, {
    port: process.env.PORT ? Number(process.env.PORT) : undefined,
    onOutput: (line) => {
      if (verbose || /error|exception/i.test(line)) console.log(`[server] ${line}`);
    },
  });
} catch (e) {
  console.error(`[start] ${e.message}`);
  sandbox.remove();
  process.exit(1);
}

console.log(`[start] VS Code server ready in ${server.startedInMs} ms (sandbox ${sandbox.dir})`);
console.log(`[start] course workspace: ${folder}`);
console.log(`[start] extension: ${repoRoot} (installed as ${path.basename(installed)})`);
console.log('[start] open this URL in Chromium or Chrome (Ctrl-C to stop):\n');
console.log(`  ${workbenchUrl(server.port, { folder, welcome: true })}\n`);
console.log('[start] after `npm run build:dev`, restart `npm start` and reload the browser tab to pick up changes.');

let stopping = false;
const stop = async (why) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n[start] ${why}: stopping the server`);
  await shutdown({ server, sandbox });
  process.exit(0);
};
process.on('SIGINT', () => void stop('Ctrl-C'));
process.on('SIGTERM', () => void stop('SIGTERM'));
void server.exited.then(({ code, signal }) => {
  if (stopping) return;
  console.error(`[start] the VS Code server exited (code ${code}, signal ${signal})`);
  sandbox.remove();
  process.exit(1);
});
