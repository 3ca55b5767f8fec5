import * as vscode from 'vscode';
import { bytesToBase64 } from '../shared/base64';
import type { FolderReport } from '../shared/charts/datasetBalance';
import { imageCollector, scanClassFolder, type FolderFs, type FolderImage } from '../shared/classFolder';
import { OWN_IMAGES } from '../shared/protocol/ownImages';
import type { FolderClass } from '../shared/protocol/datasetBalance';

/** Thumbnails sent per class, and the largest file sent as one (bigger ones are counted, not shown). */
const THUMBNAILS = 6;
const MAX_THUMBNAIL_BYTES = 1_500_000;

const MIME: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
};

/** src/shared/classFolder's walk over vscode.workspace.fs (local, remote or virtual workspaces alike). */
export function workspaceFolderFs(folder: vscode.Uri): FolderFs {
  const kindOf = (t: vscode.FileType) =>
    (t & vscode.FileType.Directory ? 'directory' : t & vscode.FileType.File ? 'file' : 'other') as 'file' | 'directory' | 'other';
  return {
    list: async (segments) =>
      (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(folder, ...segments))).map(([name, t]) => ({ name, kind: kindOf(t) })),
    read: async (segments) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, ...segments)),
  };
}

/**
 * Lists a folder of the learner's own images (one sub-folder per class) for the dataset-balance
 * panel: counts, unreadable files and a few thumbnails per class as data: URIs.
 */
export async function readClassFolder(folder: vscode.Uri): Promise<{ report: FolderReport; classes: FolderClass[] }> {
  const thumbnails = new Map<string, string[]>();
  const report = await scanClassFolder(workspaceFolderFs(folder), (img: FolderImage) => {
    const list = thumbnails.get(img.className) ?? [];
    thumbnails.set(img.className, list);
    if (list.length < THUMBNAILS && img.bytes.length <= MAX_THUMBNAIL_BYTES)
      list.push(`data:${MIME[img.kind]};base64,${bytesToBase64(img.bytes)}`);
  });
  return { report, classes: report.classes.map((c) => ({ className: c, thumbnails: thumbnails.get(c) ?? [] })) };
}

/** The images of a class folder to train on (at most OWN_IMAGES.maxPerClass per class, by name): the grader reads each itself. */
export async function readClassImages(
  folder: vscode.Uri,
): Promise<{ report: FolderReport; files: { className: string; name: string; uri: vscode.Uri }[]; skipped: number }> {
  const keep = imageCollector(OWN_IMAGES.maxPerClass);
  const report = await scanClassFolder(workspaceFolderFs(folder), (img) => keep.onImage(img));
  return {
    report,
    files: keep.images.map((i) => ({ ...i, uri: vscode.Uri.joinPath(folder, i.className, i.name) })),
    skipped: keep.skipped(),
  };
}
