import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/inProcessGrader';

/** package.json, its translations and the code agree: every command has a handler and both languages. */
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string; title: string; category: string }[] };
  activationEvents: string[];
};
const nls = (f: string) => JSON.parse(fs.readFileSync(path.join(repoRoot, f), 'utf8')) as Record<string, string>;

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('package.json', () => {
  it('every contributed command has a handler in the command table, and back', () => {
    const table = fs.readFileSync(path.join(repoRoot, 'src/commands/table.ts'), 'utf8');
    const handled = [...table.matchAll(/'(dlCourse\.[A-Za-z]+)':/g)].map((m) => m[1]).sort();
    assert.deepEqual(pkg.contributes.commands.map((c) => c.command).sort(), handled);
  });
  it('the palette title of Check is exactly "DL Course: Check Exercise" in English', () => {
    const check = pkg.contributes.commands.find((c) => c.command === 'dlCourse.check')!;
    const en = nls('package.nls.json');
    assert.equal(`${en[check.category.slice(1, -1)]}: ${en[check.title.slice(1, -1)]}`, 'DL Course: Check Exercise');
  });
  it("the texts that count the exercises (README, the view's welcome) give the number of exercise folders", () => {
    const count = fs
      .readdirSync(path.join(repoRoot, 'exercises'))
      .filter((d) => fs.existsSync(path.join(repoRoot, 'exercises', d, 'exercise.json'))).length;
    assert.ok(count >= 19);
    for (const [file, said] of [
      ['package.nls.json', /(\d+) exercises/],
      ['package.nls.fr.json', /(\d+) exercices/],
    ] as const)
      assert.equal(Number(said.exec(nls(file)['view.exercises.welcome']!)?.[1]), count, `${file}: view.exercises.welcome`);
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    for (const m of readme.matchAll(/(\d+) guided\s+exercises/g)) assert.equal(Number(m[1]), count, 'README');
  });
  it('every %key% of package.json exists in English and in French', () => {
    const text = fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8');
    const keys = [...new Set([...text.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!))];
    assert.ok(keys.length > 10);
    for (const file of ['package.nls.json', 'package.nls.fr.json']) {
      const t = nls(file);
      for (const k of keys) assert.ok(t[k]?.trim(), `${file} lacks "${k}"`);
    }
  });
  it('every vscode.l10n.t string of the extension has a French translation', () => {
    const fr = nls('l10n/bundle.l10n.fr.json');
    const missing = new Set<string>();
    for (const f of sourceFiles(path.join(repoRoot, 'src'))) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/l10n\.t\('((?:[^'\\]|\\.)*)'/g)) {
        const key = m[1]!.replace(/\\'/g, "'");
        if (!fr[key]) missing.add(`${path.relative(repoRoot, f)}: ${key}`);
      }
    }
    assert.deepEqual([...missing], []);
  });
});
