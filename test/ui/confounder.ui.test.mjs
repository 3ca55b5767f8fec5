// Exercise 19's trap, lived in the real workbench (issue 9): Check on the reference trains the
// learner's network on the default, confounded set (cats on grass, dogs on snow), then on the balanced
// set; the training panel shows both fits' curves and the accuracy per (animal, background) group —
// dog on grass near 0 % after the confounded fit. Screenshots: confounder-*.png.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { frameWith, openCourseHere, palette, paletteAndPick } from './workbench.mjs';

const ID = '19-cats-vs-dogs';

export const steps = [
  {
    name: 'Check 19 trains on the confounded set, then on the balanced set: the training panel shows the per-group accuracy of both',
    async run({ page, workspace, repoRoot, screenshot, log }) {
      await openCourseHere(page, workspace);
      writeFileSync(path.join(workspace, ID, 'exercise.ts'), readFileSync(path.join(repoRoot, 'exercises', ID, 'solution.ts'), 'utf8'));
      await paletteAndPick(page, 'DL Course: Open Exercise', ID, { placeholder: 'Which exercise?' });
      await page.locator('.breadcrumbs-control', { hasText: ID }).first().waitFor({ timeout: 20_000 });
      await palette(page, 'DL Course: Check Exercise');
      const f = await frameWith(page, `#run-title:has-text("${ID}")`, { timeoutMs: 120_000 });
      await f.locator('#run-title', { hasText: 'finished' }).waitFor({ timeout: 400_000 });
      const box = f.locator('#group-accuracy');
      await box.waitFor({ timeout: 20_000 });
      // Two fits, four groups each, in the chart's data table.
      const rows = await box.locator('table tbody tr').allTextContents();
      log(`groups: ${rows.join(' | ')}`);
      assert.equal(rows.length, 4, `four (animal, background) groups: ${rows.join(' | ')}`);
      const dogOnGrass = rows.find((r) => /dog/i.test(r) && /grass/i.test(r));
      assert.ok(dogOnGrass, `a "dog on grass" row: ${rows.join(' | ')}`);
      const [confounded] = [...dogOnGrass.matchAll(/(\d+)\s*%/g)].map((m) => Number(m[1]));
      assert.ok(confounded !== undefined && confounded < 40, `dog on grass after the confounded fit: ${dogOnGrass}`);
      await box.scrollIntoViewIfNeeded();
      await screenshot('confounder-groups.png');
    },
  },
];
