// `npm run pack:cli`: the command-line grader on its own, as an npm package `dl-course-<version>.tgz`
// that `npm install -g ./dl-course-<version>.tgz` installs offline (no dependencies: tf is bundled
// into dist/cli.js and its worker, webpack.config.js) and that the class repositories' CI installs
// (`dl-course classroom init` writes the CI files; they expect the package at tools/dl-course.tgz).
// The repository's own package.json is the VS Code extension's (with runtime dependencies), so the
// package is staged in a temporary folder with its own package.json and packed there.
//
//   node scripts/pack-cli.mjs [--out-dir <dir>] [--as <file name>]
//
// Needs the built bundles (`npm run build`). Prints the package's path and size.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * What dist/cli.js loads at run time, relative to the repository (and to the package, which keeps
 * the same layout: the CLI finds exercises/, media/ and l10n/ next to dist/). Hidden checks are
 * compiled into the bundles; their sources stay out. The threaded wasm is left out: tfjs never
 * starts threads in Node.
 */
export const CLI_FILES = [
  'dist/cli.js',
  'dist/cli.js.LICENSE.txt',
  'dist/grader-node-worker.js', // the checker (worker_threads)
  'dist/grader-node-worker.js.LICENSE.txt',
  'dist/learner-node.js', // the learner realm's process; its sandbox mounts these two files
  'dist/learner-tf.js',
  'dist/learner-tf.js.LICENSE.txt',
  'dist/wasm/tfjs-backend-wasm.wasm',
  'dist/wasm/tfjs-backend-wasm-simd.wasm',
  'dist/types/', // TF.js declarations that `classroom init` lays out for the learners' editors
  'exercises/*/exercise.json',
  'exercises/*/starter.ts', // `classroom init`, `validate` (the starter must fail)
  'exercises/*/solution.ts', // `validate` (the solution must pass)
  'exercises/*/theory.en.md', // the course loader requires them
  'exercises/*/theory.fr.md',
  'media/data/', // data sets the checks train and test on
  'media/photos/', // images of the image-filter checks
  'media/schema/', // classroom.json's schema (`classroom init`)
  'l10n/bundle.l10n.fr.json', // --lang fr
  'LICENSE',
];

/** The paths CLI_FILES names, relative to `root`; a pattern has one `*` for one folder level. */
export function listCliFiles(root = repoRoot) {
  const found = [];
  const missing = [];
  for (const entry of CLI_FILES) {
    const [head, tail] = entry.split('/*/');
    if (tail !== undefined) {
      const dirs = existsSync(path.join(root, head)) ? readdirSync(path.join(root, head)).sort() : [];
      const hits = dirs.map((d) => `${head}/${d}/${tail}`).filter((f) => existsSync(path.join(root, f)));
      if (hits.length) found.push(...hits);
      else missing.push(entry);
    } else if (!existsSync(path.join(root, entry))) missing.push(entry);
    else if (entry.endsWith('/')) found.push(...walk(root, entry.slice(0, -1)));
    else found.push(entry);
  }
  return { found, missing };
}

function walk(root, rel) {
  return readdirSync(path.join(root, rel), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? walk(root, `${rel}/${e.name}`) : e.isFile() ? [`${rel}/${e.name}`] : []));
}

const README = (version) => `# dl-course ${version} — the command-line grader of the DL Course

The grader of the *DL Course* VS Code extension without VS Code: the exercises' checks, their data
and the sandbox of learner code, in one package with no dependencies (Node ≥ 20).

    npm install -g ./dl-course-${version}.tgz     # offline
    dl-course list
    dl-course grade --all <class-folder> --classroom classroom.json --out grade-book.json
    dl-course report grade-book.json --out class.html
    dl-course classroom init <dir>               # a class repository with its CI files

\`dl-course --help\` lists every command. On Linux, install bubblewrap (Debian: \`apt-get install
bubblewrap\`) so that learner code runs without network; without it the reports say so.
`;

function main() {
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string' }, as: { type: 'string' } } });
  const outDir = path.resolve(values['out-dir'] ?? repoRoot);
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  // A CLI built before tf was bundled in would need node_modules, which the package does not have.
  const unbundled = ['dist/cli.js', 'dist/grader-node-worker.js'].filter((f) =>
    /require\("@tensorflow\//.test(readFileSync(path.join(repoRoot, f), 'utf8')),
  );
  if (unbundled.length) throw new Error(`${unbundled.join(', ')} load @tensorflow from node_modules: rebuild with \`npm run build\``);
  const { found, missing } = listCliFiles();
  if (missing.length) throw new Error(`missing: ${missing.join(', ')} (run \`npm run build\`)`);

  const stage = mkdtempSync(path.join(tmpdir(), 'dl-course-pack-'));
  try {
    for (const f of found) cpSync(path.join(repoRoot, f), path.join(stage, f));
    const pkg = {
      name: 'dl-course',
      version: manifest.version,
      description:
        'The command-line grader of the DL Course (deep learning with TensorFlow.js): checks, data and sandbox, no VS Code needed',
      license: manifest.license,
      bin: { 'dl-course': 'dist/cli.js' },
      engines: { node: manifest.engines.node },
      os: ['linux', 'darwin', 'win32'],
      files: ['dist/', 'exercises/', 'media/', 'l10n/'],
    };
    writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    writeFileSync(path.join(stage, 'README.md'), README(manifest.version));
    mkdirSync(outDir, { recursive: true });
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], {
      cwd: stage,
      encoding: 'utf8',
      env: { ...process.env, npm_config_loglevel: 'error' },
    });
    const [info] = JSON.parse(out);
    let file = path.join(outDir, info.filename);
    if (values.as) {
      const renamed = path.join(outDir, values.as);
      renameSync(file, renamed);
      file = renamed;
    }
    const mb = (n) => (n / 1e6).toFixed(1);
    process.stdout.write(
      `${file}\n  ${mb(statSync(file).size)} MB packed, ${mb(info.unpackedSize)} MB installed, ${info.entryCount} files, no dependencies\n`,
    );
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`pack-cli: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
