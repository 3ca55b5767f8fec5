// Restricted Mode in the real workbench (run by scripts/run-vscode-tests.mjs): the server's Workspace
// Trust is on (server-main.js passes `enableWorkspaceTrust` unless `--disable-workspace-trust`), the
// user settings below turn it on in the workbench and keep the start-up dialog away, so the fresh
// folder opens untrusted. What docs/SECURITY.md ("Workspace Trust") says works there is used as a
// learner would (Open Course, the theory, the dataset-balance panel's shipped data); Check and the
// panel's learner side run nothing and say why (src/course/trust.ts); trusting the folder from the
// message's button lets Check run. Screenshots: restricted-*.png in test-results/.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { frameWith, openCourseHere, palette, theoryTab } from './workbench.mjs';

/** The user settings this file's workbench starts with (added to DEFAULT_SETTINGS by the runner). */
export const settings = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'always',
};

const ID = '01-weighted-sum';
const EXERCISE_TITLE = 'A neuron: the weighted sum';
/** src/course/trust.ts restrictedMessage(), in English. */
const RESTRICTED =
  'Restricted Mode: DL Course does not run code from a folder you have not trusted. Trust this folder to check your exercises.';

const statusVerdict = (page) => page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: /\d+\/\d+ checks/ });

/** The notification centre's entries (the smoke-test driver keeps toasts out of sight: see scripts/vscode-server.mjs). */
async function notificationWith(page, text, { timeoutMs = 30_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const center = page.locator('.notifications-center');
    if (!(await center.isVisible().catch(() => false))) await palette(page, 'Notifications: Show Notifications', { timeoutMs: 15_000 });
    const item = page.locator('.notifications-center .notification-list-item', { hasText: text }).first();
    if (await item.count()) return item;
    await page.waitForTimeout(500);
  }
  throw new Error(`no notification says "${text}"`);
}

export const steps = [
  {
    name: 'the fresh folder opens in Restricted Mode',
    async run({ page, screenshot }) {
      await page
        .locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: 'Restricted Mode' })
        .first()
        .waitFor({ timeout: 30_000 });
      await screenshot('restricted-start.png');
    },
  },
  {
    name: 'Restricted Mode: Open Course lays out the course, the tree lists it and the theory opens',
    async run({ page, workspace, screenshot }) {
      await openCourseHere(page, workspace);
      assert.ok(existsSync(path.join(workspace, ID, 'exercise.ts')), 'the course was not laid out');
      await page.locator('.monaco-list-row', { hasText: EXERCISE_TITLE }).first().waitFor({ timeout: 20_000 });
      await page
        .locator('.editor-group-container .tab', { hasText: theoryTab('en') })
        .first()
        .waitFor({ timeout: 20_000 });
      const theory = await frameWith(page, 'h1', { timeoutMs: 30_000 });
      assert.ok((await theory.locator('h1').first().textContent()).trim().length > 0, 'the theory has no title');
      await screenshot('restricted-theory.png');
    },
  },
  {
    name: 'Restricted Mode: the dataset-balance panel draws its shipped data; its learner side says why it waits',
    async run({ page, screenshot }) {
      await palette(page, 'DL Course: Show Dataset Balance');
      const f = await frameWith(page, '#counts-chart', { timeoutMs: 60_000 });
      await f.locator('body[data-rendered="catsdogs"]').waitFor({ timeout: 30_000 });
      assert.equal(await f.locator('#counts-chart rect.bar').count(), 6, '3 splits × 2 classes');
      const learner = f.locator('#learner-section', { hasText: 'Restricted Mode' }).first();
      await learner.waitFor({ timeout: 30_000 });
      await learner.scrollIntoViewIfNeeded();
      await screenshot('restricted-panel.png');
    },
  },
  {
    name: 'Restricted Mode: Check runs nothing and asks for trust with the clear message',
    async run({ page, screenshot }) {
      await palette(page, 'DL Course: Focus on Exercises View');
      await page.locator('.monaco-list-row', { hasText: EXERCISE_TITLE }).first().click();
      await page.locator('.tabs-container .tab.active', { hasText: 'exercise.ts' }).first().waitFor({ timeout: 10_000 });
      await palette(page, 'DL Course: Check Exercise');
      const note = await notificationWith(page, 'Restricted Mode: DL Course');
      assert.equal((await note.locator('.notification-list-item-message').textContent()).trim(), RESTRICTED);
      await note.locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).first().waitFor({ timeout: 5_000 });
      await screenshot('restricted-check.png');
      // Nothing was graded: no verdict in the status bar, no grader panel.
      await page.waitForTimeout(3000);
      assert.equal(await statusVerdict(page).count(), 0, 'a verdict appeared in Restricted Mode');
      assert.equal(
        await page
          .frameLocator('iframe.webview.ready')
          .first()
          .frameLocator('#active-frame')
          .locator('ol.checks')
          .count()
          .catch(() => 0),
        0,
        'the grader panel opened in Restricted Mode',
      );
    },
  },
  {
    name: "the message's button opens VS Code's trust editor; once trusted, Check gives a verdict",
    async run({ page, screenshot }) {
      const note = await notificationWith(page, 'Restricted Mode: DL Course');
      await note.locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).first().click();
      const editor = page.locator('.workspace-trust-editor').first();
      await editor.waitFor({ timeout: 20_000 });
      await editor
        .locator('.monaco-button', { hasText: /^Trust$/ })
        .first()
        .click();
      await page
        .locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: 'Restricted Mode' })
        .first()
        .waitFor({ state: 'detached', timeout: 20_000 });
      await screenshot('restricted-trusted.png');
      // The trust editor is a modal over the workbench (Escape reaches it only with the focus inside): its title bar's ×.
      const modal = page.locator('.modal-editor-part').first();
      await modal.locator('.modal-editor-header .codicon-close, .modal-editor-header [aria-label^="Close"]').first().click();
      await modal.waitFor({ state: 'hidden', timeout: 10_000 });
      await page.locator('.monaco-list-row', { hasText: EXERCISE_TITLE }).first().click();
      await palette(page, 'DL Course: Check Exercise');
      const verdict = statusVerdict(page).first();
      await verdict.waitFor({ timeout: 90_000 });
      assert.match((await verdict.textContent()).trim(), /^[0-3]\/4 checks$/, 'the starter should fail once checked');
      await screenshot('restricted-trusted-check.png');
    },
  },
];
