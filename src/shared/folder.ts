/**
 * A folder the extension host reads and writes, whatever holds it: the disk through Node on the
 * desktop (src/node/nodeFolder.ts), `vscode.workspace.fs` in the browser (src/env/uriFolder.ts).
 * Paths inside it are relative and '/'-separated. Environment-free: the course's layout, progress
 * and loading are written once against it and run on both targets (STYLE.md §16).
 */
export interface Folder {
  /** Where it is, for messages and the CLI's reports: an absolute path on disk, a URI elsewhere. */
  readonly label: string;
  /** The label of a path inside. */
  labelOf(rel: string): string;
  sub(rel: string): Folder;
  exists(rel: string): Promise<boolean>;
  /** Throws when the file is missing. */
  readText(rel: string): Promise<string>;
  /** The names in a sub-folder ('' for this one); throws when it is missing. */
  list(rel: string): Promise<string[]>;
  /** Creates the parent folders; `exclusive` fails rather than replace a file that exists. */
  writeText(rel: string, text: string, options?: { exclusive?: boolean }): Promise<void>;
  /** Replaces `to` if it exists. */
  rename(from: string, to: string): Promise<void>;
  /** A file or a whole sub-folder; nothing when it is missing. */
  remove(rel: string): Promise<void>;
  /** Copies a sub-folder into `to` (a folder of the same kind), replacing what is there. */
  copyTree(rel: string, to: Folder, toRel: string): Promise<void>;
}

/** `a/b` + `c` → `a/b/c`; empty parts are skipped. */
export function joinRel(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/');
}
