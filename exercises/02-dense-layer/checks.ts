import * as tf from '../../src/grader/core/tf';
import { L, join, type Localized } from '../../src/shared/i18n';
import {
  call,
  callDetailed,
  comparedWith,
  expectClose,
  expectShape,
  expectTensor,
  fail,
  isClose,
  LearnerError,
  learnerFunction,
  numeric,
  shapeText,
  show,
} from '../../src/grader/core/assert';
import type { CallDetails } from '../../src/grader/core/learnerLink';
import { GRADES, LANGUAGE_SUBJECTS, PUPILS, SCIENCE_SUBJECTS, averageOf } from '../../src/grader/core/synthetic';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';

type Dense = (x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D) => tf.Tensor2D;
type AveragesLayer = () => { kernel: number[][]; bias: number[] };

const MATMUL_HINT = L(
  'x is [batch, inputs] (one row per example) and kernel is [inputs, units] (one column per neuron): tf.matMul(x, kernel) is [batch, units], then add the bias [units] to every row.',
  'x est [batch, entrées] (une ligne par exemple) et kernel est [entrées, neurones] (une colonne par neurone) : tf.matMul(x, kernel) est [batch, neurones], puis ajoutez le biais [neurones] à chaque ligne.',
);

/** Calls the learner's dense and makes sure a tensor of rank 2 comes back, with the inputs left intact. */
async function callDense(
  ctx: CheckContext,
  dense: Dense,
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
): Promise<{ label: string; got: tf.Tensor }> {
  const label = `dense(x ${shapeText(x.shape)}, kernel ${shapeText(kernel.shape)}, bias ${shapeText(bias.shape)})`;
  let d: CallDetails;
  try {
    d = await callDetailed(ctx, label, dense, [x, kernel, bias]);
  } catch (e) {
    if (e instanceof LearnerError) throw new LearnerError(join(e.text, MATMUL_HINT));
    throw e;
  }
  const got = expectTensor(d.value, label);
  (['x', 'kernel', 'bias'] as const).forEach((name, i) => {
    if (d.disposedArgs[i]) {
      fail(
        L(
          `${label} disposed its input \`${name}\`: a function must not dispose tensors it does not own (the caller still uses them).`,
          `${label} a libéré (dispose) son entrée \`${name}\` : une fonction ne doit pas libérer des tenseurs qui ne lui appartiennent pas (l'appelant s'en sert encore).`,
        ),
      );
    }
  });
  return { label, got };
}

function shapeMisconception(got: readonly number[], batch: number, nIn: number, units: number): Localized | undefined {
  if (got.length === 1 && (got[0] === batch || got[0] === units)) {
    return L(
      'The result lost a dimension: even with one example or one neuron a dense layer returns a matrix [batch, units] (do not squeeze or sum it).',
      'Le résultat a perdu une dimension : même avec un seul exemple ou un seul neurone, une couche dense renvoie une matrice [batch, neurones] (ne la compressez pas, ne la sommez pas).',
    );
  }
  if (got.length === 2 && got[0] === units && got[1] === batch) {
    return L(
      'The result is [units, batch]: you computed kernelᵀ·xᵀ (or transposed the result). The examples are rows: tf.matMul(x, kernel).',
      'Le résultat est [neurones, batch] : vous avez calculé kernelᵀ·xᵀ (ou transposé le résultat). Les exemples sont en lignes : tf.matMul(x, kernel).',
    );
  }
  if (got.length === 2 && got[0] === batch && got[1] === nIn && nIn !== units) {
    return L(
      'The result has one column per input, not per neuron: was x multiplied element-wise, or returned unchanged? A dense layer multiplies x by the kernel matrix.',
      'Le résultat a une colonne par entrée, pas par neurone : x a-t-il été multiplié élément par élément, ou renvoyé tel quel ? Une couche dense multiplie x par la matrice kernel.',
    );
  }
  return undefined;
}

function closeAll(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!isClose(a[i]!, b[i]!)) return false;
  return true;
}

/** The first batches are square (inputs = units) so that a transposed kernel still has the right shape and is caught by value. */
const CASES: readonly (readonly [number, number, number])[] = [
  [4, 3, 3],
  [5, 7, 2],
  [3, 5, 5],
  [1, 4, 6],
  [8, 2, 1],
  [16, 6, 4],
];

export const checks: ExerciseChecks = [
  {
    id: 'dense-shape',
    async run(ctx) {
      const dense = learnerFunction<Dense>(ctx, 'dense');
      const r = ctx.rng(202);
      for (const [batch, nIn, units] of [
        [1, 7, 2],
        [6, 3, 1],
        [2, 1, 4],
        [10, 4, 3],
      ] as const) {
        const x = tf.tensor2d(r.matrix(batch, nIn, -3, 3));
        const kernel = tf.tensor2d(r.matrix(nIn, units));
        const bias = tf.tensor1d(r.array(units));
        const { label, got } = await callDense(ctx, dense, x, kernel, bias);
        expectShape(
          got.shape,
          [batch, units],
          label,
          join(
            shapeMisconception(got.shape, batch, nIn, units),
            L(
              `The output of a dense layer is [batch, units] = [${batch}, ${units}]: one row per example, one column per neuron.`,
              `La sortie d'une couche dense est [batch, neurones] = [${batch}, ${units}] : une ligne par exemple, une colonne par neurone.`,
            ),
          ),
        );
      }
    },
  },
  {
    id: 'dense-matches-tf',
    async run(ctx) {
      const dense = learnerFunction<Dense>(ctx, 'dense');
      const r = ctx.rng(2024);
      for (const [batch, nIn, units] of CASES) {
        const x = tf.tensor2d(r.matrix(batch, nIn, -3, 3));
        const kernel = tf.tensor2d(r.matrix(nIn, units));
        const bias = tf.tensor1d(r.array(units, 0.5, 2).map((v) => (r.next() < 0.5 ? -v : v)));
        // The reference: TensorFlow.js's own dense layer, given the same weights.
        const layer = tf.layers.dense({ units, useBias: true });
        layer.apply(x); // builds the layer (kernel [inputs, units], bias [units])
        layer.setWeights([kernel, bias]);
        const expected = layer.apply(x) as tf.Tensor;
        const { label, got } = await callDense(ctx, dense, x, kernel, bias);
        expectShape(got.shape, expected.shape, label, shapeMisconception(got.shape, batch, nIn, units));
        const g = got.dataSync();
        const noBias = tf.matMul(x, kernel);
        const transposed = nIn === units ? tf.add(tf.matMul(x, kernel, false, true), bias) : undefined;
        const minusBias = tf.sub(noBias, bias);
        const misconception = closeAll(g, noBias.dataSync())
          ? L(
              'The result equals x·kernel without the bias: the bias was forgotten (each neuron adds its own bᵢ).',
              'Le résultat vaut x·kernel sans le biais : le biais a été oublié (chaque neurone ajoute son propre bᵢ).',
            )
          : closeAll(g, minusBias.dataSync())
            ? L(
                'The result equals x·kernel − bias: the bias is added, not subtracted.',
                "Le résultat vaut x·kernel − biais : le biais s'ajoute, il ne se soustrait pas.",
              )
            : transposed && closeAll(g, transposed.dataSync())
              ? L(
                  'The result equals x·kernelᵀ + bias: the kernel is used transposed. In TensorFlow.js a kernel is [inputs, units]: column j holds the weights of neuron j, so it is tf.matMul(x, kernel), with no transpose.',
                  'Le résultat vaut x·kernelᵀ + biais : le kernel est utilisé transposé. Dans TensorFlow.js un kernel est [entrées, neurones] : la colonne j contient les poids du neurone j, donc tf.matMul(x, kernel), sans transposition.',
                )
              : MATMUL_HINT;
        expectClose(got, expected, comparedWith(label, 'tf.layers.dense'), { misconception });
      }
    },
  },
  {
    id: 'averages-shape',
    async run(ctx) {
      await layerParams(ctx);
    },
  },
  {
    id: 'averages-pupils',
    async run(ctx) {
      const { kernel, bias } = await layerParams(ctx);
      const x = tf.tensor2d(PUPILS.map((p) => [...GRADES[p]]));
      const got = tf.add(tf.matMul(x, tf.tensor2d(kernel)), tf.tensor1d(bias));
      const want = PUPILS.map((p) => [averageOf(GRADES[p], SCIENCE_SUBJECTS), averageOf(GRADES[p], LANGUAGE_SUBJECTS)]);
      const g = got.arraySync() as number[][];
      const swapped = want.map(([s, l]) => [l!, s!]);
      const sums = want.map(([s, l]) => [s! * 4, l! * 2]);
      const flat = (m: number[][]) => m.flat();
      const misconception = closeAll(flat(g), flat(swapped))
        ? L(
            'The two columns are swapped: column 0 must be the science average, column 1 the language average.',
            'Les deux colonnes sont inversées : la colonne 0 doit être la moyenne scientifique, la colonne 1 la moyenne des langues.',
          )
        : closeAll(flat(g), flat(sums))
          ? L(
              'Those are sums of grades: an average of 4 science grades weights each by 1/4, of 2 languages each by 1/2.',
              'Ce sont des sommes de notes : une moyenne de 4 notes scientifiques pondère chacune par 1/4, de 2 langues chacune par 1/2.',
            )
          : L(
              'Column 0 (science): 1/4 on Maths, SVT, Physique, Chimie (rows 0, 2, 3, 4); column 1 (languages): 1/2 on LV1 and LV2 (rows 5, 6); 0 elsewhere, and a zero bias.',
              'Colonne 0 (sciences) : 1/4 sur Maths, SVT, Physique, Chimie (lignes 0, 2, 3, 4) ; colonne 1 (langues) : 1/2 sur LV1 et LV2 (lignes 5, 6) ; 0 ailleurs, et un biais nul.',
            );
      PUPILS.forEach((pupil, i) => {
        expectClose(
          g[i],
          want[i],
          L(`${pupil}'s [science, language] averages`, `[moyenne scientifique, moyenne des langues] de ${pupil}`),
          { misconception },
        );
      });
    },
  },
];

async function layerParams(ctx: CheckContext): Promise<{ kernel: number[][]; bias: number[] }> {
  const averagesLayer = learnerFunction<AveragesLayer>(ctx, 'averagesLayer');
  const p = await call(ctx, 'averagesLayer()', averagesLayer);
  if (typeof p !== 'object' || p === null || !('kernel' in p) || !('bias' in p)) {
    fail(
      L(
        `averagesLayer() must return { kernel, bias }, but it returned ${show(p)}.`,
        `averagesLayer() doit renvoyer { kernel, bias }, mais a renvoyé ${show(p)}.`,
      ),
    );
  }
  const k = numeric(p.kernel, 'averagesLayer().kernel');
  const b = numeric(p.bias, 'averagesLayer().bias');
  expectShape(
    k.shape,
    [7, 2],
    'averagesLayer().kernel',
    L(
      'The kernel has one row per input (the 7 subjects) and one column per neuron (science average, language average): 7×2.',
      'Le kernel a une ligne par entrée (les 7 matières) et une colonne par neurone (moyenne scientifique, moyenne des langues) : 7×2.',
    ),
  );
  expectShape(b.shape, [2], 'averagesLayer().bias', L('One bias per neuron: 2 numbers.', 'Un biais par neurone : 2 nombres.'));
  for (const v of [...k.values, ...b.values]) {
    if (!Number.isFinite(v))
      fail(L(`averagesLayer() holds a non-finite number (${v}).`, `averagesLayer() contient un nombre non fini (${v}).`));
  }
  return { kernel: [0, 1, 2, 3, 4, 5, 6].map((i) => [k.values[2 * i]!, k.values[2 * i + 1]!]), bias: b.values };
}
