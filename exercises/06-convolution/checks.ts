import { L, type Localized } from '../../src/shared/i18n';
import { callDetailed, expectClose, fail, learnerFunction, shapeText, show } from '../../src/grader/core/assert';
import {
  SEED_PATCH,
  SLIDE_KERNEL,
  SLIDE_RESULT,
  SLIDE_RESULT_FLIPPED,
  crossCorrelate,
  crossCorrelateSame,
  expectMatrix,
  flip180,
  sameMatrix,
  transpose,
  type Matrix,
} from '../../src/grader/core/convolution';
import type { Rng } from '../../src/grader/core/rng';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';

type Conv2d = (image: number[][], kernel: number[][]) => number[][];

const dims = (m: Matrix): string => `${m.length}×${m[0]!.length}`;
const label = (image: Matrix, kernel: Matrix): string => `conv2d(image ${dims(image)}, kernel ${dims(kernel)})`;

/** The argument as the learner's call left it is still `original` (a mutated row, a value, a length). */
function unchanged(after: unknown, original: Matrix): boolean {
  return (
    Array.isArray(after) &&
    after.length === original.length &&
    after.every((row, i) => Array.isArray(row) && row.length === original[i]!.length && row.every((v, j) => v === original[i]![j]))
  );
}

/** Calls the learner's conv2d (its realm gets copies), refuses non-matrices, and notices a mutated input. */
async function run(ctx: CheckContext, image: Matrix, kernel: Matrix): Promise<Matrix> {
  const conv2d = learnerFunction<Conv2d>(ctx, 'conv2d');
  const d = await callDetailed(ctx, label(image, kernel), conv2d, [image, kernel], { returnArgs: true });
  const got = expectMatrix(d.value, label(image, kernel));
  const imageKept = unchanged(d.argsAfter?.[0], image);
  if (!imageKept || !unchanged(d.argsAfter?.[1], kernel)) {
    fail(
      L(
        `${label(image, kernel)} modified its ${imageKept ? 'kernel' : 'image'} argument: write the results into a new array and leave the inputs as they are.`,
        `${label(image, kernel)} a modifié son argument ${imageKept ? 'kernel' : 'image'} : écrivez les résultats dans un nouveau tableau et laissez les entrées intactes.`,
      ),
    );
  }
  return got;
}

/** The output must be (h−kh+1)×(w−kw+1); a wrong size usually names its mistake. */
function expectOutputShape(got: Matrix, image: Matrix, kernel: Matrix): void {
  const h = image.length,
    w = image[0]!.length,
    kh = kernel.length,
    kw = kernel[0]!.length;
  const want = [h - kh + 1, w - kw + 1];
  const g = [got.length, got[0]!.length];
  if (g[0] === want[0] && g[1] === want[1]) return;
  const is = (a: number, b: number) => g[0] === a && g[1] === b;
  const why: Localized = is(h, w)
    ? L(
        "The output is as large as the image: that is 'same' padding (zeros around the border). Here the kernel only visits positions where it fits entirely inside the image ('valid'), so the output loses k−1 rows and columns.",
        "Le résultat est aussi grand que l'image : c'est le remplissage 'same' (des zéros autour du bord). Ici le noyau ne visite que les positions où il tient entièrement dans l'image ('valid') : le résultat perd k−1 lignes et colonnes.",
      )
    : is(h + kh - 1, w + kw - 1)
      ? L(
          "The output is larger than the image ('full' convolution): only positions where the kernel fits inside the image count.",
          "Le résultat est plus grand que l'image (convolution 'full') : seules comptent les positions où le noyau tient dans l'image.",
        )
      : is(w - kw + 1, h - kh + 1)
        ? L(
            'Rows and columns are swapped: the output has one row per vertical position of the kernel (h − kh + 1 rows) and one column per horizontal position (w − kw + 1 columns).',
            'Lignes et colonnes sont inversées : le résultat a une ligne par position verticale du noyau (h − kh + 1 lignes) et une colonne par position horizontale (w − kw + 1 colonnes).',
          )
        : is(h - kh, w - kw)
          ? L(
              'One position is missing in each direction: the last window starts at row h − kh (included), so loop with `i <= h - kh` or `i < h - kh + 1`.',
              'Il manque une position dans chaque direction : la dernière fenêtre commence à la ligne h − kh (incluse), bouclez donc avec `i <= h - kh` ou `i < h - kh + 1`.',
            )
          : is(h - kw + 1, w - kh + 1)
            ? L(
                "The kernel's height and width are swapped: the number of rows of the output depends on kernel.length (its height), the number of columns on kernel[0].length (its width).",
                'La hauteur et la largeur du noyau sont inversées : le nombre de lignes du résultat dépend de kernel.length (sa hauteur), celui des colonnes de kernel[0].length (sa largeur).',
              )
            : L(
                'The output has (h − kh + 1) rows and (w − kw + 1) columns, one value per position where the kernel fits inside the image.',
                "Le résultat a (h − kh + 1) lignes et (w − kw + 1) colonnes, une valeur par position où le noyau tient dans l'image.",
              );
  fail(
    L(
      `${label(image, kernel)} returned a ${g[0]}×${g[1]} array, expected ${want[0]}×${want[1]} (shape ${shapeText(want)}).`,
      `${label(image, kernel)} a renvoyé un tableau ${g[0]}×${g[1]}, attendu ${want[0]}×${want[1]} (forme ${shapeText(want)}).`,
    ),
    why,
  );
}

/** Names the mistake whose result equals the learner's, when one does. */
function misconception(got: Matrix, image: Matrix, kernel: Matrix): Localized {
  const want = crossCorrelate(image, kernel);
  const flipped = crossCorrelate(image, flip180(kernel));
  if (!sameMatrix(flipped, want) && sameMatrix(got, flipped)) {
    return L(
      "Your result is the kernel rotated by 180° (flipped): that is the mathematicians' convolution. Deep-learning libraries, tf.conv2d included, slide the kernel as it is (cross-correlation): output[i][j] = Σ image[i+u][j+v] × kernel[u][v].",
      "Votre résultat correspond au noyau tourné de 180° (retourné) : c'est la convolution des mathématiciens. Les bibliothèques de deep learning, tf.conv2d compris, font glisser le noyau tel quel (corrélation croisée) : sortie[i][j] = Σ image[i+u][j+v] × noyau[u][v].",
    );
  }
  if (kernel.length === kernel[0]!.length) {
    const kt = crossCorrelate(image, transpose(kernel));
    if (!sameMatrix(kt, want) && sameMatrix(got, kt)) {
      return L(
        'Your result is the kernel transposed: kernel[u][v] has u for the row (down) and v for the column (across), like image[i + u][j + v].',
        'Votre résultat correspond au noyau transposé : dans kernel[u][v], u est la ligne (vers le bas) et v la colonne (vers la droite), comme dans image[i + u][j + v].',
      );
    }
  }
  if (
    got.length === want[0]!.length &&
    got[0]!.length === want.length &&
    !sameMatrix(transpose(want), want) &&
    sameMatrix(got, transpose(want))
  ) {
    return L(
      'Your output is transposed: rows and columns are swapped. output[i][j] is row i, column j.',
      'Votre résultat est transposé : lignes et colonnes sont inversées. sortie[i][j] est la ligne i, colonne j.',
    );
  }
  const same = crossCorrelateSame(image, kernel);
  const centred = same
    .slice(Math.floor((kernel.length - 1) / 2))
    .slice(0, want.length)
    .map((row) => row.slice(Math.floor((kernel[0]!.length - 1) / 2)).slice(0, want[0]!.length));
  if (sameMatrix(got, centred) && !sameMatrix(centred, want)) {
    return L(
      "The windows are shifted: output[i][j] covers image rows i … i + kh − 1 and columns j … j + kw − 1 (the window's top-left corner is at (i, j)).",
      "Les fenêtres sont décalées : sortie[i][j] couvre les lignes i … i + kh − 1 et les colonnes j … j + kw − 1 de l'image (le coin haut-gauche de la fenêtre est en (i, j)).",
    );
  }
  return L(
    'Each output value is the sum of the products of the kernel with the image patch under it: output[i][j] = Σᵤ Σᵥ image[i+u][j+v] × kernel[u][v].',
    "Chaque valeur de sortie est la somme des produits du noyau par le morceau d'image qu'il recouvre : sortie[i][j] = Σᵤ Σᵥ image[i+u][j+v] × noyau[u][v].",
  );
}

async function expectConv(ctx: CheckContext, image: Matrix, kernel: Matrix): Promise<void> {
  const got = await run(ctx, image, kernel);
  expectOutputShape(got, image, kernel);
  // The sum tf.conv2d computes, in float64 like the learner's plain numbers: tf's float32 rounding on
  // products of up to ±255 that cancel (≈ 3e-5) would exceed the tolerance and fail a right answer.
  expectClose(got, crossCorrelate(image, kernel), label(image, kernel), { misconception: misconception(got, image, kernel) });
}

const randomMatrix = (r: Rng, h: number, w: number, lo: number, hi: number): Matrix => r.matrix(h, w, lo, hi);

export const checks: ExerciseChecks = [
  {
    id: 'seed-patch',
    async run(ctx) {
      // The slides' example: the GIMP manual's patch, a single 1 above the kernel's centre, 42 at the centre.
      const got = await run(ctx, SEED_PATCH, SLIDE_KERNEL);
      expectOutputShape(got, SEED_PATCH, SLIDE_KERNEL);
      const centre = got[1]![1]!;
      const window = show(SEED_PATCH.slice(1, 4).map((r) => r.slice(1, 4)));
      if (Math.abs(centre - SLIDE_RESULT) > 1e-6) {
        fail(
          L(
            `conv2d(the slides' patch, kernel ${show(SLIDE_KERNEL)})[1][1] is ${show(centre)}, expected ${SLIDE_RESULT} as on the slide: the window centred on the patch's centre is ${window}; the kernel's single 1 sits in its top row, middle column, so the sum keeps the pixel above the centre, ${SLIDE_RESULT}.`,
            `conv2d(le morceau des diapositives, noyau ${show(SLIDE_KERNEL)})[1][1] vaut ${show(centre)}, attendu ${SLIDE_RESULT} comme sur la diapositive : la fenêtre centrée sur le centre du morceau est ${window} ; le seul 1 du noyau est sur sa ligne du haut, colonne du milieu, donc la somme garde le pixel au-dessus du centre, ${SLIDE_RESULT}.`,
          ),
          Math.abs(centre - SLIDE_RESULT_FLIPPED) <= 1e-6
            ? L(
                `${SLIDE_RESULT_FLIPPED} is the pixel below the centre: your kernel is flipped (rotated by 180°, its 1 moved to the bottom row), which is the mathematicians' convolution. tf.conv2d and the slides slide the kernel as it is (cross-correlation): output[i][j] = Σ image[i+u][j+v] × kernel[u][v].`,
                `${SLIDE_RESULT_FLIPPED} est le pixel sous le centre : votre noyau est retourné (tourné de 180°, son 1 passé sur la ligne du bas), c'est la convolution des mathématiciens. tf.conv2d et les diapositives font glisser le noyau tel quel (corrélation croisée) : sortie[i][j] = Σ image[i+u][j+v] × noyau[u][v].`,
              )
            : misconception(got, SEED_PATCH, SLIDE_KERNEL),
        );
      }
      expectClose(
        got,
        crossCorrelate(SEED_PATCH, SLIDE_KERNEL),
        L("conv2d(the slides' patch, the slides' kernel)", 'conv2d(le morceau des diapositives, le noyau des diapositives)'),
        {
          misconception: misconception(got, SEED_PATCH, SLIDE_KERNEL),
        },
      );
    },
  },
  {
    id: 'seed-patch-asymmetric',
    async run(ctx) {
      // Other kernels that change when flipped or transposed: a vertical edge detector (Sobel), a lopsided one, a horizontal Sobel.
      for (const kernel of [
        [
          [-1, 0, 1],
          [-2, 0, 2],
          [-1, 0, 1],
        ],
        [
          [1, 2, 0],
          [0, 0, 0],
          [0, -1, 0],
        ],
        [
          [-1, -2, -1],
          [0, 0, 0],
          [1, 2, 1],
        ],
      ]) {
        await expectConv(ctx, SEED_PATCH, kernel);
      }
    },
  },
  {
    id: 'output-size',
    async run(ctx) {
      const r = ctx.rng(606);
      const cases: [number, number, number, number][] = [
        [5, 5, 3, 3],
        [6, 4, 3, 3],
        [4, 7, 2, 3],
        [7, 5, 3, 1],
        [3, 3, 3, 3],
        [4, 6, 1, 1],
        [2, 5, 2, 5],
      ];
      for (const [h, w, kh, kw] of cases) {
        const image = randomMatrix(r, h, w, 0, 9);
        const kernel = randomMatrix(r, kh, kw, -1, 1);
        expectOutputShape(await run(ctx, image, kernel), image, kernel);
      }
    },
  },
  {
    id: 'random-square',
    async run(ctx) {
      const r = ctx.rng(6060);
      for (let t = 0; t < 12; t++) {
        const n = 3 + r.int(0, 6);
        const k = [1, 2, 3, 3, 5][r.int(0, 5)]!;
        await expectConv(ctx, randomMatrix(r, n, n, -5, 5), randomMatrix(r, Math.min(k, n), Math.min(k, n), -2, 2));
      }
    },
  },
  {
    id: 'non-square',
    async run(ctx) {
      const r = ctx.rng(6061);
      const cases: [number, number, number, number][] = [
        [4, 8, 3, 3],
        [8, 4, 3, 3],
        [6, 9, 2, 4],
        [9, 6, 4, 2],
        [5, 7, 1, 3],
        [7, 5, 3, 1],
        [3, 10, 3, 5],
      ];
      for (const [h, w, kh, kw] of cases) await expectConv(ctx, randomMatrix(r, h, w, 0, 255), randomMatrix(r, kh, kw, -1, 1));
    },
  },
];
