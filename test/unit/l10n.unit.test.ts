import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { both, L } from '../../src/shared/i18n';
import { repoRoot } from '../support/inProcessGrader';

/** One way to translate: the bundle extracted from the sources is current, and every key has its French. */
const bundle = (f: string) => JSON.parse(fs.readFileSync(path.join(repoRoot, 'l10n', f), 'utf8')) as Record<string, string>;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

/** What a French bundle lacks or gets wrong against the English one: one line per problem. */
function frenchProblems(en: Record<string, string>, fr: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(en)) {
    const f = fr[key];
    if (typeof f !== 'string' || !f.trim()) problems.push(`no French for "${key}"`);
    else if (placeholders(f).join() !== placeholders(key).join())
      problems.push(`"${key}": the French has {${placeholders(f).join('}, {')}}`);
  }
  for (const key of Object.keys(fr)) if (!(key in en)) problems.push(`French for a message no source asks for: "${key}"`);
  return problems;
}

describe('l10n bundles', () => {
  it('l10n/bundle.l10n.json is what `npm run l10n` extracts from src/ and webviews/', () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'l10n.mjs'), '--check'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr || r.stdout);
  });
  it('every message of the bundle has its French, with the same placeholders', () => {
    const en = bundle('bundle.l10n.json');
    assert.ok(Object.keys(en).length > 100, 'the extraction found the messages');
    assert.deepEqual(frenchProblems(en, bundle('bundle.l10n.fr.json')), []);
  });
  it('the check finds a missing French, a lost placeholder and a stale entry', () => {
    const en = { Check: 'Check', 'Checking {0}': 'Checking {0}' };
    assert.deepEqual(frenchProblems(en, { 'Checking {0}': 'Vérification', Old: 'Ancien' }), [
      'no French for "Check"',
      '"Checking {0}": the French has {}',
      'French for a message no source asks for: "Old"',
    ]);
  });
  it('both() formats the English key and its French from the bundle, a Localized argument by language', () => {
    assert.deepEqual(both('Cancelled.'), { en: 'Cancelled.', fr: 'Annulé.' });
    assert.deepEqual(both('{0} threw {1}', L('solve()', 'solve()'), 'RangeError'), {
      en: 'solve() threw RangeError',
      fr: 'solve() a levé RangeError',
    });
    assert.deepEqual(both('{0} outputs', 3), { en: '3 outputs', fr: '3 sorties' });
    assert.deepEqual(both('an array'), { en: 'an array', fr: 'un tableau' });
  });
});
