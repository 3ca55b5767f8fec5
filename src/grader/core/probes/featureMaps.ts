import * as tf from '../tf';
import { greyFromRgba, toRows } from '../../../shared/charts/featureMaps';
import { L, type Localized } from '../../../shared/i18n';
import type { FeatureInput, FeatureMapsData, FeatureMapsParams, MapData, StageData } from '../../../shared/protocol/featureMaps';
import { call, describeThrown, fail, learnerFunction, learnerValue, show } from '../assert';
import { SEED_PATCH, SLIDE_KERNEL, crossCorrelate } from '../convolution';
import { courseData, imagesTensor, labelsTensor, loadCatsDogs, loadMnist, oneHot } from '../datasets';
import { batchOf, preprocessed, type Preprocess } from '../imageClassifier';
import { greyToRgba, loadMnistDigit, loadPhoto, type RgbaImage } from '../images';
import { accuracy, activationOf, callBuilder, expectLayersModel, fitWithProgress, outputShape, pct } from '../models';
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
      return { title: L(`photo “${input.name}” (${img.width}×${img.height})`, `photo « ${input.name} » (${img.width}×${img.height})`), img, grey255: greyFromRgba(img.pixels, img.width, img.height, 1), isDigit: false };
    }
    case 'mnist': {
      const { grey, label } = await loadMnistDigit(ctx, Math.max(0, Math.floor(input.index)), 'test');
      const img = greyToRgba(grey, 28, 28);
      return { title: L(`MNIST digit #${input.index} (a ${label}, 28×28)`, `chiffre MNIST n° ${input.index} (un ${label}, 28×28)`), img, grey255: Array.from(grey), isDigit: true };
    }
    case 'patch': {
      const h = SEED_PATCH.length;
      const w = SEED_PATCH[0]!.length;
      const flat = SEED_PATCH.flat();
      return { title: L("the slides' 5×5 pixel patch", "le morceau d'image 5×5 des diapositives"), img: greyToRgba(Uint8Array.from(flat), w, h), grey255: flat, isDigit: false };
    }
    case 'pixels': {
      const { width, height, rgba } = input;
      if (!(width > 0 && height > 0 && width <= MAX_SIDE && height <= MAX_SIDE) || rgba.length !== width * height * 4) {
        fail(L(`The image “${input.name}” could not be used (${width}×${height}, ${rgba.length} bytes).`, `L'image « ${input.name} » est inutilisable (${width}×${height}, ${rgba.length} octets).`));
      }
      const img = { pixels: new Uint8ClampedArray(rgba), width, height };
      return { title: L(`${input.name} (${width}×${height})`, `${input.name} (${width}×${height})`), img, grey255: greyFromRgba(img.pixels, width, height, 1), isDigit: false };
    }
  }
}

function isMatrix(v: unknown): v is number[][] {
  return Array.isArray(v) && v.length > 0 && v.every((r) => Array.isArray(r) && r.length === (v[0] as unknown[]).length && r.length > 0 && r.every((x) => typeof x === 'number'));
}

function learnerKernel(ctx: ProbeContext, name: string): number[][] {
  const v = learnerValue(ctx, name);
  if (!isMatrix(v)) fail(L(`\`${name}\` should be a rectangular array of numbers (number[][]), but it is ${show(v)}.`, `\`${name}\` devrait être un tableau rectangulaire de nombres (number[][]), mais c'est ${show(v)}.`));
  return v;
}

const grid = (title: Localized, rows: number[][], extra: Partial<MapData> = {}): MapData => ({ title, width: rows[0]?.length ?? 0, height: rows.length, values: rows.flat(), ...extra });

async function conv2dStages(ctx: ProbeContext, pic: Picture, kernel: number[][]): Promise<{ stages: StageData[]; notes: Localized[] }> {
  const image = toRows({ width: pic.img.width, height: pic.img.height, values: pic.grey255 });
  const k = isMatrix(kernel) ? kernel : SLIDE_KERNEL;
  const want = crossCorrelate(image, k);
  const base = { id: 'conv2d', title: L('conv2d(image, kernel)', 'conv2d(image, noyau)'), kernels: [{ title: L('kernel', 'noyau'), kernel: k }] };
  let got: unknown;
  try {
    const conv2d = learnerFunction<(i: number[][], k: number[][]) => unknown>(ctx, 'conv2d');
    got = await call(ctx, `conv2d(${pic.img.height}×${pic.img.width} image, ${k.length}×${k[0]!.length} kernel)`, conv2d, image, k);
  } catch (e) {
    return { stages: [{ ...base, maps: [], error: errorText(e) }], notes: [] };
  }
  if (!isMatrix(got)) {
    return { stages: [{ ...base, maps: [grid(L('tf.conv2d (reference)', 'tf.conv2d (référence)'), want, { kernel: k, source: 'input', padding: 'valid' })], error: L(`conv2d returned ${show(got)}, not a number[][]: the reference is shown instead.`, `conv2d a renvoyé ${show(got)}, pas un number[][] : la référence est affichée à la place.`) }], notes: [] };
  }
  const maps: MapData[] = [grid(L('your conv2d', 'votre conv2d'), got, { kernel: k, source: 'input', padding: 'valid' })];
  const notes: Localized[] = [];
  const sameShape = got.length === want.length && got[0]!.length === want[0]!.length;
  let differ = 0;
  if (sameShape) for (let i = 0; i < want.length; i++) for (let j = 0; j < want[0]!.length; j++) if (Math.abs(got[i]![j]! - want[i]![j]!) > 1e-6 * Math.max(1, Math.abs(want[i]![j]!))) differ++;
  if (!sameShape || differ > 0) {
    maps.push(grid(L('tf.conv2d (reference)', 'tf.conv2d (référence)'), want, { kernel: k, source: 'input', padding: 'valid' }));
    notes.push(sameShape
      ? L(`Your conv2d differs from tf.conv2d at ${differ} of ${want.length * want[0]!.length} pixels: hover a pixel to see the patch × kernel it should be.`, `Votre conv2d diffère de tf.conv2d en ${differ} pixels sur ${want.length * want[0]!.length} : survolez un pixel pour voir le produit morceau × noyau attendu.`)
      : L(`Your conv2d returns ${got.length}×${got[0]!.length} values; 'valid' gives ${want.length}×${want[0]!.length} (h − kh + 1 by w − kw + 1).`, `Votre conv2d renvoie ${got.length}×${got[0]!.length} valeurs ; 'valid' donne ${want.length}×${want[0]!.length} (h − kh + 1 sur w − kw + 1).`));
  }
  return { stages: [{ ...base, maps }], notes };
}

const FILTERS: readonly [string, Localized][] = [
  ['blurKernel', L('blur', 'flou')],
  ['edgeKernel', L('edges', 'bords')],
  ['sharpenKernel', L('sharpen', 'netteté')],
  ['embossKernel', L('emboss', 'repoussage')],
];

async function filterStages(ctx: ProbeContext, pic: Picture, bias: number): Promise<StageData[]> {
  const { width, height } = pic.img;
  const grey01 = toRows({ width, height, values: pic.grey255.map((v) => v / 255) });
  const image = tf.tidy(() => tf.tensor3d(Float32Array.from(pic.img.pixels), [height, width, 4]).slice([0, 0, 0], [height, width, 3]).div(255) as tf.Tensor3D);
  const stages: StageData[] = [];
  for (const [name, label] of FILTERS) {
    const title = L(`${label.en} (${name})`, `${label.fr} (${name})`);
    let kernel: number[][];
    try {
      kernel = learnerKernel(ctx, name);
    } catch (e) {
      stages.push({ id: name, title, maps: [], error: errorText(e) });
      continue;
    }
    const before = grid(L('conv (before bias and ReLU)', 'conv (avant biais et ReLU)'), crossCorrelate(grey01, kernel), { kernel, source: 'input', padding: 'valid' });
    const maps: MapData[] = [before];
    let error: Localized | undefined;
    try {
      const featureMap = learnerFunction<(i: tf.Tensor3D, k: number[][], b: number) => unknown>(ctx, 'featureMap');
      const out = await call(ctx, `featureMap(image [${height}, ${width}, 3], ${name}, ${bias})`, featureMap, image, kernel, bias);
      if (!(out instanceof tf.Tensor)) fail(L(`featureMap returned ${show(out)}, not a tensor.`, `featureMap a renvoyé ${show(out)}, pas un tenseur.`));
      const shape = out.shape;
      const h = shape[0] ?? 0;
      const w = shape[1] ?? 0;
      if (shape.length !== 3 || shape[2] !== 1) fail(L(`featureMap returned a tensor of shape [${shape.join(', ')}]; expected [${before.height}, ${before.width}, 1].`, `featureMap a renvoyé un tenseur de forme [${shape.join(', ')}] ; attendu [${before.height}, ${before.width}, 1].`));
      maps.push({ title: L(`your featureMap: ReLU(conv + ${bias})`, `votre featureMap : ReLU(conv + ${bias})`), width: w, height: h, values: Array.from(out.dataSync()), kernel, bias, source: 'input', padding: 'valid', activation: 'relu' });
    } catch (e) {
      error = errorText(e);
    }
    stages.push({ id: name, title, kernels: [{ title: L('kernel', 'noyau'), kernel }], maps, ...(error ? { error } : {}) });
  }
  return stages;
}

const NO_ARGS = new Set(['18-mnist']);

/** The short training of `params.trained`: small enough for a panel (a few seconds), long enough for the filters to become features. */
export const BRIEF_TRAINING = { mnistDigits: 1500, mnistEpochs: 2, catsDogsEpochs: 10, batchSize: 64, learningRate: 0.003, budgetMs: 12_000, testDigits: 500 } as const;

/**
 * Trains the learner's CNN briefly on the course data its input shape calls for (MNIST digits for
 * 28×28×1, the balanced cat/dog set through their `preprocess` for 32×32×3) and says how well.
 */
async function trainBriefly(ctx: ProbeContext, model: tf.LayersModel, label: string, [h, w, c]: number[]): Promise<{ note: Localized; preprocess?: Preprocess }> {
  registerConv2dGradient();
  const B = BRIEF_TRAINING;
  const classes = outputShape(model)[1];
  let xs: tf.Tensor;
  let ys: tf.Tensor;
  let xt: tf.Tensor;
  let yt: Uint8Array | number[];
  let what: Localized;
  let preprocess: Preprocess | undefined;
  let epochs: number;
  if (h === 28 && w === 28 && c === 1 && classes === 10) {
    const [train, test] = await courseData('MNIST digits', Promise.all([loadMnist(ctx.loadAsset, 'train'), loadMnist(ctx.loadAsset, 'test')]));
    xs = imagesTensor(train, { count: B.mnistDigits });
    ys = labelsTensor(train, { count: B.mnistDigits });
    xt = imagesTensor(test, { count: B.testDigits });
    yt = Array.from(test.labels.subarray(0, B.testDigits));
    epochs = B.mnistEpochs;
    what = L(`${B.mnistDigits} MNIST digits`, `${B.mnistDigits} chiffres MNIST`);
  } else if (h === 32 && w === 32 && c === 3 && classes === 2 && typeof ctx.exports.preprocess === 'function') {
    preprocess = learnerFunction<Preprocess>(ctx, 'preprocess');
    const [train, test] = await courseData('cat/dog images', Promise.all([loadCatsDogs(ctx.loadAsset, 'balanced'), loadCatsDogs(ctx.loadAsset, 'test')]));
    xs = await batchOf(ctx, preprocess, train, true);
    ys = oneHot(Array.from(train.labels).flatMap((l) => [l, l]), 2);
    xt = await batchOf(ctx, preprocess, test, false);
    yt = test.labels;
    epochs = B.catsDogsEpochs;
    what = L(`the ${train.count} balanced cat/dog images and their mirrors (through your preprocess)`, `les ${train.count} images équilibrées de chats et chiens et leurs miroirs (par votre preprocess)`);
  } else {
    fail(L(
      `${label} maps [${[h, w, c].join(', ')}] to ${classes} classes: the panel trains only a digit classifier ([28, 28, 1] → 10) or a cat/dog classifier ([32, 32, 3] → 2, with preprocess).`,
      `${label} transforme [${[h, w, c].join(', ')}] en ${classes} classes : le panneau n'entraîne qu'un classifieur de chiffres ([28, 28, 1] → 10) ou de chats/chiens ([32, 32, 3] → 2, avec preprocess).`,
    ));
  }
  model.compile({ optimizer: tf.train.adam(B.learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const fit = await fitWithProgress(ctx, model, xs, ys, { epochs, batchSize: B.batchSize, budgetMs: B.budgetMs, batchEvery: 0 }, label);
  const acc = accuracy(model, xt, yt).acc;
  const n = yt.length;
  return {
    preprocess,
    note: L(
      `Trained for ${fit.epochsRun} epoch(s) on ${what.en} (Adam ${B.learningRate}; ${pct(acc)} right on ${n} test images): the filters below were learnt from data — edges, strokes, blobs of colour — where the untrained network had random ones.`,
      `Entraîné ${fit.epochsRun} époque(s) sur ${what.fr} (Adam ${B.learningRate} ; ${pct(acc)} de bonnes réponses sur ${n} images de test) : les filtres ci-dessous ont été appris des données — bords, traits, taches de couleur — là où le réseau non entraîné en avait d'aléatoires.`,
    ),
  };
}

async function cnnStages(ctx: ProbeContext, exerciseId: string, pic: Picture, maxChannels: number, trained = false): Promise<{ stages: StageData[]; notes: Localized[]; input: { width: number; height: number; grey: number[] } }> {
  const useBuildCnn = typeof ctx.exports.buildCnn === 'function';
  const name = useBuildCnn ? 'buildCnn' : 'buildModel';
  const builder = learnerFunction<(...a: unknown[]) => unknown>(ctx, name);
  const args: unknown[] = useBuildCnn ? [[28, 28, 1], 10] : NO_ARGS.has(exerciseId) ? [] : [[32, 32, 3]];
  const label = `${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`;
  const model = expectLayersModel(await callBuilder(ctx, label, builder, ...args), label);
  const shape = model.inputs[0]!.shape;
  if (shape.length !== 4) fail(L(`The model's input has shape [${shape.join(', ')}]: the feature maps need an image input [height, width, channels].`, `L'entrée du modèle a la forme [${shape.join(', ')}] : les cartes de caractéristiques demandent une image [hauteur, largeur, canaux].`));
  const [h, w, c] = [shape[1] ?? 28, shape[2] ?? 28, shape[3] ?? 1];
  const brief = trained ? await trainBriefly(ctx, model, label, [h, w, c]) : undefined;
  const sized = tf.tidy(() => {
    const rgb = tf.tensor3d(Float32Array.from(pic.img.pixels), [pic.img.height, pic.img.width, 4]).slice([0, 0, 0], [pic.img.height, pic.img.width, 3]).div(255);
    const fitted = (pic.img.height === h && pic.img.width === w ? rgb : tf.image.resizeBilinear(rgb as tf.Tensor3D, [h, w])) as tf.Tensor3D;
    return (c === 1 ? fitted.mean(2, true) : c === 3 ? fitted : fitted.mean(2, true).tile([1, 1, c])) as tf.Tensor3D;
  });
  const grey = tf.tidy(() => Array.from(sized.mean(2).dataSync()));
  // A model trained through the learner's preprocess sees its images that way (raw 0–255 in, as in the check).
  let x: tf.Tensor4D;
  if (brief?.preprocess) {
    const raw = tf.tidy(() => sized.mul(255) as tf.Tensor3D);
    const one = await preprocessed(ctx, brief.preprocess, raw, 'the picture');
    x = tf.stack([one]) as tf.Tensor4D;
    tf.dispose([raw, one]);
  } else x = sized.expandDims(0) as tf.Tensor4D;
  const layers = model.layers.filter((l) => /Conv|Pool/.test(l.getClassName()) && (l.outputShape as number[]).length === 4);
  if (!layers.length) fail(L(`${label} has no convolution or pooling layer: nothing to show here.`, `${label} n'a aucune couche de convolution ou de pooling : rien à montrer ici.`));
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
        const at = (ch: number): number[][] => Array.from({ length: kh }, (_, u) => Array.from({ length: kww }, (_, v) => {
          let s = 0;
          for (let ci = 0; ci < cin; ci++) s += wv[((u * kww + v) * cin + ci) * oc + ch]!;
          return s;
        }));
        kernels = Array.from({ length: shown }, (_, ch) => ({ title: L(`filter ${ch}`, `filtre ${ch}`), kernel: at(ch) }));
        const strideOne = (cfg.strides ?? [1, 1]).every((s) => s === 1);
        // The patch × kernel of a pixel is exact when the kernel sees one grey channel (or c channels all equal to grey).
        if (strideOne && (cin === 1 || c === cin)) perChannel = (ch) => ({ kernel: at(ch), bias: bv ? bv[ch] : 0, source: 'input', padding: cfg.padding === 'same' ? 'same' : 'valid', activation: activationOf(layer) ?? 'linear' });
      }
    }
    const maps: MapData[] = Array.from({ length: shown }, (_, ch) => {
      const values = new Array<number>(oh * ow);
      for (let i = 0; i < oh * ow; i++) values[i] = data[i * oc + ch]!;
      return { title: L(`channel ${ch}`, `canal ${ch}`), width: ow, height: oh, values, ...(perChannel && c === 1 ? perChannel(ch) : {}) };
    });
    const act = activationOf(layer);
    return {
      id: layer.name,
      title: L(`${layer.name} (${kind}${act && act !== 'linear' ? `, ${act}` : ''})`, `${layer.name} (${kind}${act && act !== 'linear' ? `, ${act}` : ''})`),
      shape: [oh, ow, oc],
      maps,
      ...(kernels ? { kernels } : {}),
      ...(oc > shown ? { hiddenChannels: oc - shown } : {}),
    };
  });
  const notes = [brief ? brief.note : L(
    'Untrained network: its weights are the random initial values (seeded), so these maps show what the layers compute before learning. Training turns the filters into the features the task needs — tick "Train it first" to see them.',
    "Réseau non entraîné : ses poids sont les valeurs initiales aléatoires (graine fixée), ces cartes montrent donc ce que calculent les couches avant l'apprentissage. L'entraînement transforme les filtres en caractéristiques utiles à la tâche — cochez « L'entraîner d'abord » pour les voir.",
  )];
  if (!pic.isDigit && c === 1) notes.push(L(`The input is turned to grey and resized to ${h}×${w}, the model's input shape.`, `L'entrée est passée en niveaux de gris et redimensionnée en ${h}×${w}, la forme d'entrée du modèle.`));
  return { stages, notes, input: { width: w, height: h, grey } };
}

export async function featureMapsProbe(ctx: ProbeContext, raw: unknown): Promise<FeatureMapsData> {
  const params = raw as FeatureMapsParams;
  const pic = await picture(ctx, params.input ?? { kind: 'photo', name: 'chelsea' });
  const inputOf = (valueScale: '0-255' | '0-1', grey: number[] = valueScale === '0-255' ? pic.grey255 : pic.grey255.map((v) => v / 255), size = pic.img) => ({
    title: pic.title, width: size.width, height: size.height, grey, rgba: Array.from(pic.img.pixels), valueScale,
  });
  if (params.exerciseId.startsWith('06-')) {
    const { stages, notes } = await conv2dStages(ctx, pic, params.kernel ?? SLIDE_KERNEL);
    return { kind: 'conv2d', input: inputOf('0-255'), stages, notes };
  }
  if (params.exerciseId.startsWith('07-')) {
    return { kind: 'filters', input: inputOf('0-1'), stages: await filterStages(ctx, pic, Number.isFinite(params.bias) ? params.bias! : 0), notes: [] };
  }
  const { stages, notes, input } = await cnnStages(ctx, params.exerciseId, pic, Math.max(1, Math.min(64, params.maxChannels ?? 16)), params.trained === true);
  return { kind: 'cnn', input: { title: pic.title, width: input.width, height: input.height, grey: input.grey, valueScale: '0-1', ...(input.width === pic.img.width && input.height === pic.img.height ? { rgba: Array.from(pic.img.pixels) } : {}) }, stages, notes };
}
