// @ts-check
import js from '@eslint/js';
import importPlugin from 'eslint-plugin-import';
import tseslint from 'typescript-eslint';

/** Node built-ins that environment-free code (it runs in a browser Worker too) must not import. */
const NODE_BUILTINS = [
  'fs',
  'fs/promises',
  'path',
  'os',
  'crypto',
  'child_process',
  'worker_threads',
  'url',
  'util',
  'http',
  'https',
  'net',
  'stream',
].flatMap((m) => [m, `node:${m}`]);
/** The grader's tf is src/grader/core/tf.ts; only its Node registrations may load the umbrella. */
const TF_UMBRELLA = {
  name: '@tensorflow/tfjs',
  message: 'Import tf from src/grader/core/tf.ts (core + layers): the umbrella would bundle webgl, the converter and tfjs-data.',
};
const envFree = (why, extra = [TF_UMBRELLA]) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'vscode', message: why }, ...NODE_BUILTINS.map((name) => ({ name, message: why })), ...extra],
    },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'window', message: why },
    { name: 'document', message: why },
    { name: 'process', message: why },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'scripts/.tmp-*',
      'dist/**',
      'out/**',
      'node_modules/**',
      '.vscode-test/**',
      'media/**',
      'course-workspace/**',
      'exercises/*/starter.ts',
      'exercises/*/solution.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { import: importPlugin },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.js', '.mjs'] } },
      'import/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [TF_UMBRELLA] }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'No default exports (STYLE.md §11): name what a file exports.' },
      ],
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src',
              from: './webviews',
              message: 'The extension host never imports webview code: they run in different worlds (STYLE.md).',
            },
            {
              target: './src/shared',
              from: './src',
              except: ['./shared'],
              message: 'src/shared is the bottom layer (protocols, manifest, shared types, pure maths): it imports nothing else from src/.',
            },
            // The extension host's rooms, top to bottom: extension.ts → commands → panels → checking → course → node → shared.
            {
              target: './src/commands',
              from: './src/extension.ts',
              message: 'Commands are registered by extension.ts, never the other way round.',
            },
            {
              target: './src/panels',
              from: ['./src/commands', './src/extension.ts'],
              message: 'Panels are opened by commands and extension.ts; they import checking/, course/, src/node and src/shared only.',
            },
            {
              target: './src/checking',
              from: ['./src/panels', './src/commands', './src/extension.ts'],
              message: 'checking/ sits below the panels: extension.ts hands it the grader panel (GraderViews in checkRunner.ts).',
            },
            {
              target: './src/course',
              from: ['./src/checking', './src/panels', './src/commands', './src/extension.ts'],
              message: 'course/ (workspace, progress, tree) sits below checking/, panels/ and commands/.',
            },
            {
              target: './src/env',
              from: ['./src/course', './src/checking', './src/panels', './src/commands', './src/extension.ts'],
              message: 'env/ (the Platform: what differs between the Node and the web extension host) sits below course/.',
            },
            {
              target: './src/node',
              from: './src',
              except: ['./shared', './node'],
              message: 'src/node is Node-only code shared by the extension host and the CLI: it imports only src/shared and itself.',
            },
            {
              target: './src/grader',
              from: ['./src/course', './src/checking', './src/panels', './src/commands', './src/extension.ts'],
              message: 'The grader (CLI, workers) never imports the extension host: code both need lives in src/node or src/shared.',
            },
            {
              target: './src/grader/core',
              from: './src',
              except: ['./shared', './grader/core'],
              message: 'The grader core runs in a browser Worker and in Node: it may import only tfjs, src/shared and itself.',
            },
            {
              target: './src/grader/core',
              from: './exercises',
              message: 'The grader core knows no exercise: hosts pass the checks registry in.',
            },
            {
              target: './webviews',
              from: './src',
              except: ['./shared', './grader/core', './grader/browser'],
              message: 'Webviews may import only src/shared and src/grader/{core,browser}: the rest needs Node or vscode.',
            },
            {
              target: './exercises',
              from: './src',
              except: ['./shared', './grader/core'],
              message: 'Exercise checks are environment-free: only src/shared and src/grader/core.',
            },
          ],
        },
      ],
    },
  },
  // No import cycle (issue 8): a module and what it imports form a tree, so each room can be read,
  // tested and moved on its own. import/no-cycle skips `import type`; test/unit/importGraph.unit.test.ts
  // checks those too.
  { files: ['src/**/*.ts', 'webviews/**/*.ts', 'exercises/**/*.ts'], rules: { 'import/no-cycle': ['error', { ignoreExternal: true }] } },
  // The extension host is built twice (webpack.config.js): for Node and for the web worker extension
  // host, which has no Node. Only the Node entry and its platform may reach Node (docs/WEB.md).
  {
    files: [
      'src/extension.ts',
      'src/extension.web.ts',
      'src/commands/**/*.ts',
      'src/course/**/*.ts',
      'src/checking/**/*.ts',
      'src/panels/**/*.ts',
      'src/env/**/*.ts',
    ],
    ignores: ['src/env/nodePlatform.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [TF_UMBRELLA].concat(
            NODE_BUILTINS.map((name) => ({
              name,
              message:
                'Host code runs in the web worker extension host too: use vscode.workspace.fs / a Folder (src/shared/folder.ts), or put it behind the Platform (src/env/).',
            })),
          ),
        },
      ],
    },
  },
  {
    files: ['src/node/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'src/node is shared with the command-line grader, which has no vscode.' }] },
      ],
    },
  },
  // Formatting is prettier's (.prettierrc.json, `npm run format`; lint runs `prettier --check`). It does not split
  // strings, so long literals (the bilingual messages) are left to it; code stays within 140 columns.
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    ignores: ['src/shared/exerciseSchemaValidator.generated.ts'],
    rules: {
      'max-len': [
        'error',
        {
          code: 140,
          ignoreUrls: true,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignoreComments: false,
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: envFree('src/shared is environment-free (no vscode, Node or DOM): it runs in the host, the webviews and the grader workers.'),
  },
  {
    files: ['src/grader/core/**/*.ts', 'exercises/**/*.ts'],
    rules: envFree('Grader core and checks run in a browser Worker and in Node: only tfjs and environment-free code.'),
  },
  {
    files: ['src/grader/core/tfRegistrations.ts'],
    rules: envFree('Grader core and checks run in a browser Worker and in Node: only tfjs and environment-free code.', []),
  },
  // Learner code is reached only through async calls (learnerLink.ts): a call that is not awaited
  // would let a check pass on a Promise. Type-aware, on the checks and the grader core only.
  {
    files: ['src/grader/core/**/*.ts', 'exercises/*/checks.ts'],
    languageOptions: { parserOptions: { project: './src/tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['webviews/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'Webviews talk to the host by messages, never through the vscode API.' },
            ...NODE_BUILTINS.map((name) => ({ name, message: 'Webviews run in a browser.' })),
            TF_UMBRELLA,
            { name: 'd3', message: 'Import the d3-* module that holds it (d3-scale, d3-selection…): the d3 umbrella is not a dependency.' },
          ],
        },
      ],
    },
  },
  // UI tests pass functions to page.evaluate: they run in the browser.
  {
    files: ['test/ui/**/*.mjs'],
    languageOptions: {
      globals: {
        document: 'readonly',
        window: 'readonly',
        HTMLElement: 'readonly',
        getComputedStyle: 'readonly',
        Element: 'readonly',
        SVGElement: 'readonly',
        Event: 'readonly',
        DataTransfer: 'readonly',
        ClipboardEvent: 'readonly',
        MouseEvent: 'readonly',
        KeyboardEvent: 'readonly',
      },
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
