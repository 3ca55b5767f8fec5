import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeApi } from './api';

/**
 * Open Exercise shows the results page (to warm the grader), then the theory: a panel the learner
 * asks for meanwhile stays in front. The theory covering it used to leave it blank for good in the
 * web workbench (Show Dataset Balance run just after Open Course).
 */
const ID = '01-weighted-sum';

const webviewTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);
const isTab = (t: vscode.Tab, viewType: string) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType);

describe('open exercise', function () {
  this.timeout(60_000);

  beforeEach(async () => {
    const api = await activeApi();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the tests need a workspace folder');
    if (!api.service.courseRoot) await vscode.commands.executeCommand('dlCourse.openCourse', folder.uri);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.deepEqual(webviewTabs(), [], 'no panel open before');
  });

  /** Runs Open Exercise, and Show Dataset Balance once `when` holds (checked at each change of the tabs). */
  async function openWithBalanceAsked(when: () => boolean): Promise<vscode.TabGroup> {
    const asked = new Promise<void>((resolve) => {
      const sub = vscode.window.tabGroups.onDidChangeTabs(() => {
        if (!when()) return;
        sub.dispose();
        resolve(vscode.commands.executeCommand('dlCourse.showDatasetBalance'));
      });
    });
    await vscode.commands.executeCommand('dlCourse.openExercise', ID);
    await asked;
    const side = vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => isTab(t, 'dlCourse.theory')));
    assert.ok(side, 'the theory is shown');
    return side;
  }

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** Dataset Balance is a tab of the side group, in front of the theory. */
  function assertBalanceInFront(side: vscode.TabGroup, missing: string): void {
    assert.ok(
      side.tabs.some((t) => isTab(t, 'dlCourse.datasetBalance')),
      missing,
    );
    assert.ok(side.activeTab && isTab(side.activeTab, 'dlCourse.datasetBalance'), `in front: ${side.activeTab?.label}`);
  }

  it('a panel asked for as the code opens (before the tidying) is neither closed nor covered by the theory', async () => {
    const side = await openWithBalanceAsked(() =>
      vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.label === 'exercise.ts')),
    );
    assertBalanceInFront(side, 'Dataset Balance was closed by the tidying (01 does not list it)');
  });

  it('a panel shown while the results page loads stays in front of the theory', async () => {
    // The results tab appears before its page runs; Open Exercise waits for the page, then shows the theory.
    let theoryBefore = false;
    const side = await openWithBalanceAsked(() => {
      if (!webviewTabs().some((t) => isTab(t, 'dlCourse.grader'))) return false;
      theoryBefore = webviewTabs().some((t) => isTab(t, 'dlCourse.theory'));
      return true;
    });
    assert.ok(!theoryBefore, 'the theory is not shown before the results page runs');
    assertBalanceInFront(side, 'Dataset Balance is in the side group');
  });
});
