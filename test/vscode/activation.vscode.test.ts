import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activeApi, EXTENSION_ID } from './api';
import { recordMetric } from './suite/index';

describe('activation', () => {
  it('the extension activates and returns its API', async () => {
    const started = Date.now();
    const api = await activeApi();
    recordMetric('activateCallMs', Date.now() - started);
    assert.ok(api.service, 'exports.service');
    assert.ok(api.runner, 'exports.runner');
    assert.equal(typeof api.activatedInMs, 'number');
    recordMetric('activatedInMs', api.activatedInMs);
    assert.ok(
      api.service.exercises.some((e) => e.manifest.id === '01-weighted-sum'),
      'the course lists 01-weighted-sum',
    );
    assert.deepEqual(api.service.course.errors, [], 'the shipped course loads without errors');
  });

  it('every command of package.json is registered', async () => {
    await activeApi();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const manifest = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[] };
    };
    const declared = manifest.contributes.commands.map((c) => c.command);
    assert.ok(declared.length >= 7, 'package.json declares the commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
  });
});
