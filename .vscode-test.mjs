// Configuration of `npx vscode-test` (@vscode/test-cli): the in-host suite in a desktop VS Code that
// @vscode/test-electron downloads — for contributors with internet access; run it under
// `xvfb-run -a` on a Linux machine without a display. Offline, `npm run test:vscode` runs the same
// suite in the VS Code server of .vscode-test/code-server (shared/testing/REAL-VSCODE.md).
//   npm run build:dev && npx tsc -p test/tsconfig.json && npx vscode-test
// A default export, unlike the rest of the code base: it is what @vscode/test-cli reads.
import { defineConfig } from '@vscode/test-cli';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// The fixture workspace: a fresh, empty folder per run. The tests lay the course out in it
// (exercise.ts files, .dl-course/, progress), so it must not be a folder of this repository.
const workspaceFolder = mkdtempSync(path.join(tmpdir(), 'dl-course-fixture-'));

export default defineConfig({
  label: 'in-host',
  files: 'out/test/vscode/**/*.vscode.test.js',
  version: 'stable',
  workspaceFolder,
  // No --disable-extensions: the tests need the built-in TypeScript and Markdown extensions.
  launchArgs: ['--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  mocha: { ui: 'bdd', timeout: 120_000, color: true },
});
