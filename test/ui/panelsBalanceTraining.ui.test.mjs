// The dataset-balance and training panels in the real workbench (run by scripts/run-vscode-tests.mjs
// on a fresh, empty workspace): each is opened from the palette, switched / clicked / slid, and its
// SVG asserted (bars, segments, curves, cells, axis labels, data-table values); screenshots in dark
// and light themes go to test-results/panels/. Each step needs the previous one.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { frameWith, palette, paletteAndPick, panelGroupScreenshot, setTheme, THEORY_TAB, until } from './workbench.mjs';

/** `perClass` cats and dogs of the shipped held-out set as 32×32 PNG files under `dir/cats`, `dir/dogs`. */
function writePhotoFolder(repoRoot, dir, perClass) {
  const { PNG } = createRequire(path.join(repoRoot, 'package.json'))('pngjs');
  const src = path.join(repoRoot, 'media/data/catsdogs/test');
  const images = readFileSync(path.join(src, 'images.u8'));
  const labels = readFileSync(path.join(src, 'labels.u8'));
  const n = [0, 0];
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (n[c] >= perClass) continue;
    n[c]++;
    const png = new PNG({ width: 32, height: 32 });
    for (let p = 0; p < 1024; p++) for (let k = 0; k < 3; k++) png.data[p * 4 + k] = images[(i * 1024 + p) * 3 + k];
    for (let p = 0; p < 1024; p++) png.data[p * 4 + 3] = 255;
    mkdirSync(path.join(dir, c ? 'dogs' : 'cats'), { recursive: true });
    writeFileSync(path.join(dir, c ? 'dogs' : 'cats', `${i}.png`), PNG.sync.write(png));
  }
}

async function waitCount(locator, n, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let got = 0;
  while (Date.now() < deadline) {
    got = await locator.count();
    if (got === n) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(got, n, what);
}

async function shot(page, resultsDir, name) {
  mkdirSync(path.join(resultsDir, 'panels'), { recursive: true });
  await page.screenshot({ path: path.join(resultsDir, 'panels', name) });
  if (!name.startsWith('own-images-dialog')) await panelGroupScreenshot(page, path.join(resultsDir, 'panels', name));
}

/** Opens an exercise picked by id (Open Exercise), then runs Check on it, as a learner would. */
async function check(page, id) {
  await paletteAndPick(page, 'DL Course: Open Exercise', id, { placeholder: 'Which exercise?' });
  await page.locator('.breadcrumbs-control', { hasText: id }).first().waitFor({ timeout: 10_000 });
  await palette(page, 'DL Course: Check Exercise');
}

export const steps = [
  {
    name: 'the course is laid out (Open Course)',
    async run({ page }) {
      await setTheme(page, 'dark');
      await palette(page, 'DL Course: Open Course');
      const here = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Lay out the course in' }).first();
      await here.waitFor({ state: 'visible', timeout: 10_000 });
      await here.click();
      await page.locator('.monaco-list-row', { hasText: 'A neuron: the weighted sum' }).first().waitFor({ timeout: 20_000 });
    },
  },
  {
    name: 'Show Dataset Balance: counts per split, confounder, samples; data table; MNIST; dark and light',
    async run({ page, resultsDir, log }) {
      // Run at once after Open Course, while its first exercise's results page and theory are still
      // opening: the panel asked for stays in front of the theory and draws (it was left blank
      // under the theory before).
      await palette(page, 'DL Course: Show Dataset Balance');
      await page.locator('.editor-group-container .tab', { hasText: THEORY_TAB }).first().waitFor({ timeout: 60_000 });
      const sideGroup = page.locator('.editor-group-container', { has: page.locator('.tab', { hasText: THEORY_TAB }) }).first();
      const front = () => sideGroup.locator('.tab.active').first().textContent();
      await until(page, 'Dataset Balance is in front of the theory', async () => /Dataset Balance/.test(await front())).catch(async (e) =>
        assert.fail(`${e.message}: the side group shows "${await front()}"`),
      );
      const f = await frameWith(page, '#counts-chart', { timeoutMs: 60_000 });
      await f.locator('body[data-rendered="catsdogs"]').waitFor({ timeout: 30_000 });
      await waitCount(f.locator('#counts-chart rect.bar'), 6, '3 splits × 2 classes');
      const values = await f.locator('#counts-chart text.bar-value').allTextContents();
      assert.deepEqual(values, ['300', '100', '100', '100', '100', '100'], `bar values ${values}`);
      assert.equal((await f.locator('#counts-chart .axis-label').textContent()).trim(), 'images');
      assert.match(await f.locator('.ratios').textContent(), /training: imbalance ratio 3\.00 : 1/);
      await waitCount(f.locator('#confounder-chart rect.segment'), 12, '3 splits × 2 classes × 2 backgrounds');
      assert.match(await f.locator('#confounder-sentence').textContent(), /90 % of the dogs are on snow/);
      await waitCount(f.locator('#samples-section canvas.thumb'), 16, '4 thumbnails × 2 classes × 2 backgrounds');
      log(`learner section: ${(await f.locator('#learner-section').textContent()).slice(0, 160)}`);
      assert.equal(await f.locator('table.data-table').first().isVisible(), false, 'tables hidden by default');
      await f.locator('#tables').check();
      const table = f.locator('table.data-table').first();
      assert.ok(await table.isVisible());
      assert.match(await table.textContent(), /training300100/);
      await shot(page, resultsDir, 'datasetBalance-catsdogs-dark.png');
      await setTheme(page, 'light');
      await f.locator('#tables').uncheck();
      await shot(page, resultsDir, 'datasetBalance-catsdogs-light.png');
      await f.locator('#source').selectOption('mnist');
      await f.locator('body[data-rendered="mnist"]').waitFor({ timeout: 30_000 });
      await waitCount(f.locator('#counts-chart rect.bar'), 20, '2 splits × 10 digits');
      await waitCount(f.locator('#samples-section canvas.thumb'), 40, '4 thumbnails × 10 digits');
      await shot(page, resultsDir, 'datasetBalance-mnist-light.png');
      await setTheme(page, 'dark');
      await shot(page, resultsDir, 'datasetBalance-mnist-dark.png');
      await f.locator('#source').selectOption('catsdogs');
      await f.locator('body[data-rendered="catsdogs"]').waitFor({ timeout: 30_000 });
      // Opening exercise 18 keeps the panel (18 lists it) and switches it to 18's data set, MNIST,
      // though it is hidden (so unloaded) behind 18's theory when it is told.
      await paletteAndPick(page, 'DL Course: Open Exercise', '18-mnist', { placeholder: 'Which exercise?' });
      await page
        .locator('.editor-group-container .tab', { hasText: /(Theory|Cours) · 18-mnist/ })
        .first()
        .waitFor({ timeout: 30_000 });
      await page.locator('.editor-group-container .tab', { hasText: 'Dataset Balance' }).first().click();
      await frameWith(page, 'body[data-rendered="mnist"]', { timeoutMs: 60_000 });
    },
  },
  {
    name: 'Check 17 opens the training panel by itself: live loss curves (train, validation)',
    async run({ page, workspace, repoRoot, resultsDir, log }) {
      const file = path.join(workspace, '17-overfitting', 'exercise.ts');
      writeFileSync(file, readFileSync(path.join(repoRoot, 'exercises/17-overfitting/solution.ts'), 'utf8'));
      await check(page, '17-overfitting');
      // The frame whose run title names this run: a webview moved between columns can leave a stale frame behind a while.
      const f = await frameWith(page, '#run-title:has-text("17-overfitting")', { timeoutMs: 90_000 });
      await f.locator('#run-title', { hasText: 'finished' }).waitFor({ timeout: 120_000 });
      await waitCount(f.locator('#loss-chart-regressor-fit path.series'), 2, 'train and validation loss');
      const legend = await f.locator('#loss-chart-regressor-fit .legend text').allTextContents();
      assert.deepEqual(legend, ['training', 'validation']);
      assert.equal(await f.locator('#progress').getAttribute('value'), '1');
      log(`run: ${(await f.locator('#run-title').textContent()).trim()}; ${(await f.locator('#progress-text').textContent()).trim()}`);
      await shot(page, resultsDir, 'training-run17-dark.png');
    },
  },
  {
    name: "Training panel, cos(x) tab: the learner's fit beside an under- and an over-fitting one, loss curves, the epoch slider",
    async run({ page, resultsDir, log }) {
      const f = await frameWith(page, '#tab-cos', { timeoutMs: 60_000 });
      await f.locator('#tab-cos').click();
      await waitCount(f.locator('#cos-fit-chart circle'), 220, '20 training + 200 validation points', 120_000);
      await waitCount(f.locator('#cos-fit-chart path.series'), 2, 'cos(x) and the fit');
      await waitCount(f.locator('#cos-loss-chart path.series'), 2, 'train and validation loss');
      const reading = (await f.locator('#fit-reading').textContent()).trim();
      log(reading);
      assert.match(reading, /A good fit/);
      await f.locator('#cos-epoch').focus();
      await page.keyboard.press('Home');
      await f.locator('label', { hasText: 'epoch shown: 0' }).waitFor({ timeout: 5_000 });
      await f.locator('#cos-epoch').focus();
      for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
      await f.locator('label', { hasText: 'epoch shown: 50' }).waitFor({ timeout: 5_000 });
      assert.equal(await f.locator('#cos-loss-chart line.marker').count(), 1);
      await shot(page, resultsDir, 'training-cos-epoch50-dark.png');
      // The three fits side by side: a straight line, the learner's, a large network.
      await f.locator('#fit-reading-linear', { hasText: 'Under-fitting' }).waitFor({ timeout: 120_000 });
      await f.locator('#fit-reading-large', { hasText: 'Over-fitting' }).waitFor({ timeout: 120_000 });
      await waitCount(f.locator('#cos-fit-chart-large path.series'), 2, 'cos(x) and the large network');
      await setTheme(page, 'light');
      await shot(page, resultsDir, 'training-cos-three-fits-light.png');
    },
  },
  {
    name: 'Check 05: confusion matrix in the training panel, a click on a cell shows it',
    async run({ page, workspace, repoRoot, resultsDir }) {
      writeFileSync(
        path.join(workspace, '05-nonlinearity', 'exercise.ts'),
        readFileSync(path.join(repoRoot, 'exercises/05-nonlinearity/solution.ts'), 'utf8'),
      );
      await check(page, '05-nonlinearity');
      const f = await frameWith(page, '#run-title:has-text("05-nonlinearity")', { timeoutMs: 90_000 });
      await f.locator('#run-title', { hasText: '05-nonlinearity' }).waitFor({ timeout: 60_000 });
      await f.locator('#run-title', { hasText: 'finished' }).waitFor({ timeout: 120_000 });
      await waitCount(f.locator('#confusion rect.cell'), 4, '2 × 2 cells');
      // An accuracy axis never goes past 1 (a run stopped after one epoch drew one from 1 to 2).
      const accTicks = (await f.locator('[id^="acc-chart-"] .axis.y .tick text').allTextContents()).map(Number);
      assert.ok(accTicks.length && accTicks.every((v) => v >= 0 && v <= 1), `accuracy ticks: ${accTicks.join(', ')}`);
      // A run that reached its target in its first epoch says so beside its one-epoch curves.
      if (/stopped early at epoch 1\//.test(await f.locator('#progress-text').first().textContent()))
        await f.locator('[id^="one-epoch-"]', { hasText: 'first epoch' }).first().waitFor({ timeout: 5_000 });
      const total = (
        await f.locator('#confusion rect.cell').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))))
      ).reduce((a, b) => a + b, 0);
      assert.equal(total, 400);
      await f.locator('#confusion rect.cell[data-actual="1"][data-predicted="1"]').click();
      await f.locator('#cell-examples', { hasText: 'actual outer ring → predicted outer ring' }).waitFor({ timeout: 5_000 });
      await f.locator('#normalised').check();
      assert.match(await f.locator('#confusion text.cell-value').first().textContent(), /%$/);
      await shot(page, resultsDir, 'training-confusion05-light.png');
      await setTheme(page, 'dark');
      await shot(page, resultsDir, 'training-confusion05-dark.png');
    },
  },
  {
    name: 'Train on My Images: exercise 19 trained on a folder of photos, curves and the confusion matrix of its classes in the training panel',
    async run({ page, workspace, repoRoot, resultsDir, log }) {
      writePhotoFolder(repoRoot, path.join(workspace, 'my-photos'), 12);
      writeFileSync(
        path.join(workspace, '19-cats-vs-dogs', 'exercise.ts'),
        readFileSync(path.join(repoRoot, 'exercises/19-cats-vs-dogs/solution.ts'), 'utf8'),
      );
      await palette(page, 'DL Course: Train on My Images');
      // The web workbench's folder dialog is a quick input: type the folder, accept.
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      // The dialog writes its starting folder into the box after it opens, and again as it lists
      // that folder: a path typed before then ends up behind it. Wait until the box holds a path
      // that has not changed for half a second, then type over it.
      const want = `${path.join(workspace, 'my-photos')}/`;
      let last = '';
      let sameSince = Date.now();
      await until(
        page,
        'the folder dialog has written its starting folder',
        async () => {
          const v = await input.inputValue();
          if (v !== last) [last, sameSince] = [v, Date.now()];
          return v.length > 0 && Date.now() - sameSince >= 500;
        },
        { timeoutMs: 20_000 },
      );
      await input.fill(want);
      assert.equal(await input.inputValue(), want, 'the folder dialog holds the path typed');
      await shot(page, resultsDir, 'own-images-dialog.png');
      await page.keyboard.press('Enter');
      const f = await frameWith(page, '#run-title:has-text("Your images: my-photos")', { timeoutMs: 90_000 });
      await f.locator('#run-title', { hasText: 'Your images: my-photos' }).waitFor({ timeout: 30_000 });
      await f.locator('#run-title', { hasText: 'finished' }).waitFor({ timeout: 120_000 });
      const summary = (await f.locator('#own-summary').textContent()).trim();
      log(summary);
      assert.match(
        summary,
        /Trained on 20 of your images \(cats 12, dogs 12 in all; ×2 mirrored\) for 15 epoch\(s\): .* on the 4 held out/,
      );
      await waitCount(f.locator('#loss-chart-own-images path.series'), 2, 'train and held-out loss');
      await waitCount(f.locator('#confusion rect.cell'), 4, '2 × 2 cells');
      assert.deepEqual(await f.locator('#confusion .axis-label').allTextContents(), ['predicted', 'actual']);
      const total = (
        await f.locator('#confusion rect.cell').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))))
      ).reduce((a, b) => a + b, 0);
      assert.equal(total, 4, 'the matrix counts the held-out images');
      await f.locator('#tables').check();
      assert.match(await f.locator('#own-result table.data-table').textContent(), /cats102[0-2] \(/);
      await shot(page, resultsDir, 'training-own-images-dark.png');
    },
  },
];
