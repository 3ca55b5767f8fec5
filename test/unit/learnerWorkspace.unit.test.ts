import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { EXERCISE_FILE, MARKER, backUp, exerciseFile, exerciseIdOf, isCourseFolder, layOutCourse } from '../../src/node/learnerWorkspace';
import { learnerFolderFixture, tmp } from '../support/learnerFolderFixture';

/** The learner's course folder: laid out once, completed later, never overwriting the learner's files. */

describe('learner workspace', () => {
  it('lays out a fresh course: starters, tsconfig, settings, declarations, then the marker', () => {
    const { exercises, types } = learnerFolderFixture();
    const root = tmp('dlc-course-');
    assert.equal(isCourseFolder(root), false);
    const r = layOutCourse(root, exercises, types, '9.9.9');
    assert.deepEqual(r.kept, []);
    assert.deepEqual(
      r.created.map((f) => path.relative(root, f)).sort(),
      [
        path.join('.vscode', 'settings.json'),
        path.join('01-alpha', EXERCISE_FILE),
        path.join('02-beta', EXERCISE_FILE),
        'tsconfig.json',
      ].sort(),
    );
    assert.equal(fs.readFileSync(exerciseFile(root, '01-alpha'), 'utf8'), '// TODO 01-alpha\nexport const x = 0;\n');
    const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
    assert.equal(tsconfig.compilerOptions.module, 'preserve');
    assert.deepEqual(tsconfig.compilerOptions.paths, { '@tensorflow/*': ['./.dl-course/types/@tensorflow/*'] });
    assert.ok(fs.existsSync(path.join(root, '.dl-course', 'types', '@tensorflow', 'tfjs', 'index.d.ts')));
    assert.equal(JSON.parse(fs.readFileSync(path.join(root, MARKER), 'utf8')).extensionVersion, '9.9.9');
    assert.equal(isCourseFolder(root), true);
  });

  it("opened again: the learner's files and settings are kept as they are, declarations are refreshed", () => {
    const { exercises, types } = learnerFolderFixture();
    const root = tmp('dlc-course-');
    layOutCourse(root, exercises.slice(0, 1), types, '1.0.0');
    fs.writeFileSync(exerciseFile(root, '01-alpha'), 'my work');
    fs.writeFileSync(path.join(root, 'tsconfig.json'), '{"mine": true}');
    fs.writeFileSync(path.join(root, '.dl-course', 'types', 'stale.d.ts'), 'old');
    const r = layOutCourse(root, exercises, types, '1.1.0');
    assert.equal(fs.readFileSync(exerciseFile(root, '01-alpha'), 'utf8'), 'my work');
    assert.equal(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8'), '{"mine": true}');
    assert.deepEqual(
      r.created.map((f) => path.relative(root, f)),
      [path.join('02-beta', EXERCISE_FILE)],
      'a new exercise gets its starter',
    );
    assert.ok(r.kept.includes(exerciseFile(root, '01-alpha')));
    assert.equal(fs.existsSync(path.join(root, '.dl-course', 'types', 'stale.d.ts')), false);
    assert.equal(JSON.parse(fs.readFileSync(path.join(root, MARKER), 'utf8')).extensionVersion, '1.1.0');
  });

  it('names the exercise of a file only for <root>/<NN-id>/exercise.ts', () => {
    const root = path.join(os.tmpdir(), 'course');
    assert.equal(exerciseIdOf(root, exerciseFile(root, '06-convolution')), '06-convolution');
    assert.equal(exerciseIdOf(root, path.join(root, '06-convolution', 'notes.ts')), undefined);
    assert.equal(exerciseIdOf(root, path.join(root, 'misc', EXERCISE_FILE)), undefined);
    assert.equal(exerciseIdOf(root, path.join(root, '06-convolution', 'deeper', EXERCISE_FILE)), undefined);
    assert.equal(exerciseIdOf(root, path.join(os.tmpdir(), 'elsewhere', '06-convolution', EXERCISE_FILE)), undefined);
  });

  it('backs up before a reset: one copy per reset, none overwritten, even within the same millisecond', () => {
    const root = tmp('dlc-course-');
    const now = new Date('2026-01-02T03:04:05.678Z');
    const a = backUp(root, '01-alpha', 'first', now);
    const b = backUp(root, '01-alpha', 'second', now);
    assert.notEqual(a, b);
    assert.equal(path.dirname(a), path.join(root, '.dl-course', 'backups', '01-alpha'));
    assert.match(path.basename(a), /^exercise-2026-01-02T03-04-05-678Z\.ts$/);
    assert.equal(fs.readFileSync(a, 'utf8'), 'first');
    assert.equal(fs.readFileSync(b, 'utf8'), 'second');
  });
});
