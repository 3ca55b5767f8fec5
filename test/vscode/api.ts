import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { DlCourseApi } from '../../src/extension';

export const EXTENSION_ID = 'dl-course.dl-course';

/** The extension, activated; its exports are the API the tests read verdicts through. */
export async function activeApi(): Promise<DlCourseApi> {
  const ext = vscode.extensions.getExtension<DlCourseApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  return ext.isActive ? ext.exports : ext.activate();
}

/**
 * Saves `doc` and waits until the save has reached both the disk and the extension host's view
 * of the document. The web workbench auto-saves after 1 s: when that save is already running,
 * `save()` joins it and can resolve before the host hears the document is clean, so `isDirty`
 * is read once the state has settled (a save that really fails still fails, after `timeoutMs`).
 */
export async function saveAndSettle(doc: vscode.TextDocument, expected: string, timeoutMs = 15_000): Promise<void> {
  await doc.save();
  const deadline = Date.now() + timeoutMs;
  const onDisk = () => fs.readFileSync(doc.uri.fsPath, 'utf8') === expected;
  while ((doc.isDirty || !onDisk()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.ok(!doc.isDirty, `${doc.uri.fsPath} could not be saved (still dirty after ${timeoutMs / 1000} s)`);
  assert.ok(onDisk(), `${doc.uri.fsPath} on disk is not the saved text`);
}
