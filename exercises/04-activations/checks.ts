import * as tf from '../../src/grader/core/tf';
import { L, join, type Label, type Localized } from '../../src/shared/i18n';
import {
  callDetailed,
  comparedWith,
  expectClose,
  expectShape,
  expectTensor,
  fail,
  isClose,
  labelWith,
  learnerFunction,
  numeric,
  ofShape,
  show,
} from '../../src/grader/core/assert';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';

type Activation = (x: tf.Tensor) => tf.Tensor;
type LeakyRelu = (x: tf.Tensor, alpha: number) => tf.Tensor;

/** Points of the course's plot, [-10, 10] every 0.1 (0 included exactly). */
const GRID = Array.from({ length: 201 }, (_, i) => Math.round(i - 100) / 10);
/** Where the textbook formulas overflow in float32: e^x is Infinity beyond x ≈ 88.7. */
const LARGE = [-1000, -200, -100, -89, -60, -20, 0, 20, 60, 89, 100, 200, 1000];

const sigmoidJs = (x: number): number => 1 / (1 + Math.exp(-x));

function same(got: readonly number[], want: readonly number[], rtol = 1e-3, atol = 1e-4): boolean {
  return got.length === want.length && got.every((g, i) => isClose(g, want[i]!, rtol, atol));
}

function firstMatch(
  got: readonly number[],
  xs: readonly number[],
  candidates: readonly [(x: number) => number, Localized][],
): Localized | undefined {
  for (const [f, text] of candidates) if (same(got, xs.map(f))) return text;
  return undefined;
}

function nonFiniteMisconception(name: string, xs: readonly number[], got: readonly number[], fix: Localized): Localized | undefined {
  const bad = xs.filter((_, i) => !Number.isFinite(got[i]!));
  if (!bad.length) return undefined;
  return join(
    L(
      `${name} gives ${got[xs.indexOf(bad[0]!)]} for x = ${bad[0]} (and ${bad.length - 1} other large |x|): somewhere an exponential overflows: in float32, e^t is Infinity once t > 88.7, and Infinity/Infinity (or Infinity − Infinity) is NaN.`,
      `${name} donne ${got[xs.indexOf(bad[0]!)]} pour x = ${bad[0]} (et ${bad.length - 1} autre(s) grand(s) |x|) : une exponentielle déborde quelque part : en float32, e^t vaut Infinity dès que t > 88,7, et Infinity/Infinity (ou Infinity − Infinity) vaut NaN.`,
    ),
    fix,
  );
}

/** Calls an activation and returns its values, with the checks every activation shares. */
async function apply(
  ctx: CheckContext,
  label: Localized,
  f: (...a: never[]) => tf.Tensor,
  x: tf.Tensor,
  ...rest: unknown[]
): Promise<{ got: tf.Tensor; values: number[] }> {
  const d = await callDetailed(ctx, label, f as (...a: unknown[]) => unknown, [x, ...rest]);
  const got = expectTensor(d.value, label);
  if (d.disposedArgs[0]) {
    fail(
      L(
        `${label.en} disposed its input: an activation must not dispose a tensor it does not own.`,
        `${label.fr} a libéré (dispose) son entrée : une activation ne doit pas libérer un tenseur qui ne lui appartient pas.`,
      ),
    );
  }
  expectShape(
    got.shape,
    x.shape,
    label,
    L(
      'An activation works element by element: its output has exactly the shape of its input.',
      'Une activation agit élément par élément : sa sortie a exactement la forme de son entrée.',
    ),
  );
  return { got, values: numeric(got, label).values };
}

const SIGMOID_FIX = L(
  'Write σ(x) = 1 / (1 + e^(−x)): for large positive x, e^(−x) → 0 and σ → 1; for large negative x, e^(−x) → Infinity and 1/Infinity = 0. No NaN either way.',
  'Écrivez σ(x) = 1 / (1 + e^(−x)) : pour x grand et positif, e^(−x) → 0 et σ → 1 ; pour x grand et négatif, e^(−x) → Infinity et 1/Infinity = 0. Pas de NaN dans aucun cas.',
);
const TANH_FIX = L(
  'Rewrite it so that no Infinity meets another: tanh(x) = 2σ(2x) − 1, or 1 − 2 / (e^(2x) + 1).',
  "Réécrivez-la pour qu'aucun Infinity n'en rencontre un autre : tanh(x) = 2σ(2x) − 1, ou 1 − 2 / (e^(2x) + 1).",
);

async function checkSigmoid(ctx: CheckContext, xs: number[], shape: number[], what: Label): Promise<void> {
  const sigmoid = learnerFunction<Activation>(ctx, 'sigmoid');
  const x = tf.tensor(xs, shape);
  const label = labelWith(what, (w) => `sigmoid(${w})`);
  const { got, values } = await apply(ctx, label, sigmoid, x);
  const misconception =
    nonFiniteMisconception('sigmoid', xs, values, SIGMOID_FIX) ??
    firstMatch(values, xs, [
      [
        (v) => sigmoidJs(-v),
        L(
          'The result is σ(−x): the sign in the exponent is wrong, σ(x) = 1 / (1 + e^(−x)) grows with x.',
          "Le résultat est σ(−x) : le signe de l'exposant est faux, σ(x) = 1 / (1 + e^(−x)) croît avec x.",
        ),
      ],
      [
        Math.tanh,
        L(
          'That is tanh, which ranges over (−1, 1); the sigmoid ranges over (0, 1): 1 / (1 + e^(−x)).',
          "C'est tanh, qui va de −1 à 1 ; la sigmoïde va de 0 à 1 : 1 / (1 + e^(−x)).",
        ),
      ],
      [
        (v) => Math.exp(v),
        L(
          'The result is e^x: the "1 +" in the denominator is missing, σ(x) = 1 / (1 + e^(−x)).',
          'Le résultat est e^x : il manque le « 1 + » au dénominateur, σ(x) = 1 / (1 + e^(−x)).',
        ),
      ],
      [
        (v) => 1 / (1 + v),
        L(
          'The exponential is missing: σ(x) = 1 / (1 + e^(−x)), with tf.exp.',
          "L'exponentielle manque : σ(x) = 1 / (1 + e^(−x)), avec tf.exp.",
        ),
      ],
    ]) ??
    L(
      'σ(x) = 1 / (1 + e^(−x)): tf.neg, tf.exp, tf.add and tf.div, element by element.',
      'σ(x) = 1 / (1 + e^(−x)) : tf.neg, tf.exp, tf.add et tf.div, élément par élément.',
    );
  expectClose(got, tf.sigmoid(x), comparedWith(label, 'tf.sigmoid'), { misconception });
}

async function checkTanh(ctx: CheckContext, xs: number[], shape: number[], what: Label): Promise<void> {
  const tanh = learnerFunction<Activation>(ctx, 'tanh');
  const x = tf.tensor(xs, shape);
  const label = labelWith(what, (w) => `tanh(${w})`);
  const { got, values } = await apply(ctx, label, tanh, x);
  const misconception =
    nonFiniteMisconception('tanh', xs, values, TANH_FIX) ??
    firstMatch(values, xs, [
      [
        sigmoidJs,
        L(
          'That is the sigmoid, which ranges over (0, 1); tanh ranges over (−1, 1) and tanh(0) = 0.',
          "C'est la sigmoïde, qui va de 0 à 1 ; tanh va de −1 à 1 et tanh(0) = 0.",
        ),
      ],
      [
        (v) => Math.tanh(v / 2),
        L(
          'The result is 2σ(x) − 1, which is tanh(x/2): the identity is tanh(x) = 2σ(2x) − 1 (note the 2x).',
          "Le résultat est 2σ(x) − 1, c'est-à-dire tanh(x/2) : l'identité est tanh(x) = 2σ(2x) − 1 (notez le 2x).",
        ),
      ],
      [
        (v) => -Math.tanh(v),
        L(
          'The result is −tanh(x): a sign is reversed (tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)) = 2σ(2x) − 1); if your tanh uses your sigmoid, check the sigmoid first.',
          "Le résultat est −tanh(x) : un signe est inversé (tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)) = 2σ(2x) − 1) ; si votre tanh utilise votre sigmoïde, vérifiez d'abord la sigmoïde.",
        ),
      ],
      [
        (v) => Math.tanh(2 * v),
        L(
          'The result is tanh(2x): with 1 − 2/(e^(2x) + 1) or 2σ(2x) − 1, the factor 2 appears only once.',
          "Le résultat est tanh(2x) : avec 1 − 2/(e^(2x) + 1) ou 2σ(2x) − 1, le facteur 2 n'apparaît qu'une fois.",
        ),
      ],
    ]) ??
    L('tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)) = 2σ(2x) − 1.', 'tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)) = 2σ(2x) − 1.');
  expectClose(got, tf.tanh(x), comparedWith(label, 'tf.tanh'), { misconception });
}

async function checkLeaky(ctx: CheckContext, xs: number[], shape: number[], alpha: number, what: Label): Promise<void> {
  const leakyRelu = learnerFunction<LeakyRelu>(ctx, 'leakyRelu');
  const x = tf.tensor(xs, shape);
  const label = labelWith(what, (w) => `leakyRelu(${w}, ${alpha})`);
  const { got, values } = await apply(ctx, label, leakyRelu, x, alpha);
  const hardCoded = [0.2, 0.01, 0.1, 0.3, 0.02, 0.05]
    .filter((a) => a !== alpha)
    .find((a) =>
      same(
        values,
        xs.map((v) => (v > 0 ? v : a * v)),
        1e-4,
        1e-5,
      ),
    );
  const misconception =
    (hardCoded !== undefined
      ? L(
          `The result is the leaky ReLU with α = ${hardCoded}, not ${alpha}: use the alpha parameter instead of a fixed number.`,
          `Le résultat est la leaky ReLU avec α = ${hardCoded}, pas ${alpha} : utilisez le paramètre alpha au lieu d'un nombre fixe.`,
        )
      : undefined) ??
    firstMatch(values, xs, [
      [
        (v) => Math.max(v, 0),
        L(
          'Negative values became 0: that is the plain ReLU, the leaky one keeps α·x for x ≤ 0.',
          "Les valeurs négatives sont devenues 0 : c'est la ReLU simple, la leaky garde α·x pour x ≤ 0.",
        ),
      ],
      [
        (v) => (v > 0 ? alpha * v : v),
        L(
          'α multiplies the positive side: it is the other way round, x for x > 0 and α·x for x ≤ 0.',
          "α multiplie le côté positif : c'est l'inverse, x pour x > 0 et α·x pour x ≤ 0.",
        ),
      ],
      [
        (v) => (v > 0 ? v : alpha),
        L(
          'For x ≤ 0 the result is the constant α: it should be α times x.',
          'Pour x ≤ 0 le résultat est la constante α : il faut α fois x.',
        ),
      ],
      [
        (v) => (v > 0 ? v : -alpha * v),
        L(
          'For x ≤ 0 the result is −α·x (positive): it is α·x, a small negative value.',
          "Pour x ≤ 0 le résultat est −α·x (positif) : c'est α·x, une petite valeur négative.",
        ),
      ],
      [
        (v) => alpha * v,
        L(
          'Every value was multiplied by α: positive values must pass through unchanged.',
          'Toutes les valeurs ont été multipliées par α : les valeurs positives doivent passer telles quelles.',
        ),
      ],
    ]) ??
    L(
      'leakyRelu(x, α) = x if x > 0, α·x otherwise: tf.where(tf.greater(x, 0), x, tf.mul(x, alpha)).',
      'leakyRelu(x, α) = x si x > 0, α·x sinon : tf.where(tf.greater(x, 0), x, tf.mul(x, alpha)).',
    );
  expectClose(got, tf.leakyRelu(x, alpha), comparedWith(label, 'tf.leakyRelu'), { misconception });
}

/** TensorFlow.js kernels that would do the work for the learner. */
const BUILT_IN: Readonly<Record<string, string>> = {
  Sigmoid: 'tf.sigmoid',
  Tanh: 'tf.tanh',
  LeakyRelu: 'tf.leakyRelu',
  Prelu: 'tf.prelu',
  Elu: 'tf.elu',
  Selu: 'tf.selu',
  Softplus: 'tf.softplus',
};

/**
 * Calls the learner's function with its tf kernels profiled in the learner realm. What the
 * realm says it ran is the learner's own account: it can only clear them of using a built-in
 * activation, never make a wrong answer pass (the values are checked apart).
 */
async function kernelsRun(ctx: CheckContext, label: string, fn: (...a: never[]) => unknown, args: unknown[]): Promise<string[]> {
  const d = await callDetailed(ctx, label, fn as (...a: unknown[]) => unknown, args, { profileKernels: true });
  return [...(d.kernels ?? [])];
}

export const checks: ExerciseChecks = [
  {
    id: 'sigmoid-values',
    async run(ctx) {
      await checkSigmoid(ctx, GRID, [GRID.length], 'x = -10, -9.9, …, 10');
      const r = ctx.rng(404);
      await checkSigmoid(ctx, r.array(12, -6, 6), [3, 4], ofShape('x', [3, 4]));
    },
  },
  {
    id: 'sigmoid-large',
    async run(ctx) {
      await checkSigmoid(ctx, LARGE, [LARGE.length], show(LARGE, 13));
    },
  },
  {
    id: 'tanh-values',
    async run(ctx) {
      await checkTanh(ctx, GRID, [GRID.length], 'x = -10, -9.9, …, 10');
      const r = ctx.rng(4040);
      await checkTanh(ctx, r.array(12, -4, 4), [2, 3, 2], ofShape('x', [2, 3, 2]));
    },
  },
  {
    id: 'tanh-large',
    async run(ctx) {
      await checkTanh(ctx, LARGE, [LARGE.length], show(LARGE, 13));
    },
  },
  {
    id: 'leaky-relu-values',
    async run(ctx) {
      await checkLeaky(ctx, GRID, [GRID.length], 0.2, 'x = -10, -9.9, …, 10');
      const r = ctx.rng(4004);
      const xs = r.array(12, -5, 5);
      xs[0] = 0;
      await checkLeaky(ctx, xs, [4, 3], 0.01, ofShape('x', [4, 3]));
      await checkLeaky(ctx, [-1000, -3, -0.5, 0, 0.5, 3, 1000], [7], 0.3, '[-1000, -3, -0.5, 0, 0.5, 3, 1000]');
    },
  },
  {
    id: 'elementary-ops',
    async run(ctx) {
      const x = tf.tensor1d(GRID);
      const sigmoid = learnerFunction<Activation>(ctx, 'sigmoid');
      const tanh = learnerFunction<Activation>(ctx, 'tanh');
      const leakyRelu = learnerFunction<LeakyRelu>(ctx, 'leakyRelu');
      const fns: [string, (...a: never[]) => unknown, unknown[]][] = [
        ['sigmoid', sigmoid, [x]],
        ['tanh', tanh, [x]],
        ['leakyRelu', leakyRelu, [x, 0.2]],
      ];
      for (const [name, fn, args] of fns) {
        const label = name === 'leakyRelu' ? 'leakyRelu(x, 0.2)' : `${name}(x)`;
        const kernels = await kernelsRun(ctx, label, fn, args);
        const used = kernels.filter((k) => k in BUILT_IN).map((k) => BUILT_IN[k]!);
        if (used.length) {
          fail(
            L(
              `${label} calls TensorFlow.js's ready-made ${used.join(', ')} (kernels run: ${kernels.join(', ')}).`,
              `${label} appelle ${used.join(', ')}, tout fait dans TensorFlow.js (noyaux exécutés : ${kernels.join(', ')}).`,
            ),
            L(
              'The exercise is to build it yourself from elementary operations (tf.exp, tf.neg, tf.add, tf.sub, tf.mul, tf.div, tf.greater, tf.where, tf.maximum…), so that you know what is inside.',
              "L'exercice consiste à la construire vous-même à partir d'opérations élémentaires (tf.exp, tf.neg, tf.add, tf.sub, tf.mul, tf.div, tf.greater, tf.where, tf.maximum…), pour savoir ce qu'il y a dedans.",
            ),
          );
        }
      }
    },
  },
];
