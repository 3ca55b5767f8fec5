import * as assert from 'assert';
import * as vscode from 'vscode';
import { MAX_COLUMNS, panelColumn } from '../../src/panels/panelColumn';

/** Panels open beside the active editor, but never in a fourth, narrower column. */
describe('panel column', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('beside the code; a tab of the rightmost column once there are three and that one is active', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const doc = await vscode.workspace.openTextDocument({ content: 'x' });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
    assert.equal(panelColumn(), vscode.ViewColumn.Beside, 'one column: beside');
    for (let c = 2; c <= MAX_COLUMNS; c++) await vscode.window.showTextDocument(doc, { viewColumn: c, preview: false });
    assert.equal(vscode.window.tabGroups.all.length, MAX_COLUMNS);
    assert.equal(vscode.window.tabGroups.activeTabGroup.viewColumn, MAX_COLUMNS);
    assert.equal(panelColumn(), MAX_COLUMNS, 'the rightmost of three is active: no fourth column');
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
    assert.equal(panelColumn(), vscode.ViewColumn.Beside, 'from the first column: beside, into the existing second one');
  });
});
