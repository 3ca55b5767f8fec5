import * as tf from '../../src/grader/core/tf';
import { L, type Localized } from '../../src/shared/i18n';
import { callDetailed, expectTensor, fail, fmt, fmtFr, learnerFunction, learnerValue, shapeText, show } from '../../src/grader/core/assert';
import { crossCorrelate, expectMatrix, flip180, type Matrix } from '../../src/grader/core/convolution';
import { cropRgba, expectImageClose, loadPhoto } from '../../src/grader/core/images';
import type { RgbaImage } from '../../src/shared/images';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';

type FeatureMap = (image: tf.Tensor3D, kernel: number[][], bias: number) => tf.Tensor3D;

// ---------------------------------------------------------------- the kernels

function kernel3x3(ctx: CheckContext, name: string): Matrix {
  const k = expectMatrix(learnerValue(ctx, name), name);
  if (k.length !== 3 || k[0]!.length !== 3) {
    fail(
      L(
        `${name} must be a 3×3 kernel (3 rows of 3 numbers), but it is ${k.length}×${k[0]!.length}: ${show(k)}.`,
        `${name} doit être un noyau 3×3 (3 lignes de 3 nombres), mais il est ${k.length}×${k[0]!.length} : ${show(k)}.`,
      ),
    );
  }
  return k;
}

const sum = (k: Matrix): number => k.flat().reduce((a, b) => a + b, 0);
const near = (a: number, b: number, tol = 1e-6): boolean => Math.abs(a - b) <= tol;

/** A 7×7 image, 0 on the left/top and `height` on the right/bottom: a vertical or horizontal edge. */
function step(direction: 'vertical' | 'horizontal', height = 1): Matrix {
  return Array.from({ length: 7 }, (_, i) => Array.from({ length: 7 }, (_, j) => ((direction === 'vertical' ? j : i) >= 3 ? height : 0)));
}
const flat = (v: number): Matrix => Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => v));
const maxAbs = (m: Matrix): number => Math.max(...m.flat().map(Math.abs));

// ---------------------------------------------------------------- featureMap reference and mistakes

/** The documented rule: mean of the channels, 'valid' cross-correlation, + bias, ReLU → [h−kh+1, w−kw+1, 1]. */
function conv(image: tf.Tensor3D, kernel: Matrix, reduce: 'mean' | 'sum' = 'mean', padding: 'valid' | 'same' = 'valid'): tf.Tensor3D {
  return tf.tidy(() => {
    const grey = (reduce === 'mean' ? image.mean(2, true) : image.sum(2, true)) as tf.Tensor3D;
    const k = tf.tensor4d(kernel.flat(), [kernel.length, kernel[0]!.length, 1, 1]);
    return tf.conv2d(grey, k, 1, padding);
  });
}
const reference = (image: tf.Tensor3D, kernel: Matrix, bias: number): tf.Tensor3D =>
  tf.tidy(() => tf.relu(conv(image, kernel).add(bias)) as tf.Tensor3D);

function withScope<T>(fn: () => T): T {
  tf.engine().startScope();
  try {
    return fn();
  } finally {
    tf.engine().endScope();
  }
}

function close(a: tf.Tensor, b: tf.Tensor, tol = 1e-4): boolean {
  if (a.size !== b.size) return false;
  return withScope(() => {
    const d = a
      .reshape([-1])
      .toFloat()
      .sub(b.reshape([-1]).toFloat())
      .abs()
      .max()
      .dataSync()[0]!;
    return d <= tol * Math.max(1, b.abs().max().dataSync()[0]!);
  });
}

function featureMapMisconception(got: tf.Tensor, image: tf.Tensor3D, kernel: Matrix, bias: number): Localized | undefined {
  return withScope(() => {
    const want = reference(image, kernel, bias);
    const raw = conv(image, kernel);
    const differs = (t: tf.Tensor) => !close(t, want);
    const candidates: [tf.Tensor, Localized][] = [
      [
        tf.relu(raw),
        L(
          'The bias was forgotten: the result is ReLU(conv), without + bias.',
          'Le biais a été oublié : le résultat vaut ReLU(conv), sans + biais.',
        ),
      ],
      [
        raw.add(bias),
        L(
          'The ReLU is missing: negative values must become 0 — that is what keeps only the places where the filter finds its pattern.',
          "La ReLU manque : les valeurs négatives doivent devenir 0 — c'est ce qui ne garde que les endroits où le filtre trouve son motif.",
        ),
      ],
      [
        tf.relu(raw).add(bias),
        L(
          'The ReLU is applied before the bias: first add the bias, then ReLU(conv + bias) — the bias moves the threshold below which the output is cut to 0.',
          "La ReLU est appliquée avant le biais : ajoutez d'abord le biais, puis ReLU(conv + biais) — le biais déplace le seuil sous lequel la sortie est coupée à 0.",
        ),
      ],
      [
        tf.relu(raw.sub(bias)),
        L('The bias is subtracted: the feature map is ReLU(conv + bias).', 'Le biais est soustrait : la carte vaut ReLU(conv + biais).'),
      ],
      [
        tf.relu(conv(image, flip180(kernel)).add(bias)),
        L(
          'The kernel is flipped (rotated by 180°): tf.conv2d, like every deep-learning library, slides it as it is (cross-correlation).',
          'Le noyau est retourné (tourné de 180°) : tf.conv2d, comme toutes les bibliothèques de deep learning, le fait glisser tel quel (corrélation croisée).',
        ),
      ],
      [
        tf.relu(conv(image, kernel, 'sum').add(bias)),
        L(
          `The channels are summed: with ${image.shape[2]} channels the result is ${image.shape[2]} times too large. The filter sees the MEAN of the channels (e.g. image.mean(2, true)).`,
          `Les canaux sont additionnés : avec ${image.shape[2]} canaux le résultat est ${image.shape[2]} fois trop grand. Le filtre voit la MOYENNE des canaux (par ex. image.mean(2, true)).`,
        ),
      ],
    ];
    for (const [t, why] of candidates) if (differs(t) && close(got, t)) return why;
    return undefined;
  });
}

async function callFeatureMap(ctx: CheckContext, image: tf.Tensor3D, kernel: Matrix, bias: number, name: Localized): Promise<tf.Tensor> {
  const featureMap = learnerFunction<FeatureMap>(ctx, 'featureMap');
  const k = `${kernel.length}×${kernel[0]!.length}`;
  const label = L(
    `featureMap(${name.en} ${shapeText(image.shape)}, ${k} kernel, bias ${fmt(bias)})`,
    `featureMap(${name.fr} ${shapeText(image.shape)}, noyau ${k}, biais ${fmtFr(bias)})`,
  );
  const d = await callDetailed(ctx, label, featureMap, [image, kernel, bias]);
  const got = expectTensor(d.value, label);
  if (d.disposedArgs[0]) {
    fail(
      L(
        `${label.en} disposed its input image: the caller still owns it; dispose only the tensors you create (tf.tidy does that).`,
        `${label.fr} a libéré son image d'entrée : elle appartient encore à l'appelant ; ne libérez que les tenseurs que vous créez (tf.tidy s'en charge).`,
      ),
    );
  }
  const [h, w] = image.shape;
  const shape = [h - kernel.length + 1, w - kernel[0]!.length + 1, 1];
  const s = got.shape;
  if (s.length !== 3 || s.some((d, i) => d !== shape[i])) {
    const why =
      s.length === 3 && s[0] === h && s[1] === w
        ? L(
            "The feature map is as large as the image: that is 'same' padding. Use 'valid': the kernel only visits positions where it fits inside the image, so the map loses kh − 1 rows and kw − 1 columns.",
            "La carte est aussi grande que l'image : c'est le remplissage 'same'. Utilisez 'valid' : le noyau ne visite que les positions où il tient dans l'image, la carte perd donc kh − 1 lignes et kw − 1 colonnes.",
          )
        : s.length === 2
          ? L(
              'The channel axis is missing: a feature map is an image with one channel, [height, width, 1].',
              "L'axe des canaux manque : une carte de caractéristiques est une image à un canal, [hauteur, largeur, 1].",
            )
          : s.length === 4
            ? L(
                'The batch axis is still there: tf.conv2d on a 4-D input gives [1, h, w, 1]; pass the 3-D image (tf.conv2d accepts it) or squeeze axis 0.',
                "L'axe du lot est encore là : tf.conv2d sur une entrée 4-D donne [1, h, w, 1] ; passez l'image 3-D (tf.conv2d l'accepte) ou retirez l'axe 0 (squeeze).",
              )
            : s.length === 3 && s[2] === image.shape[2] && s[2] !== 1
              ? L(
                  'One output channel per input channel: here the filter combines all channels into one feature map (it sees their mean).',
                  "Un canal de sortie par canal d'entrée : ici le filtre combine tous les canaux en une seule carte (il voit leur moyenne).",
                )
              : L(
                  "Expected [h − kh + 1, w − kw + 1, 1] ('valid', one output channel).",
                  "Attendu [h − kh + 1, w − kw + 1, 1] ('valid', un canal de sortie).",
                );
    fail(
      L(
        `${label.en} has shape ${shapeText(s)}, expected ${shapeText(shape)}.`,
        `${label.fr} a la forme ${shapeText(s)}, attendu ${shapeText(shape)}.`,
      ),
      why,
    );
  }
  if (got.dtype !== 'float32') {
    fail(L(`${label.en} has dtype ${got.dtype}, expected float32.`, `${label.fr} a le dtype ${got.dtype}, attendu float32.`));
  }
  const want = reference(image, kernel, bias);
  expectImageClose(
    got,
    want,
    label,
    featureMapMisconception(got, image, kernel, bias) ??
      L(
        "featureMap = ReLU(conv2d(mean of the channels, kernel, stride 1, 'valid') + bias).",
        "featureMap = ReLU(conv2d(moyenne des canaux, noyau, pas 1, 'valid') + biais).",
      ),
  );
  want.dispose();
  return got;
}

const toImage = (img: RgbaImage): tf.Tensor3D =>
  tf.tidy(() =>
    tf.tensor3d(Float32Array.from(img.pixels), [img.height, img.width, 4]).slice([0, 0, 0], [img.height, img.width, 3]).div(255),
  );

const SOBEL_X: Matrix = [
  [-1, 0, 1],
  [-2, 0, 2],
  [-1, 0, 1],
];

export const checks: ExerciseChecks = [
  {
    id: 'blur-kernel',
    async run(ctx) {
      const k = kernel3x3(ctx, 'blurKernel');
      const negative = k.flat().find((v) => v < 0);
      if (negative !== undefined) {
        fail(
          L(
            `blurKernel has a negative weight (${fmt(negative)}): a blur is a weighted AVERAGE of the neighbours, all weights ≥ 0. Negative weights enhance differences instead (edges, sharpening).`,
            `blurKernel a un poids négatif (${fmtFr(negative)}) : un flou est une MOYENNE pondérée des voisins, tous les poids ≥ 0. Des poids négatifs renforcent au contraire les différences (bords, netteté).`,
          ),
        );
      }
      if (!near(sum(k), 1)) {
        fail(
          L(
            `The weights of blurKernel add up to ${fmt(sum(k))}, not 1: a flat grey area would come out ${fmt(sum(k))} times ${sum(k) > 1 ? 'brighter' : 'darker'}. Divide each weight by their sum (e.g. 1/9 each for a box blur, or [1 2 1; 2 4 2; 1 2 1]/16).`,
            `Les poids de blurKernel ont pour somme ${fmtFr(sum(k))}, et non 1 : une zone grise uniforme ressortirait ${fmtFr(sum(k))} fois plus ${sum(k) > 1 ? 'claire' : 'sombre'}. Divisez chaque poids par leur somme (par ex. 1/9 chacun pour un flou moyen, ou [1 2 1 ; 2 4 2 ; 1 2 1]/16).`,
          ),
        );
      }
      if (k.flat().filter((v) => v > 0).length < 2) {
        fail(
          L(
            `blurKernel ${show(k)} keeps a single pixel: that copies (or shifts) the image, it does not blur it. Spread the weight over the neighbours.`,
            `blurKernel ${show(k)} ne garde qu'un seul pixel : cela recopie (ou décale) l'image, sans la flouter. Répartissez le poids sur les voisins.`,
          ),
        );
      }
    },
  },
  {
    id: 'edge-kernel',
    async run(ctx) {
      const k = kernel3x3(ctx, 'edgeKernel');
      const onFlat = crossCorrelate(flat(0.8), k);
      if (!near(sum(k), 0) || maxAbs(onFlat) > 1e-6) {
        fail(
          L(
            `The weights of edgeKernel add up to ${fmt(sum(k))}, not 0: on a flat area (every pixel 0.8) it answers ${fmt(onFlat[0]![0]!)} instead of 0. An edge detector must stay silent where nothing changes: make the weights add up to 0 (e.g. [-1 -1 -1; -1 8 -1; -1 -1 -1]).`,
            `Les poids de edgeKernel ont pour somme ${fmtFr(sum(k))}, et non 0 : sur une zone uniforme (tous les pixels à 0,8) il répond ${fmtFr(onFlat[0]![0]!)} au lieu de 0. Un détecteur de bords doit se taire là où rien ne change : faites en sorte que la somme des poids soit 0 (par ex. [-1 -1 -1 ; -1 8 -1 ; -1 -1 -1]).`,
          ),
        );
      }
      const v = maxAbs(crossCorrelate(step('vertical'), k));
      const hz = maxAbs(crossCorrelate(step('horizontal'), k));
      if (Math.max(v, hz) < 1) {
        fail(
          L(
            `edgeKernel barely reacts to an edge: on a step from 0 to 1 its strongest response is ${fmt(Math.max(v, hz))} (vertical edge ${fmt(v)}, horizontal edge ${fmt(hz)}); it should be at least 1, as strong as the step. Give the centre (or one side) a large weight and its neighbours the opposite sign.`,
            `edgeKernel réagit à peine à un bord : sur une marche de 0 à 1 sa réponse la plus forte vaut ${fmtFr(Math.max(v, hz))} (bord vertical ${fmtFr(v)}, bord horizontal ${fmtFr(hz)}) ; elle devrait valoir au moins 1, autant que la marche. Donnez un poids fort au centre (ou à un côté) et le signe opposé à ses voisins.`,
          ),
        );
      }
    },
  },
  {
    id: 'sharpen-kernel',
    async run(ctx) {
      const k = kernel3x3(ctx, 'sharpenKernel');
      if (!near(sum(k), 1)) {
        fail(
          L(
            `The weights of sharpenKernel add up to ${fmt(sum(k))}, not 1: sharpening must leave flat areas unchanged (sum 1) and only enhance differences. Typically [0 -1 0; -1 5 -1; 0 -1 0] = identity + an edge detector.`,
            `Les poids de sharpenKernel ont pour somme ${fmtFr(sum(k))}, et non 1 : renforcer la netteté doit laisser les zones uniformes intactes (somme 1) et seulement accentuer les différences. Typiquement [0 -1 0 ; -1 5 -1 ; 0 -1 0] = identité + un détecteur de bords.`,
          ),
        );
      }
      const neighbours = k.flat().filter((_, i) => i !== 4);
      if (neighbours.some((v) => v > 0) || !neighbours.some((v) => v < 0) || k[1]![1]! <= 1) {
        fail(
          L(
            `sharpenKernel ${show(k)} should have a centre larger than 1 and neighbours ≤ 0 (at least one negative): the centre pixel is pushed away from the average of its neighbours, which increases contrast on edges.`,
            `sharpenKernel ${show(k)} devrait avoir un centre supérieur à 1 et des voisins ≤ 0 (au moins un négatif) : le pixel central s'écarte davantage de la moyenne de ses voisins, ce qui augmente le contraste sur les bords.`,
          ),
        );
      }
    },
  },
  {
    id: 'emboss-kernel',
    async run(ctx) {
      const k = kernel3x3(ctx, 'embossKernel');
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          if (i === 1 && j === 1) continue;
          if (!near(k[i]![j]!, -k[2 - i]![2 - j]!)) {
            fail(
              L(
                `embossKernel is not antisymmetric: k[${i}][${j}] = ${fmt(k[i]![j]!)} but its mirror through the centre, k[${2 - i}][${2 - j}], is ${fmt(k[2 - i]![2 - j]!)} (should be ${fmt(-k[i]![j]!)}). Emboss (« repoussage ») subtracts one side from the opposite side, e.g. [-2 -1 0; -1 1 1; 0 1 2]; the centre is free.`,
                `embossKernel n'est pas antisymétrique : k[${i}][${j}] = ${fmtFr(k[i]![j]!)} mais son symétrique par rapport au centre, k[${2 - i}][${2 - j}], vaut ${fmtFr(k[2 - i]![2 - j]!)} (il devrait valoir ${fmtFr(-k[i]![j]!)}). Le repoussage soustrait un côté du côté opposé, par ex. [-2 -1 0 ; -1 1 1 ; 0 1 2] ; le centre est libre.`,
              ),
            );
          }
        }
      }
      if (k.flat().every((v, i) => i === 4 || v === 0)) {
        fail(
          L(
            'embossKernel has only a centre: with nothing on the sides there is no relief. Put opposite weights on two opposite sides.',
            "embossKernel n'a qu'un centre : sans rien sur les côtés, pas de relief. Mettez des poids opposés sur deux côtés opposés.",
          ),
        );
      }
    },
  },
  {
    id: 'feature-map-grey',
    async run(ctx) {
      const r = ctx.rng(707);
      const cases: [number, number, number, number, number][] = [
        [6, 6, 3, 3, 0],
        [8, 5, 3, 3, -0.2],
        [5, 9, 2, 2, 0.3],
        [7, 7, 3, 3, -1],
        [6, 8, 1, 3, 0.1],
        [4, 4, 3, 3, 0.5],
      ];
      for (const [h, w, kh, kw, bias] of cases) {
        const image = tf.tensor3d(r.array(h * w, 0, 1), [h, w, 1]);
        await callFeatureMap(ctx, image, r.matrix(kh, kw, -1, 1), bias, L('a grey image', 'une image en gris'));
      }
    },
  },
  {
    id: 'feature-map-colour',
    async run(ctx) {
      const r = ctx.rng(708);
      for (const [h, w, bias] of [
        [6, 7, 0],
        [9, 5, -0.1],
        [5, 5, 0.2],
      ] as [number, number, number][]) {
        const image = tf.tensor3d(r.array(h * w * 3, 0, 1), [h, w, 3]);
        await callFeatureMap(ctx, image, r.matrix(3, 3, -1, 1), bias, L('a colour image', 'une image en couleur'));
      }
    },
  },
  {
    id: 'feature-map-photo',
    async run(ctx) {
      const photo = await loadPhoto(ctx, 'chelsea');
      const image = toImage(photo);
      await callFeatureMap(ctx, image, SOBEL_X, -0.1, L('the photo "chelsea"', 'la photo « chelsea »'));
      await callFeatureMap(
        ctx,
        image,
        [
          [-2, -1, 0],
          [-1, 1, 1],
          [0, 1, 2],
        ],
        0,
        L('the photo "chelsea"', 'la photo « chelsea »'),
      );
      await callFeatureMap(
        ctx,
        toImage(cropRgba(await loadPhoto(ctx, 'camera'), 0, 16, 128, 90)),
        [
          [-1, -1, -1],
          [-1, 8, -1],
          [-1, -1, -1],
        ],
        -0.05,
        L('a 128×90 crop of "camera"', 'un recadrage 128×90 de « camera »'),
      );
    },
  },
];
