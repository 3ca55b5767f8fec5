// The learner's first minutes, driven through the real workbench (run by scripts/run-vscode-tests.mjs
// on a fresh, empty workspace folder): Open Course from the palette, Check the starter of exercise 01
// (failures in the status bar, the Testing view, the Problems panel and the grader panel), type the
// solution, Check again (4/4, "passed" in the tree). Each step needs the previous one.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  courseOutput,
  EXERCISE_01_TITLE,
  frameWith,
  openCourseHere,
  openExerciseFromTree,
  palette,
  pasteAndSave,
  THEORY_TAB,
  theoryTab,
} from './workbench.mjs';

const ID = '01-weighted-sum';
const EXERCISE_TITLE = EXERCISE_01_TITLE;

const statusVerdict = (page) => page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: /\d+\/\d+ checks/ }).first();

/** The content frame of the grader panel (the markdown preview is a webview too). */
const graderFrame = (page) => frameWith(page, 'ol.checks', { timeoutMs: 60_000 });

/** "[activate] N ms" from the extension's output channel, as VS Code logs it under the user-data folder. */
function activationMsFromLog(userData) {
  const m = /\[activate\] (\d+) ms/.exec(courseOutput(userData));
  return m ? Number(m[1]) : undefined;
}

/** Opens exercise 01 the learner's way: its row in the DL Course view (dlCourse.openExercise). */

export const steps = [
  {
    name: 'DL Course: Open Course from the palette lays out the course in the workspace folder',
    async run({ page, workspace, screenshot }) {
      const picked = await openCourseHere(page, workspace);
      assert.ok(picked.includes(path.basename(workspace)), 'the first choice is the current folder');
      const file = path.join(workspace, ID, 'exercise.ts');
      assert.ok(existsSync(file), `${file} was not created`);
      assert.ok(!existsSync(path.join(workspace, 'dl-course')), 'laid out in a sub-folder instead of the empty workspace');
      // The course view lists the exercises.
      await page.locator('.monaco-list-row', { hasText: EXERCISE_TITLE }).first().waitFor({ timeout: 15_000 });
      // The first exercise opens in the first column with its theory beside it, not hidden behind it.
      const codeGroup = page.locator('.editor-group-container', { has: page.locator('.tab', { hasText: 'exercise.ts' }) }).first();
      await codeGroup.waitFor({ timeout: 15_000 });
      await page
        .locator('.editor-group-container .tab', { hasText: theoryTab('en') })
        .first()
        .waitFor({ timeout: 15_000 });
      assert.equal(
        await codeGroup.locator('.tab', { hasText: THEORY_TAB }).count(),
        0,
        'the theory opened in the same column as exercise.ts',
      );
      // The theory is drawn (its title), not a blank preview, when the screenshot is taken.
      await frameWith(page, 'h1', { timeoutMs: 30_000 });
      await screenshot('course-opened.png');
    },
  },
  {
    name: 'exercise 01 opens in the editor',
    async run({ page }) {
      await openExerciseFromTree(page);
    },
  },
  {
    name: 'DL Course: Check Exercise on the starter: failures in the status bar, grader panel, Problems and Testing',
    async run({ page, sandbox, metric, screenshot, log }) {
      const started = Date.now();
      await palette(page, 'DL Course: Check Exercise');
      const verdict = statusVerdict(page);
      await verdict.waitFor({ timeout: 90_000 });
      const coldMs = Date.now() - started;
      metric('coldCheckToVerdictMs', coldMs);
      const text = (await verdict.textContent()).trim();
      assert.match(text, /^[0-3]\/4 checks$/, `status bar: ${text}`);

      const frame = await graderFrame(page);
      await frame.locator('.status.some-failed').waitFor({ timeout: 10_000 });
      const failedRows = await frame.locator('li.check.failed, li.check.error').count();
      assert.ok(failedRows >= 1, 'the grader panel lists no failed check');
      assert.equal(await frame.locator('li.check').count(), 4);
      const summary = (await frame.locator('.status').textContent()).trim();
      log(`cold check: ${coldMs} ms to "${text}"; panel: ${summary}`);
      await screenshot('check-failed.png');

      await palette(page, 'View: Focus Problems (Errors, Warnings, Infos)');
      const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'DL Course' }).first();
      await problem.waitFor({ timeout: 10_000 });
      assert.ok((await page.locator('.markers-panel .monaco-list-row', { hasText: 'DL Course' }).count()) >= failedRows);

      await palette(page, 'Testing: Focus on Test Explorer View');
      const failedTest = page
        .locator('.test-explorer .monaco-list-row[aria-label*="Failed"], .test-explorer .monaco-list-row:has(.codicon-testing-failed-icon)')
        .first();
      await failedTest.waitFor({ timeout: 10_000 });
      await screenshot('check-failed-testing.png');

      const activated = activationMsFromLog(sandbox.userData);
      if (activated !== undefined) metric('activatedInMs', activated);
    },
  },
  {
    name: 'the solution typed into exercise.ts is saved as is',
    async run({ page, workspace, repoRoot }) {
      const solution = readFileSync(path.join(repoRoot, 'exercises', ID, 'solution.ts'), 'utf8');
      await openExerciseFromTree(page);
      const file = path.join(workspace, ID, 'exercise.ts');
      await pasteAndSave(page, solution, file, { anchor: 'export function' });
      assert.equal(readFileSync(file, 'utf8'), solution, 'exercise.ts on disk differs from the solution typed');
    },
  },
  {
    name: 'DL Course: Check Exercise on the solution: 4/4 in the status bar and the panel, "passed" in the tree',
    async run({ page, metric, screenshot, log }) {
      const started = Date.now();
      await palette(page, 'DL Course: Check Exercise');
      const verdict = page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: '4/4 checks' }).first();
      await verdict.waitFor({ timeout: 60_000 });
      const warmMs = Date.now() - started;
      metric('warmCheckToVerdictMs', warmMs);

      const frame = await graderFrame(page);
      await frame.locator('.status.all-passed').waitFor({ timeout: 10_000 });
      assert.equal(await frame.locator('li.check.passed').count(), 4);
      log(`warm check: ${warmMs} ms to "4/4 checks"; panel: ${(await frame.locator('.status').textContent()).trim()}`);

      await palette(page, 'DL Course: Focus on Exercises View');
      const row = page.locator('.monaco-list-row', { hasText: EXERCISE_TITLE }).first();
      await row.waitFor({ timeout: 10_000 });
      await page
        .locator('.monaco-list-row', { hasText: EXERCISE_TITLE })
        .filter({ hasText: 'passed' })
        .first()
        .waitFor({ timeout: 10_000 });
      await screenshot('check-passed.png');
    },
  },
];
