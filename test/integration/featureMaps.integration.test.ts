import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CLASSIC_KERNELS } from '../../src/shared/charts/featureMaps';
import type { FeatureMapsData } from '../../src/shared/protocol/featureMaps';
import { probeInProcess, REPO_ROOT } from '../support/inProcessProbe';

const solution = (id: string): string => fs.readFileSync(path.join(REPO_ROOT, 'exercises', id, 'solution.ts'), 'utf8');
const starter = (id: string): string => fs.readFileSync(path.join(REPO_ROOT, 'exercises', id, 'starter.ts'), 'utf8');

describe('featureMaps: probe on the exercises', () => {
  it('06: the learner conv2d on the seed patch, no reference when it matches', async () => {
    const r = await probeInProcess('06-convolution', solution('06-convolution'), 'featureMaps.maps', {
      exerciseId: '06-convolution',
      view: 'conv2d',
      input: { kind: 'patch' },
      kernel: CLASSIC_KERNELS.slide!.kernel,
    });
    assert.ok(r.ok, JSON.stringify(r));
    const d = r.data as FeatureMapsData;
    assert.equal(d.kind, 'conv2d');
    assert.equal(d.input.width, 5);
    assert.equal(d.stages[0]!.maps.length, 1);
    assert.deepEqual(
      d.stages[0]!.maps[0]!.values,
      [40, 41, 45, 40, 42, 46, 46, 50, 55],
      'each pixel copies the one above the window centre; 42 at the centre',
    );
    assert.equal(d.notes.length, 0);
  });
  it('06: a flipped kernel is shown beside tf.conv2d with a note', async () => {
    const flipped = solution('06-convolution').replace('kernel[u]![v]!', 'kernel[kh - 1 - u]![kw - 1 - v]!');
    assert.notEqual(flipped, solution('06-convolution'));
    const r = await probeInProcess('06-convolution', flipped, 'featureMaps.maps', {
      exerciseId: '06-convolution',
      view: 'conv2d',
      input: { kind: 'photo', name: 'camera' },
      kernel: CLASSIC_KERNELS.vertical!.kernel,
    });
    assert.ok(r.ok, JSON.stringify(r));
    const d = r.data as FeatureMapsData;
    assert.equal(d.stages[0]!.maps.length, 2);
    assert.equal(d.stages[0]!.maps[0]!.width, 126);
    assert.match(d.notes[0]!.en, /differs from tf\.conv2d/);
  });
  it('06: the starter gives a stage error, not a crash', async () => {
    const r = await probeInProcess('06-convolution', starter('06-convolution'), 'featureMaps.maps', {
      exerciseId: '06-convolution',
      view: 'conv2d',
      input: { kind: 'patch' },
    });
    assert.ok(r.ok);
    const d = r.data as FeatureMapsData;
    assert.ok(d.stages[0]!.error, 'the starter throws or returns nothing usable');
  });
  it('07: four kernels, before and after bias + ReLU, on an MNIST digit', async () => {
    const r = await probeInProcess('07-image-filters', solution('07-image-filters'), 'featureMaps.maps', {
      exerciseId: '07-image-filters',
      view: 'filters',
      input: { kind: 'mnist', index: 3 },
      bias: -0.1,
    });
    assert.ok(r.ok, JSON.stringify(r));
    const d = r.data as FeatureMapsData;
    assert.equal(d.kind, 'filters');
    assert.deepEqual(
      d.stages.map((s) => s.id),
      ['blurKernel', 'edgeKernel', 'sharpenKernel', 'embossKernel'],
    );
    for (const s of d.stages) {
      assert.equal(s.maps.length, 2, s.id);
      const [before, after] = s.maps;
      assert.equal(after!.width, 26);
      assert.ok(
        after!.values.every((v) => v >= 0),
        'after ReLU',
      );
      after!.values.forEach((v, i) => assert.ok(Math.abs(v - Math.max(0, before!.values[i]! - 0.1)) < 1e-4, `${s.id} pixel ${i}`));
    }
  });
  it('07: a user image given as pixels', async () => {
    const rgba = new Uint8ClampedArray(6 * 5 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 7) % 256));
    const r = await probeInProcess('07-image-filters', solution('07-image-filters'), 'featureMaps.maps', {
      exerciseId: '07-image-filters',
      view: 'filters',
      input: { kind: 'pixels', name: 'mine.png', width: 6, height: 5, rgba },
      bias: 0,
    });
    assert.ok(r.ok, JSON.stringify(r));
    const d = r.data as FeatureMapsData;
    assert.equal(d.stages[0]!.maps[1]!.width, 4);
    assert.equal(d.stages[0]!.maps[1]!.height, 3);
  });
  it('CNN (08): every conv/pool layer, channel by channel, kernels of the first conv, untrained note', async () => {
    const source = `import * as tf from '@tensorflow/tfjs';
export function buildCnn(inputShape: [number, number, number], numClasses: number): tf.LayersModel {
  return tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape, filters: 4, kernelSize: 3, activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: 20, kernelSize: 3, padding: 'same', activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.flatten(),
    tf.layers.dense({ units: numClasses, activation: 'softmax' }),
  ] });
}`;
    const r = await probeInProcess('18-mnist', source, 'featureMaps.maps', {
      exerciseId: '08-assemble-cnn',
      view: 'cnn',
      input: { kind: 'mnist', index: 0 },
      maxChannels: 16,
    });
    assert.ok(r.ok, JSON.stringify(r));
    const d = r.data as FeatureMapsData;
    assert.equal(d.kind, 'cnn');
    assert.equal(d.stages.length, 4);
    assert.deepEqual(
      d.stages.map((s) => s.shape),
      [
        [26, 26, 4],
        [13, 13, 4],
        [13, 13, 20],
        [6, 6, 20],
      ],
    );
    assert.equal(d.stages[0]!.kernels!.length, 4);
    assert.equal(d.stages[0]!.maps[0]!.kernel!.length, 3, 'the first conv sees the grey input: hover can explain it');
    assert.equal(d.stages[2]!.maps.length, 16);
    assert.equal(d.stages[2]!.hiddenChannels, 4);
    assert.match(d.notes[0]!.en, /Untrained/);
    // The first map equals relu(patch × kernel + bias) at any pixel.
    const m = d.stages[0]!.maps[1]!;
    const grid = { width: d.input.width, height: d.input.height, values: d.input.grey };
    const { patchProduct: pp } = await import('../../src/shared/charts/featureMaps');
    const at = pp(grid, m.kernel!, 10, 12);
    assert.ok(Math.abs(Math.max(0, at.sum + m.bias!) - m.values[10 * 26 + 12]!) < 1e-4);
  });
  it('trained first (08 and 19): a short training on the course data changes the filters, and says how well it did', async () => {
    const cnn08 = fs.readFileSync(path.join(REPO_ROOT, 'exercises/08-assemble-cnn/solution.ts'), 'utf8');
    const params = { exerciseId: '08-assemble-cnn', view: 'cnn', input: { kind: 'mnist', index: 0 }, maxChannels: 4 };
    const before = await probeInProcess('08-assemble-cnn', cnn08, 'featureMaps.maps', params);
    const after = await probeInProcess('08-assemble-cnn', cnn08, 'featureMaps.maps', { ...params, trained: true });
    assert.ok(before.ok && after.ok, JSON.stringify(after));
    const b = before.data as FeatureMapsData;
    const a = after.data as FeatureMapsData;
    assert.match(a.notes[0]!.en, /^Trained for 2 epoch\(s\) on 1500 MNIST digits \(Adam 0\.003; (\d+(\.\d)?) % right on 500 test images\)/);
    const acc = Number(/; (\d+(?:\.\d)?) % right/.exec(a.notes[0]!.en)![1]);
    assert.ok(acc > 50, `a CNN trained 2 epochs on 1500 digits is far above chance, got ${acc} %`);
    assert.notDeepEqual(a.stages[0]!.kernels![0]!.kernel, b.stages[0]!.kernels![0]!.kernel, 'the first filter was learnt');
    assert.deepEqual(
      a.stages.map((st) => st.shape),
      b.stages.map((st) => st.shape),
    );
    const cats = fs.readFileSync(path.join(REPO_ROOT, 'exercises/19-cats-vs-dogs/solution.ts'), 'utf8');
    const r19 = await probeInProcess('19-cats-vs-dogs', cats, 'featureMaps.maps', {
      exerciseId: '19-cats-vs-dogs',
      view: 'cnn',
      input: { kind: 'photo', name: 'chelsea' },
      maxChannels: 4,
      trained: true,
    });
    assert.ok(r19.ok, JSON.stringify(r19));
    assert.match(
      (r19.data as FeatureMapsData).notes[0]!.en,
      /^Trained for \d+ epoch\(s\) on the 200 balanced cat\/dog images and their mirrors \(through your preprocess\) \(Adam 0\.003; \d+(\.\d)? % right on 200 test images\)/,
    );
  });
});
