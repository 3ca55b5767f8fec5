// Shared steps of the UI tests (not a test file itself: only *.ui.test.mjs are run).
// Every step waits on a condition (a locator, waitForFunction, a file on disk) and fails with what
// it waited for; nothing is retried here: the one retry is the workbench start (run-vscode-tests.mjs).
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Waits until `condition()` (sync or async) is true, checked every 100 ms; fails saying `what` after `timeoutMs`. */
export async function until(condition, what, { timeoutMs = 30_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs / 1000} s for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A focused webview (theory preview, grader panel) keeps the keyboard: give it back to the workbench. */
async function focusWorkbench(page) {
  await page.evaluate(() => {
    const a = document.activeElement;
    if (a instanceof HTMLElement && a.tagName === 'IFRAME') a.blur();
  });
}

/**
 * Runs a command from the palette like a learner: F1, type, click the row. A contributed command
 * appears only once the extension host has registered it: the row is waited for (`timeoutMs`).
 */
export async function palette(page, title, { timeoutMs = 60_000 } = {}) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await focusWorkbench(page);
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).filter({ visible: true }).first();
  try {
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch (e) {
    throw new Error(`the palette never offered "${title}" (${e.message.split('\n')[0]})`);
  }
  await row.click();
}

/**
 * Runs a command that asks for one item in a quick pick (e.g. "Which exercise?"), and picks it.
 * `placeholder` tells the command's picker from the palette.
 */
export async function paletteAndPick(page, title, item, { placeholder, timeoutMs = 60_000 } = {}) {
  await palette(page, title, { timeoutMs });
  const input = page.locator(`.quick-input-widget .quick-input-box input${placeholder ? `[placeholder="${placeholder}"]` : ''}`);
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(item);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: item }).filter({ visible: true }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
  await input.waitFor({ state: 'hidden', timeout: 15_000 });
}

/**
 * The content frame of the webview whose page has `selector`: waits on the selector in every ready
 * webview at once, and on the next webview to become ready (a panel that opens later).
 */
export async function frameWith(page, selector, { timeoutMs = 90_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  const ready = page.locator('iframe.webview.ready');
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`no webview shows ${selector} within ${timeoutMs / 1000} s`);
    const n = await ready.count();
    const inners = Array.from({ length: n }, (_, i) => page.frameLocator('iframe.webview.ready').nth(i).frameLocator('#active-frame'));
    const found = inners.map((inner) =>
      inner
        .locator(selector)
        .first()
        .waitFor({ state: 'attached', timeout: left })
        .then(() => inner),
    );
    // Another webview becoming ready restarts the wait with it included.
    const another = ready
      .nth(n)
      .waitFor({ state: 'attached', timeout: left })
      .then(() => undefined);
    const inner = await Promise.any([...found, another]).catch(() => undefined);
    if (inner) return inner;
  }
}

/** Waits until every ready webview's page has taken the workbench's theme (`dark` or not): its body class. */
export async function webviewsFollowTheme(page, dark, { timeoutMs = 15_000 } = {}) {
  const n = await page.locator('iframe.webview.ready').count();
  for (let i = 0; i < n; i++) {
    const body = page
      .frameLocator('iframe.webview.ready')
      .nth(i)
      .frameLocator('#active-frame')
      .locator(dark ? 'body.vscode-dark' : 'body.vscode-light');
    await body.waitFor({ state: 'attached', timeout: timeoutMs });
  }
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
  await until(() => existsSync(path.join(workspace, '.dl-course', 'course.json')), 'the course marker .dl-course/course.json', {
    timeoutMs: 10_000,
  });
  return text;
}
