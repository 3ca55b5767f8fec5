import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { rangeProblem } from '../../src/grader/core/imageClassifier';
import { L } from '../../src/shared/i18n';
import { course, gradeInProcess, repoRoot } from '../support/inProcessGrader';

/**
 * Checks that judge fairly (issue 9): valid answers written in another style pass, and the usual
 * mistakes are named. Only the checks that decide each case run (no training, except 17's short fit
 * and 05's rings), so the file stays within a minute.
 */

const HEAD = "import * as tf from '@tensorflow/tfjs';\n";

/** A CNN whose conv2d layers have no activation of their own, each followed by a ReLU layer. */
const cnnSeparateRelu = (input: string, first: string, last: string) => `${HEAD}
export function ${first}: tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: ${input}, filters: 8, kernelSize: 3 }),
      tf.layers.reLU(),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 3 }),
      tf.layers.activation({ activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      ${last},
    ],
  });
}
`;

/** 19's buildModel written with separate ReLU layers and a 2-unit softmax output. */
const CATS_DOGS_SEPARATE_RELU = cnnSeparateRelu(
  'inputShape',
  'buildModel(inputShape: [number, number, number])',
  "tf.layers.dense({ units: 2, activation: 'softmax' })",
);
const PREPROCESS_PER_IMAGE = `
export function preprocess(image: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(image);
    return image.sub(mean).div(variance.sqrt().add(1e-3)) as tf.Tensor3D;
  });
}
`;

const GREY = `
export function toGrayscale(image: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => image.mul(tf.tensor1d([0.299, 0.587, 0.114])).sum(2, true) as tf.Tensor3D);
}
`;

async function outcome(id: string, source: string, check: string) {
  const [o] = await gradeInProcess(id, source, { checks: [check] });
  assert.ok(o, `${id}: no outcome for ${check}`);
  return o;
}

describe('checks that judge fairly', () => {
  it('08: conv2d without activation followed by its own ReLU layer is the same building block', async () => {
    const src = cnnSeparateRelu(
      'inputShape',
      'buildCnn(inputShape: [number, number, number], numClasses: number)',
      "tf.layers.dense({ units: numClasses, activation: 'softmax' })",
    );
    for (const check of ['cnn-structure', 'cnn-arguments']) {
      const o = await outcome('08-assemble-cnn', src, check);
      assert.equal(o.status, 'passed', `${check}: ${o.message.en}`);
    }
  });

  it('19: a separate ReLU layer passes the model check; one sigmoid unit is named as the binary way', async () => {
    const relu = CATS_DOGS_SEPARATE_RELU;
    const ok = await outcome('19-cats-vs-dogs', relu + PREPROCESS_PER_IMAGE, 'model-shape');
    assert.equal(ok.status, 'passed', ok.message.en);
    const sigmoid = relu.replace(
      "tf.layers.dense({ units: 2, activation: 'softmax' })",
      "tf.layers.dense({ units: 1, activation: 'sigmoid' })",
    );
    const bad = await outcome('19-cats-vs-dogs', sigmoid + PREPROCESS_PER_IMAGE, 'model-shape');
    assert.equal(bad.status, 'failed');
    assert.match(bad.message.en, /One output unit with sigmoid is the binary way/);
    assert.match(bad.message.en, /2 units with softmax/);
  });

  it('19: per-channel standardisation (ImageNet-style) is an allowed preprocessing; an inverted image is not', async () => {
    const model = CATS_DOGS_SEPARATE_RELU;
    const perChannel = `
export function preprocess(image: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(image, [0, 1], true);
    return image.sub(mean).div(variance.sqrt().add(1e-3)) as tf.Tensor3D;
  });
}
`;
    const fixedStats = `
export function preprocess(image: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => image.div(255).sub(tf.tensor1d([0.485, 0.456, 0.406])).div(tf.tensor1d([0.229, 0.224, 0.225])) as tf.Tensor3D);
}
`;
    for (const p of [perChannel, fixedStats]) {
      const o = await outcome('19-cats-vs-dogs', model + p, 'preprocess');
      assert.equal(o.status, 'passed', o.message.en);
    }
    const inverted = `
export function preprocess(image: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => tf.scalar(1).sub(image.div(255)) as tf.Tensor3D);
}
`;
    const bad = await outcome('19-cats-vs-dogs', model + inverted, 'preprocess');
    assert.equal(bad.status, 'failed');
    assert.match(bad.message.en, /inverts the image/);
  });

  it('19: a standardisation without epsilon is named on a flat image, in the words of each language', async () => {
    const model = CATS_DOGS_SEPARATE_RELU;
    const noEpsilon = `
export function preprocess(image: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(image);
    return image.sub(mean).div(variance.sqrt()) as tf.Tensor3D;
  });
}
`;
    const o = await outcome('19-cats-vs-dogs', model + noEpsilon, 'preprocess');
    assert.equal(o.status, 'failed');
    assert.match(o.message.en, /preprocess\(a flat white image\) produced NaN/);
    assert.match(o.message.fr, /preprocess\(une image blanche uniforme\) a produit NaN/);
    assert.doesNotMatch(o.message.fr, /flat|white/);
  });

  it("19: the range test lets every standardisation through (a nearly flat channel's z-scores reach √(n − 1)) and stops raw pixels", () => {
    // One 32×32 channel flat but for one pixel, standardised: that pixel is √1023 ≈ 32 standard deviations out.
    const n = 32 * 32;
    const channel = new Float32Array(n).fill(200);
    channel[0] = 255;
    const mean = channel.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(channel.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    const z = channel.map((v) => (v - mean) / (sd + 1e-3));
    assert.ok(Math.max(...z) > 30, String(Math.max(...z)));
    assert.equal(rangeProblem(z, 'image 0'), undefined);
    const raw = new Float32Array(n).map((_, i) => i % 256);
    const problem = rangeProblem(raw, L('a training image', "une image d'entraînement"));
    assert.match(problem?.en ?? '', /preprocess\(a training image\) gives values from 0 to 255: the data is not normalised/);
    assert.match(problem?.fr ?? '', /preprocess\(une image d'entraînement\)/);
    assert.ok(
      rangeProblem(
        raw.map((v) => v - 127.5),
        'image 0',
      ),
      'mean subtracted but not scaled',
    );
  });

  it('15: channels first and /256 are named', async () => {
    const channelsFirst = `${HEAD}
export function toTensor(pixels: Uint8ClampedArray, width: number, height: number): tf.Tensor3D {
  return tf.tidy(() => tf.tensor3d(Float32Array.from(pixels), [height, width, 4]).slice([0, 0, 0], [height, width, 3]).transpose([2, 0, 1]).div(255) as tf.Tensor3D);
}
${GREY}`;
    const cf = await outcome('15-image-to-tensor', channelsFirst, 'synthetic-rgba');
    assert.equal(cf.status, 'failed');
    assert.match(cf.message.en, /channels first/);
    assert.match(cf.message.fr, /canaux en premier/);
    const by256 = `${HEAD}
export function toTensor(pixels: Uint8ClampedArray, width: number, height: number): tf.Tensor3D {
  return tf.tidy(() => tf.tensor3d(Float32Array.from(pixels), [height, width, 4]).slice([0, 0, 0], [height, width, 3]).div(256) as tf.Tensor3D);
}
${GREY}`;
    const d = await outcome('15-image-to-tensor', by256, 'synthetic-rgba');
    assert.equal(d.status, 'failed');
    assert.match(d.message.en, /divided by 256/);
  });

  it('05: a ReLU applied straight to the inputs is named', async () => {
    const src = `${HEAD}
export function buildModel(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.reLU({ inputShape: [2] }),
      tf.layers.dense({ units: 16 }),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
}
`;
    const o = await outcome('05-nonlinearity', src, 'hidden-nonlinearity');
    assert.equal(o.status, 'failed');
    assert.match(o.message.en, /applied to the inputs themselves/);
  });

  it('17: a 32-unit linear model is told that linearity, not the number of units, is the problem', async () => {
    const src = `${HEAD}
export function buildRegressor(): tf.Sequential {
  return tf.sequential({ layers: [tf.layers.dense({ inputShape: [1], units: 32 }), tf.layers.dense({ units: 1 })] });
}
export function earlyStopping(valLosses: number[], patience: number): boolean {
  return valLosses.length > patience;
}
`;
    const o = await outcome('17-overfitting', src, 'regressor-structure');
    assert.equal(o.status, 'failed');
    assert.match(o.message.en, /is linear/);
    assert.doesNotMatch(o.message.en, /more hidden units/);
  });

  it("16: the shipped set's check counts the background bias in the learner's own balanced sample and points to 19", async () => {
    const e = course.exercises.find((x) => x.manifest.id === '16-dataset-balance')!;
    const o = await outcome('16-dataset-balance', fs.readFileSync(e.solutionPath, 'utf8'), 'shipped-cats-dogs');
    assert.equal(o.status, 'passed', o.message.en);
    assert.match(o.message.en, /90 % of the dogs' weight stays on snow/);
    assert.match(o.message.en, /your balanced sample \(seed 2024\) has 90 of its 100 dogs on snow and \d+ of its 100 cats on grass/);
    assert.match(o.message.en, /exercise 19/);
    assert.match(o.message.fr, /l'exercice 19/);
  });
});

/**
 * The learner's folder type-checks exercise.ts strictly (src/node/learnerWorkspace.ts): the
 * reference solutions, and 15's last hint (its code pasted into the signatures), must show no red
 * error there — `tf.tensor3d` on a Uint8ClampedArray did.
 */
describe('solutions and hint code type-check as the learner sees them', () => {
  it('every solution.ts, and the code of 15’s last hint', { timeout: 120_000 }, () => {
    const dir = path.join(repoRoot, 'out', 'typecheck-learner');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const files: string[] = [];
    for (const e of course.exercises) {
      const f = path.join(dir, `${e.manifest.id}.ts`);
      fs.writeFileSync(f, fs.readFileSync(e.solutionPath, 'utf8'));
      files.push(f);
    }
    const ex15 = course.exercises.find((x) => x.manifest.id === '15-image-to-tensor')!.manifest;
    for (const lang of ['en', 'fr'] as const) {
      const hint = ex15.hints[lang][ex15.hints[lang].length - 1]!;
      const spans = [...hint.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      const body = ex15.exports
        .map((x) => {
          const code = spans[spans.indexOf(x.name) + 1];
          assert.ok(spans.includes(x.name) && code, `15's last ${lang} hint gives the code of ${x.name}`);
          return `export function ${x.signature} {\n  return ${code};\n}\n`;
        })
        .join('\n');
      const f = path.join(dir, `15-hint-${lang}.ts`);
      fs.writeFileSync(f, HEAD + body);
      files.push(f);
    }
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.Preserve,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2020.d.ts'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]}`,
      );
    assert.deepEqual(errors, []);
  });
});
