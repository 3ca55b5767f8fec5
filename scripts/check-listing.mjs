// `npm run check:listing`: what the VS Code Marketplace and Open VSX would refuse, checked offline
// on the built tree (`npm run build` first; nothing is rebuilt here).
//   1. vsce packs the tree exactly as `npm run package` does (same flags, read from that script),
//      without its prepublish build, into a temporary .vsix: any error vsce raises or warning it
//      prints fails the check (vsce validates publisher, name, version, engines, @types/vscode,
//      icon, keywords, README links, files).
//   2. ovsx reads that .vsix as `ovsx publish <file>.vsix` does before uploading (its zip reader,
//      `validateManifest`, `isLicenseOk`) and checks its size against ovsx's upload limit.
//   3. The rules the Open VSX server applies to the manifest on upload (ExtensionValidator in
//      eclipse/openvsx: namespace and name characters, reserved versions, field lengths, control
//      characters, URLs, galleryBanner, markdown, qna) and what Open VSX requires of every
//      extension it lists: a licence.
// Nothing here needs the network: `ovsx verify-pat` and the upload itself do, and are not run.
//
//   node scripts/check-listing.mjs                    # all three on the built tree
//   node scripts/check-listing.mjs --manifest F.json  # only 3, on a package.json (tests use it)
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const repoRoot = path.resolve(new URL('..', import.meta.url).pathname);
const require = createRequire(import.meta.url);

/** ovsx's default upload limit (ovsx/lib/registry.js DEFAULT_PUBLISH_SIZE). */
const OVSX_MAX_BYTES = 512 * 1024 * 1024;

// ExtensionValidator (Open VSX server): the name pattern, the characters a version may hold, the
// field limits and the character classes it refuses (Java's CONTROL, FORMAT, UNASSIGNED,
// PRIVATE_USE, LINE_SEPARATOR, PARAGRAPH_SEPARATOR).
const NAME = /^[\w\-+$~]+$/;
const VERSION_CHARS = /^[\p{L}\p{Nd}$+\-,.:;_]+$/u;
const REFUSED_CHAR = /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Zl}\p{Zp}]/u;
const STRING_MAX = 255;
const DESCRIPTION_MAX = 2048;
const GALLERY_COLOR_MAX = 16;

const isUrl = (value) => {
  try {
    return Boolean(new URL(value.replace(/^git\+/, '')).host);
  } catch {
    return false;
  }
};

/**
 * What the Open VSX server (and ovsx before it) would refuse in a package.json, with its `%key%`
 * strings resolved from `nls` (package.nls.json): one message per problem, empty when accepted.
 */
export function openVsxIssues(manifest, nls = {}) {
  const issues = [];
  const text = (v) => (typeof v === 'string' ? v.replace(/^%([^%]+)%$/, (m, k) => nls[k] ?? m) : v);
  const name = (field, value) => {
    if (!value || value === '-') issues.push(`${field} must not be empty`);
    else if (!NAME.test(value)) issues.push(`invalid ${field} "${value}" (letters, digits, _ - + $ ~ only)`);
    else if (value.length > STRING_MAX) issues.push(`${field} is longer than ${STRING_MAX} characters`);
  };
  const chars = (field, value, max) => {
    for (const v of [value].flat()) {
      if (typeof v !== 'string') continue;
      if (/^%[^%]+%$/.test(v)) issues.push(`${field} "${v}" has no entry in package.nls.json`);
      if (REFUSED_CHAR.test(v)) issues.push(`${field} holds a control or unassigned character: ${JSON.stringify(v)}`);
      if (v.length > max) issues.push(`${field} is longer than ${max} characters`);
    }
  };
  const url = (field, value) => {
    const v = typeof value === 'object' && value ? value.url : value;
    if (v === undefined) return;
    if (typeof v !== 'string' || !isUrl(v)) issues.push(`${field} is not a URL: ${JSON.stringify(v)}`);
    else if (v.length > STRING_MAX) issues.push(`${field} is longer than ${STRING_MAX} characters`);
  };
  const oneOf = (field, value, allowed) => {
    if (value !== undefined && value !== '' && !allowed.includes(String(value)))
      issues.push(`${field} "${value}" is not one of ${allowed.join(', ')}`);
  };

  // ovsx validateManifest, then the server's namespace and extension names.
  for (const f of ['publisher', 'name', 'version']) if (!manifest[f]) issues.push(`missing required field '${f}'`);
  if (manifest.publisher) name('publisher (the Open VSX namespace)', manifest.publisher);
  if (manifest.name) name('name', manifest.name);
  const version = manifest.version;
  if (version) {
    if (['latest', 'pre-release', 'reviews'].includes(version)) issues.push(`the version "${version}" is reserved`);
    if (!VERSION_CHARS.test(version)) issues.push(`the version "${version}" holds a character Open VSX refuses`);
  }
  chars('displayName', text(manifest.displayName), STRING_MAX);
  chars('description', text(manifest.description), DESCRIPTION_MAX);
  chars('categories', manifest.categories ?? [], STRING_MAX);
  chars('keywords', manifest.keywords ?? [], STRING_MAX);
  // Open VSX lists only licensed extensions (ovsx asks for one when packaging, the server's
  // publisher agreement requires it): an SPDX id in package.json.
  if (!manifest.license) issues.push('no license: Open VSX lists only licensed extensions');
  else chars('license', manifest.license, STRING_MAX);
  url('homepage', manifest.homepage);
  url('repository', manifest.repository);
  url('bugs', manifest.bugs);
  oneOf('markdown', manifest.markdown, ['github', 'standard']);
  if (manifest.galleryBanner) {
    chars('galleryBanner.color', manifest.galleryBanner.color, GALLERY_COLOR_MAX);
    oneOf('galleryBanner.theme', manifest.galleryBanner.theme, ['dark', 'light']);
  }
  if (manifest.qna !== undefined && manifest.qna !== false && !['marketplace', 'false'].includes(manifest.qna) && !isUrl(manifest.qna))
    issues.push(`qna "${manifest.qna}" is not marketplace, false or a URL`);
  for (const f of ['extensionDependencies', 'extensionPack'])
    for (const id of manifest[f] ?? []) if (!/^[^.]+\.[^.]+$/.test(id)) issues.push(`${f}: "${id}" is not publisher.name`);
  return issues;
}

/** The flags of `npm run package`'s `vsce package` command as vsce's pack() options. */
function packOptions(script) {
  const known = {
    '--no-dependencies': { dependencies: false },
    '--allow-missing-repository': { allowMissingRepository: true },
    '--no-rewrite-relative-links': { rewriteRelativeLinks: false },
  };
  const words = script.split(/\s+/);
  if (words[0] !== 'vsce' || words[1] !== 'package') throw new Error(`npm run package is not "vsce package …": ${script}`);
  const options = {};
  for (let i = 2; i < words.length; i++) {
    if (words[i] === '--out') i++;
    else if (known[words[i]]) Object.assign(options, known[words[i]]);
    else throw new Error(`check-listing does not know the vsce flag ${words[i]}: add it to packOptions()`);
  }
  return options;
}

async function checkBuiltTree() {
  const problems = [];
  const notes = [];
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const nls = JSON.parse(readFileSync(path.join(repoRoot, 'package.nls.json'), 'utf8'));
  if (!existsSync(path.join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');

  // 1. vsce, as `npm run package` runs it, minus the prepublish build.
  const vsceUtil = require('@vscode/vsce/out/util');
  const { pack } = require('@vscode/vsce/out/package');
  const warnings = [];
  const { warn, info } = vsceUtil.log;
  vsceUtil.log.warn = (...args) => warnings.push(args.join(' '));
  vsceUtil.log.info = () => {}; // the file tree
  const dir = mkdtempSync(path.join(tmpdir(), 'dlc-listing-'));
  const vsix = path.join(dir, 'dl-course.vsix');
  let files = [];
  try {
    ({ files } = await pack({ cwd: repoRoot, packagePath: vsix, ...packOptions(pkg.scripts.package) }));
  } catch (e) {
    problems.push(`vsce refuses to package: ${e.message}`);
  } finally {
    Object.assign(vsceUtil.log, { warn, info });
  }
  for (const w of warnings) problems.push(`vsce warns: ${stripVTControlCharacters(w)}`);

  if (existsSync(vsix)) {
    // 2. ovsx on the .vsix, as `ovsx publish dl-course.vsix` reads it before the upload.
    const { readVSIXPackage } = require('ovsx/lib/zip');
    const { validateManifest, isLicenseOk } = require('ovsx');
    const manifest = await readVSIXPackage(vsix);
    try {
      validateManifest(manifest);
      if (!(await isLicenseOk(repoRoot, manifest))) problems.push('ovsx: no license in package.json and no LICENSE file');
    } catch (e) {
      problems.push(`ovsx: ${e.message}`);
    }
    const bytes = statSync(vsix).size;
    if (bytes > OVSX_MAX_BYTES) problems.push(`the .vsix is ${bytes} bytes, over ovsx's ${OVSX_MAX_BYTES}`);
    // 3. The server's rules, on the manifest the .vsix carries.
    problems.push(...openVsxIssues(manifest, nls).map((i) => `Open VSX: ${i}`));
    console.log(
      `vsce packed ${files.length} files, ${(bytes / 1e6).toFixed(2)} MB; ovsx read ${manifest.publisher}.${manifest.name} ${manifest.version}`,
    );
  }
  rmSync(dir, { recursive: true, force: true });

  // Not refused, but worth knowing before publishing: without a repository the README's relative
  // images are not rewritten, so the web pages of both registries cannot show them (docs/DEVELOPMENT.md).
  if (!pkg.repository) notes.push("no repository: the README's images show in VS Code's extension page, not on the registries' web pages");
  return { problems, notes };
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--manifest') {
    const manifest = JSON.parse(readFileSync(args[1], 'utf8'));
    const nlsFile = path.join(path.dirname(args[1]), 'package.nls.json');
    const issues = openVsxIssues(manifest, existsSync(nlsFile) ? JSON.parse(readFileSync(nlsFile, 'utf8')) : {});
    for (const i of issues) console.log(`✗ Open VSX: ${i}`);
    process.exit(issues.length ? 1 : 0);
  }
  const { problems, notes } = await checkBuiltTree();
  for (const n of notes) console.log(`note: ${n}`);
  for (const p of problems) console.log(`✗ ${p}`);
  console.log(
    problems.length ? `${problems.length} problem(s): the registries would refuse or warn` : 'listing OK (vsce, ovsx, Open VSX rules)',
  );
  process.exit(problems.length ? 1 : 0);
}

await main();
