import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { PNG } from 'pngjs';
import * as vscode from 'vscode';
import type { DlCourseApi } from '../../src/extension';
import type { OwnImagesOutcome } from '../../src/panels/trainingPanel';
import { activeApi } from './api';
import { recordMetric } from './suite/index';

/**
 * "DL Course: Train on My Images" in a real extension host and webview: a folder of PNG files in
 * the workspace (cats/ and dogs/ from the shipped held-out set, plus a text file posing as an
 * image), exercise 19's solution in the learner's exercise.ts. The host reads the folder, the
 * training panel's Web Worker decodes the pictures with the browser's decoder and trains.
 */
const ID = '19-cats-vs-dogs';

function writeClassFolder(root: string, repo: string, perClass: number): void {
  const dir = path.join(repo, 'media/data/catsdogs/test');
  const images = fs.readFileSync(path.join(dir, 'images.u8'));
  const labels = fs.readFileSync(path.join(dir, 'labels.u8'));
  const n = [0, 0];
  for (let i = 0; i < labels.length && (n[0]! < perClass || n[1]! < perClass); i++) {
    const c = labels[i]!;
    if (n[c]! >= perClass) continue;
    n[c]!++;
    const png = new PNG({ width: 32, height: 32 });
    for (let p = 0; p < 32 * 32; p++) {
      png.data[p * 4] = images[(i * 1024 + p) * 3]!;
      png.data[p * 4 + 1] = images[(i * 1024 + p) * 3 + 1]!;
      png.data[p * 4 + 2] = images[(i * 1024 + p) * 3 + 2]!;
      png.data[p * 4 + 3] = 255;
    }
    const cls = path.join(root, c === 0 ? 'cats' : 'dogs');
    fs.mkdirSync(cls, { recursive: true });
    fs.writeFileSync(path.join(cls, `${i}.png`), PNG.sync.write(png));
  }
}

describe("Train on My Images (exercise 19 on a folder of the learner's pictures)", function () {
  let api: DlCourseApi;
  let root: string;
  const w = vscode.window as unknown as Record<string, unknown>;
  const original = { info: w.showInformationMessage, error: w.showErrorMessage };
  const shown: string[] = [];

  before(async () => {
    api = await activeApi();
    root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    if (!api.service.exercise(ID) || !api.service.fileOf(ID))
      await vscode.commands.executeCommand('dlCourse.openCourse', vscode.Uri.file(root));
    fs.writeFileSync(api.service.fileOf(ID)!.fsPath, fs.readFileSync(api.service.exercise(ID)!.solutionPath, 'utf8'));
    const repo = path.resolve(api.service.exercise(ID)!.solutionPath, '../../..');
    writeClassFolder(path.join(root, 'my-photos'), repo, 15);
    fs.writeFileSync(path.join(root, 'my-photos', 'cats', 'notes.png'), 'not a picture');
    fs.mkdirSync(path.join(root, 'one-class', 'cats'), { recursive: true });
    for (const f of fs.readdirSync(path.join(root, 'my-photos', 'cats')))
      fs.copyFileSync(path.join(root, 'my-photos', 'cats', f), path.join(root, 'one-class', 'cats', f));
    w.showInformationMessage = async (m: string) => {
      shown.push(m);
      return undefined;
    };
    w.showErrorMessage = async (m: string) => {
      shown.push(m);
      return undefined;
    };
  });

  after(async () => {
    w.showInformationMessage = original.info;
    w.showErrorMessage = original.error;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("trains in the training panel's worker on a folder clicked in the explorer, and reports per class", async () => {
    const started = Date.now();
    const outcome = await vscode.commands.executeCommand<OwnImagesOutcome>(
      'dlCourse.trainOnImages',
      vscode.Uri.file(path.join(root, 'my-photos')),
    );
    recordMetric('ownImagesTrainMs', Date.now() - started);
    assert.ok(outcome, 'no outcome');
    assert.equal(outcome.ok, true, outcome.text);
    assert.match(
      outcome.text,
      /Trained on 24 of your images \(cats 15, dogs 15 in all; ×2 mirrored\) for 15 epoch\(s\): .* on the 6 held out \(cats .*, dogs .*\)/,
    );
    assert.ok(typeof outcome.accuracy === 'number' && outcome.accuracy >= 0 && outcome.accuracy <= 1, `accuracy ${outcome.accuracy}`);
    assert.ok(shown.includes(outcome.text), 'the summary is shown to the learner');
  });

  it('a folder with one class is refused with the reason, before any training', async () => {
    const outcome = await vscode.commands.executeCommand<OwnImagesOutcome>(
      'dlCourse.trainOnImages',
      vscode.Uri.file(path.join(root, 'one-class')),
    );
    assert.ok(outcome);
    assert.equal(outcome.ok, false);
    assert.match(outcome.text, /Only 1 class has images \(cats\)/);
    assert.ok(
      shown.some((m) => m.includes('one-class cannot be trained on')),
      shown.join(' | '),
    );
  });
});
