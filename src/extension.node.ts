import type * as vscode from 'vscode';
import { nodePlatform } from './env/nodePlatform';
import { activateOn, type DlCourseApi } from './extension';

/** The desktop entry (package.json `main`, dist/extension.js): the extension on Node. */
export function activate(context: vscode.ExtensionContext): Promise<DlCourseApi> {
  return activateOn(context, nodePlatform);
}

export { deactivate } from './extension';
