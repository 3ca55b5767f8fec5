import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { isBuiltin } from 'node:module';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readCourse } from '../../src/course/courseReader';
import { backUpIn, isCourseFolderAt, layOutCourseIn } from '../../src/course/learnerFolder';
import { loadCourse } from '../../src/node/courseLoader';
import { backUp, layOutCourse } from '../../src/node/learnerWorkspace';
import { NodeFolder } from '../../src/node/nodeFolder';
import { bytesToBase64 } from '../../src/shared/base64';
import { assembleCourse } from '../../src/shared/courseFiles';
import { EXERCISE_FILE, exerciseIdOfRel } from '../../src/shared/courseLayout';
import { nonce } from '../../src/panels/pageHtml';
import { hostsCourse, type Platform } from '../../src/env/platform';
import type * as vscode from 'vscode';
import { repoRoot } from '../support/inProcessGrader';
import { learnerFolderFixture, tmp } from '../support/learnerFolderFixture';

/**
 * The code both extension hosts share (docs/WEB.md): the course read, laid out, backed up through a
 * Folder gives what the Node-only code gives on disk; the helpers that replace Node's (base64, the
 * nonce) agree with it; and the browser bundle reaches no Node module.
 */

/** Every file under `dir`, relative, with its text. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = path.join(dir, f);
    if (fs.statSync(full).isFile()) out[f.split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
  }
  return out;
}

describe('platform: the course through a Folder', () => {
  it('readCourse (either host) reads the shipped course exactly as loadCourse (the CLI) does', async () => {
    const viaFolder = await readCourse(new NodeFolder(repoRoot));
    const onDisk = loadCourse(repoRoot);
    assert.deepEqual(viaFolder, onDisk);
    assert.equal(viaFolder.errors.length, 0);
    assert.ok(viaFolder.exercises.length >= 20, `${viaFolder.exercises.length} exercises`);
  });

  it('readCourse reports what loadCourse reports: bad JSON, a missing file, a wrong id, a shared order', async () => {
    const root = tmp('dlc-bad-course-');
    const ex = (name: string, manifest: string | object, files = ['starter.ts', 'solution.ts', 'theory.en.md', 'theory.fr.md']) => {
      const dir = path.join(root, 'exercises', name);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'exercise.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
      for (const f of files) fs.writeFileSync(path.join(dir, f), '');
    };
    const good = JSON.parse(fs.readFileSync(path.join(repoRoot, 'exercises/01-weighted-sum/exercise.json'), 'utf8'));
    ex('01-weighted-sum', good);
    ex('02-twin', { ...good, id: '02-twin' });
    ex('03-broken', '{ "id": ');
    ex('04-missing', { ...good, id: '04-missing', order: 4 }, ['starter.ts']);
    ex('05-misnamed', { ...good, id: '05-other', order: 5 });
    fs.mkdirSync(path.join(root, 'exercises', 'not-an-exercise'));
    const viaFolder = await readCourse(new NodeFolder(root));
    assert.deepEqual(viaFolder, loadCourse(root));
    assert.deepEqual(
      viaFolder.exercises.map((e) => e.manifest.id),
      ['01-weighted-sum', '02-twin'],
    );
    const errors = viaFolder.errors.join('\n');
    assert.match(errors, /03-broken\/exercise\.json: invalid JSON/);
    assert.match(errors, /04-missing\/solution\.ts: missing/);
    assert.match(errors, /05-misnamed.*must equal the folder name/);
    assert.match(errors, /order 1 is also used by/);
  });

  it('a course whose exercises/ cannot be listed says so instead of throwing', async () => {
    const c = await readCourse(new NodeFolder(path.join(tmp('dlc-empty-'), 'nowhere')));
    assert.deepEqual(c.exercises, []);
    assert.match(c.errors[0]!, /^cannot read .*exercises/);
  });

  it('assembleCourse names files as the reader addresses them (a URI in the browser)', () => {
    const good = fs.readFileSync(path.join(repoRoot, 'exercises/01-weighted-sum/exercise.json'), 'utf8');
    const c = assembleCourse(
      'vscode-remote://host/ext',
      [{ name: '01-weighted-sum', manifestText: good, present: new Set(['starter.ts', 'solution.ts', 'theory.en.md', 'theory.fr.md']) }],
      (name, file) => `vscode-remote://host/ext/exercises/${name}${file ? `/${file}` : ''}`,
    );
    assert.equal(c.exercises[0]!.theoryPath.fr, 'vscode-remote://host/ext/exercises/01-weighted-sum/theory.fr.md');
  });
});

describe('platform: the learner folder through a Folder', () => {
  it('layOutCourseIn writes the same folder as the CLI’s layOutCourse, the marker last, and keeps what exists', async () => {
    const { exercises, types } = learnerFolderFixture();
    const a = tmp('dlc-a-');
    const b = tmp('dlc-b-');
    const fromCli = layOutCourse(a, exercises, types, '9.9.9');
    const folder = new NodeFolder(b);
    assert.equal(await isCourseFolderAt(folder), false);
    const fromHost = await layOutCourseIn(
      folder,
      exercises,
      async (e) => fs.readFileSync(e.starterPath, 'utf8'),
      { from: new NodeFolder(path.dirname(types)), rel: 'types' },
      '9.9.9',
    );
    assert.equal(await isCourseFolderAt(folder), true);
    assert.deepEqual(tree(b), tree(a));
    assert.deepEqual(fromHost.created.map((f) => path.relative(b, f)).sort(), fromCli.created.map((f) => path.relative(a, f)).sort());
    // Opened again: the learner's work stays, stale declarations go.
    fs.writeFileSync(path.join(b, '01-alpha', EXERCISE_FILE), 'my work');
    fs.writeFileSync(path.join(b, '.dl-course', 'types', 'stale.d.ts'), 'old');
    const again = await layOutCourseIn(
      folder,
      exercises,
      async () => 'starter',
      { from: new NodeFolder(path.dirname(types)), rel: 'types' },
      '1.0.0',
    );
    assert.deepEqual(again.created, []);
    assert.ok(again.kept.includes(path.join(b, '01-alpha', EXERCISE_FILE)));
    assert.equal(fs.readFileSync(path.join(b, '01-alpha', EXERCISE_FILE), 'utf8'), 'my work');
    assert.equal(fs.existsSync(path.join(b, '.dl-course', 'types', 'stale.d.ts')), false);
    assert.equal(JSON.parse(fs.readFileSync(path.join(b, '.dl-course', 'course.json'), 'utf8')).extensionVersion, '1.0.0');
  });

  it('backUpIn names its copies as backUp does, none overwritten within the same millisecond', async () => {
    const now = new Date('2026-01-02T03:04:05.678Z');
    const a = tmp('dlc-a-');
    const folder = new NodeFolder(tmp('dlc-b-'));
    const cli = [backUp(a, '01-alpha', 'first', now), backUp(a, '01-alpha', 'second', now)].map((f) =>
      path.relative(a, f).split(path.sep).join('/'),
    );
    const host = [await backUpIn(folder, '01-alpha', 'first', now), await backUpIn(folder, '01-alpha', 'second', now)];
    assert.deepEqual(host, cli);
    assert.equal(await folder.readText(host[1]!), 'second');
  });

  it('exerciseIdOfRel: only <NN-id>/exercise.ts', () => {
    assert.equal(exerciseIdOfRel('06-convolution/exercise.ts'), '06-convolution');
    assert.equal(exerciseIdOfRel('06-convolution/notes.ts'), undefined);
    assert.equal(exerciseIdOfRel('misc/exercise.ts'), undefined);
    assert.equal(exerciseIdOfRel('06-convolution/deeper/exercise.ts'), undefined);
  });

  it('NodeFolder: exclusive writes refuse to replace, remove is quiet when nothing is there, copyTree wants a folder on disk', async () => {
    const folder = new NodeFolder(tmp('dlc-f-'));
    await folder.writeText('a/b/c.txt', 'one', { exclusive: true });
    await assert.rejects(folder.writeText('a/b/c.txt', 'two', { exclusive: true }));
    assert.equal(await folder.readText('a/b/c.txt'), 'one');
    assert.deepEqual(await folder.list('a'), ['b']);
    await folder.remove('nothing/here');
    await folder.rename('a/b/c.txt', 'a/d.txt');
    assert.equal(await folder.exists('a/b/c.txt'), false);
    assert.equal(folder.sub('a').labelOf('d.txt'), path.join(folder.label, 'a', 'd.txt'));
    const elsewhere = { ...folder, label: 'vscode-remote://host/x' } as unknown as NodeFolder;
    await assert.rejects(folder.copyTree('a', elsewhere, 'b'), /not a folder on disk/);
  });
});

describe('platform: where a course may live', () => {
  it('on disk only on the desktop, wherever the workspace is in the browser', () => {
    const desktop = { kind: 'desktop', courseScheme: 'file' } as Platform;
    const web = { kind: 'web', courseScheme: undefined } as Platform;
    const uri = (scheme: string) => ({ scheme }) as vscode.Uri;
    assert.equal(hostsCourse(desktop, uri('file')), true);
    assert.equal(hostsCourse(desktop, uri('vscode-remote')), false);
    assert.equal(hostsCourse(web, uri('vscode-remote')), true);
    assert.equal(hostsCourse(web, uri('file')), true);
  });
});

describe('platform: what replaces Node in the browser bundle', () => {
  it('bytesToBase64 agrees with Buffer, also past the slice size', () => {
    for (const n of [0, 1, 2, 3, 0x8000 - 1, 0x8000, 0x8000 * 2 + 7]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      assert.equal(bytesToBase64(bytes), Buffer.from(bytes).toString('base64'), `${n} bytes`);
    }
  });

  it('the CSP nonce: 16 random bytes in base64, a fresh one each time', () => {
    const a = nonce();
    assert.equal(Buffer.from(a, 'base64').length, 16);
    assert.notEqual(nonce(), a);
  });

  it('dist/web/extension.js (package.json `browser`) requires vscode and no Node module', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { browser?: string; main?: string };
    assert.equal(pkg.browser, './dist/web/extension.js');
    const file = path.join(repoRoot, pkg.browser);
    assert.ok(fs.existsSync(file), `${file} is missing: run \`npm run build\` first`);
    const bundle = fs.readFileSync(file, 'utf8');
    const required = new Set([...bundle.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!));
    assert.ok(required.has('vscode'));
    // (Other names are strings in sucrase's output templates, never loaded by the host.)
    assert.deepEqual(
      [...required].filter((r) => isBuiltin(r)),
      [],
    );
    assert.doesNotMatch(bundle, /process\.pid|\brandomBytes\(/, 'Node-only calls in the browser bundle');
  });
});
