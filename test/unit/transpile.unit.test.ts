import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportedNames, locateExport } from '../../src/shared/exportLocator';
import { transpileExercise } from '../../src/shared/transpile';

describe('transpileExercise', () => {
  it('strips types and turns exports into CommonJS', () => {
    const r = transpileExercise(
      "import * as tf from '@tensorflow/tfjs';\nexport function f(x: number): number { return tf.scalar(x).arraySync() as number * 2; }\nexport const k: number[] = [1];\n",
    );
    assert.ok(r.ok);
    assert.match(r.js, /require\('@tensorflow\/tfjs'\)/);
    assert.doesNotMatch(r.js, /: number/);
    const module = { exports: {} as Record<string, unknown> };
    const fakeTf = { scalar: (x: number) => ({ arraySync: () => x }) };
    new Function('require', 'module', 'exports', r.js)(() => fakeTf, module, module.exports);
    assert.equal((module.exports.f as (x: number) => number)(21), 42);
  });
  it('reports a syntax error at its 0-based line and column', () => {
    const r = transpileExercise('export function f(x: number) {\n  return x +;\n}\n');
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.error.line, 1);
    assert.equal(r.error.column, 12);
    assert.match(r.error.message, /Unexpected token/);
  });
  it('reports an unclosed brace at the end of the file, within the file', () => {
    const src = 'export function f() {\n  return 1;\n';
    const r = transpileExercise(src);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.ok(r.error.line >= 1 && r.error.line <= 2, `line ${r.error.line}`);
  });
});

describe('locateExport', () => {
  const src = [
    '// header',
    'export function neuron(x: number[]) {',
    '  return 0;',
    '}',
    'export const scienceWeights = [0];',
    'export let  scienceBias = 0;',
    'export async function train() {}',
  ].join('\n');
  it('finds functions, consts, lets and async functions at their name', () => {
    assert.deepEqual(locateExport(src, 'neuron'), { line: 1, column: 16, endColumn: 22 });
    assert.equal(locateExport(src, 'scienceWeights')?.line, 4);
    assert.equal(locateExport(src, 'scienceBias')?.line, 5);
    assert.equal(locateExport(src, 'train')?.line, 6);
  });
  it('does not match a longer name that starts the same way', () => {
    assert.equal(locateExport('export const neuronCount = 1;', 'neuron'), undefined);
  });
  it('lists exported names', () => {
    assert.deepEqual(exportedNames(src), ['neuron', 'scienceWeights', 'scienceBias', 'train']);
  });
});
