// Layers point one way (issue 8): no import cycle in src/, webviews/ or exercises/, type-only imports
// included. ESLint's import/no-cycle (eslint.config.mjs) proves the same for value imports on every
// lint; it skips `import type`, which still ties two modules into one, so this test walks them all.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import * as ts from 'typescript';

const root = resolve(__dirname, '..', '..', '..');
const ROOTS = ['src', 'webviews', 'exercises'];

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const p of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(p)) return p;
  return undefined;
}

/** file → the files it imports (relative imports only), `import type` and `export … from` included. */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const info = ts.preProcessFile(readFileSync(f, 'utf8'), true, false);
    graph.set(f, [...new Set(info.importedFiles.map((i) => resolveImport(f, i.fileName)).filter((p): p is string => p !== undefined))]);
  }
  return graph;
}

/** Strongly connected components with more than one file (or a file importing itself): the cycles (Tarjan). */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

test('the cycle finder finds a type-only cycle and a self-import, and passes a chain', () => {
  const g = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
    ['d', ['d']],
    ['e', ['a']],
  ]);
  assert.deepEqual(cycles(g), [['a', 'b', 'c'], ['d']]);
  assert.deepEqual(
    cycles(
      new Map([
        ['a', ['b']],
        ['b', ['c']],
        ['c', []],
      ]),
    ),
    [],
  );
});

test('the import finder sees `import type` and `export … from`', () => {
  const src = resolve(root, 'src');
  const g = importGraph([join(src, 'shared', 'protocol', 'training.ts')]);
  assert.ok((g.get(join(src, 'shared', 'protocol', 'training.ts')) ?? []).length > 0);
});

test('no import cycle in src/, webviews/, exercises/ (type imports included)', () => {
  const files = ROOTS.flatMap((r) => walk(resolve(root, r)));
  assert.ok(files.length > 50, `found only ${files.length} files under ${ROOTS.join(', ')}`);
  const found = cycles(importGraph(files)).map((c) => c.map((f) => relative(root, f)).join(' ↔ '));
  assert.deepEqual(found, [], `import cycles:\n${found.join('\n')}`);
});
