import * as vscode from 'vscode';
import { folderReport, sniffImage, type FolderEntry, type FolderReport } from '../shared/charts/datasetBalance';
import type { FolderClass } from '../shared/protocol/datasetBalance';

/** Thumbnails sent per class, and the largest file sent as one (bigger ones are counted, not shown). */
const THUMBNAILS = 6;
const MAX_THUMBNAIL_BYTES = 1_500_000;
/** Reading stops after this many files per class: enough to count and to judge balance. */
const MAX_FILES = 5_000;

const MIME: Readonly<Record<string, string>> = { png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp' };

/**
 * Lists a folder of the learner's own images (one sub-folder per class) for the dataset-balance
 * panel: counts, unreadable files (by their first bytes, not their names) and a few thumbnails
 * as data: URIs. The judgement (too few, one class, imbalance) is folderReport's.
 */
export async function readClassFolder(folder: vscode.Uri): Promise<{ report: FolderReport; classes: FolderClass[] }> {
  const top = await vscode.workspace.fs.readDirectory(folder);
  const entries: FolderEntry[] = [];
  const classes: FolderClass[] = [];
  let loose = 0;
  for (const [name, type] of top) {
    if (name.startsWith('.')) continue;
    if (type & vscode.FileType.Directory) {
      const files: { name: string; readable: boolean }[] = [];
      const thumbnails: string[] = [];
      const inside = (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(folder, name)))
        .filter(([f, t]) => !f.startsWith('.') && (t & vscode.FileType.File))
        .map(([f]) => f)
        .sort()
        .slice(0, MAX_FILES);
      for (const f of inside) {
        const uri = vscode.Uri.joinPath(folder, name, f);
        let readable = false;
        try {
          const bytes = await vscode.workspace.fs.readFile(uri);
          const kind = sniffImage(bytes.subarray(0, 16));
          readable = kind !== undefined;
          if (kind && thumbnails.length < THUMBNAILS && bytes.length <= MAX_THUMBNAIL_BYTES) {
            thumbnails.push(`data:${MIME[kind]};base64,${Buffer.from(bytes).toString('base64')}`);
          }
        } catch {
          readable = false;
        }
        // Judged by content: a photo.jpg that is really a text file is unreadable, a notes.txt too.
        files.push({ name: f, readable });
      }
      entries.push({ className: name, files });
      classes.push({ className: name, thumbnails });
    } else if (type & vscode.FileType.File) {
      loose++;
    }
  }
  const report = folderReport(entries, loose);
  return { report, classes: report.classes.map((c) => classes.find((x) => x.className === c)!) };
}
