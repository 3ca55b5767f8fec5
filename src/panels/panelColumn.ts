import * as vscode from 'vscode';

/**
 * The one place the layout policy of DL Course panels lives. A learner's screen has two parts:
 * the code (exercise.ts) and ONE side group right of it, where theory, results and every visual
 * panel open as tabs — never a third, fourth… column that squeezes the code (at 1600 px, five
 * panels in five columns left the code ~300 px wide). The code keeps at least half the width.
 */

/** Whether a document is an exercise's code (CourseService.exerciseOf). */
export type IsExercise = (uri: vscode.Uri) => boolean;

/** The column of the exercise's code: the active editor's when it is an exercise, else the first visible exercise's, else the first. */
export function codeColumn(isExercise: IsExercise): number {
  const active = vscode.window.activeTextEditor;
  if (active?.viewColumn && isExercise(active.document.uri)) return active.viewColumn;
  const visible = vscode.window.visibleTextEditors.find((e) => e.viewColumn && isExercise(e.document.uri));
  return visible?.viewColumn ?? vscode.ViewColumn.One;
}

/** Where every DL Course panel (and the theory) goes: the column right of the code, created if there is none. */
export function sideColumn(isExercise: IsExercise): vscode.ViewColumn {
  return codeColumn(isExercise) + 1;
}

/** What `vscode.getEditorLayout` answers and `vscode.setEditorLayout` takes (sizes in pixels, or relative). */
export interface EditorLayout {
  readonly orientation: number;
  readonly groups: readonly LayoutGroup[];
}
export interface LayoutGroup {
  readonly size?: number;
  readonly groups?: readonly LayoutGroup[];
}

const leaves = (g: LayoutGroup): number => (g.groups?.length ? g.groups.reduce((n, c) => n + leaves(c), 0) : 1);

/**
 * The layout with the top-level column that holds editor column `column` widened to half the
 * editor area (the others narrowed in proportion), or undefined when it already has half, or
 * when the groups are stacked rather than side by side (orientation 1: each has the full width).
 */
export function codeHalfLayout(layout: EditorLayout | undefined, column: number): EditorLayout | undefined {
  if (!layout || layout.orientation !== 0 || layout.groups.length < 2) return undefined;
  const sizes = layout.groups.map((g) => g.size ?? 1);
  const total = sizes.reduce((a, b) => a + b, 0);
  let seen = 0;
  const index = layout.groups.findIndex((g) => (seen += leaves(g)) >= column);
  if (index < 0) return undefined;
  const code = sizes[index]!;
  // A pixel of rounding is no reason to move the learner's layout.
  if (code >= total / 2 - 1) return undefined;
  const rest = total / 2 / (total - code);
  return {
    orientation: layout.orientation,
    groups: layout.groups.map((g, i) => ({ ...g, size: i === index ? total / 2 : sizes[i]! * rest })),
  };
}

/** Gives the code column back at least half the editor area's width, if a panel took more. */
export async function keepCodeHalf(isExercise: IsExercise): Promise<void> {
  const layout = await vscode.commands.executeCommand<EditorLayout | undefined>('vscode.getEditorLayout').then(undefined, () => undefined);
  const wider = codeHalfLayout(layout, codeColumn(isExercise));
  if (wider) await vscode.commands.executeCommand('vscode.setEditorLayout', wider).then(undefined, () => undefined);
}
