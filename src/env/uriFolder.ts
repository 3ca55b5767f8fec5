import * as vscode from 'vscode';
import type { Folder } from '../shared/folder';

/**
 * A folder behind a URI, through `vscode.workspace.fs`: what the web worker extension host has
 * (VS Code for the Web, a folder served by a VS Code server, a virtual file system).
 */
export class UriFolder implements Folder {
  constructor(readonly uri: vscode.Uri) {}

  get label(): string {
    return this.uri.toString(true);
  }

  labelOf(rel: string): string {
    return this.at(rel).toString(true);
  }

  sub(rel: string): UriFolder {
    return new UriFolder(this.at(rel));
  }

  at(rel: string): vscode.Uri {
    return rel ? vscode.Uri.joinPath(this.uri, ...rel.split('/')) : this.uri;
  }

  async exists(rel: string): Promise<boolean> {
    return vscode.workspace.fs.stat(this.at(rel)).then(
      () => true,
      () => false,
    );
  }

  async readText(rel: string): Promise<string> {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(this.at(rel)));
  }

  async list(rel: string): Promise<string[]> {
    return (await vscode.workspace.fs.readDirectory(this.at(rel))).map(([name]) => name);
  }

  async writeText(rel: string, text: string, options?: { exclusive?: boolean }): Promise<void> {
    // workspace.fs has no "create only": the check and the write are two steps (one learner, one window).
    if (options?.exclusive && (await this.exists(rel))) throw new Error(`${this.labelOf(rel)} already exists`);
    const parent = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
    if (parent) await vscode.workspace.fs.createDirectory(this.at(parent));
    await vscode.workspace.fs.writeFile(this.at(rel), new TextEncoder().encode(text));
  }

  async rename(from: string, to: string): Promise<void> {
    await vscode.workspace.fs.rename(this.at(from), this.at(to), { overwrite: true });
  }

  async remove(rel: string): Promise<void> {
    if (await this.exists(rel)) await vscode.workspace.fs.delete(this.at(rel), { recursive: true, useTrash: false });
  }

  async copyTree(rel: string, to: Folder, toRel: string): Promise<void> {
    if (!(to instanceof UriFolder)) throw new Error(`cannot copy from ${this.label} to ${to.label}`);
    const dest = to.at(toRel);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(dest, '..'));
    await vscode.workspace.fs.copy(this.at(rel), dest, { overwrite: true });
  }
}
