import type * as vscode from 'vscode';
import { NodeFolder } from '../node/nodeFolder';
import type { Platform } from './platform';
import { UriFolder } from './uriFolder';

/** The desktop extension host (Node): the course lives on disk and is read and written with Node's fs. */
export const nodePlatform: Platform = {
  kind: 'desktop',
  courseScheme: 'file',
  folder: (uri: vscode.Uri) => (uri.scheme === 'file' ? new NodeFolder(uri.fsPath) : new UriFolder(uri)),
};
