import type * as tf from '../../src/grader/core/tf';
import { L, type Localized } from '../../src/shared/i18n';
import { call, expectClose, expectTensor, fail, learnerFunction, shapeText, show } from '../../src/grader/core/assert';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';

/** The seed's slide: a scalar 3, a vector (3, 2), a (3, 2) matrix. */
const SCALAR = 3;
const VECTOR = [3, 2];
const MATRIX = [
  [1, 2],
  [0, 2],
  [1, 5],
];

const RANK_NAMES: Record<number, Localized> = {
  0: L('a scalar (rank 0)', 'un scalaire (rang 0)'),
  1: L('a vector (rank 1)', 'un vecteur (rang 1)'),
  2: L('a matrix (rank 2)', 'une matrice (rang 2)'),
  3: L('a rank-3 tensor', 'un tenseur de rang 3'),
  4: L('a rank-4 tensor', 'un tenseur de rang 4'),
};
const rankName = (r: number): Localized => RANK_NAMES[r] ?? L(`a rank-${r} tensor`, `un tenseur de rang ${r}`);

async function produce(ctx: CheckContext, name: string, args: number[] = []): Promise<tf.Tensor> {
  const fn = learnerFunction<(...a: number[]) => unknown>(ctx, name);
  const label = `${name}(${args.join(', ')})`;
  return expectTensor(await call(ctx, label, fn, ...args), label);
}

/** Rank first (the notion this exercise teaches), then shape, dtype and values. */
function expectRankShape(t: tf.Tensor, shape: number[], what: string, extra?: (got: number[]) => Localized | undefined): void {
  if (t.rank !== shape.length) {
    const want = rankName(shape.length);
    const got = rankName(t.rank);
    fail(
      L(
        `${what} should be ${want.en}, shape ${shapeText(shape)}, but it is ${got.en}, shape ${shapeText(t.shape)}.`,
        `${what} devrait être ${want.fr}, de forme ${shapeText(shape)}, mais c'est ${got.fr}, de forme ${shapeText(t.shape)}.`,
      ),
      extra?.(t.shape),
      L(
        'The rank is the number of axes, i.e. the length of the shape: a scalar has none, a vector one, a matrix two.',
        "Le rang est le nombre d'axes, c'est-à-dire la longueur de la forme : un scalaire n'en a aucun, un vecteur un, une matrice deux.",
      ),
    );
  }
  if (!t.shape.every((d, i) => d === shape[i])) {
    fail(
      L(
        `${what} has shape ${shapeText(t.shape)}, expected ${shapeText(shape)}.`,
        `${what} a la forme ${shapeText(t.shape)}, attendu ${shapeText(shape)}.`,
      ),
      extra?.(t.shape),
    );
  }
}

function expectFloat(t: tf.Tensor, what: string): void {
  if (t.dtype !== 'float32') {
    fail(
      L(
        `${what} has dtype ${t.dtype}, expected float32: leave out the dtype argument (tf's default is float32, what layers compute with).`,
        `${what} a le dtype ${t.dtype}, attendu float32 : omettez l'argument dtype (le défaut de tf est float32, le type avec lequel calculent les couches).`,
      ),
    );
  }
}

export const checks: ExerciseChecks = [
  {
    id: 'scalar',
    async run(ctx) {
      const t = await produce(ctx, 'scalar');
      expectRankShape(t, [], 'scalar()', (s) =>
        s.length === 1 && s[0] === 1
          ? L(
              'A vector holding one number is still a vector: tf.tensor([3]) has shape [1]. A scalar has shape [] — use tf.scalar(3).',
              'Un vecteur contenant un seul nombre reste un vecteur : tf.tensor([3]) a la forme [1]. Un scalaire a la forme [] — utilisez tf.scalar(3).',
            )
          : undefined,
      );
      expectFloat(t, 'scalar()');
      expectClose(t, SCALAR, 'scalar()', {
        misconception: L("The slide's scalar is the single number 3.", 'Le scalaire de la diapositive est le nombre 3.'),
      });
    },
  },
  {
    id: 'vector',
    async run(ctx) {
      const t = await produce(ctx, 'vector');
      expectRankShape(t, [2], 'vector()', (s) =>
        s.length === 2 && s.includes(1)
          ? L(
              `Shape ${shapeText(s)} is a matrix with a single ${s[0] === 1 ? 'row' : 'column'}: a vector has one axis, tf.tensor1d([3, 2]).`,
              `La forme ${shapeText(s)} est une matrice d'une seule ${s[0] === 1 ? 'ligne' : 'colonne'} : un vecteur a un seul axe, tf.tensor1d([3, 2]).`,
            )
          : undefined,
      );
      expectFloat(t, 'vector()');
      expectClose(t, VECTOR, 'vector()', {
        misconception:
          Array.from(t.dataSync()).join() === '2,3'
            ? L(
                "The order matters: the slide's vector is (3, 2), 3 first.",
                "L'ordre compte : le vecteur de la diapositive est (3, 2), 3 d'abord.",
              )
            : L("The slide's vector holds 3 then 2.", 'Le vecteur de la diapositive contient 3 puis 2.'),
      });
    },
  },
  {
    id: 'matrix',
    async run(ctx) {
      const t = await produce(ctx, 'matrix');
      expectRankShape(t, [3, 2], 'matrix()', (s) =>
        s.length === 2 && s[0] === 2 && s[1] === 3
          ? L(
              'It is transposed: shape (3, 2) means 3 rows of 2 values — write it as [[1, 2], [0, 2], [1, 5]].',
              'Elle est transposée : la forme (3, 2) veut dire 3 lignes de 2 valeurs — écrivez [[1, 2], [0, 2], [1, 5]].',
            )
          : s.length === 1 && s[0] === 6
            ? L(
                'The six values are there, but flat: a matrix is an array of rows, tf.tensor2d([[1, 2], [0, 2], [1, 5]]) (or tf.tensor2d(values, [3, 2])).',
                'Les six valeurs y sont, mais à plat : une matrice est un tableau de lignes, tf.tensor2d([[1, 2], [0, 2], [1, 5]]) (ou tf.tensor2d(valeurs, [3, 2])).',
              )
            : undefined,
      );
      expectFloat(t, 'matrix()');
      expectClose(t, MATRIX, 'matrix()', {
        misconception: L(
          "The slide's matrix, of shape (3, 2), has the rows (1, 2), (0, 2) and (1, 5), in that order.",
          'La matrice de la diapositive, de forme (3, 2), a pour lignes (1, 2), (0, 2) et (1, 5), dans cet ordre.',
        ),
      });
    },
  },
  {
    id: 'image-batch',
    async run(ctx) {
      // MNIST-like, a rectangular colour batch (h ≠ w, so swapped axes show), the seed's 5×5 patch, a single pixel.
      for (const [n, h, w, c] of [
        [2, 28, 28, 1],
        [4, 6, 10, 3],
        [1, 5, 5, 1],
        [3, 1, 1, 3],
      ] as [number, number, number, number][]) {
        const what = `imageBatch(${n}, ${h}, ${w}, ${c})`;
        const t = await produce(ctx, 'imageBatch', [n, h, w, c]);
        expectRankShape(t, [n, h, w, c], what, (s) => {
          const eq = (o: number[]) => s.length === o.length && s.every((d, i) => d === o[i]);
          if (eq([n, c, h, w]))
            return L(
              'The channels come before height and width ("channels first"): TensorFlow.js stores images channels last, [n, height, width, channels].',
              'Les canaux sont avant la hauteur et la largeur (« channels first ») : TensorFlow.js range les images canaux en dernier, [n, hauteur, largeur, canaux].',
            );
          if (eq([n, w, h, c]))
            return L(
              'Height and width are swapped: an image is [rows, columns], i.e. [height, width].',
              'Hauteur et largeur sont inversées : une image est [lignes, colonnes], soit [hauteur, largeur].',
            );
          if (eq([h, w, c]))
            return L(
              'The batch axis is missing: a batch of n images is rank 4, [n, height, width, channels].',
              "L'axe du lot manque : un lot de n images est de rang 4, [n, hauteur, largeur, canaux].",
            );
          if (s.length === 4)
            return L('The order of the axes is [n, height, width, channels].', "L'ordre des axes est [n, hauteur, largeur, canaux].");
          return L(
            'A batch of images has four axes: [n, height, width, channels].',
            "Un lot d'images a quatre axes : [n, hauteur, largeur, canaux].",
          );
        });
        expectFloat(t, what);
        const values = t.dataSync();
        const nonZero = values.findIndex((v) => v !== 0);
        if (nonZero >= 0) {
          fail(
            L(
              `${what} should be all zeros, but value #${nonZero} is ${show(values[nonZero])}: use tf.zeros([n, h, w, c]).`,
              `${what} devrait être rempli de zéros, mais la valeur n° ${nonZero} vaut ${show(values[nonZero])} : utilisez tf.zeros([n, h, w, c]).`,
            ),
          );
        }
      }
    },
  },
];
