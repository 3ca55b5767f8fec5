import * as vscode from 'vscode';

/**
 * The one place the layout policy of DL Course panels lives: where a new panel opens
 * (panelColumn) and where an open one is revealed (revealColumn).
 */

/** More editor columns than this and each is too narrow for a chart (a laptop, a projector). */
export const MAX_COLUMNS = 3;

/**
 * Where a new DL Course panel opens: beside the active editor, as VS Code does — except when the
 * active column is already the rightmost of MAX_COLUMNS or more, where "beside" would add yet
 * another, narrower column: the panel then opens as a tab of that rightmost column.
 */
export function panelColumn(): vscode.ViewColumn {
  const groups = vscode.window.tabGroups.all;
  const rightmost = groups[groups.length - 1];
  const active = vscode.window.tabGroups.activeTabGroup;
  if (groups.length >= MAX_COLUMNS && rightmost && active.viewColumn === rightmost.viewColumn) return rightmost.viewColumn;
  return vscode.ViewColumn.Beside;
}

/**
 * Where an open panel is revealed: the results of a check come back beside the code that was
 * checked (panelColumn); the other panels stay in the column the learner left them in.
 */
export function revealColumn(viewType: string): vscode.ViewColumn | undefined {
  return viewType === 'dlCourse.grader' ? panelColumn() : undefined;
}
