import type * as vscode from 'vscode';
import { webPlatform } from './env/webPlatform';
import { activateOn, type DlCourseApi } from './extension';

/** The browser entry (package.json `browser`, dist/web/extension.js): the extension in a web worker, no Node. */
export function activate(context: vscode.ExtensionContext): Promise<DlCourseApi> {
  return activateOn(context, webPlatform);
}

export { deactivate } from './extension';
