import * as fs from 'fs/promises';
import * as path from 'path';
import type { Folder } from '../shared/folder';

/** A folder on disk, through Node (the desktop extension host, the unit tests). */
export class NodeFolder implements Folder {
  constructor(readonly label: string) {}

  labelOf(rel: string): string {
    return rel ? path.join(this.label, ...rel.split('/')) : this.label;
  }

  sub(rel: string): NodeFolder {
    return new NodeFolder(this.labelOf(rel));
  }

  async exists(rel: string): Promise<boolean> {
    return fs.access(this.labelOf(rel)).then(
      () => true,
      () => false,
    );
  }

  readText(rel: string): Promise<string> {
    return fs.readFile(this.labelOf(rel), 'utf8');
  }

  list(rel: string): Promise<string[]> {
    return fs.readdir(this.labelOf(rel));
  }

  async writeText(rel: string, text: string, options?: { exclusive?: boolean }): Promise<void> {
    const file = this.labelOf(rel);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, text, options?.exclusive ? { flag: 'wx' } : {});
  }

  rename(from: string, to: string): Promise<void> {
    return fs.rename(this.labelOf(from), this.labelOf(to));
  }

  remove(rel: string): Promise<void> {
    return fs.rm(this.labelOf(rel), { recursive: true, force: true });
  }

  async copyTree(rel: string, to: Folder, toRel: string): Promise<void> {
    if (!(to instanceof NodeFolder)) throw new Error(`cannot copy from ${this.label} to ${to.label}: not a folder on disk`);
    await to.remove(toRel);
    await fs.mkdir(path.dirname(to.labelOf(toRel)), { recursive: true });
    await fs.cp(this.labelOf(rel), to.labelOf(toRel), { recursive: true });
  }
}
