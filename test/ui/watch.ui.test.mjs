// Watch mode in the real workbench (issue 9, rustlings' `watch`): the status bar's Watch item turns
// it on; then saving exercise.ts checks it without any Check command — a wrong version gives failures,
// the solution 4/4 — and an exercise that trains a model is not checked on save. Screenshots: watch-*.png.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openCourseHere, paletteAndPick, pasteAndSave, until } from './workbench.mjs';

const ID = '01-weighted-sum';
const statusbar = (page) => page.locator('#workbench\\.parts\\.statusbar');
const watchItem = (page) => statusbar(page).locator('.statusbar-item', { hasText: 'Watch' }).first();
const verdict = (page, text) => statusbar(page).locator('.statusbar-item', { hasText: text }).first();

export const steps = [
  {
    name: 'the Watch item in the status bar turns watch mode on (setting and icon)',
    async run({ page, workspace, sandbox }) {
      await openCourseHere(page, workspace);
      await paletteAndPick(page, 'DL Course: Open Exercise', ID, { placeholder: 'Which exercise?' });
      await page.locator('.tabs-container .tab.active', { hasText: 'exercise.ts' }).first().waitFor({ timeout: 20_000 });
      const item = watchItem(page);
      await item.waitFor({ timeout: 20_000 });
      assert.equal(await item.locator('.codicon-eye-closed').count(), 1, 'watch mode starts off');
      await item.click();
      await item.locator('.codicon-eye').first().waitFor({ timeout: 10_000 });
      const settings = path.join(sandbox.userData, 'User', 'settings.json');
      await until(
        page,
        'dlCourse.watch written to the user settings',
        () => /"dlCourse\.watch":\s*true/.test(readFileSync(settings, 'utf8')),
        {
          timeoutMs: 10_000,
        },
      );
    },
  },
  {
    name: 'saving a wrong exercise.ts checks it by itself: failures in the status bar, no Check command run',
    async run({ page, workspace, repoRoot, screenshot }) {
      const file = path.join(workspace, ID, 'exercise.ts');
      const solution = readFileSync(path.join(repoRoot, 'exercises', ID, 'solution.ts'), 'utf8');
      // The weighted sum without its bias: a classic slip, which the checks name.
      const wrong = solution.replace('let sum = b;', 'let sum = 0;');
      assert.notEqual(wrong, solution, "the solution's bias term was not found: update this test");
      await pasteAndSave(page, wrong, file);
      await verdict(page, /\b[0-3]\/4 checks/).waitFor({ timeout: 90_000 });
      await screenshot('watch-failed.png');
    },
  },
  {
    name: 'saving the solution checks it by itself: 4/4 in the status bar',
    async run({ page, workspace, repoRoot, screenshot, metric }) {
      const file = path.join(workspace, ID, 'exercise.ts');
      const started = Date.now();
      await pasteAndSave(page, readFileSync(path.join(repoRoot, 'exercises', ID, 'solution.ts'), 'utf8'), file);
      await verdict(page, '4/4 checks').waitFor({ timeout: 60_000 });
      metric('watchSaveToVerdictMs', Date.now() - started);
      await screenshot('watch-passed.png');
    },
  },
];
