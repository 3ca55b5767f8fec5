// Predict before you run, in the real workbench: the first Check of exercise 02 asks its question in
// a quick pick before anything runs; the answer picked is kept in the progress file and the results
// panel shows it beside the verdict, with the right answer and why. Screenshot: predict-*.png.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { frameWith, openCourseHere, palette, paletteAndPick } from './workbench.mjs';

const ID = '02-dense-layer';

export const steps = [
  {
    name: 'the first Check of 02 asks its prediction before running, in a quick pick',
    async run({ page, workspace, screenshot }) {
      await openCourseHere(page, workspace);
      await paletteAndPick(page, 'DL Course: Open Exercise', ID, { placeholder: 'Which exercise?' });
      await page.locator('.tabs-container .tab.active', { hasText: 'exercise.ts' }).first().waitFor({ timeout: 20_000 });
      await palette(page, 'DL Course: Check Exercise');
      const input = page.locator('.quick-input-widget .quick-input-box input[placeholder*="what is the shape of the result"]');
      await input.waitFor({ state: 'visible', timeout: 20_000 });
      await page.locator('.quick-input-widget', { hasText: 'Predict before you run' }).first().waitFor({ timeout: 5_000 });
      await screenshot('predict-question.png');
      // Nothing ran yet: the status bar has no verdict for 02.
      assert.equal(await page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: /\d+\/4 checks/ }).count(), 0);
      await input.fill('[3, 2]');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: '[3, 2]' }).first().click();
    },
  },
  {
    name: 'the choice is recorded in progress, and the results panel shows it, right, with the answer and why',
    async run({ page, workspace, screenshot }) {
      const frame = await frameWith(page, 'section.prediction.right', { timeoutMs: 90_000 });
      const text = await frame.locator('section.prediction').first().textContent();
      assert.match(text, /Your prediction \(right\)/);
      assert.match(text, /Answer: \[3, 2\]/);
      await page
        .locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: /\d+\/4 checks/ })
        .first()
        .waitFor({ timeout: 60_000 });
      const progress = JSON.parse(readFileSync(path.join(workspace, '.dl-course', 'progress.json'), 'utf8'));
      assert.equal(progress.exercises[ID].prediction.choice, 1);
      assert.equal(progress.exercises[ID].prediction.correct, true);
      await screenshot('predict-results-panel.png');
      // A second Check does not ask again.
      await palette(page, 'DL Course: Check Exercise');
      await page.locator('.quick-input-widget', { hasText: 'Predict before you run' }).first().waitFor({ state: 'hidden', timeout: 5_000 });
    },
  },
];
