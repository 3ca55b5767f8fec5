import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { layOutCourse } from '../../src/node/learnerWorkspace';
import { repoRoot } from '../support/inProcessGrader';

/**
 * What the .vsix carries, as `vsce ls` lists it from the built tree (the same walk as `vsce package`):
 * only the kinds below, nothing of src/, test/, the hidden checks or source maps; the licence notices
 * the bundles' banners point to; and TF.js declarations that are exactly what a learner's editor loads.
 */
const dist = path.join(repoRoot, 'dist');
const exerciseIds = fs
  .readdirSync(path.join(repoRoot, 'exercises'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

const SHIPPED: readonly RegExp[] = [
  /^(package\.json|package\.nls\.json|package\.nls\.fr\.json|README\.md|CHANGELOG\.md|LICENSE)$/,
  /^l10n\/bundle\.l10n\.[a-z-]+\.json$/,
  /^dist\/extension\.js(\.LICENSE\.txt)?$/,
  /^dist\/web\/extension\.js(\.LICENSE\.txt)?$/,
  /^dist\/webviews\/[A-Za-z-]+\.js(\.LICENSE\.txt)?$/,
  /^dist\/wasm\/tfjs-backend-wasm[a-z-]*\.wasm$/,
  /^dist\/katex\/(katex\.min\.css|LICENSE|fonts\/KaTeX_[A-Za-z0-9_-]+\.woff2)$/,
  /^dist\/types\/@tensorflow\/tfjs[a-z-]*\/(package\.json|dist\/.+\.d\.ts)$/,
  /^media\/(icon\.png|icon\.svg|[a-zA-Z]+\.css|schema\/[a-z]+\.schema\.json|readme\/[a-z0-9-]+\.png)$/,
  /^media\/(data|photos)\/.+\.(json|u8|png)$/,
  /^exercises\/\d\d-[a-z0-9-]+\/(exercise\.json|starter\.ts|solution\.ts|theory\.(en|fr)\.md)$/,
];

let listed: string[] | undefined;
function vsixFiles(): string[] {
  assert.ok(fs.existsSync(path.join(dist, 'extension.js')), 'dist/extension.js is missing: run `npm run build` first');
  if (!listed) {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, `vsce ls failed: ${r.stderr}`);
    listed = r.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .sort();
  }
  return listed;
}

/** The shipped bundles whose banner points to a licence file that does not ship beside them. */
function unshippedNotices(files: readonly string[], read: (file: string) => string): string[] {
  const missing: string[] = [];
  for (const f of files.filter((x) => x.endsWith('.js'))) {
    const m = /For license information please see (\S+?)(?:\s|\*\/)/.exec(read(f).slice(0, 500));
    if (m && !files.includes(path.posix.join(path.posix.dirname(f), m[1]!))) missing.push(`${f} → ${m[1]}`);
  }
  return missing;
}

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('.vsix contents', () => {
  it('ships only the listed kinds of files, and each kind the extension needs', () => {
    const files = vsixFiles();
    assert.deepEqual(
      files.filter((f) => !SHIPPED.some((re) => re.test(f))),
      [],
      'files that should not ship',
    );
    for (const need of [
      'package.json',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
      'dist/extension.js',
      'dist/web/extension.js',
      'media/icon.png',
      'l10n/bundle.l10n.fr.json',
      'dist/webviews/grader.js',
      'dist/webviews/grader-worker.js',
      'dist/webviews/learner-worker.js',
      'dist/types/@tensorflow/tfjs/package.json',
    ]) {
      assert.ok(files.includes(need), `${need} is not in the .vsix`);
    }
    assert.ok(
      files.some((f) => f.startsWith('dist/wasm/')),
      'no wasm file',
    );
    for (const id of exerciseIds) {
      for (const f of ['exercise.json', 'starter.ts', 'solution.ts', 'theory.en.md', 'theory.fr.md'])
        assert.ok(files.includes(`exercises/${id}/${f}`), `exercises/${id}/${f} is not in the .vsix`);
      assert.ok(!files.includes(`exercises/${id}/checks.ts`), `the hidden checks of ${id} ship`);
    }
  });

  it('every licence notice a shipped bundle points to ships with it', () => {
    const files = vsixFiles();
    assert.deepEqual(
      unshippedNotices(files, (f) => fs.readFileSync(path.join(repoRoot, f), 'utf8')),
      [],
    );
    // A bundle that carries npm packages names its notices, and they name each package (webpack.config.js ThirdPartyNotices).
    for (const f of [
      'dist/extension.js',
      'dist/web/extension.js',
      'dist/webviews/grader-worker.js',
      'dist/webviews/learner-worker.js',
      'dist/webviews/datasetBalance.js',
      'dist/webviews/training.js',
    ]) {
      const notices = `${f}.LICENSE.txt`;
      assert.ok(files.includes(notices), `${notices} is not in the .vsix`);
      assert.match(
        fs.readFileSync(path.join(repoRoot, f), 'utf8').slice(0, 200),
        new RegExp(`For license information please see ${path.posix.basename(notices).replace(/\./g, '\\.')}`),
        `${f} has no banner`,
      );
    }
    const workerNotices = fs.readFileSync(path.join(dist, 'webviews/grader-worker.js.LICENSE.txt'), 'utf8');
    for (const pkg of ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-wasm', 'seedrandom'])
      assert.ok(workerNotices.includes(`${pkg} `), `grader-worker.js.LICENSE.txt does not name ${pkg}`);
    assert.match(
      fs.readFileSync(path.join(dist, 'webviews/datasetBalance.js.LICENSE.txt'), 'utf8'),
      /^d3-scale [\d.]+ \(ISC\)$[\s\S]*Copyright/m,
    );
  });

  it('a bundle whose banner names a file that does not ship is reported', () => {
    const bundles: Record<string, string> = {
      'dist/webviews/a.js': '/*! For license information please see a.js.LICENSE.txt */\n(()=>{})();',
      'dist/webviews/b.js': '/*! For license information please see b.js.LICENSE.txt */\n(()=>{})();',
      'dist/webviews/c.js': '(()=>{})();',
      'dist/webviews/b.js.LICENSE.txt': 'MIT',
    };
    assert.deepEqual(
      unshippedNotices(Object.keys(bundles), (f) => bundles[f]!),
      ['dist/webviews/a.js → a.js.LICENSE.txt'],
    );
  });

  it("the README's images ship (VS Code shows them from the installed extension)", () => {
    const files = vsixFiles();
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    for (const img of images) {
      assert.ok(!/^\w+:/.test(img), `${img}: an image outside the package breaks offline`);
      assert.ok(files.includes(path.posix.normalize(img)), `${img} is in the README but not in the .vsix`);
    }
    // Each shipped README image is one the README shows, 2 to 4 of them, small enough for the package
    // (scripts/readme-screenshots.mjs scales the UI tests' screenshots down).
    const shipped = files.filter((f) => f.startsWith('media/readme/'));
    assert.deepEqual(shipped, images.map((i) => path.posix.normalize(i)).sort(), 'media/readme/ and the README disagree');
    assert.ok(shipped.length >= 2 && shipped.length <= 4, `${shipped.length} README images`);
    for (const f of shipped) {
      const png = fs.readFileSync(path.join(repoRoot, f));
      assert.ok(png.readUInt32BE(16) <= 1280, `${f} is wider than 1280 px`);
      assert.ok(png.length <= 450 * 1024, `${f} is ${Math.round(png.length / 1024)} KiB (at most 450)`);
    }
  });
});

describe("TF.js declarations for the learner's editor", () => {
  const types = path.join(dist, 'types');

  /** A learner's folder as Open Course lays it out, with one exercise that uses the main namespaces of tf. */
  function learnerFolder(): string {
    assert.ok(fs.existsSync(types), 'dist/types is missing: run `npm run build` first');
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dlc-types-'));
    layOutCourse(root, [], types, 'test');
    fs.mkdirSync(path.join(root, '01-x'));
    fs.writeFileSync(
      path.join(root, '01-x', 'exercise.ts'),
      [
        "import * as tf from '@tensorflow/tfjs';",
        'export const t: tf.Tensor2D = tf.tensor2d([[1, 2]]).relu().add(tf.scalar(1));',
        'export const model: tf.Sequential = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });',
        "model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });",
        'export const grads = tf.grads((x: tf.Tensor) => x.square().sum());',
        'export const img = tf.image.resizeBilinear(tf.zeros([4, 4, 3]) as tf.Tensor3D, [2, 2]);',
        'export const loss = tf.losses.softmaxCrossEntropy(tf.oneHot([0], 2), tf.zeros([1, 2]));',
        'tf.tidy(() => tf.conv2d(tf.zeros([1, 5, 5, 1]) as tf.Tensor4D, tf.zeros([3, 3, 1, 1]) as tf.Tensor4D, 1, "same"));',
        '',
      ].join('\n'),
    );
    return root;
  }

  function program(root: string, skipLibCheck: boolean): ts.Program {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      path.join(root, 'tsconfig.json'),
      { skipLibCheck },
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')) },
    )!;
    assert.deepEqual(parsed.errors, []);
    return ts.createProgram(parsed.fileNames, parsed.options);
  }

  it('import * as tf type-checks with the one bundled .d.ts, which the program loads, and every import inside it resolves', () => {
    const root = learnerFolder();
    try {
      const p = program(root, true);
      const exercise = p.getSourceFiles().find((f) => f.fileName.endsWith('01-x/exercise.ts'))!;
      const errors = ts.getPreEmitDiagnostics(p, exercise).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      assert.deepEqual(errors, []);
      const typesDir = path.join(root, '.dl-course', 'types');
      const loaded = p
        .getSourceFiles()
        .map((f) => path.resolve(f.fileName))
        .filter((f) => f.startsWith(typesDir + path.sep))
        .sort();
      const shipped = walk(typesDir)
        .filter((f) => f.endsWith('.d.ts'))
        .sort();
      // One bundle of ambient modules and the stub that `@tensorflow/tfjs` resolves to (webpack.config.js learnerTypesBundle),
      // declaring the ~490 modules of the packages' declaration files.
      assert.deepEqual(
        shipped.map((f) => path.relative(typesDir, f).split(path.sep).join('/')),
        ['@tensorflow/tfjs/dist/index.d.ts', '@tensorflow/tfjs/dist/tfjs.d.ts'],
      );
      const modules = p
        .getTypeChecker()
        .getAmbientModules()
        .map((m) => m.name.replace(/^"|"$/g, ''))
        .filter((m) => m.startsWith('@tensorflow/'));
      assert.ok(modules.length > 300, `only ${modules.length} declaration modules`);
      for (const m of ['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-core/dist/tensor'])
        assert.ok(modules.includes(m), `${m} is not declared`);
      assert.deepEqual(
        shipped.filter((f) => !loaded.includes(f)).map((f) => path.relative(typesDir, f)),
        [],
        'shipped but never loaded',
      );
      // With the libraries checked, an import inside the shipped declarations that does not resolve says so.
      const unresolved = ts
        .getPreEmitDiagnostics(program(root, false))
        .filter((d) => d.code === 2307 && d.file?.fileName.startsWith(typesDir))
        .map((d) => `${path.relative(typesDir, d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)
        .filter((m) => /'(\.|@tensorflow\/)/.test(m));
      assert.deepEqual(unresolved, [], 'imports between the shipped declarations that do not resolve');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("every value the shipped `@tensorflow/tfjs` declares is one the learner realm's tf provides at run time", () => {
    const root = learnerFolder();
    try {
      const p = program(root, true);
      const checker = p.getTypeChecker();
      const exercise = p.getSourceFiles().find((f) => f.fileName.endsWith('01-x/exercise.ts'))!;
      const importDecl = exercise.statements.find(ts.isImportDeclaration)!;
      const moduleSymbol = checker.getSymbolAtLocation(importDecl.moduleSpecifier);
      assert.ok(moduleSymbol, '@tensorflow/tfjs does not resolve');
      const declaredValues = checker
        .getExportsOfModule(moduleSymbol)
        .filter((s) => {
          const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
          return target.flags & ts.SymbolFlags.Value && !(target.flags & ts.SymbolFlags.ConstEnum);
        })
        .map((s) => s.name);
      assert.ok(declaredValues.length > 300, `only ${declaredValues.length} values declared`);
      // What `import * as tf from '@tensorflow/tfjs'` evaluates to in both learner realms (src/grader/core/learnerRealm.ts).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const runtime = new Set(Object.keys(require('../../src/grader/core/tf') as object));
      assert.deepEqual(declaredValues.filter((n) => !runtime.has(n)).sort(), [], 'declared for the editor, undefined when checked');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('completion after `tf.` offers the API (sequential, layers, tensor2d, train), not what no realm provides (data, loadGraphModel)', () => {
    const root = learnerFolder();
    try {
      const p = program(root, true);
      const file = path.join(root, '01-x', 'exercise.ts');
      const text = `${fs.readFileSync(file, 'utf8')}tf.`;
      const host: ts.LanguageServiceHost = {
        getScriptFileNames: () => p.getRootFileNames() as string[],
        getScriptVersion: () => '1',
        getScriptSnapshot: (f) => {
          const content = path.resolve(f) === path.resolve(file) ? text : fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined;
          return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
        },
        getCurrentDirectory: () => root,
        getCompilationSettings: () => p.getCompilerOptions(),
        getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
        fileExists: ts.sys.fileExists,
        readFile: ts.sys.readFile,
      };
      const names = new Set(
        ts
          .createLanguageService(host)
          .getCompletionsAtPosition(file, text.length, {})
          ?.entries.map((e) => e.name),
      );
      for (const n of ['sequential', 'layers', 'tensor2d', 'train', 'conv2d', 'tidy'])
        assert.ok(names.has(n), `no completion "${n}" after tf.`);
      for (const n of ['data', 'loadGraphModel', 'GraphModel', 'webgl'])
        assert.ok(!names.has(n), `completion offers "${n}", which no realm provides`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('listing (package.json)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    icon: string;
    keywords: string[];
    galleryBanner: { color: string; theme: string };
    repository?: unknown;
    engines: { vscode: string };
    devDependencies: Record<string, string>;
    scripts: Record<string, string>;
    capabilities: {
      untrustedWorkspaces: { supported: unknown; description: string };
      virtualWorkspaces: { supported: unknown; description: string };
    };
  };
  const nls = (f: string) => JSON.parse(fs.readFileSync(path.join(repoRoot, f), 'utf8')) as Record<string, string>;

  it('the icon is a 128×128 PNG', () => {
    const png = fs.readFileSync(path.join(repoRoot, pkg.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  it("keywords in English and French, at most 30 (the Marketplace's limit)", () => {
    assert.ok(pkg.keywords.length <= 30);
    for (const k of ['deep learning', 'TensorFlow.js', 'apprentissage profond', 'réseau de neurones'])
      assert.ok(pkg.keywords.includes(k), k);
    assert.match(pkg.galleryBanner.color, /^#[0-9a-f]{6}$/i);
  });

  it('no repository yet: packaging says so explicitly instead of prompting', () => {
    if (pkg.repository)
      return assert.doesNotMatch(
        pkg.scripts.package!,
        /--allow-missing-repository/,
        'with a repository, let vsce rewrite the README links',
      );
    assert.match(pkg.scripts.package!, /--allow-missing-repository/);
    assert.match(pkg.scripts.package!, /--no-rewrite-relative-links/);
  });

  it('Open VSX accepts the manifest, and the check refuses what the Open VSX server refuses', () => {
    const script = path.join(repoRoot, 'scripts/check-listing.mjs');
    const ok = spawnSync(process.execPath, [script, '--manifest', path.join(repoRoot, 'package.json')], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlc-listing-'));
    try {
      const bad = {
        ...pkg,
        name: 'dl course',
        version: 'latest',
        license: undefined,
        description: 'a\u0007b',
        galleryBanner: { color: '#1e3a8a', theme: 'blue' },
        repository: 'not a url',
      };
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(bad));
      const r = spawnSync(process.execPath, [script, '--manifest', path.join(dir, 'package.json')], { encoding: 'utf8' });
      assert.equal(r.status, 1);
      for (const why of [
        'invalid name "dl course"',
        'the version "latest" is reserved',
        'no license',
        'description holds a control',
        'galleryBanner.theme "blue"',
        'repository is not a URL',
      ])
        assert.ok(r.stdout.includes(why), `not reported: ${why}\n${r.stdout}`);
      // displayName is "%extension.displayName%": without package.nls.json beside it, it resolves to nothing.
      assert.match(r.stdout, /displayName "%extension\.displayName%" has no entry in package\.nls\.json/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('vsce packs the built tree without a warning, and ovsx reads the .vsix as it does before publishing (npm run check:listing)', () => {
    assert.ok(fs.existsSync(path.join(dist, 'extension.js')), 'dist/extension.js is missing: run `npm run build` first');
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/check-listing.mjs')], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /vsce packed \d+ files, [\d.]+ MB; ovsx read dl-course\.dl-course /);
  });

  it('@types/vscode is no newer than engines.vscode (what vsce enforces)', () => {
    const min = (range: string) => /(\d+)\.(\d+)\.(\d+)/.exec(range)!.slice(1).map(Number);
    const [e, t] = [min(pkg.engines.vscode), min(pkg.devDependencies['@types/vscode']!)];
    assert.ok(
      t[0]! < e[0]! || (t[0] === e[0] && (t[1]! < e[1]! || (t[1] === e[1] && t[2]! <= e[2]!))),
      `${pkg.devDependencies['@types/vscode']} > ${pkg.engines.vscode}`,
    );
  });

  it('the host code is type-checked against the oldest VS Code API it claims: the installed @types/vscode is engines.vscode', () => {
    // docs/DEVELOPMENT.md "Supported VS Code versions": a newer @types/vscode would let an API newer than the floor in unnoticed.
    const installed = (
      JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules/@types/vscode/package.json'), 'utf8')) as { version: string }
    ).version;
    const minor = (v: string) => /(\d+\.\d+)\./.exec(v)![1];
    assert.equal(
      minor(installed),
      minor(pkg.engines.vscode),
      `@types/vscode ${installed} installed (npm ci), engines.vscode ${pkg.engines.vscode}`,
    );
  });

  it('Restricted Mode: limited support with a reason in both languages; no virtual workspaces', () => {
    const { untrustedWorkspaces: u, virtualWorkspaces: v } = pkg.capabilities;
    assert.equal(u.supported, 'limited');
    assert.equal(v.supported, false);
    for (const f of ['package.nls.json', 'package.nls.fr.json']) {
      for (const d of [u.description, v.description]) assert.ok(nls(f)[d.slice(1, -1)]?.trim(), `${f} lacks ${d}`);
    }
  });

  it('Check and the panels ask for trust before running an exercise.ts', () => {
    // The gate itself needs vscode (src/course/trust.ts); here: every path that runs learner code goes through it.
    const src = (f: string) => fs.readFileSync(path.join(repoRoot, 'src', f), 'utf8');
    assert.match(src('course/trust.ts'), /return vscode\.workspace\.isTrusted;/);
    const check = src('checking/checkRunner.ts');
    assert.ok(
      check.indexOf('mayRunWorkspaceCode()') > 0 && check.indexOf('mayRunWorkspaceCode()') < check.indexOf('transpileExercise(source)'),
      'checkRunner gates before transpiling',
    );
    const code = src('checking/learnerCode.ts');
    assert.ok(
      code.indexOf('mayRunWorkspaceCode()') > 0 && code.indexOf('mayRunWorkspaceCode()') < code.indexOf('transpileExercise('),
      'learnerCode gates before transpiling',
    );
    // Every other place that hands learner code to a worker takes it from learnerCode().
    const runners = fs
      .readdirSync(path.join(repoRoot, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.startsWith('grader') && !f.startsWith('shared'))
      .filter((f) => /transpileExercise\(/.test(src(f)))
      .map((f) => f.split(path.sep).join('/'))
      .sort();
    assert.deepEqual(runners, ['checking/checkRunner.ts', 'checking/learnerCode.ts']);
  });
});
