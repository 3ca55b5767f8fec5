import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ProgressStore } from '../../src/course/progressStore';
import { NodeFolder } from '../../src/node/nodeFolder';

/** The learner's progress file: a missing, corrupt or cut-short file loses nothing and says so. */
const course = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'dlc-progress-'));
const progressFile = (root: string) => path.join(root, '.dl-course', 'progress.json');
const writeProgress = (root: string, text: string) => {
  fs.mkdirSync(path.dirname(progressFile(root)), { recursive: true });
  fs.writeFileSync(progressFile(root), text);
};
const open = (root: string) => ProgressStore.open(new NodeFolder(root));
const asideFiles = (root: string) => fs.readdirSync(path.join(root, '.dl-course')).filter((f) => f.startsWith('progress.json.unreadable-'));

describe('progress store', () => {
  it('a missing file: every exercise not started, nothing to recover, nothing written until a change', async () => {
    const root = course();
    const store = await open(root);
    assert.deepEqual(store.get('01-weighted-sum'), { state: 'notStarted', attempts: 0, hintsShown: 0 });
    assert.equal(store.recoveredFrom, undefined);
    assert.equal(fs.existsSync(progressFile(root)), false);
  });

  it('keeps what was saved across a reload, and writes no temp file beside it', async () => {
    const root = course();
    await (
      await open(root)
    ).update('01-weighted-sum', (p) => {
      p.state = 'passed';
      p.attempts = 3;
    }).saved;
    await (
      await open(root)
    ).update('02-dense-layer', (p) => {
      p.hintsShown = 1;
    }).saved;
    const again = await open(root);
    assert.deepEqual(again.get('01-weighted-sum'), { state: 'passed', attempts: 3, hintsShown: 0 });
    assert.deepEqual(again.get('02-dense-layer'), { state: 'notStarted', attempts: 0, hintsShown: 1 });
    assert.equal(again.recoveredFrom, undefined);
    assert.deepEqual(fs.readdirSync(path.dirname(progressFile(root))), ['progress.json']);
  });

  for (const [what, text] of [
    ['cut short (a write interrupted)', '{"version":1,"exercises":{"01-weighted-sum":{"state":"pass'],
    ['not JSON', 'progress: lots'],
    ['JSON of another shape', '[1, 2, 3]'],
    ['JSON without exercises', '{"version":1}'],
    ['empty', ''],
  ] as const) {
    it(`a file ${what} is kept aside with its bytes, said in recoveredFrom, and progress starts afresh`, async () => {
      const root = course();
      writeProgress(root, text);
      const store = await open(root);
      assert.ok(store.recoveredFrom, 'the store says the file could not be read');
      assert.equal(path.dirname(store.recoveredFrom), path.dirname(progressFile(root)));
      assert.equal(fs.readFileSync(store.recoveredFrom, 'utf8'), text, 'the unreadable file is kept as it was');
      assert.deepEqual(store.get('01-weighted-sum'), { state: 'notStarted', attempts: 0, hintsShown: 0 });
      // The next save writes a fresh file and leaves the kept copy alone.
      await store.update('01-weighted-sum', (p) => {
        p.attempts = 1;
      }).saved;
      assert.equal(fs.readFileSync(store.recoveredFrom, 'utf8'), text);
      assert.equal(JSON.parse(fs.readFileSync(progressFile(root), 'utf8')).exercises['01-weighted-sum'].attempts, 1);
      // Read again, the fresh file is fine: nothing more is moved aside.
      assert.equal((await open(root)).recoveredFrom, undefined);
      assert.equal(asideFiles(root).length, 1);
    });
  }

  it('a temp file left by an interrupted save does not disturb the progress file', async () => {
    const root = course();
    await (
      await open(root)
    ).update('03-relu-bias', (p) => {
      p.state = 'inProgress';
      p.attempts = 2;
    }).saved;
    fs.writeFileSync(`${progressFile(root)}.12345.tmp`, '{"version":1,"exerc');
    const store = await open(root);
    assert.equal(store.recoveredFrom, undefined);
    assert.equal(store.get('03-relu-bias').attempts, 2);
  });
});
