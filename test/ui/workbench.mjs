// Shared steps of the UI tests (not a test file itself: only *.ui.test.mjs are run).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { courseOutput } from '../../scripts/vscode-server.mjs';

export { courseOutput };

/** A focused webview (theory preview, grader panel) keeps the keyboard: give it back to the workbench. */
async function focusWorkbench(page) {
  await page.evaluate(() => {
    const a = document.activeElement;
    if (a instanceof HTMLElement && a.tagName === 'IFRAME') a.blur();
  });
}

/**
 * Runs `attempt` (which opens a quick input and uses it) once; opens it again only in the one case
 * the web workbench is known for: something else took the focus (a webview being created, a
 * notification) and the quick input closed under the pointer. Any other failure is the test's.
 */
async function withQuickInput(page, what, attempt) {
  const widget = page.locator('.quick-input-widget');
  for (let opened = 1; ; opened++) {
    try {
      return await attempt();
    } catch (e) {
      const closedUnderUs = !(await widget.isVisible().catch(() => false));
      if (!closedUnderUs || opened === 3)
        throw new Error(`${what}: ${e?.message?.split('\n')[0]}${closedUnderUs ? ' (the picker closed under the pointer 3 times)' : ''}`);
      await page.keyboard.press('Escape');
    }
  }
}

/**
 * Puts `text` into a quick input's box as typing would (an `input` event), but through the element
 * itself: if the quick input closes meanwhile (a webview taking the focus), the text cannot land in
 * the editor that gets the focus instead, as Playwright's fill/type then does.
 */
async function fillQuickInput(input, text) {
  await input.evaluate((el, t) => {
    el.value = t;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

/** F1, type, click the command's row (contributed commands are listed before the extension activates). */
async function runFromPalette(page, title, timeoutMs) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).filter({ visible: true }).first();
  await focusWorkbench(page);
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await fillQuickInput(input, `>${title}`);
  await rowOrClosed(page, row, timeoutMs);
  await row.click({ timeout: 10_000 });
}

/** Waits until `row` shows, or throws at once if the quick input closed (its focus taken) meanwhile. */
async function rowOrClosed(page, row, timeoutMs) {
  const widget = page.locator('.quick-input-widget');
  let closed = false;
  await until(page, 'a quick-input row shows', async () => (await row.isVisible()) || (closed = !(await widget.isVisible())), {
    timeoutMs,
  });
  if (closed) throw new Error('the quick input closed before its row showed');
}

/** Exercise 01's title in the tree (English UI). */
export const EXERCISE_01_TITLE = 'A neuron: the weighted sum';

/** Opens an exercise's exercise.ts by clicking its row in the tree, as a learner does, and waits for its code. */
export async function openExerciseFromTree(
  page,
  { title = EXERCISE_01_TITLE, anchor = 'export function neuron', timeoutMs = 15_000 } = {},
) {
  await palette(page, 'DL Course: Focus on Exercises View');
  await page.locator('.monaco-list-row', { hasText: title }).first().click();
  await page.locator('.tabs-container .tab.active', { hasText: 'exercise.ts' }).first().waitFor({ timeout: timeoutMs });
  await page.locator('.monaco-editor .view-lines', { hasText: anchor }).first().waitFor({ timeout: timeoutMs });
}

/** Runs a command from the palette like a learner. */
export async function palette(page, title, { timeoutMs = 60_000 } = {}) {
  await withQuickInput(page, `the palette and "${title}"`, () => runFromPalette(page, title, timeoutMs));
}

/**
 * Runs a command that asks for one item in a quick pick (e.g. "Which exercise?"), and picks it.
 * `placeholder` tells the command's picker from the palette.
 */
export async function paletteAndPick(page, title, item, { placeholder, timeoutMs = 90_000 } = {}) {
  const input = page.locator(`.quick-input-widget .quick-input-box input${placeholder ? `[placeholder="${placeholder}"]` : ''}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: item }).filter({ visible: true }).first();
  await withQuickInput(page, `"${item}" after "${title}"`, async () => {
    await runFromPalette(page, title, timeoutMs);
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await fillQuickInput(input, item);
    await rowOrClosed(page, row, 30_000);
    await row.click({ timeout: 10_000 });
    await input.waitFor({ state: 'hidden', timeout: 10_000 });
  });
}

/**
 * Switches the workbench to the light or dark theme ("Preferences: Toggle between Light/Dark
 * Themes", applied at once by the configuration service) and waits until the workbench and every
 * open webview's page show it, so that a screenshot taken next is in that theme.
 */
export async function setTheme(page, kind) {
  const workbench = page.locator(kind === 'dark' ? '.monaco-workbench.vs-dark' : '.monaco-workbench.vs');
  if (!(await workbench.count())) await palette(page, 'Preferences: Toggle between Light/Dark Themes');
  await workbench.first().waitFor({ timeout: 15_000 });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const classes = await Promise.all(page.frames().map((f) => f.evaluate(() => document.body?.className ?? '').catch(() => '')));
    const pages = classes.filter((c) => /\bvscode-(light|dark|high-contrast)\b/.test(c));
    if (pages.every((c) => c.split(/\s+/).includes(`vscode-${kind}`))) return;
    if (Date.now() > deadline) throw new Error(`webviews still not in the ${kind} theme: ${pages.join(' | ')}`);
    await page.waitForTimeout(200);
  }
}

/** Resolves once `fn()` is true, polling every 100 ms; fails with `what` after `timeoutMs`. */
export async function until(page, what, fn, { timeoutMs = 10_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await page.waitForTimeout(100);
  }
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

/** The theory panel's tab ("Theory · 01-weighted-sum", in French "Cours · …"), in either language or in one. */
export const THEORY_TAB = /(Theory|Cours) · \d\d-[a-z0-9-]+/;
export const theoryTab = (lang) => (lang === 'fr' ? /Cours · \d\d-[a-z0-9-]+/ : /Theory · \d\d-[a-z0-9-]+/);

/**
 * Runs Open Course from the palette and picks "Lay out the course in <this folder>", as a learner
 * would; waits for the course marker to be written and the first exercise's theory to open. Returns the text of the row picked.
 */
export async function openCourseHere(page, workspace) {
  await palette(page, 'DL Course: Open Course');
  const here = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Lay out the course in' }).first();
  await here.waitFor({ state: 'visible', timeout: 10_000 });
  const text = await here.textContent();
  await here.click();
  await until(page, 'the course marker is written', () => existsSync(path.join(workspace, '.dl-course', 'course.json')));
  // Open Course ends by opening the first exercise with its theory (and tidying the panels): wait
  // for it, so that a panel the test opens next is not tidied away by it.
  await page.locator('.editor-group-container .tab', { hasText: THEORY_TAB }).first().waitFor({ timeout: 60_000 });
  return text;
}

/**
 * Beside a full-window screenshot `file`, the editor group that shows a DL Course panel (its active
 * tab "DL Course: …", not the results), as `<file>.group.png`: what scripts/readme-screenshots.mjs
 * puts in the README, whatever the layout of the groups.
 */
export async function panelGroupScreenshot(page, file) {
  const group = page
    .locator('.editor-group-container', { has: page.locator('.tab.active', { hasText: /DL Course: (?!Results)/ }) })
    .first();
  await group.screenshot({ path: file.replace(/\.png$/, '.group.png'), timeout: 5_000 });
}

/**
 * Runs `trigger` (a click on the status bar's Check, the palette, a CodeLens) and times the check
 * it starts as the workbench shows it: a MutationObserver in the page stamps the status bar's
 * Check item going to "Checking…" and then to its verdict, and the first pointer-down (the
 * learner's click) after it was installed. Returns { totalMs: from before `trigger` to the
 * verdict, Node's clock; clickMs: from the click to the verdict, the page's clock (no Playwright
 * overhead; undefined when started by keyboard); clickAt, verdictAt: the same two moments as
 * wall-clock ms (to set beside the host's "[check]" line); verdict: the status bar's text }.
 */
export async function timedCheck(page, trigger, { timeoutMs = 120_000 } = {}) {
  await page.evaluate(() => {
    const bar = document.querySelector('#workbench\\.parts\\.statusbar');
    const item = () =>
      [...bar.querySelectorAll('.statusbar-item')].find((e) => /checks|Checking|Syntax error|Check cancelled/.test(e.textContent));
    const t = { marks: [], click: undefined };
    window.__dlcCheckTiming?.observer.disconnect();
    const note = () => {
      const text = item()?.textContent?.trim() ?? '';
      if (text !== t.marks.at(-1)?.text) t.marks.push({ text, at: performance.now() });
    };
    t.observer = new window.MutationObserver(note);
    t.observer.observe(bar, { subtree: true, childList: true, characterData: true, attributes: true });
    document.addEventListener('pointerdown', () => (t.click ??= performance.now()), { capture: true, once: true });
    note();
    window.__dlcCheckTiming = t;
  });
  const started = Date.now();
  await trigger();
  const done = await page.waitForFunction(
    () => {
      const t = window.__dlcCheckTiming;
      const running = t.marks.findIndex((m) => /Checking/.test(m.text));
      const verdict = running < 0 ? undefined : t.marks.slice(running + 1).find((m) => /checks|Syntax error|Check cancelled/.test(m.text));
      if (!verdict) return undefined;
      t.observer.disconnect();
      const wall = (at) => (at === undefined ? undefined : Math.round(performance.timeOrigin + at));
      return {
        verdict: verdict.text,
        clickMs: t.click === undefined ? undefined : Math.round(verdict.at - t.click),
        clickAt: wall(t.click),
        verdictAt: wall(verdict.at),
      };
    },
    undefined,
    { timeout: timeoutMs, polling: 50 },
  );
  const totalMs = Date.now() - started;
  return { totalMs, ...(await done.jsonValue()) };
}

/** The host's "[check] …" lines (where each check's time went: checkRunner.ts), waiting up to `timeoutMs` for at least `count` of them. */
export async function checkLines(page, userData, count, { timeoutMs = 5_000 } = {}) {
  const lines = () =>
    courseOutput(userData)
      .split('\n')
      .filter((l) => l.includes('[check] '));
  const deadline = Date.now() + timeoutMs;
  while (lines().length < count && Date.now() < deadline) await page.waitForTimeout(200);
  return lines();
}

/**
 * Replaces the text of the editor showing `file` (clicked on a line containing `anchor`) by `text` —
 * pasted, not typed: typing would auto-indent each line and auto-close braces — saves it, and waits
 * until the file on disk is exactly `text`.
 */
export async function pasteAndSave(page, text, file, { anchor = 'export' } = {}) {
  await page.locator('.monaco-editor .view-lines', { hasText: anchor }).first().click({ timeout: 10_000 });
  await page.waitForFunction(() => !!document.activeElement?.closest('.monaco-editor'), undefined, { timeout: 10_000 });
  await page.keyboard.press('Control+A');
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  await page.keyboard.press('Control+S');
  await until(
    page,
    `${path.basename(path.dirname(file))}/exercise.ts on disk is the text pasted`,
    () => readFileSync(file, 'utf8') === text,
    {
      timeoutMs: 15_000,
    },
  );
}
