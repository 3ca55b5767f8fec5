import { folderReport, type FolderEntry, type FolderReport } from './charts/datasetBalance';
import { sniffImage } from './images';

/**
 * A folder of the learner's own images, one sub-folder per class (`cat/`, `dog/`, or any
 * classes), walked the same way by every host: the extension host through vscode.workspace.fs
 * (dataset-balance panel, "Train on My Images") and the command-line grader through Node's fs.
 * Files are judged by their first bytes, not their names; the judgement in words (too few, one
 * class, unreadable, imbalance) is folderReport's. Environment-free: the host hands in its fs.
 */
export interface FolderFs {
  /** The entries of `root/…segments`. */
  list(segments: readonly string[]): Promise<readonly { readonly name: string; readonly kind: 'file' | 'directory' | 'other' }[]>;
  /** The bytes of `root/…segments`. */
  read(segments: readonly string[]): Promise<Uint8Array>;
}

/** One readable image, handed to the caller's `onImage` (which keeps what it needs, e.g. a thumbnail). */
export interface FolderImage {
  readonly className: string;
  readonly name: string;
  readonly kind: string;
  readonly bytes: Uint8Array;
}

/** Reading stops after this many files per class: enough to count and to judge balance. */
export const MAX_FILES_PER_CLASS = 5_000;

export async function scanClassFolder(
  fs: FolderFs,
  onImage: (image: FolderImage) => void = () => undefined,
  maxFiles = MAX_FILES_PER_CLASS,
): Promise<FolderReport> {
  const top = await fs.list([]);
  const entries: FolderEntry[] = [];
  let loose = 0;
  for (const { name, kind } of [...top].sort((a, b) => a.name.localeCompare(b.name))) {
    if (name.startsWith('.')) continue;
    if (kind === 'file') {
      loose++;
      continue;
    }
    if (kind !== 'directory') continue;
    const inside = (await fs.list([name]))
      .filter((f) => !f.name.startsWith('.') && f.kind === 'file')
      .map((f) => f.name)
      .sort()
      .slice(0, maxFiles);
    const files: { name: string; readable: boolean }[] = [];
    for (const file of inside) {
      let readable = false;
      try {
        const bytes = await fs.read([name, file]);
        const format = sniffImage(bytes.subarray(0, 16));
        readable = format !== undefined;
        if (format) onImage({ className: name, name: file, kind: format, bytes });
      } catch {
        readable = false;
      }
      // Judged by content: a photo.jpg that is really a text file is unreadable, a notes.txt too.
      files.push({ name: file, readable });
    }
    entries.push({ className: name, files });
  }
  return folderReport(entries, loose);
}

/**
 * Keeps the names of the first `maxPerClass` images of each class (by file name) for training;
 * `skipped` counts the others, so the host can say that not every image was used.
 */
export function imageCollector(maxPerClass: number): {
  onImage(image: FolderImage): void;
  readonly images: { className: string; name: string }[];
  skipped(): number;
} {
  const images: { className: string; name: string }[] = [];
  const perClass = new Map<string, number>();
  let skipped = 0;
  return {
    images,
    skipped: () => skipped,
    onImage(image) {
      const n = perClass.get(image.className) ?? 0;
      if (n >= maxPerClass) {
        skipped++;
        return;
      }
      perClass.set(image.className, n + 1);
      images.push({ className: image.className, name: image.name });
    },
  };
}
