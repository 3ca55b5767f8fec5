import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DlCourseApi } from '../../src/extension';
import { activeApi, saveAndSettle } from './api';
import { recordMetric } from './suite/index';

/**
 * The learner's path through exercise 01 in a real extension host: lay out the course in the
 * (empty, temporary) workspace folder, check the starter (fails), check the solution (4/4),
 * progress recorded, reset with a backup.
 */
const ID = '01-weighted-sum';

describe('course folder and Check', function () {
  let api: DlCourseApi;
  let root: string;
  let file: vscode.Uri;

  before(async () => {
    api = await activeApi();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the tests need a workspace folder (a fresh temporary one)');
    root = folder.uri.fsPath;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('dlCourse.openCourse with a folder lays out the course there', async () => {
    await vscode.commands.executeCommand('dlCourse.openCourse', vscode.Uri.file(root));
    assert.equal(api.service.courseRoot, root);
    for (const e of api.service.exercises) {
      assert.ok(fs.existsSync(path.join(root, e.manifest.id, 'exercise.ts')), `${e.manifest.id}/exercise.ts`);
    }
    assert.ok(fs.existsSync(path.join(root, 'tsconfig.json')), 'tsconfig.json');
    assert.ok(fs.existsSync(path.join(root, '.dl-course', 'course.json')), '.dl-course/course.json');
    assert.ok(
      fs.existsSync(path.join(root, '.dl-course', 'types', '@tensorflow', 'tfjs', 'package.json')),
      '.dl-course/types/@tensorflow/tfjs/package.json',
    );
    const leaked = walk(root, ['.dl-course']).filter((f) => /(^|\/)(checks|solution|starter)\.ts$/.test(f) || f.endsWith('exercise.json'));
    assert.deepEqual(leaked, [], 'checks, solutions and manifests stay in the extension');
    const starter = fs.readFileSync(api.service.exercise(ID)!.starterPath, 'utf8');
    file = api.service.fileOf(ID)!;
    assert.equal(fs.readFileSync(file.fsPath, 'utf8'), starter, 'exercise.ts starts as the starter');
  });

  it('the laid-out course type-checks offline: @tensorflow/tfjs resolves, tsconfig.json is valid', async () => {
    const uri = api.service.fileOf('02-dense-layer')!;
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
    const offset = doc.getText().indexOf('tf.Tensor2D');
    assert.ok(offset > 0, '02-dense-layer/exercise.ts uses tf.Tensor2D');
    // The hover waits for the TypeScript server: an unresolved module would make tf `any`.
    const at = doc.positionAt(offset + 'tf.'.length + 1);
    let text = '';
    for (let i = 0; i < 60 && !/Tensor/.test(text.replace(/any/g, '')); i++) {
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at)) ?? [];
      text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      if (!/Tensor/.test(text)) await new Promise((r) => setTimeout(r, 500));
    }
    assert.match(text, /class Tensor|Tensor2D|Tensor<Rank/, `hover on tf.Tensor2D: ${text}`);
    const tsErrors = (u: vscode.Uri) =>
      vscode.languages
        .getDiagnostics(u)
        .filter((d) => d.source === 'ts' && d.severity === vscode.DiagnosticSeverity.Error)
        .map((d) => `${d.code}: ${d.message}`);
    // Diagnostics come after the hover: wait until TypeScript has reported on the file (the starter's
    // unused parameters at least give hints) or on tsconfig.json.
    const config = vscode.Uri.file(path.join(root, 'tsconfig.json'));
    for (
      let i = 0;
      i < 60 && !vscode.languages.getDiagnostics(uri).some((d) => d.source === 'ts') && !vscode.languages.getDiagnostics(config).length;
      i++
    )
      await new Promise((r) => setTimeout(r, 250));
    assert.deepEqual(
      tsErrors(uri).filter((m) => /^2307|Cannot find module/.test(m)),
      [],
      'the TF.js types resolve',
    );
    assert.deepEqual(tsErrors(config), [], 'tsconfig.json has errors');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('dlCourse.check on the starter fails, with DL Course diagnostics', async () => {
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
    let started = Date.now();
    await vscode.commands.executeCommand('dlCourse.check', ID); // cold: opens the grader panel, starts TF.js
    recordMetric('inHostColdCheckMs', Date.now() - started);
    const diagnostics = vscode.languages.getDiagnostics(file).filter((d) => d.source === 'DL Course');
    assert.ok(diagnostics.length > 0, 'no DL Course diagnostics after a failing check');
    assert.ok(diagnostics.every((d) => d.severity === vscode.DiagnosticSeverity.Error));
    assert.ok(
      diagnostics.some((d) => String(d.code).startsWith(`${ID}/`)),
      'diagnostics name the failing check',
    );

    started = Date.now();
    const result = await api.runner.check(ID); // warm
    recordMetric('inHostWarmCheckMs', Date.now() - started);
    assert.ok(result, 'runner.check returned no result');
    assert.equal(result.outcomes.length, 4);
    const passed = result.outcomes.filter((o) => o.status === 'passed').length;
    assert.ok(passed < 4, 'the starter passes every check');
    assert.equal(result.outcomes.find((o) => o.id === 'neuron-random')?.status, 'failed', 'neuron-random fails on the starter');
    assert.equal(api.service.progress(ID).state, 'inProgress');
  });

  it('dlCourse.check on the solution passes 4/4 and records the pass', async () => {
    const solution = fs.readFileSync(api.service.exercise(ID)!.solutionPath, 'utf8');
    const doc = await vscode.workspace.openTextDocument(file);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(file, new vscode.Range(0, 0, doc.lineCount, 0), solution);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await saveAndSettle(doc, solution);

    await vscode.commands.executeCommand('dlCourse.check', ID);
    const diagnostics = vscode.languages.getDiagnostics(file).filter((d) => d.source === 'DL Course');
    assert.deepEqual(
      diagnostics.map((d) => d.message),
      [],
      'diagnostics remain after a passing check',
    );

    const result = await api.runner.check(ID);
    assert.ok(result);
    assert.deepEqual(
      result.outcomes.map((o) => `${o.id}: ${o.status}`),
      result.outcomes.map((o) => `${o.id}: passed`),
    );
    assert.equal(result.outcomes.length, 4);

    const progress = JSON.parse(fs.readFileSync(path.join(root, '.dl-course', 'progress.json'), 'utf8')) as {
      exercises: Record<string, { state: string; attempts: number; lastPassed: number; lastTotal: number; passedAt?: string }>;
    };
    const p = progress.exercises[ID];
    assert.ok(p, 'progress.json has no entry for the exercise');
    assert.equal(p.state, 'passed');
    assert.equal(p.lastPassed, 4);
    assert.equal(p.lastTotal, 4);
    assert.ok(p.attempts >= 4, `attempts = ${p.attempts}`);
    assert.ok(p.passedAt, 'passedAt');
  });

  it('dlCourse.resetExercise brings the starter back and keeps a backup', async () => {
    const e = api.service.exercise(ID)!;
    // What the learner sees (unsaved changes included) is what must be kept.
    const before = (await vscode.workspace.openTextDocument(file)).getText();
    // The confirmation is modal: answer it here, as the learner would, then put the real API back.
    const w = vscode.window as unknown as Record<string, unknown>;
    const original = { warn: w.showWarningMessage, info: w.showInformationMessage };
    let asked = '';
    w.showWarningMessage = async (message: string, ...rest: unknown[]) => {
      asked = message;
      return rest.find((r) => r === 'Reset');
    };
    w.showInformationMessage = async () => undefined;
    try {
      await vscode.commands.executeCommand('dlCourse.resetExercise', ID);
    } finally {
      w.showWarningMessage = original.warn;
      w.showInformationMessage = original.info;
    }
    assert.match(asked, /Reset/);
    assert.equal(fs.readFileSync(file.fsPath, 'utf8'), fs.readFileSync(e.starterPath, 'utf8'), 'exercise.ts is the starter again');
    const dir = path.join(root, '.dl-course', 'backups', ID);
    const backups = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    assert.equal(backups.length, 1, `backups: ${backups.join(', ')}`);
    assert.equal(fs.readFileSync(path.join(dir, backups[0]!), 'utf8'), before, 'the backup holds the text before the reset');
    assert.equal(api.service.progress(ID).state, 'passed', 'a reset does not take a pass away');
  });
});

function walk(dir: string, skip: readonly string[], base = dir): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (skip.includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full, skip, base));
    else out.push(path.relative(base, full));
  }
  return out;
}
