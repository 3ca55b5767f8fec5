// Shared steps of the UI tests (not a test file itself: only *.ui.test.mjs are run).
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Runs a command from the palette like a learner: F1, type, click the row. Retries with short
 * per-attempt time-outs, because on a loaded machine a webview or a notification can take the
 * focus and close the picker under the pointer, and a contributed command appears only once the
 * extension host has registered it.
 */
export async function palette(page, title, { timeoutMs = 60_000 } = {}) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      // A focused webview (theory preview, grader panel) keeps the keyboard: give it back to the workbench.
      await page.evaluate(() => {
        const a = document.activeElement;
        if (a instanceof HTMLElement && a.tagName === 'IFRAME') a.blur();
      });
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 3000 });
      await input.fill(`>${title}`, { timeout: 3000 });
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).filter({ visible: true }).first();
      await row.waitFor({ state: 'visible', timeout: 3000 });
      await row.click({ timeout: 3000 });
      return;
    } catch (e) {
      last = e;
      await page.keyboard.press('Escape').catch(() => {});
      await page.waitForTimeout(500);
    }
  }
  throw new Error(`the palette never offered "${title}" (${last?.message?.split('\n')[0]})`);
}

/**
 * Runs a command that asks for one item in a quick pick (e.g. "Which exercise?"), and picks it —
 * the whole of it retried, since on a loaded machine the picker can close under the pointer or
 * take its text before it is ready. `placeholder` tells the command's picker from the palette.
 */
export async function paletteAndPick(page, title, item, { placeholder, timeoutMs = 90_000 } = {}) {
  const input = page.locator(`.quick-input-widget .quick-input-box input${placeholder ? `[placeholder="${placeholder}"]` : ''}`);
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      await palette(page, title, { timeoutMs: Math.max(5_000, deadline - Date.now()) });
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(item, { timeout: 5000 });
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: item }).filter({ visible: true }).first();
      await row.waitFor({ state: 'visible', timeout: 5000 });
      await row.click({ timeout: 5000 });
      await input.waitFor({ state: 'hidden', timeout: 5000 });
      return;
    } catch (e) {
      last = e;
      await page.keyboard.press('Escape').catch(() => {});
      await page.waitForTimeout(500);
    }
  }
  throw new Error(`could not pick "${item}" after "${title}" (${last?.message?.split('\n')[0]})`);
}

/** The content frame of the webview whose page has `selector` (polled across every ready webview). */
export async function frameWith(page, selector, { timeoutMs = 90_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const n = await page.locator('iframe.webview.ready').count();
    for (let i = 0; i < n; i++) {
      const inner = page.frameLocator('iframe.webview.ready').nth(i).frameLocator('#active-frame');
      if (
        await inner
          .locator(selector)
          .count()
          .catch(() => 0)
      )
        return inner;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview shows ${selector}`);
}

/**
 * Runs Open Course from the palette and picks "Lay out the course in <this folder>", as a learner
 * would; waits (≤ 10 s) for the course marker to be written. Returns the text of the row picked.
 */
export async function openCourseHere(page, workspace) {
  await palette(page, 'DL Course: Open Course');
  const here = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Lay out the course in' }).first();
  await here.waitFor({ state: 'visible', timeout: 10_000 });
  const text = await here.textContent();
  await here.click();
  for (let i = 0; i < 100 && !existsSync(path.join(workspace, '.dl-course', 'course.json')); i++) await page.waitForTimeout(100);
  return text;
}
