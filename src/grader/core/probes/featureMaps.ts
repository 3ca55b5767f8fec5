import * as tf from '../tf';
import { greyFromRgba, toRows } from '../../../shared/charts/featureMaps';
import { L, both, type Localized } from '../../../shared/i18n';
import type { FeatureInput, FeatureMapsData, FeatureMapsParams, MapData, StageData } from '../../../shared/protocol/featureMaps';
import { call, describeThrown, fail, learnerFunction, learnerValue, show } from '../assert';
import { SEED_PATCH, SLIDE_KERNEL, crossCorrelate } from '../convolution';
import { courseData, imagesTensor, labelsTensor, loadCatsDogs, loadMnist, oneHot } from '../datasets';
import { batchOf, preprocessed, type Preprocess } from '../imageClassifier';
import type { RgbaImage } from '../../../shared/images';
import { greyToRgba, loadMnistDigit, loadPhoto } from '../images';
import { accuracy, activationOf, callBuilder, expectLayersModel, fitWithProgress, outputShape, pctL } from '../models';
import { registerConv2dGradient } from '../conv2dGradient';
import { LearnerStopped } from '../learnerLink';
import type { ProbeContext } from '../types';

/**
 * `featureMaps.maps`: what the learner's convolution code makes of one image.
 *  - 06: their conv2d(image, kernel) on grey levels 0–255 (tf.conv2d's result beside it when they differ);
 *  - 07: each of their four kernels, the raw convolution (before) and their featureMap (after bias + ReLU);
 *  - 08, 18, 19: their CNN, untrained or after a short training (params.trained), every conv/pool
 *    layer's activations channel by channel.
 */
interface Picture {
  readonly title: Localized;
  readonly img: RgbaImage;
  /** Grey levels 0–255 (the patch keeps its own values). */
  readonly grey255: number[];
  /** MNIST digits are ink on black: a CNN sees them as they are. */
  readonly isDigit: boolean;
}

const MAX_SIDE = 160;

/** What a stage shows when the learner's code fails it; a stopped realm (time-out, memory) ends the probe instead. */
function errorText(e: unknown): Localized {
  if (e instanceof LearnerStopped) throw e;
  const t = (e as { text?: Localized } | null)?.text;
  if (t && typeof t.en === 'string') return t;
  const d = describeThrown(e);
  return L(d, d);
}

async function picture(ctx: ProbeContext, input: FeatureInput): Promise<Picture> {
  switch (input.kind) {
    case 'photo': {
      const img = await loadPhoto(ctx, input.name);
      return {
        title: both('photo “{0}” ({1}×{2})', input.name, img.width, img.height),
        img,
        grey255: greyFromRgba(img.pixels, img.width, img.height, 1),
        isDigit: false,
      };
    }
    case 'mnist': {
      const { grey, label } = await loadMnistDigit(ctx, Math.max(0, Math.floor(input.index)), 'test');
      const img = greyToRgba(grey, 28, 28);
      return { title: both('MNIST digit #{0} (a {1}, 28×28)', input.index, label), img, grey255: Array.from(grey), isDigit: true };
    }
    case 'patch': {
      const h = SEED_PATCH.length;
      const w = SEED_PATCH[0]!.length;
      const flat = SEED_PATCH.flat();
      return { title: both("the slides' 5×5 pixel patch"), img: greyToRgba(Uint8Array.from(flat), w, h), grey255: flat, isDigit: false };
    }
    case 'pixels': {
      const { width, height, rgba } = input;
      if (!(width > 0 && height > 0 && width <= MAX_SIDE && height <= MAX_SIDE) || rgba.length !== width * height * 4) {
        fail(both('The image “{0}” could not be used ({1}×{2}, {3} bytes).', input.name, width, height, rgba.length));
      }
      const img = { pixels: new Uint8ClampedArray(rgba), width, height };
      return {
        title: both('{0} ({1}×{2})', input.name, width, height),
        img,
        grey255: greyFromRgba(img.pixels, width, height, 1),
        isDigit: false,
      };
    }
  }
}

function isMatrix(v: unknown): v is number[][] {
  return (
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((r) => Array.isArray(r) && r.length === (v[0] as unknown[]).length && r.length > 0 && r.every((x) => typeof x === 'number'))
  );
}

function learnerKernel(ctx: ProbeContext, name: string): number[][] {
  const v = learnerValue(ctx, name);
  if (!isMatrix(v)) fail(both('`{0}` should be a rectangular array of numbers (number[][]), but it is {1}.', name, show(v)));
  return v;
}

const grid = (title: Localized, rows: number[][], extra: Partial<MapData> = {}): MapData => ({
  title,
  width: rows[0]?.length ?? 0,
  height: rows.length,
  values: rows.flat(),
  ...extra,
});

async function conv2dStages(ctx: ProbeContext, pic: Picture, kernel: number[][]): Promise<{ stages: StageData[]; notes: Localized[] }> {
  const image = toRows({ width: pic.img.width, height: pic.img.height, values: pic.grey255 });
  const k = isMatrix(kernel) ? kernel : SLIDE_KERNEL;
  const want = crossCorrelate(image, k);
  const base = { id: 'conv2d', title: both('conv2d(image, kernel)'), kernels: [{ title: both('kernel'), kernel: k }] };
  let got: unknown;
  try {
    const conv2d = learnerFunction<(i: number[][], k: number[][]) => unknown>(ctx, 'conv2d');
    got = await call(ctx, `conv2d(${pic.img.height}×${pic.img.width} image, ${k.length}×${k[0]!.length} kernel)`, conv2d, image, k);
  } catch (e) {
    return { stages: [{ ...base, maps: [], error: errorText(e) }], notes: [] };
  }
  if (!isMatrix(got)) {
    return {
      stages: [
        {
          ...base,
          maps: [grid(both('tf.conv2d (reference)'), want, { kernel: k, source: 'input', padding: 'valid' })],
          error: both('conv2d returned {0}, not a number[][]: the reference is shown instead.', show(got)),
        },
      ],
      notes: [],
    };
  }
  const maps: MapData[] = [grid(both('your conv2d'), got, { kernel: k, source: 'input', padding: 'valid' })];
  const notes: Localized[] = [];
  const sameShape = got.length === want.length && got[0]!.length === want[0]!.length;
  let differ = 0;
  if (sameShape)
    for (let i = 0; i < want.length; i++)
      for (let j = 0; j < want[0]!.length; j++)
        if (Math.abs(got[i]![j]! - want[i]![j]!) > 1e-6 * Math.max(1, Math.abs(want[i]![j]!))) differ++;
  if (!sameShape || differ > 0) {
    maps.push(grid(both('tf.conv2d (reference)'), want, { kernel: k, source: 'input', padding: 'valid' }));
    notes.push(
      sameShape
        ? both(
            'Your conv2d differs from tf.conv2d at {0} of {1} pixels: hover a pixel to see the patch × kernel it should be.',
            differ,
            want.length * want[0]!.length,
          )
        : both(
            "Your conv2d returns {0}×{1} values; 'valid' gives {2}×{3} (h − kh + 1 by w − kw + 1).",
            got.length,
            got[0]!.length,
            want.length,
            want[0]!.length,
          ),
    );
  }
  return { stages: [{ ...base, maps }], notes };
}

const FILTERS: readonly [string, Localized][] = [
  ['blurKernel', both('blur')],
  ['edgeKernel', both('edges')],
  ['sharpenKernel', both('sharpen')],
  ['embossKernel', both('emboss')],
];

async function filterStages(ctx: ProbeContext, pic: Picture, bias: number): Promise<StageData[]> {
  const { width, height } = pic.img;
  const grey01 = toRows({ width, height, values: pic.grey255.map((v) => v / 255) });
  const image = tf.tidy(
    () => tf.tensor3d(Float32Array.from(pic.img.pixels), [height, width, 4]).slice([0, 0, 0], [height, width, 3]).div(255) as tf.Tensor3D,
  );
  const stages: StageData[] = [];
  for (const [name, label] of FILTERS) {
    const title = both('{0} ({1})', label, name);
    let kernel: number[][];
    try {
      kernel = learnerKernel(ctx, name);
    } catch (e) {
      stages.push({ id: name, title, maps: [], error: errorText(e) });
      continue;
    }
    const before = grid(both('conv (before bias and ReLU)'), crossCorrelate(grey01, kernel), { kernel, source: 'input', padding: 'valid' });
    const maps: MapData[] = [before];
    let error: Localized | undefined;
    try {
      const featureMap = learnerFunction<(i: tf.Tensor3D, k: number[][], b: number) => unknown>(ctx, 'featureMap');
      const out = await call(ctx, `featureMap(image [${height}, ${width}, 3], ${name}, ${bias})`, featureMap, image, kernel, bias);
      if (!(out instanceof tf.Tensor)) fail(both('featureMap returned {0}, not a tensor.', show(out)));
      const shape = out.shape;
      const h = shape[0] ?? 0;
      const w = shape[1] ?? 0;
      if (shape.length !== 3 || shape[2] !== 1)
        fail(both('featureMap returned a tensor of shape [{0}]; expected [{1}, {2}, 1].', shape.join(', '), before.height, before.width));
      maps.push({
        title: both('your featureMap: ReLU(conv + {0})', bias),
        width: w,
        height: h,
        values: Array.from(out.dataSync()),
        kernel,
        bias,
        source: 'input',
        padding: 'valid',
        activation: 'relu',
      });
    } catch (e) {
      error = errorText(e);
    }
    stages.push({ id: name, title, kernels: [{ title: both('kernel'), kernel }], maps, ...(error ? { error } : {}) });
  }
  return stages;
}

/** The short training of `params.trained`: small enough for a panel (a few seconds), long enough for the filters to become features. */
export const BRIEF_TRAINING = {
  mnistDigits: 1500,
  mnistEpochs: 2,
  catsDogsEpochs: 10,
  batchSize: 64,
  learningRate: 0.003,
  budgetMs: 12_000,
  testDigits: 500,
} as const;

/**
 * Trains the learner's CNN briefly on the course data its input shape calls for (MNIST digits for
 * 28×28×1, the balanced cat/dog set through their `preprocess` for 32×32×3) and says how well.
 */
async function trainBriefly(
  ctx: ProbeContext,
  model: tf.LayersModel,
  label: string,
  [h, w, c]: number[],
): Promise<{ note: Localized; preprocess?: Preprocess }> {
  registerConv2dGradient();
  const B = BRIEF_TRAINING;
  const classes = outputShape(model)[1];
  let xs: tf.Tensor;
  let ys: tf.Tensor;
  let xt: tf.Tensor;
  let yt: Uint8Array | number[];
  let what: Localized;
  let learnt: Localized;
  let preprocess: Preprocess | undefined;
  let epochs: number;
  if (h === 28 && w === 28 && c === 1 && classes === 10) {
    const [train, test] = await courseData(
      'MNIST digits',
      Promise.all([loadMnist(ctx.loadAsset, 'train'), loadMnist(ctx.loadAsset, 'test')]),
    );
    xs = imagesTensor(train, { count: B.mnistDigits });
    ys = labelsTensor(train, { count: B.mnistDigits });
    xt = imagesTensor(test, { count: B.testDigits });
    yt = Array.from(test.labels.subarray(0, B.testDigits));
    epochs = B.mnistEpochs;
    what = both('{0} MNIST digits', B.mnistDigits);
    // Grey digits: no colour for a filter to learn.
    learnt = both('edges, strokes, curves');
  } else if (h === 32 && w === 32 && c === 3 && classes === 2 && typeof ctx.exports.preprocess === 'function') {
    preprocess = learnerFunction<Preprocess>(ctx, 'preprocess');
    const [train, test] = await courseData(
      'cat/dog images',
      Promise.all([loadCatsDogs(ctx.loadAsset, 'balanced'), loadCatsDogs(ctx.loadAsset, 'test')]),
    );
    xs = await batchOf(ctx, preprocess, train, true);
    ys = oneHot(
      Array.from(train.labels).flatMap((l) => [l, l]),
      2,
    );
    xt = await batchOf(ctx, preprocess, test, false);
    yt = test.labels;
    epochs = B.catsDogsEpochs;
    what = both('the {0} balanced cat/dog images and their mirrors (through your preprocess)', train.count);
    learnt = both('edges, textures, blobs of colour');
  } else {
    fail(
      both(
        '{0} maps [{1}] to {2} classes: the panel trains only a digit classifier ([28, 28, 1] → 10) or a cat/dog classifier ([32, 32, 3] → 2, with preprocess).',
        label,
        [h, w, c].join(', '),
        classes,
      ),
    );
  }
  model.compile({ optimizer: tf.train.adam(B.learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const fit = await fitWithProgress(ctx, model, xs, ys, { epochs, batchSize: B.batchSize, budgetMs: B.budgetMs, batchEvery: 0 }, label);
  const acc = accuracy(model, xt, yt).acc;
  const n = yt.length;
  return {
    preprocess,
    note: both(
      'Trained for {0} epoch(s) on {1} (Adam {2}; {3} right on {4} test images): the filters below were learnt from data — {5} — where the untrained network had random ones.',
      fit.epochsRun,
      what,
      B.learningRate,
      pctL(acc),
      n,
      learnt,
    ),
  };
}

async function cnnStages(
  ctx: ProbeContext,
  buildModelArgs: readonly unknown[] | undefined,
  pic: Picture,
  maxChannels: number,
  trained = false,
): Promise<{ stages: StageData[]; notes: Localized[]; input: { width: number; height: number; grey: number[] } }> {
  const useBuildCnn = typeof ctx.exports.buildCnn === 'function';
  const name = useBuildCnn ? 'buildCnn' : 'buildModel';
  const builder = learnerFunction<(...a: unknown[]) => unknown>(ctx, name);
  const args: unknown[] = useBuildCnn ? [[28, 28, 1], 10] : [...(buildModelArgs ?? [[32, 32, 3]])];
  const label = `${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`;
  const model = expectLayersModel(await callBuilder(ctx, label, builder, ...args), label);
  const shape = model.inputs[0]!.shape;
  if (shape.length !== 4)
    fail(both("The model's input has shape [{0}]: the feature maps need an image input [height, width, channels].", shape.join(', ')));
  const [h, w, c] = [shape[1] ?? 28, shape[2] ?? 28, shape[3] ?? 1];
  const brief = trained ? await trainBriefly(ctx, model, label, [h, w, c]) : undefined;
  const sized = tf.tidy(() => {
    const rgb = tf
      .tensor3d(Float32Array.from(pic.img.pixels), [pic.img.height, pic.img.width, 4])
      .slice([0, 0, 0], [pic.img.height, pic.img.width, 3])
      .div(255);
    const fitted = (pic.img.height === h && pic.img.width === w ? rgb : tf.image.resizeBilinear(rgb as tf.Tensor3D, [h, w])) as tf.Tensor3D;
    return (c === 1 ? fitted.mean(2, true) : c === 3 ? fitted : fitted.mean(2, true).tile([1, 1, c])) as tf.Tensor3D;
  });
  const grey = tf.tidy(() => Array.from(sized.mean(2).dataSync()));
  // A model trained through the learner's preprocess sees its images that way (raw 0–255 in, as in the check).
  let x: tf.Tensor4D;
  if (brief?.preprocess) {
    const raw = tf.tidy(() => sized.mul(255) as tf.Tensor3D);
    const one = await preprocessed(ctx, brief.preprocess, raw, L('the picture', "l'image"));
    x = tf.stack([one]) as tf.Tensor4D;
    tf.dispose([raw, one]);
  } else x = sized.expandDims(0) as tf.Tensor4D;
  const layers = model.layers.filter((l) => /Conv|Pool/.test(l.getClassName()) && (l.outputShape as number[]).length === 4);
  if (!layers.length) fail(both('{0} has no convolution or pooling layer: nothing to show here.', label));
  const probe = tf.model({ inputs: model.inputs, outputs: layers.map((l) => l.output as tf.SymbolicTensor) });
  const outs = probe.predict(x);
  const tensors = Array.isArray(outs) ? outs : [outs];
  const stages: StageData[] = layers.map((layer, li) => {
    const t = tensors[li]!;
    const [, oh = 0, ow = 0, oc = 0] = t.shape;
    const data = t.dataSync();
    const shown = Math.min(oc, maxChannels);
    const kind = layer.getClassName();
    const cfg = layer.getConfig() as { padding?: string; strides?: number[]; kernelSize?: number[] };
    const first = model.layers.indexOf(layer) === 0 && /^Conv2D$/.test(kind);
    let kernels: { title: Localized; kernel: number[][] }[] | undefined;
    let perChannel: ((ch: number) => Partial<MapData>) | undefined;
    if (first) {
      const [kw, kb] = layer.getWeights();
      if (kw && kw.shape.length === 4) {
        const [kh = 0, kww = 0, cin = 1] = kw.shape;
        const wv = kw.dataSync();
        const bv = kb ? kb.dataSync() : undefined;
        const at = (ch: number): number[][] =>
          Array.from({ length: kh }, (_, u) =>
            Array.from({ length: kww }, (_, v) => {
              let s = 0;
              for (let ci = 0; ci < cin; ci++) s += wv[((u * kww + v) * cin + ci) * oc + ch]!;
              return s;
            }),
          );
        kernels = Array.from({ length: shown }, (_, ch) => ({ title: both('filter {0}', ch), kernel: at(ch) }));
        const strideOne = (cfg.strides ?? [1, 1]).every((s) => s === 1);
        // The patch × kernel of a pixel is exact when the kernel sees one grey channel (or c channels all equal to grey).
        if (strideOne && (cin === 1 || c === cin))
          perChannel = (ch) => ({
            kernel: at(ch),
            bias: bv ? bv[ch] : 0,
            source: 'input',
            padding: cfg.padding === 'same' ? 'same' : 'valid',
            activation: activationOf(layer) ?? 'linear',
          });
      }
    }
    const maps: MapData[] = Array.from({ length: shown }, (_, ch) => {
      const values = new Array<number>(oh * ow);
      for (let i = 0; i < oh * ow; i++) values[i] = data[i * oc + ch]!;
      return { title: both('channel {0}', ch), width: ow, height: oh, values, ...(perChannel && c === 1 ? perChannel(ch) : {}) };
    });
    const act = activationOf(layer);
    return {
      id: layer.name,
      title: both('{0} ({1}{2})', layer.name, kind, act && act !== 'linear' ? `, ${act}` : ''),
      shape: [oh, ow, oc],
      maps,
      ...(kernels ? { kernels } : {}),
      ...(oc > shown ? { hiddenChannels: oc - shown } : {}),
    };
  });
  const notes = [
    brief
      ? brief.note
      : both(
          'Untrained network: its weights are the random initial values (seeded), so these maps show what the layers compute before learning. Training turns the filters into the features the task needs — tick "Train it first" to see them.',
        ),
  ];
  if (!pic.isDigit && c === 1) notes.push(both("The input is turned to grey and resized to {0}×{1}, the model's input shape.", h, w));
  return { stages, notes, input: { width: w, height: h, grey } };
}

export async function featureMapsProbe(ctx: ProbeContext, params: FeatureMapsParams): Promise<FeatureMapsData> {
  const pic = await picture(ctx, params.input ?? { kind: 'photo', name: 'chelsea' });
  const inputOf = (
    valueScale: '0-255' | '0-1',
    grey: number[] = valueScale === '0-255' ? pic.grey255 : pic.grey255.map((v) => v / 255),
    size = pic.img,
  ) => ({
    title: pic.title,
    width: size.width,
    height: size.height,
    grey,
    rgba: Array.from(pic.img.pixels),
    valueScale,
  });
  if (params.view === 'conv2d') {
    const { stages, notes } = await conv2dStages(ctx, pic, params.kernel ?? SLIDE_KERNEL);
    return { kind: 'conv2d', input: inputOf('0-255'), stages, notes };
  }
  if (params.view === 'filters') {
    return {
      kind: 'filters',
      input: inputOf('0-1'),
      stages: await filterStages(ctx, pic, Number.isFinite(params.bias) ? params.bias! : 0),
      notes: [],
    };
  }
  const { stages, notes, input } = await cnnStages(
    ctx,
    params.buildModelArgs,
    pic,
    Math.max(1, Math.min(64, params.maxChannels ?? 16)),
    params.trained === true,
  );
  return {
    kind: 'cnn',
    input: {
      title: pic.title,
      width: input.width,
      height: input.height,
      grey: input.grey,
      valueScale: '0-1',
      ...(input.width === pic.img.width && input.height === pic.img.height ? { rgba: Array.from(pic.img.pixels) } : {}),
    },
    stages,
    notes,
  };
}
