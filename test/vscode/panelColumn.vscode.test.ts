import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeHalfLayout, keepCodeHalf, sideColumn, type EditorLayout } from '../../src/panels/panelColumn';

/** Panels open in one side group right of the code, never in a third, narrower column; the code keeps half the width. */
describe('panel column', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the side group is the column right of the code, whichever column is active', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const code = await vscode.workspace.openTextDocument({ content: 'code' });
    const other = await vscode.workspace.openTextDocument({ content: 'other' });
    const isCode = (u: vscode.Uri) => u.toString() === code.uri.toString();
    await vscode.window.showTextDocument(code, { viewColumn: vscode.ViewColumn.One });
    assert.equal(sideColumn(isCode), 2, 'one column: the side group is the second (created)');
    for (let c = 2; c <= 3; c++) await vscode.window.showTextDocument(other, { viewColumn: c, preview: false });
    assert.equal(vscode.window.tabGroups.all.length, 3);
    assert.equal(vscode.window.tabGroups.activeTabGroup.viewColumn, 3);
    assert.equal(sideColumn(isCode), 2, 'the rightmost of three is active: still the second, no fourth column');
    await vscode.window.showTextDocument(code, { viewColumn: 2 });
    assert.equal(sideColumn(isCode), 3, 'code in the second column: its side group is the third');
  });

  it('codeHalfLayout widens the code column to half, and leaves a layout alone where the code has half', () => {
    const three: EditorLayout = { orientation: 0, groups: [{ size: 400 }, { size: 400 }, { size: 400 }] };
    const wider = codeHalfLayout(three, 1);
    assert.deepEqual(
      wider?.groups.map((g) => g.size),
      [600, 300, 300],
    );
    assert.equal(codeHalfLayout({ orientation: 0, groups: [{ size: 600 }, { size: 600 }] }, 1), undefined, 'already half');
    assert.equal(codeHalfLayout({ orientation: 1, groups: [{ size: 300 }, { size: 900 }] }, 1), undefined, 'stacked: full width each');
    // A column split in two (rows) counts as two editor columns: editor column 3 is the second top-level column.
    const split: EditorLayout = { orientation: 0, groups: [{ size: 300, groups: [{ size: 1 }, { size: 1 }] }, { size: 900 }] };
    assert.equal(codeHalfLayout(split, 3), undefined, 'editor column 3 is the wide second column');
    const nested = codeHalfLayout(split, 2);
    assert.deepEqual(
      nested?.groups.map((g) => g.size),
      [600, 600],
    );
    assert.equal(nested?.groups[0]?.groups?.length, 2, 'nested rows kept');
  });

  it('keepCodeHalf gives the code back half the width after three columns took it (measured with vscode.getEditorLayout)', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const code = await vscode.workspace.openTextDocument({ content: 'code' });
    const other = await vscode.workspace.openTextDocument({ content: 'other' });
    const isCode = (u: vscode.Uri) => u.toString() === code.uri.toString();
    await vscode.window.showTextDocument(code, { viewColumn: vscode.ViewColumn.One });
    for (let c = 2; c <= 3; c++) await vscode.window.showTextDocument(other, { viewColumn: c, preview: false });
    await vscode.commands.executeCommand('workbench.action.evenEditorWidths');
    const share = async () => {
      const l = await vscode.commands.executeCommand<EditorLayout>('vscode.getEditorLayout');
      const sizes = l.groups.map((g) => g.size ?? 0);
      return sizes[0]! / sizes.reduce((a, b) => a + b, 0);
    };
    assert.ok((await share()) < 0.4, `three even columns: the code has a third (${await share()})`);
    await keepCodeHalf(isCode);
    assert.ok((await share()) >= 0.49, `the code has half again (${await share()})`);
    assert.equal(vscode.window.tabGroups.all.length, 3, 'no editor closed or moved');
  });
});
