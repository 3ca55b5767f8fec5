// The feature-maps and gradient-descent panels in the real workbench: open each from the palette
// on an exercise whose solution is in the workspace, assert the drawn SVG (kernels, maps, legend,
// contours, trajectories, curves), hover a pixel, move a slider, switch exercise, open a data
// table; screenshots in the dark (default) and light themes under test-results/panels/.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { frameWith, openCourseHere, paletteAndPick, panelGroupScreenshot, setTheme } from './workbench.mjs';

/** Sets a range input's value as a learner dragging it would (an input event). */
async function slide(frame, selector, value) {
  await frame
    .locator(selector)
    .first()
    .evaluate((el, v) => {
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, value);
}

const shots = (resultsDir) => {
  const dir = path.join(resultsDir, 'panels');
  mkdirSync(dir, { recursive: true });
  return async (page, name) => {
    await page.screenshot({ path: path.join(dir, name) });
    await panelGroupScreenshot(page, path.join(dir, name));
  };
};

export const steps = [
  {
    name: 'Open Course, with the solutions of 06, 07, 08, 09 and 10 in the workspace',
    async run({ page, workspace, repoRoot }) {
      await openCourseHere(page, workspace);
      for (const id of ['06-convolution', '07-image-filters', '08-assemble-cnn', '09-gradient-descent', '10-optimizers']) {
        const file = path.join(workspace, id, 'exercise.ts');
        assert.ok(existsSync(file), `${file} was not laid out`);
        copyFileSync(path.join(repoRoot, 'exercises', id, 'solution.ts'), file);
      }
    },
  },
  {
    name: 'Show Feature Maps (07): input, four kernels of 9 weights, maps before/after ReLU, legend; hover shows patch × kernel; bias slider; data table',
    async run({ page, resultsDir }) {
      const shot = shots(resultsDir);
      await paletteAndPick(page, 'DL Course: Show Feature Maps', '07-image-filters', { placeholder: 'Which exercise?' });
      const f = await frameWith(page, 'section.stage[data-stage="embossKernel"] svg.heatmap');
      assert.equal(await f.locator('section.stage').count(), 5, 'input + 4 kernels');
      assert.equal(await f.locator('svg.kernel rect.weight').count(), 36, '4 kernels × 9 weights');
      assert.equal(await f.locator('section.stage:not(.input-stage) svg.heatmap').count(), 8, 'before and after for each kernel');
      assert.equal(await f.locator('svg.legend rect.swatch').count(), 4 * 48);
      const edgeValues = await f.locator('section.stage[data-stage="edgeKernel"] svg.kernel text.weight-value').allTextContents();
      assert.deepEqual(edgeValues, ['-1', '-1', '-1', '-1', '8', '-1', '-1', '-1', '-1']);
      const after = f.locator('section.stage[data-stage="edgeKernel"] svg.heatmap rect.overlay').nth(1);
      await after.hover({ position: { x: 60, y: 60 } });
      const detail = f.locator('section.stage[data-stage="edgeKernel"] .patch-detail');
      await detail.waitFor({ timeout: 5000 });
      assert.equal(await detail.locator('table.mini').count(), 3, 'patch, kernel, products');
      assert.match(await detail.locator('.formula').textContent(), /relu/);
      await f.locator('section.input-stage rect.highlight').first().waitFor({ state: 'visible', timeout: 5000 });
      await setTheme(page, 'light');
      await after.hover({ position: { x: 60, y: 60 } });
      await shot(page, 'featureMaps-07-light.png');
      await slide(f, 'input.bias', -0.3);
      await f
        .locator('section.stage[data-stage="edgeKernel"] svg.heatmap text.tile-title', { hasText: '-0.3' })
        .first()
        .waitFor({ timeout: 20_000 });
      await f.locator('section.stage[data-stage="edgeKernel"] button.table-toggle').click();
      const cells = await f.locator('section.stage[data-stage="edgeKernel"] .data-table td').allTextContents();
      assert.ok(
        cells.some((c) => c.includes('126×126')),
        `table cells: ${cells.slice(0, 10).join(' | ')}`,
      );
      await setTheme(page, 'dark');
      await shot(page, 'featureMaps-07-dark.png');
    },
  },
  {
    name: "Feature maps, 06 from the exercise picker: the slides' patch and kernel with their values, 42 at the centre, hover explains it",
    async run({ page, resultsDir }) {
      const shot = shots(resultsDir);
      const f = await frameWith(page, 'select.exercise-picker');
      await f.locator('select.exercise-picker').selectOption('06-convolution');
      // The slides' example made live: the GIMP 5×5 patch, the kernel 0 1 0 / 0 0 0 / 0 0 0, 42 at the output's centre.
      const out = f.locator('section.stage[data-stage="conv2d"] svg.heatmap').first();
      await out.locator('text.cell').first().waitFor({ timeout: 30_000 });
      assert.deepEqual(await out.locator('text.cell').allTextContents(), ['40', '41', '45', '40', '42', '46', '46', '50', '55']);
      assert.equal(await f.locator('section.input-stage svg.heatmap text.cell').count(), 25);
      await out.locator('rect.overlay').hover(); // the centre of the 3×3 map
      assert.match(await f.locator('section.stage[data-stage="conv2d"] .formula').textContent(), /42/);
      await shot(page, 'featureMaps-06-patch-dark.png');
    },
  },
  {
    name: 'Feature maps of a CNN (08): untrained, then "Train it first" — learnt filters, and how well the short training did',
    async run({ page, resultsDir, log }) {
      const shot = shots(resultsDir);
      const f = await frameWith(page, 'select.exercise-picker');
      await f.locator('select.exercise-picker').selectOption('08-assemble-cnn');
      await f.locator('p.note', { hasText: 'Untrained network' }).waitFor({ timeout: 30_000 });
      const stages = await f.locator('section.stage:not(.input-stage)').count();
      assert.ok(stages >= 2, `conv/pool stages: ${stages}`);
      const untrained = await f.locator('svg.kernel text.weight-value').first().textContent();
      await f.locator('#trained').check();
      const note = f.locator('p.note', { hasText: 'Trained for 2 epoch(s) on 1500 MNIST digits' });
      await note.waitFor({ timeout: 60_000 });
      log((await note.textContent()).slice(0, 120));
      assert.equal(await f.locator('section.stage:not(.input-stage)').count(), stages, 'the same layers');
      assert.notEqual(await f.locator('svg.kernel text.weight-value').first().textContent(), untrained, 'the first filter was learnt');
      await shot(page, 'featureMaps-08-trained-dark.png');
    },
  },
  {
    name: 'Show Gradient Descent (10): contours, 6 trajectories (yours and tf), loss curves; momentum slider; step back',
    async run({ page, resultsDir }) {
      const shot = shots(resultsDir);
      await paletteAndPick(page, 'DL Course: Show Gradient Descent', '10-optimizers', { placeholder: 'Which exercise?' });
      const f = await frameWith(page, 'svg.contours2d g.trajectory');
      assert.ok((await f.locator('svg.contours2d path.contour').count()) >= 10, 'contour levels');
      assert.equal(await f.locator('svg.contours2d g.trajectory').count(), 6);
      assert.equal(await f.locator('svg.contours2d g.trajectory.learner').count(), 3);
      assert.equal(await f.locator('svg.loss path.series').count(), 6);
      assert.ok((await f.locator('svg.loss text.axis-label').allTextContents()).some((x) => /loss|perte/.test(x)));
      await setTheme(page, 'light');
      await shot(page, 'gradientDescent-10-light.png');
      await slide(f, 'input.momentum', 0.5);
      await f.locator('output.value', { hasText: '0.5' }).first().waitFor({ timeout: 5000 });
      // The momentum change recomputes the paths in the worker (the page is aria-busy until the new
      // result is drawn, at its last step); then one step back.
      await f.locator('body[aria-busy="false"]').waitFor({ timeout: 60_000 });
      await f.locator('output.step-value', { hasText: /^60 \/ 60$/ }).waitFor({ timeout: 10_000 });
      await f.locator('button.step-back').click();
      const stepped = f.locator('output.step-value', { hasText: /^59 \/ 60$/ });
      await stepped.waitFor({ timeout: 10_000 });
      await f.locator('button.table-toggle').first().click();
      const rows = await f.locator('.data-table tbody tr').count();
      assert.equal(rows, 6);
      await f.locator('select').filter({ hasText: 'Rosenbrock' }).first().selectOption('rosenbrock');
      await f.locator('output.step-value', { hasText: /^200 \/ 200$/ }).waitFor({ timeout: 30_000 });
      await shot(page, 'gradientDescent-10-rosenbrock-light.png');
      await setTheme(page, 'dark');
      await shot(page, 'gradientDescent-10-rosenbrock-dark.png');
    },
  },
  {
    name: 'Gradient descent 09: the path on x², a large learning rate diverges with the misconception message',
    async run({ page, resultsDir }) {
      const shot = shots(resultsDir);
      const f = await frameWith(page, 'svg.contours2d');
      await f.locator('select.exercise-picker').selectOption('09-gradient-descent');
      await f.locator('svg.curve1d circle.step').first().waitFor({ timeout: 30_000 });
      await f.locator('.outcome.converged').waitFor({ timeout: 10_000 });
      assert.ok((await f.locator('svg.curve1d circle.step').count()) > 5);
      await shot(page, 'gradientDescent-09-dark.png');
      await slide(f, 'input.learning-rate', 0.97);
      await f.locator('.outcome.diverged').waitFor({ timeout: 20_000 });
      assert.match(await f.locator('.outcome').textContent(), /α > 1|Diverged|Divergence/);
      await shot(page, 'gradientDescent-09-diverged-dark.png');
    },
  },
];
