import type * as vscode from 'vscode';
import type { Folder } from '../shared/folder';

/**
 * What differs between the two extension hosts (STYLE.md §16), chosen once by the entry point:
 * src/extension.node.ts (desktop, Node) or src/extension.web.ts (VS Code for the Web, a web worker).
 * Everything else is one code base, built for both (webpack.config.js).
 */
export interface Platform {
  readonly kind: 'desktop' | 'web';
  /**
   * The URI scheme a course folder may have, or undefined for any: the desktop lays the course out
   * on disk (`file`), the browser wherever its workspace is (`vscode-remote`, `vscode-vfs`…).
   */
  readonly courseScheme: string | undefined;
  /** The folder at this URI, read and written the way this host can. */
  folder(uri: vscode.Uri): Folder;
}

/** May a course live at this URI on this platform? */
export function hostsCourse(platform: Platform, uri: vscode.Uri): boolean {
  return platform.courseScheme === undefined || uri.scheme === platform.courseScheme;
}
