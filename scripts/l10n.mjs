// `npm run l10n`: regenerates l10n/bundle.l10n.json (the English keys) from the sources with
// @vscode/l10n-dev; `--check` regenerates nothing and fails when the bundle is stale (the unit test
// test/unit/l10n.unit.test.ts runs it). Translations stay by hand in l10n/bundle.l10n.fr.json.
//
// Our code translates with `l10n.t(…)` (host: src/course/language's l10n, which follows the course
// language; webviews and CLI: @vscode/l10n) and `both(…)` (grader core and src/shared: a message
// in both languages, src/shared/i18n.ts). l10n-dev recognises `l10n.t(` only in a file that imports
// 'vscode' or '@vscode/l10n', so each file is shown to it with that import and `both(` as `l10n.t(`.
// exercises/ is not scanned: an exercise's text is written in both languages in its own folder.
import { getL10nJson } from '@vscode/l10n-dev';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const bundlePath = join(root, 'l10n', 'bundle.l10n.json');

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The English bundle the sources ask for, keys sorted, as the file holds it. */
export async function extract() {
  const files = [...walk(join(root, 'src')), ...walk(join(root, 'webviews'))].sort();
  // One script for all the files, with one import: l10n-dev compiles its query once per import it
  // finds, so the other imports of 'vscode' are renamed away (2 s instead of 20).
  const body = files
    .map((f) =>
      readFileSync(f, 'utf8')
        .replace(/(?<![\w.$]|function )both\(/g, 'l10n.t(')
        .replace(/(['"])(vscode|@vscode\/l10n)\1/g, "'_$2'"),
    )
    .join('\n');
  const bundle = await getL10nJson([{ extension: '.ts', contents: `import * as l10n from '@vscode/l10n';\n${body}` }]);
  const sorted = Object.fromEntries(
    Object.keys(bundle)
      .sort()
      .map((k) => [k, bundle[k]]),
  );
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const text = await extract();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(bundlePath, 'utf8');
    } catch {
      /* missing: stale */
    }
    if (current !== text) {
      console.error('l10n/bundle.l10n.json is not what the sources ask for: run `npm run l10n`.');
      process.exit(1);
    }
    console.log(`l10n/bundle.l10n.json is current (${Object.keys(JSON.parse(text)).length} messages).`);
  } else {
    writeFileSync(bundlePath, text);
    console.log(`l10n/bundle.l10n.json: ${Object.keys(JSON.parse(text)).length} messages.`);
  }
}
