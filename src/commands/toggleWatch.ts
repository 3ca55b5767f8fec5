import * as vscode from 'vscode';
import { watchEnabled } from '../checking/watch';

/**
 * DL Course: Toggle Watch Mode (palette, status bar). Flips `dlCourse.watch` where it is set (the
 * workspace's settings when they set it, else the user's); resolves with the new value.
 */
export async function toggleWatch(): Promise<boolean> {
  const config = vscode.workspace.getConfiguration('dlCourse');
  const on = !watchEnabled();
  const at = config.inspect<boolean>('watch');
  const target = at?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('watch', on, target);
  return on;
}
