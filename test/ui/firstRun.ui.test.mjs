// A first-time learner on a fresh, empty workspace folder (run by scripts/run-vscode-tests.mjs): the
// DL Course view points at Open Course and at the walkthrough; the walkthrough's first step is
// completed by really opening the course; with `dlCourse.language = fr` the tree, the CodeLens and
// the status bar speak French, switched live. Screenshots: first-run-*.png in test-results/.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { frameWith, openCourseHere, palette, THEORY_TAB, theoryTab } from './workbench.mjs';

const step = (page, id) => page.locator(`button.getting-started-step[data-step-id$="${id}"]`).first();

export const steps = [
  {
    name: 'the DL Course view welcomes a new learner with Open Course and the walkthrough',
    async run({ page, screenshot }) {
      await palette(page, 'DL Course: Focus on Exercises View');
      const welcome = page.locator('.welcome-view-content').filter({ hasText: 'Introduction to deep learning' }).first();
      await welcome.waitFor({ timeout: 30_000 });
      await welcome.locator('.monaco-button', { hasText: 'Open Course' }).first().waitFor({ timeout: 10_000 });
      await screenshot('first-run-welcome-view.png');
      await welcome.locator('a', { hasText: 'Start the walkthrough' }).first().click();
      await page.locator('.gettingStartedContainer', { hasText: 'Start the deep-learning course' }).first().waitFor({ timeout: 30_000 });
      for (const id of ['openCourse', 'theory', 'check', 'hint', 'panel'])
        await step(page, `dlCourse.start.${id}`).waitFor({ timeout: 10_000 });
      assert.equal(
        await step(page, 'dlCourse.start.openCourse').getAttribute('aria-checked'),
        'false',
        'the first step is done before anything happened',
      );
      await screenshot('first-run-walkthrough.png');
    },
  },
  {
    name: "opening the course (the real command) completes the walkthrough's first step",
    async run({ page, workspace, screenshot }) {
      await openCourseHere(page, workspace);
      assert.ok(existsSync(path.join(workspace, '.dl-course', 'course.json')), 'the course was not laid out');
      await page.locator('.monaco-list-row', { hasText: 'A neuron: the weighted sum' }).first().waitFor({ timeout: 15_000 });
      // Back to the walkthrough tab: its first step is ticked, the theory step too (Open Exercise ran).
      await page.locator('.tabs-container .tab', { hasText: 'Welcome' }).first().click();
      await page
        .locator('button.getting-started-step[data-step-id$="dlCourse.start.openCourse"][aria-checked="true"]')
        .first()
        .waitFor({ timeout: 15_000 });
      // Open Course showed exercise 01's theory: "Read the theory" is done too.
      await page
        .locator('button.getting-started-step[data-step-id$="dlCourse.start.theory"][aria-checked="true"]')
        .first()
        .waitFor({ timeout: 15_000 });
      assert.equal(
        await step(page, 'dlCourse.start.hint').getAttribute('aria-checked'),
        'false',
        'the hint step is ticked though no hint was shown',
      );
      await screenshot('first-run-walkthrough-step1-done.png');
      // The view's title sums up the course.
      await page
        .locator('.part.sidebar .title-label', { hasText: /Exercises · 0\/\d+ passed/ })
        .first()
        .waitFor({ timeout: 10_000 });
    },
  },
  {
    name: 'dlCourse.language = fr: the tree, the CodeLens and the status bar switch to French, live',
    async run({ page, workspace, screenshot }) {
      // Open Course left exercise 01 open with its English theory beside it.
      await page
        .locator('.editor-group-container .tab', { hasText: theoryTab('en') })
        .first()
        .waitFor({ timeout: 15_000 });
      await page.locator('.tabs-container .tab', { hasText: 'exercise.ts' }).first().click();
      await page.locator('.monaco-editor .view-lines', { hasText: 'export function neuron' }).first().waitFor({ timeout: 15_000 });
      await page.locator('.codelens-decoration', { hasText: 'Check' }).first().waitFor({ timeout: 30_000 });
      const settings = path.join(workspace, '.vscode', 'settings.json');
      const json = JSON.parse(readFileSync(settings, 'utf8'));
      writeFileSync(settings, `${JSON.stringify({ ...json, 'dlCourse.language': 'fr' }, null, 2)}\n`);
      await page.locator('.monaco-list-row', { hasText: 'pas commencé' }).first().waitFor({ timeout: 30_000 });
      await page.locator('.codelens-decoration', { hasText: 'Vérifier' }).first().waitFor({ timeout: 30_000 });
      await page
        .locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: /Chapitre 1\s:\s0\/\d+ · Cours\s:\s0\/\d+/ })
        .first()
        .waitFor({ timeout: 15_000 });
      await page
        .locator('.part.sidebar .title-label', { hasText: /Exercices · 0\/\d+ réussis/ })
        .first()
        .waitFor({ timeout: 10_000 });
      assert.equal(await page.locator('.monaco-list-row', { hasText: 'not started' }).count(), 0, 'English states left in the tree');
      // The theory beside the code follows too, in place.
      await page
        .locator('.editor-group-container .tab', { hasText: theoryTab('fr') })
        .first()
        .waitFor({ timeout: 30_000 });
      const codeGroup = page.locator('.editor-group-container', { has: page.locator('.tab', { hasText: 'exercise.ts' }) }).first();
      assert.equal(
        await codeGroup.locator('.tab', { hasText: THEORY_TAB }).count(),
        0,
        'the French theory opened over the code instead of beside it',
      );
      // The English theory is replaced, not left open beside it.
      await page
        .locator('.editor-group-container .tab', { hasText: theoryTab('en') })
        .first()
        .waitFor({ state: 'detached', timeout: 10_000 });
      assert.equal(await page.locator('.editor-group-container').count(), 2, 'the code and one theory column');
      // The French theory is drawn (its title), not a blank preview, when the screenshot is taken.
      await frameWith(page, 'h1:has-text("Un neurone")', { timeoutMs: 30_000 });
      await screenshot('first-run-french-ui.png');
    },
  },
  {
    name: 'a verdict reached in English follows a switch to French, live: the results heading and the Problems messages',
    async run({ page, workspace, screenshot }) {
      const settings = path.join(workspace, '.vscode', 'settings.json');
      const setLanguage = (lang) => {
        const json = JSON.parse(readFileSync(settings, 'utf8'));
        writeFileSync(settings, `${JSON.stringify({ ...json, 'dlCourse.language': lang }, null, 2)}\n`);
      };
      setLanguage('en');
      await page.locator('.codelens-decoration', { hasText: 'Check' }).first().waitFor({ timeout: 30_000 });
      await palette(page, 'DL Course: Check Exercise');
      await page
        .locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: /\d\/4 checks/ })
        .first()
        .waitFor({ timeout: 120_000 });
      await frameWith(page, 'h2.title:has-text("A neuron: the weighted sum")', { timeoutMs: 30_000 });
      await palette(page, 'View: Focus Problems (Errors, Warnings, Infos)');
      const problem = (text) => page.locator('.markers-panel .monaco-list-row', { hasText: text });
      await problem("Gino's science average").first().waitFor({ timeout: 15_000 });

      setLanguage('fr');
      await frameWith(page, 'h2.title:has-text("Un neurone")', { timeoutMs: 30_000 });
      await problem('La moyenne scientifique de Gino').first().waitFor({ timeout: 15_000 });
      assert.equal(await problem("Gino's science average").count(), 0, 'an English message left in Problems');
      await page.locator('.codelens-decoration', { hasText: 'Vérifier' }).first().waitFor({ timeout: 30_000 });
      // The theory, behind the results in the side group, was rewritten in French in place: its tab says so, and so does its page.
      await page
        .locator('.editor-group-container .tab', { hasText: theoryTab('fr') })
        .first()
        .click();
      await frameWith(page, 'h1:has-text("Un neurone")', { timeoutMs: 30_000 });
      await screenshot('first-run-french-verdict.png');
    },
  },
];
