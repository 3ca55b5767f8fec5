import * as assert from 'assert';
import * as vscode from 'vscode';
import type { DlCourseApi } from '../../src/extension';

export const EXTENSION_ID = 'dl-course.dl-course';

/** The extension, activated; its exports are the API the tests read verdicts through. */
export async function activeApi(): Promise<DlCourseApi> {
  const ext = vscode.extensions.getExtension<DlCourseApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  return ext.isActive ? ext.exports : ext.activate();
}
