// @ts-check
'use strict';
/**
 * Two worlds, bundled apart:
 *  - the extension host and the command-line grader (Node; `vscode` and, for the CLI, tfjs external),
 *  - the webviews and the grader's Web Worker (browser; tfjs-core + tfjs-layers, the cpu and wasm backends and d3 bundled — no CDN).
 */
const fs = require('fs');
const path = require('path');
const webpack = require('webpack');
const CopyPlugin = require('copy-webpack-plugin');

const dist = path.resolve(__dirname, 'dist');
/**
 * Bundles that carry tf get its registrations from tfjs-core's ES modules instead of the
 * `@tensorflow/tfjs` umbrella, which plain Node needs (src/grader/core/tfRegistrations*.ts): so no
 * bundle holds webgl, the converter or tfjs-data. Only code run unbundled (the compiled tests) keeps
 * the Node file.
 */
const bundledTf = {
  [`${path.resolve(__dirname, 'src/grader/core/tfRegistrations')}$`]: path.resolve(__dirname, 'src/grader/core/tfRegistrations.bundled.ts'),
};

const tsRule = (configFile) => ({
  test: /\.ts$/,
  exclude: /node_modules/,
  use: [{ loader: 'ts-loader', options: { configFile: path.resolve(__dirname, configFile), transpileOnly: true } }],
});

/** `@tensorflow/tfjs` as the learner's editor sees it: src/grader/core/tf.ts's exports, in place of the umbrella's index. */
const LEARNER_TF_INDEX = [
  "// The TensorFlow.js a DL Course exercise gets (the extension's src/grader/core/tf.ts): tfjs-core and tfjs-layers.",
  "declare module '@tensorflow/tfjs' {",
  "  import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';",
  "  export * from '@tensorflow/tfjs-core';",
  "  export * from '@tensorflow/tfjs-layers';",
  '}',
  '',
].join('\n');
/** What `@tensorflow/tfjs` resolves to in the learner's folder (its package.json's `types`): it only pulls the bundle in. */
const LEARNER_TF_STUB = [
  '// DL Course: the TF.js declarations are one file of ambient modules beside this one (webpack.config.js learnerTypesBundle).',
  '/// <reference path="./tfjs.d.ts" />',
  '',
].join('\n');
/**
 * The TF.js declarations shipped so `import * as tf` type-checks in a learner's folder: those of what
 * the learner realm provides at run time (src/grader/core/tf.ts: tfjs-core with its chained ops,
 * tfjs-layers), not the umbrella's converter (loadGraphModel), tfjs-data (tf.data) or backends, which
 * no realm loads: the editor must not offer what a check would then find undefined.
 */
const LEARNER_TF_ROOTS = [
  'tfjs-core/dist/index.d.ts',
  'tfjs-core/dist/public/chained_ops/register_all_chained_ops.d.ts',
  'tfjs-layers/dist/index.d.ts',
];

/**
 * The TF.js declarations a learner's editor needs, as ONE file (instead of the ~490 .d.ts of the
 * packages that TypeScript loads for LEARNER_TF_ROOTS with the learner's resolution, out of their
 * 1 590): each loaded file becomes `declare module '@tensorflow/<package>/dist/<file>' { … }` (a
 * package's dist/index as `@tensorflow/<package>`), its `declare` modifiers dropped (the block is
 * ambient already), every import, export, `import()` type and module augmentation (the chained ops'
 * `declare module '../../tensor'`) pointed at the block of the file TypeScript resolved it to; then
 * `@tensorflow/tfjs` itself (LEARNER_TF_INDEX). TypeScript looks ambient modules up before files, so
 * the learner's `paths` (src/node/learnerWorkspace.ts) only has to bring this file into the program,
 * which LEARNER_TF_STUB does. Kernels, tests and shaders that nothing public imports stay out;
 * test/unit/vsixContents.unit.test.ts type-checks an exercise with it, checks that every import
 * inside resolves and that every value it declares exists at run time.
 */
let typesBundle;
function learnerTypesBundle() {
  if (typesBundle) return typesBundle;
  const ts = require('typescript');
  const root = fs.realpathSync(path.resolve(__dirname, 'node_modules/@tensorflow')); // TypeScript reports real paths (node_modules may be a link)
  const options = {
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2020.d.ts'],
    types: [],
    noEmit: true,
    skipLibCheck: true,
    paths: { '@tensorflow/*': [`${root}/*`] },
  };
  const inRoot = (f) => path.resolve(f).startsWith(root + path.sep);
  const moduleName = (file) => {
    const rel = path
      .relative(root, path.resolve(file))
      .split(path.sep)
      .join('/')
      .replace(/\.d\.ts$/, '');
    const entry = /^(tfjs-[a-z-]+)\/dist\/index$/.exec(rel);
    return `@tensorflow/${entry ? entry[1] : rel}`;
  };
  const program = ts.createProgram(
    LEARNER_TF_ROOTS.map((f) => path.join(root, f)),
    options,
  );
  const blocks = program
    .getSourceFiles()
    .filter((sf) => inRoot(sf.fileName))
    .map((sf) => {
      /** @type {[number, number, string][]} */
      const edits = [];
      const retarget = (/** @type {import('typescript').StringLiteral} */ lit) => {
        const resolved = ts.resolveModuleName(lit.text, sf.fileName, options, ts.sys).resolvedModule;
        if (resolved && inRoot(resolved.resolvedFileName))
          edits.push([lit.getStart(sf), lit.getEnd(), `'${moduleName(resolved.resolvedFileName)}'`]);
        else if (/^(\.|@tensorflow\/)/.test(lit.text))
          throw new Error(`${sf.fileName}: '${lit.text}' does not resolve to a shipped declaration`);
      };
      const visit = (/** @type {import('typescript').Node} */ node) => {
        if (
          (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
          node.moduleSpecifier &&
          ts.isStringLiteral(node.moduleSpecifier)
        )
          retarget(node.moduleSpecifier);
        else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal))
          retarget(node.argument.literal);
        else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) retarget(node.name);
        ts.forEachChild(node, visit);
      };
      for (const st of sf.statements) {
        const declare = ts.canHaveModifiers(st) ? ts.getModifiers(st)?.find((m) => m.kind === ts.SyntaxKind.DeclareKeyword) : undefined;
        if (declare) edits.push([declare.getStart(sf), declare.getEnd() + 1, '']);
        visit(st);
      }
      let text = sf.text;
      for (const [from, to, by] of edits.sort((a, b) => b[0] - a[0])) text = text.slice(0, from) + by + text.slice(to);
      // `/// <reference types="@webgpu/types/dist" />` (two files) names a package no learner has: dropped.
      text = text.replace(/^\/\/\/ <reference [^>]*>$|^\/\/# sourceMappingURL=.*$/gm, '');
      return `declare module '${moduleName(sf.fileName)}' {\n${text.trim()}\n}\n`;
    });
  typesBundle = [
    '// TensorFlow.js declarations for DL Course exercises: tfjs-core and tfjs-layers (Apache-2.0, (c) Google LLC),',
    "// each file of their packages' dist/ as one ambient module (webpack.config.js learnerTypesBundle).",
    ...blocks,
    LEARNER_TF_INDEX,
  ].join('\n');
  return typesBundle;
}

/**
 * The licence notices of the npm packages a shipped bundle carries. Terser extracts only `@license`
 * and `/*!` comments into `<bundle>.LICENSE.txt` (tfjs has them; d3, sucrase, jpeg-js… do not), so
 * this appends each bundled package's own licence file to that file (creating it, and the banner
 * that points to it, where Terser wrote none). .vscodeignore ships them; vsixContents.unit.test.ts
 * checks that every banner's file ships.
 */
class ThirdPartyNotices {
  /** @param {import('webpack').Compiler} compiler */
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('ThirdPartyNotices', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'ThirdPartyNotices', stage: Compilation.PROCESS_ASSETS_STAGE_REPORT }, () => {
        for (const chunk of compilation.chunks) {
          const dirs = new Set();
          for (const m of compilation.chunkGraph.getChunkModulesIterable(chunk)) {
            for (const inner of /** @type {any} */ (m).modules ?? [m]) {
              const found = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(inner.resource ?? '');
              if (found) dirs.add(found[1]);
            }
          }
          if (!dirs.size) continue;
          const notices = [...dirs]
            .map((dir) => {
              const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
              const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
              const text = file
                ? fs.readFileSync(path.join(dir, file), 'utf8').trim()
                : `${pkg.license}: no licence file in the package; its notice is among the comments above.`;
              return `${pkg.name} ${pkg.version} (${pkg.license})\n\n${text}\n`;
            })
            .sort();
          for (const file of chunk.files) {
            if (!file.endsWith('.js')) continue;
            const name = `${file}.LICENSE.txt`;
            const own = compilation.getAsset(name);
            const heading =
              '\n\n==============================================================================\nThird-party packages bundled in this file, with their licences\n==============================================================================\n\n';
            const body =
              (own ? own.source.source().toString() : '') +
              heading +
              notices.join('\n------------------------------------------------------------------------------\n\n');
            if (own) compilation.updateAsset(name, new sources.RawSource(body));
            else {
              compilation.emitAsset(name, new sources.RawSource(body.trimStart()));
              const banner = `/*! For license information please see ${path.posix.basename(name)} */\n`;
              compilation.updateAsset(file, (old) => new sources.ConcatSource(banner, old));
            }
          }
        }
      });
    });
  }
}

/** @type {(env: unknown, argv: { mode?: string }) => import('webpack').Configuration[]} */
module.exports = (_env, argv) => {
  const production = argv.mode === 'production';
  const common = {
    mode: production ? 'production' : 'development',
    devtool: production ? false : 'source-map',
    resolve: { extensions: ['.ts', '.js'] },
    performance: { hints: false },
  };

  /** @type {import('webpack').Configuration} */
  const extension = {
    ...common,
    name: 'extension',
    target: 'node',
    entry: { extension: './src/extension.node.ts' },
    output: { path: dist, filename: '[name].js', libraryTarget: 'commonjs2' },
    externals: { vscode: 'commonjs vscode' },
    module: { rules: [tsRule('src/tsconfig.json')] },
    plugins: [
      new ThirdPartyNotices(),
      new CopyPlugin({
        patterns: [
          { from: 'package.json', context: path.resolve(__dirname, 'node_modules/@tensorflow/tfjs'), to: 'types/@tensorflow/tfjs/' },
          {
            from: 'dist/index.d.ts',
            context: path.resolve(__dirname, 'node_modules/@tensorflow/tfjs'),
            to: 'types/@tensorflow/tfjs/dist/',
            transform: () => LEARNER_TF_STUB,
          },
          {
            from: 'dist/index.d.ts',
            context: path.resolve(__dirname, 'node_modules/@tensorflow/tfjs'),
            to: 'types/@tensorflow/tfjs/dist/tfjs.d.ts',
            transform: () => learnerTypesBundle(),
          },
        ],
      }),
    ],
  };

  /**
   * The same extension for VS Code for the Web (package.json `browser`): src/extension.web.ts, run
   * in a web worker extension host, which has no Node. A Node built-in reached from it fails the
   * build (docs/WEB.md), instead of an empty stand-in failing at run time.
   * @type {import('webpack').Configuration}
   */
  const extensionWeb = {
    ...common,
    name: 'extension-web',
    target: 'webworker',
    entry: { extension: './src/extension.web.ts' },
    output: { path: path.join(dist, 'web'), filename: '[name].js', libraryTarget: 'commonjs' },
    externals: [
      { vscode: 'commonjs vscode' },
      ({ request, context }, callback) =>
        request && require('module').isBuiltin(request)
          ? callback(new Error(`${request} (imported from ${context}) is a Node module: the web extension host has no Node`))
          : callback(),
    ],
    module: { rules: [tsRule('src/tsconfig.json')] },
    plugins: [new ThirdPartyNotices()],
  };

  /** @type {import('webpack').Configuration} */
  const cli = {
    ...common,
    name: 'cli',
    target: 'node',
    entry: { cli: './src/grader/node/cli.ts', 'grader-node-worker': './src/grader/node/worker.ts' },
    output: { path: dist, filename: '[name].js', libraryTarget: 'commonjs2' },
    // tf bundled in, so that the CLI runs without node_modules (the `dl-course` package of
    // scripts/pack-cli.mjs has no dependencies); the wasm backend reads dist/wasm/ (nodeGrader.ts).
    // tfjs-core asks for node-fetch only to fetch over the network, which the grader never does.
    externals: { 'node-fetch': 'commonjs node-fetch' },
    module: { rules: [tsRule('src/tsconfig.json')] },
    resolve: { ...common.resolve, alias: bundledTf },
    plugins: [
      new ThirdPartyNotices(),
      new webpack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true, test: /^cli\.js$/ }),
    ],
  };

  /**
   * The learner realm's process (CLI): its own two files, with tf bundled in, so that its sandbox
   * mounts and may read exactly these two (src/grader/node/learnerProcess.ts).
   * @type {import('webpack').Configuration}
   */
  const learnerNode = {
    ...common,
    name: 'learner-node',
    target: 'node',
    entry: { 'learner-node': './src/grader/node/learnerMain.ts', 'learner-tf': './src/grader/node/learnerTf.ts' },
    output: { path: dist, filename: '[name].js', libraryTarget: 'commonjs2' },
    // tfjs-core asks for node-fetch only to fetch over the network, which a learner realm never does.
    externals: { 'node-fetch': 'commonjs node-fetch' },
    module: { rules: [tsRule('src/tsconfig.json')] },
    resolve: { ...common.resolve, alias: bundledTf },
  };

  /** @type {import('webpack').Configuration} */
  const graderWorker = {
    ...common,
    name: 'grader-worker',
    target: 'webworker',
    entry: { 'grader-worker': './src/grader/browser/worker.ts', 'learner-worker': './src/grader/browser/learnerWorker.ts' },
    output: { path: path.join(dist, 'webviews'), filename: '[name].js' },
    module: { rules: [tsRule('webviews/tsconfig.json')] },
    // The wasm backend's Emscripten glue mentions Node modules on paths a worker never takes.
    resolve: {
      ...common.resolve,
      alias: bundledTf,
      fallback: { fs: false, path: false, os: false, crypto: false, worker_threads: false, perf_hooks: false },
    },
    plugins: [
      new ThirdPartyNotices(),
      new CopyPlugin({
        patterns: [{ from: 'node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm', to: path.join(dist, 'wasm/[name][ext]') }],
      }),
    ],
  };

  /** @type {import('webpack').Configuration} */
  const webviews = {
    ...common,
    name: 'webviews',
    target: 'web',
    entry: {
      grader: './webviews/grader/main.ts',
      featureMaps: './webviews/featureMaps/main.ts',
      gradientDescent: './webviews/gradientDescent/main.ts',
      datasetBalance: './webviews/datasetBalance/main.ts',
      training: './webviews/training/main.ts',
      theory: './webviews/theory/main.ts',
    },
    output: { path: path.join(dist, 'webviews'), filename: '[name].js' },
    module: { rules: [tsRule('webviews/tsconfig.json')] },
    resolve: { ...common.resolve, alias: bundledTf },
    plugins: [
      new ThirdPartyNotices(),
      // The theory page's maths: typeset in the host (src/course/theoryHtml.ts), drawn with KaTeX's
      // style sheet and fonts. Only the woff2 fonts ship (every engine VS Code runs in reads them),
      // so the style sheet's woff and ttf fallbacks go.
      new CopyPlugin({
        patterns: [
          {
            from: 'node_modules/katex/dist/katex.min.css',
            to: path.join(dist, 'katex/katex.min.css'),
            transform: (css) => css.toString().replace(/,url\(fonts\/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)/g, ''),
          },
          { from: 'node_modules/katex/dist/fonts/*.woff2', to: path.join(dist, 'katex/fonts/[name][ext]') },
          { from: 'node_modules/katex/LICENSE', to: path.join(dist, 'katex/LICENSE'), toType: 'file' },
        ],
      }),
    ],
  };

  return [extension, extensionWeb, cli, learnerNode, graderWorker, webviews];
};
