// DL Course as a web extension (package.json `browser`, dist/web/extension.js): the served VS Code
// runs it in its web worker extension host, as VS Code for the Web would (`extensionKind` below;
// docs/WEB.md says how and what this does not reproduce). A learner's first exercise, end to end:
// Open Course, exercise 01, the starter fails, the solution passes, and a panel draws its data.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EXERCISE_01_TITLE, frameWith, openCourseHere, openExerciseFromTree, palette, pasteAndSave, until } from './workbench.mjs';

/** scripts/run-vscode-tests.mjs puts `extensionDevelopmentKind: web` in the workbench URL's payload. */
export const extensionKind = 'web';

const ID = '01-weighted-sum';
const EXERCISE_TITLE = EXERCISE_01_TITLE;

const shot = (page, resultsDir, name) => page.screenshot({ path: path.join(resultsDir, `web-${name}`) });

export const steps = [
  {
    name: 'Open Course lays out the course through vscode.workspace.fs: starters, tsconfig, declarations, marker',
    async run({ page, workspace, resultsDir }) {
      await openCourseHere(page, workspace);
      assert.ok(existsSync(path.join(workspace, ID, 'exercise.ts')), 'exercise.ts was not created');
      assert.ok(existsSync(path.join(workspace, 'tsconfig.json')), 'tsconfig.json was not created');
      assert.ok(
        existsSync(path.join(workspace, '.dl-course', 'types', '@tensorflow', 'tfjs', 'dist', 'tfjs.d.ts')),
        'the TF.js declarations were not copied',
      );
      await page.locator('.monaco-list-row', { hasText: EXERCISE_TITLE }).first().waitFor({ timeout: 15_000 });
      await frameWith(page, 'h1', { timeoutMs: 30_000 });
      await shot(page, resultsDir, 'course-opened.png');
    },
  },
  {
    name: 'the extension runs in the web worker extension host (its browser entry), not in Node',
    async run({ page, log }) {
      // Its worker (started from a blob: URL, in a same-origin iframe) is named ExtensionHostWorker
      // (webWorkerExtensionHostIframe.html); Chromium lists it among the page's workers.
      const named = async () =>
        Promise.all(page.workers().map(async (w) => ({ w, name: await w.evaluate(() => globalThis.name).catch(() => '?') })));
      let workers = [];
      await until(
        page,
        'a web worker extension host',
        async () => (workers = await named()).some(({ name }) => /ExtensionHostWorker/.test(name)),
        { timeoutMs: 30_000 },
      ).catch((e) => {
        throw new Error(`${e.message}; workers: ${workers.map(({ name }) => name || '(no name)').join(', ') || 'none'}`);
      });
      const host = workers.find(({ name }) => /ExtensionHostWorker/.test(name)).w;
      log(`extension host worker: ${await host.evaluate(() => globalThis.name)}`);
      assert.equal(await host.evaluate(() => typeof importScripts), 'function', 'the extension host is a worker');
      // The extension's own word for where it runs: its output channel's activation line names the entry's platform.
      await palette(page, 'Output: Show Output Channels...');
      const channel = page.locator('.quick-input-list .monaco-list-row', { hasText: 'DL Course' }).first();
      await channel.waitFor({ state: 'visible', timeout: 15_000 });
      await channel.click();
      const line = page.locator('.output-view .view-lines', { hasText: '[activate]' }).first();
      await line.waitFor({ timeout: 30_000 });
      // Monaco draws spaces as no-break spaces.
      const text = (await line.textContent()).replace(/\u00a0/g, ' ');
      log(`output: ${/\[activate\][^\n]*?exercises/.exec(text)?.[0] ?? text.slice(0, 160)}`);
      assert.match(text, /\[activate\] \d+ ms on web, 2\d exercises/, 'the browser entry (src/extension.web.ts) activated with the course');
    },
  },
  {
    name: 'Check on the starter: the grader webview runs it, failures in the status bar and the panel',
    async run({ page, resultsDir, log }) {
      await openExerciseFromTree(page);
      const started = Date.now();
      await palette(page, 'DL Course: Check Exercise');
      const verdict = page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: /\d+\/\d+ checks/ }).first();
      await verdict.waitFor({ timeout: 90_000 });
      const text = (await verdict.textContent()).trim();
      assert.match(text, /^[0-3]\/4 checks$/, `status bar: ${text}`);
      const frame = await frameWith(page, 'ol.checks', { timeoutMs: 60_000 });
      await frame.locator('.status.some-failed').waitFor({ timeout: 10_000 });
      log(`starter: ${text} in ${Date.now() - started} ms`);
      await shot(page, resultsDir, 'check-failed.png');
    },
  },
  {
    name: 'the solution pasted into exercise.ts and saved; Check: 4/4, "passed" in the tree and in progress.json',
    async run({ page, workspace, repoRoot, resultsDir, log }) {
      const solution = readFileSync(path.join(repoRoot, 'exercises', ID, 'solution.ts'), 'utf8');
      await openExerciseFromTree(page);
      const file = path.join(workspace, ID, 'exercise.ts');
      await pasteAndSave(page, solution, file, { anchor: 'export function' });

      const started = Date.now();
      await palette(page, 'DL Course: Check Exercise');
      await page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: '4/4 checks' }).first().waitFor({ timeout: 60_000 });
      const frame = await frameWith(page, 'ol.checks', { timeoutMs: 60_000 });
      await frame.locator('.status.all-passed').waitFor({ timeout: 10_000 });
      assert.equal(await frame.locator('li.check.passed').count(), 4);
      log(`solution: 4/4 in ${Date.now() - started} ms`);
      await palette(page, 'DL Course: Focus on Exercises View');
      await page
        .locator('.monaco-list-row', { hasText: EXERCISE_TITLE })
        .filter({ hasText: 'passed' })
        .first()
        .waitFor({ timeout: 10_000 });
      // Progress is written through vscode.workspace.fs into the course folder.
      const progressFile = path.join(workspace, '.dl-course', 'progress.json');
      await until(page, 'progress.json says passed', () => {
        try {
          return JSON.parse(readFileSync(progressFile, 'utf8')).exercises[ID]?.state === 'passed';
        } catch {
          return false;
        }
      });
      await shot(page, resultsDir, 'check-passed.png');
    },
  },
  {
    name: 'Show Dataset Balance: the panel reads the shipped data and draws it',
    async run({ page, resultsDir }) {
      await palette(page, 'DL Course: Show Dataset Balance');
      const f = await frameWith(page, '#counts-chart', { timeoutMs: 60_000 });
      await f.locator('body[data-rendered="catsdogs"]').waitFor({ timeout: 30_000 });
      const values = await f.locator('#counts-chart text.bar-value').allTextContents();
      assert.deepEqual(values, ['300', '100', '100', '100', '100', '100'], `bar values ${values}`);
      await shot(page, resultsDir, 'dataset-balance.png');
    },
  },
];
