import type * as vscode from 'vscode';
import type { Platform } from './platform';
import { UriFolder } from './uriFolder';

/**
 * The web worker extension host (VS Code for the Web, a browser on a VS Code server): no Node, so
 * every file goes through `vscode.workspace.fs`, and the course lives wherever the workspace is.
 */
export const webPlatform: Platform = {
  kind: 'web',
  courseScheme: undefined,
  folder: (uri: vscode.Uri) => new UriFolder(uri),
};
