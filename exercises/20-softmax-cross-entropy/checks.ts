import * as tf from '../../src/grader/core/tf';
import { L, join, type Localized } from '../../src/shared/i18n';
import { callDetailed, comparedWith, expectClose, fail, fmt, fmtFr, isClose, learnerFunction, show } from '../../src/grader/core/assert';
import type { Rng } from '../../src/grader/core/rng';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';

type Matrix = number[][];
type Softmax = (logits: Matrix) => Matrix;
type CrossEntropy = (probs: Matrix, yOneHot: Matrix) => number;
type GradLogits = (logits: Matrix, yOneHot: Matrix) => Matrix;

/** Float64 references, to recognise mistakes (the verdicts compare with tf's own results). */
const softmaxRef = (z: Matrix): Matrix =>
  z.map((row) => {
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  });
const crossEntropyRef = (p: Matrix, y: Matrix): number =>
  -p.reduce((s, row, i) => s + row.reduce((t, pj, j) => t + (y[i]![j]! === 0 ? 0 : y[i]![j]! * Math.log(pj)), 0), 0) / p.length;

/** tf's own answers (float32): the loss tf.losses.softmaxCrossEntropy (mean over the batch) and its tf.grad. */
function tfSoftmax(z: Matrix): Matrix {
  return tf.tidy(() => tf.softmax(tf.tensor2d(z)).arraySync() as Matrix);
}
function tfLoss(z: Matrix, y: Matrix): number {
  return tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.tensor2d(y), tf.tensor2d(z)).dataSync()[0]!);
}
function tfGrad(z: Matrix, y: Matrix): Matrix {
  return tf.tidy(() => {
    const labels = tf.tensor2d(y);
    const g = tf.grad((logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, logits));
    return g(tf.tensor2d(z)).arraySync() as Matrix;
  });
}

const dims = (m: Matrix): string => `${m.length}×${m[0]?.length ?? 0}`;
const flat = (m: Matrix): number[] => m.flat();
/** Two matrices of the same shape whose values agree to `rtol` (float64 variants of a mistake). */
function same(a: Matrix, b: Matrix, rtol = 1e-3, atol = 1e-7): boolean {
  return (
    a.length === b.length && a.every((row, i) => row.length === b[i]!.length && row.every((v, j) => isClose(v, b[i]![j]!, rtol, atol)))
  );
}

function oneHotRows(r: Rng, batch: number, classes: number): Matrix {
  return Array.from({ length: batch }, () => {
    const k = r.int(0, classes);
    return Array.from({ length: classes }, (_, j) => (j === k ? 1 : 0));
  });
}

/** A plain number[][] of the expected shape, or a failure saying what it is instead. NaN and Infinity pass: the caller names them. */
function expectRows(v: unknown, rows: number, cols: number, what: string): Matrix {
  if (v instanceof tf.Tensor) {
    fail(
      L(
        `${what} must return a plain number[][], but it returned a tensor (${show(v)}): convert it with .arraySync(), or compute with plain numbers (Math.exp, Math.log).`,
        `${what} doit renvoyer un simple number[][], mais a renvoyé un tenseur (${show(v)}) : convertissez-le avec .arraySync(), ou calculez avec de simples nombres (Math.exp, Math.log).`,
      ),
    );
  }
  if (!Array.isArray(v) || !v.every((row) => Array.isArray(row) && row.every((x) => typeof x === 'number'))) {
    fail(
      L(
        `${what} must return a number[][] (one row per example), but it returned ${show(v)}.`,
        `${what} doit renvoyer un number[][] (une ligne par exemple), mais a renvoyé ${show(v)}.`,
      ),
    );
  }
  const m = v as Matrix;
  if (m.length !== rows || m.some((row) => row.length !== cols)) {
    const transposed = m.length === cols && m.every((row) => row.length === rows);
    fail(
      L(
        `${what} returned ${m.length} row(s) of ${m.map((r) => r.length).join(', ')} value(s); expected ${rows}×${cols}, the shape of the logits.`,
        `${what} a renvoyé ${m.length} ligne(s) de ${m.map((r) => r.length).join(', ')} valeur(s) ; attendu ${rows}×${cols}, la forme des scores.`,
      ),
      transposed
        ? L(
            'Rows and columns are swapped: row i is example i, column j is class j.',
            "Lignes et colonnes sont inversées : la ligne i est l'exemple i, la colonne j la classe j.",
          )
        : L(
            'One row per example, one value per class: the output has exactly the shape of the input.',
            "Une ligne par exemple, une valeur par classe : la sortie a exactement la forme de l'entrée.",
          ),
    );
  }
  return m;
}

const OVERFLOW = (what: string, z: number): Localized =>
  L(
    `${what} is not finite (NaN or Infinity) for logits as large as ${fmt(z)}: e^z overflows — in floating point e^z is Infinity once z > 709.78 (88.7 in float32), and Infinity / Infinity is NaN; for very negative logits every e^z underflows to 0, and 0 / 0 is NaN. Subtract each row's maximum before exponentiating: softmax(z − max z) = softmax(z), since the factor e^(−max) cancels between numerator and denominator, and the largest exponent is then e^0 = 1.`,
    `${what} n'est pas fini (NaN ou Infinity) pour des scores aussi grands que ${fmtFr(z)} : e^z déborde — en virgule flottante, e^z vaut Infinity dès que z > 709,78 (88,7 en float32), et Infinity / Infinity vaut NaN ; pour des scores très négatifs, tous les e^z s'annulent (0), et 0 / 0 vaut NaN. Soustrayez le maximum de chaque ligne avant l'exponentielle : softmax(z − max z) = softmax(z), car le facteur e^(−max) se simplifie entre numérateur et dénominateur, et le plus grand exposant vaut alors e^0 = 1.`,
  );

function softmaxMisconception(got: Matrix, z: Matrix): Localized {
  const exps = z.map((row) => row.map(Math.exp));
  const colSums = z[0]!.map((_, j) => exps.reduce((s, row) => s + row[j]!, 0));
  const total = flat(exps).reduce((a, b) => a + b, 0);
  const candidates: [Matrix, Localized][] = [
    [
      exps.map((row) => row.map((e, j) => e / colSums[j]!)),
      L(
        'Each COLUMN sums to 1: you normalised over the batch (axis 0). Softmax works on each row — one example, its scores for every class: divide by the sum of that row.',
        'Chaque COLONNE somme à 1 : vous avez normalisé sur le lot (axe 0). La softmax travaille sur chaque ligne — un exemple, ses scores pour chaque classe : divisez par la somme de cette ligne.',
      ),
    ],
    [
      exps.map((row) => row.map((e) => e / total)),
      L(
        'The whole matrix sums to 1: you divided by the sum over the entire batch. Each example gets its own distribution: divide by the sum of its row only.',
        'La matrice entière somme à 1 : vous avez divisé par la somme sur tout le lot. Chaque exemple a sa propre distribution : divisez seulement par la somme de sa ligne.',
      ),
    ],
    [
      exps,
      L(
        'These are e^z without normalisation: divide each by the sum of its row so that the probabilities of one example sum to 1.',
        "Ce sont les e^z sans normalisation : divisez chacun par la somme de sa ligne pour que les probabilités d'un exemple somment à 1.",
      ),
    ],
    [
      z.map((row) => {
        const s = row.reduce((a, b) => a + b, 0);
        return row.map((v) => v / s);
      }),
      L(
        'The exponential is missing: z / Σz is not a probability (logits can be negative, or sum to 0). Softmax is e^z / Σ e^z.',
        "L'exponentielle manque : z / Σz n'est pas une probabilité (les scores peuvent être négatifs, ou de somme nulle). La softmax vaut e^z / Σ e^z.",
      ),
    ],
    [
      softmaxRef(z.map((row) => row.map((v) => -v))),
      L(
        'Your result is softmax(−z): the sign of the exponent is flipped, so the largest logit gets the smallest probability. pⱼ = e^(zⱼ) / Σ e^(zₖ).',
        "Votre résultat est softmax(−z) : le signe de l'exposant est inversé, donc le plus grand score reçoit la plus petite probabilité. pⱼ = e^(zⱼ) / Σ e^(zₖ).",
      ),
    ],
  ];
  for (const [m, text] of candidates) if (same(got, m)) return text;
  return L(
    'pᵢⱼ = e^(zᵢⱼ) / Σₖ e^(zᵢₖ), row by row: each row is one example, and its probabilities sum to 1.',
    'pᵢⱼ = e^(zᵢⱼ) / Σₖ e^(zᵢₖ), ligne par ligne : chaque ligne est un exemple, et ses probabilités somment à 1.',
  );
}

async function runSoftmax(ctx: CheckContext, z: Matrix): Promise<Matrix> {
  const softmax = learnerFunction<Softmax>(ctx, 'softmax');
  const label = `softmax(logits ${dims(z)})`;
  const d = await callDetailed(ctx, label, softmax, [z], { returnArgs: true });
  const got = expectRows(d.value, z.length, z[0]!.length, label);
  const after = d.argsAfter?.[0];
  if (Array.isArray(after) && !same(after as Matrix, z, 0, 0)) {
    fail(
      L(
        `${label} modified its logits argument (a max-shift written into the input?): compute into a new array and leave the input as it is.`,
        `${label} a modifié son argument logits (un décalage par le maximum écrit dans l'entrée ?) : calculez dans un nouveau tableau et laissez l'entrée intacte.`,
      ),
    );
  }
  return got;
}

async function expectSoftmax(ctx: CheckContext, z: Matrix): Promise<void> {
  const got = await runSoftmax(ctx, z);
  const label = `softmax(logits ${dims(z)})`;
  const big = Math.max(...flat(z).map(Math.abs));
  if (flat(got).some((v) => !Number.isFinite(v))) fail(L(`${label} = ${show(got)}.`, `${label} = ${show(got)}.`), OVERFLOW(label, big));
  expectClose(got, tfSoftmax(z), comparedWith(label, 'tf.softmax'), {
    rtol: 1e-4,
    atol: 1e-6,
    misconception: softmaxMisconception(got, z),
  });
}

function crossEntropyMisconception(got: number, p: Matrix, y: Matrix): Localized {
  const want = crossEntropyRef(p, y);
  const n = p.length;
  const k = p[0]!.length;
  const near = (v: number): boolean => isClose(got, v, 1e-4, 1e-7);
  const binary =
    -p.reduce((s, row, i) => s + row.reduce((t, pj, j) => t + y[i]![j]! * Math.log(pj) + (1 - y[i]![j]!) * Math.log(1 - pj), 0), 0) / n;
  if (n > 1 && near(want * n)) {
    return L(
      `Your loss is ${n} times too large, the batch size: you summed over the examples. The loss is the MEAN over the batch, −(1/N) Σᵢ Σⱼ yᵢⱼ log pᵢⱼ, so that it does not grow with the batch size (and the learning rate need not change with it).`,
      `Votre perte est ${n} fois trop grande, la taille du lot : vous avez sommé sur les exemples. La perte est la MOYENNE sur le lot, −(1/N) Σᵢ Σⱼ yᵢⱼ log pᵢⱼ, pour qu'elle ne grandisse pas avec la taille du lot (et que le taux d'apprentissage n'ait pas à en dépendre).`,
    );
  }
  if (near(-want))
    return L(
      'The sign is flipped: log p ≤ 0, so the loss is −Σ y log p, a positive number that falls to 0 when the right class gets probability 1.',
      'Le signe est inversé : log p ≤ 0, donc la perte vaut −Σ y log p, un nombre positif qui tombe à 0 quand la bonne classe reçoit la probabilité 1.',
    );
  if (near(want / k))
    return L(
      `Your loss is ${k} times too small: you averaged over every value (N × classes) instead of summing over the classes and averaging over the examples.`,
      `Votre perte est ${k} fois trop petite : vous avez fait la moyenne sur toutes les valeurs (N × classes) au lieu de sommer sur les classes et de moyenner sur les exemples.`,
    );
  if (near(want / Math.LN10) || near(want / Math.LN2))
    return L(
      'Wrong logarithm: cross-entropy uses the natural logarithm, Math.log (not Math.log10 or Math.log2).',
      "Mauvais logarithme : l'entropie croisée utilise le logarithme népérien, Math.log (pas Math.log10 ni Math.log2).",
    );
  if (Number.isFinite(binary) && near(binary))
    return L(
      'That is the binary cross-entropy, which adds (1 − y) log(1 − p) for every class. With a softmax over several classes, only −Σ y log p counts: the other classes are already pushed down because the probabilities sum to 1.',
      "C'est l'entropie croisée binaire, qui ajoute (1 − y) log(1 − p) pour chaque classe. Avec une softmax sur plusieurs classes, seul −Σ y log p compte : les autres classes baissent déjà puisque les probabilités somment à 1.",
    );
  return L(
    'E = −(1/N) Σᵢ Σⱼ yᵢⱼ log pᵢⱼ: for each example, minus the log of the probability given to its true class, averaged over the examples.',
    'E = −(1/N) Σᵢ Σⱼ yᵢⱼ log pᵢⱼ : pour chaque exemple, moins le log de la probabilité donnée à sa vraie classe, en moyenne sur les exemples.',
  );
}

async function runCrossEntropy(ctx: CheckContext, p: Matrix, y: Matrix): Promise<number> {
  const crossEntropy = learnerFunction<CrossEntropy>(ctx, 'crossEntropy');
  const label = `crossEntropy(probs ${dims(p)}, yOneHot ${dims(y)})`;
  const v = (await callDetailed(ctx, label, crossEntropy, [p, y])).value;
  if (v instanceof tf.Tensor)
    fail(
      L(
        `${label} must return a plain number, but it returned a tensor (${show(v)}).`,
        `${label} doit renvoyer un simple nombre, mais a renvoyé un tenseur (${show(v)}).`,
      ),
    );
  if (typeof v !== 'number')
    fail(L(`${label} must return a number, but it returned ${show(v)}.`, `${label} doit renvoyer un nombre, mais a renvoyé ${show(v)}.`));
  return v;
}

function gradMisconception(got: Matrix, z: Matrix, y: Matrix): Localized {
  const p = softmaxRef(z);
  const n = z.length;
  const candidates: [Matrix, Localized][] = [
    [
      p.map((row, i) => row.map((pj, j) => pj - y[i]![j]!)),
      L(
        `Your gradient is p − y, the gradient of the SUMMED loss: ${n} times too large. crossEntropy is a mean over the batch, so each example's share of the gradient is divided by the batch size N: (p − y) / N — what tf.grad gives.`,
        `Votre gradient vaut p − y, le gradient de la perte SOMMÉE : ${n} fois trop grand. crossEntropy est une moyenne sur le lot, donc la part de chaque exemple est divisée par la taille du lot N : (p − y) / N — ce que donne tf.grad.`,
      ),
    ],
    [
      p.map((row, i) => row.map((pj, j) => (y[i]![j]! - pj) / n)),
      L(
        "The sign is flipped: you computed (y − p) / N. The loss falls when the true class's logit rises, so its gradient there is negative: (p − y) / N, with p − 1 < 0 for the true class. With the wrong sign, gradient descent would push the model away from the right answer.",
        'Le signe est inversé : vous avez calculé (y − p) / N. La perte baisse quand le score de la vraie classe augmente, son gradient y est donc négatif : (p − y) / N, avec p − 1 < 0 pour la vraie classe. Avec le mauvais signe, la descente de gradient éloignerait le modèle de la bonne réponse.',
      ),
    ],
    [
      p.map((row, i) => row.map((pj, j) => y[i]![j]! - pj)),
      L(
        'Two slips: the sign is flipped (y − p instead of p − y) and the mean over the batch is missing. The gradient of the mean loss is (p − y) / N.',
        'Deux erreurs : le signe est inversé (y − p au lieu de p − y) et la moyenne sur le lot manque. Le gradient de la perte moyenne vaut (p − y) / N.',
      ),
    ],
    [
      p.map((row) => row.map((pj) => pj / n)),
      L(
        'The labels are missing: the gradient is (p − y) / N — subtract the one-hot label from the probabilities.',
        "Les étiquettes manquent : le gradient vaut (p − y) / N — soustrayez l'étiquette one-hot des probabilités.",
      ),
    ],
    [
      z.map((row, i) => row.map((zj, j) => (zj - y[i]![j]!) / n)),
      L(
        'You used the logits where the probabilities belong: the gradient is (softmax(z) − y) / N, with the softmax applied first.',
        "Vous avez utilisé les scores à la place des probabilités : le gradient vaut (softmax(z) − y) / N, softmax appliquée d'abord.",
      ),
    ],
    [
      p.map((row, i) => row.map((pj, j) => (pj * (1 - pj) * (pj - y[i]![j]!)) / n)),
      L(
        'You multiplied by p(1 − p), the derivative of a sigmoid or of the softmax alone. With cross-entropy, the chain rule through log and softmax simplifies: ∂E/∂zⱼ = (pⱼ − yⱼ) / N, nothing more.',
        "Vous avez multiplié par p(1 − p), la dérivée d'une sigmoïde ou de la softmax seule. Avec l'entropie croisée, la règle de la chaîne à travers log et softmax se simplifie : ∂E/∂zⱼ = (pⱼ − yⱼ) / N, rien de plus.",
      ),
    ],
  ];
  for (const [m, text] of candidates) if (same(got, m)) return text;
  return L(
    '∂E/∂zᵢⱼ = (pᵢⱼ − yᵢⱼ) / N, with p = softmax(z) row by row and N the batch size.',
    '∂E/∂zᵢⱼ = (pᵢⱼ − yᵢⱼ) / N, avec p = softmax(z) ligne par ligne et N la taille du lot.',
  );
}

async function expectGrad(ctx: CheckContext, z: Matrix, y: Matrix): Promise<void> {
  const gradLogits = learnerFunction<GradLogits>(ctx, 'gradLogits');
  const label = `gradLogits(logits ${dims(z)}, yOneHot ${dims(y)})`;
  const got = expectRows((await callDetailed(ctx, label, gradLogits, [z, y])).value, z.length, z[0]!.length, label);
  const big = Math.max(...flat(z).map(Math.abs));
  if (flat(got).some((v) => !Number.isFinite(v))) {
    fail(
      L(`${label} = ${show(got)}.`, `${label} = ${show(got)}.`),
      join(
        OVERFLOW(label, big),
        L(
          'gradLogits needs the probabilities: reuse your (stable) softmax.',
          'gradLogits a besoin des probabilités : réutilisez votre softmax (stable).',
        ),
      ),
    );
  }
  expectClose(got, tfGrad(z, y), comparedWith(label, L('tf.grad of the mean cross-entropy', 'tf.grad de l’entropie croisée moyenne')), {
    rtol: 1e-3,
    atol: 1e-6,
    misconception: gradMisconception(got, z, y),
  });
}

/** Shapes with a batch of at least 2, so that a sum and a mean over the batch differ. */
const SHAPES: readonly [number, number][] = [
  [4, 3],
  [2, 5],
  [6, 2],
  [3, 10],
  [5, 4],
];

export const checks: ExerciseChecks = [
  {
    id: 'softmax-rows',
    async run(ctx) {
      const r = ctx.rng(2001);
      for (const [n, k] of SHAPES) await expectSoftmax(ctx, r.matrix(n, k, -4, 4));
      // A single example still is a batch: one row.
      await expectSoftmax(ctx, [[2, 1, 0.1]]);
    },
  },
  {
    id: 'softmax-stable',
    async run(ctx) {
      const r = ctx.rng(2002);
      // Logits of the order of 1000 (e^1000 overflows), very negative ones (every e^z underflows), and shifted rows.
      const z: Matrix = [
        [1000, 999, 998],
        [-1000, -1001, -999],
        [1000, 0, -1000],
        [r.uniform(-2, 2) + 800, r.uniform(-2, 2) + 800, r.uniform(-2, 2) + 800],
      ];
      await expectSoftmax(ctx, z);
      // Shift invariance: adding a constant to a row changes nothing.
      const base = r.matrix(3, 4, -3, 3);
      const shifted = base.map((row, i) => row.map((v) => v + [500, -500, 2000][i]!));
      const a = await runSoftmax(ctx, base);
      const b = await runSoftmax(ctx, shifted);
      if (flat(b).some((v) => !Number.isFinite(v)))
        fail(L(`softmax(logits + 500) = ${show(b)}.`, `softmax(scores + 500) = ${show(b)}.`), OVERFLOW('softmax', 2000));
      expectClose(b, a, comparedWith('softmax(logits + c)', 'softmax(logits)'), {
        rtol: 1e-6,
        atol: 1e-9,
        misconception: L(
          'Adding the same constant c to every logit of a row must not change its probabilities: e^(z+c) / Σ e^(z+c) = e^z / Σ e^z.',
          "Ajouter la même constante c à tous les scores d'une ligne ne doit pas changer ses probabilités : e^(z+c) / Σ e^(z+c) = e^z / Σ e^z.",
        ),
      });
    },
  },
  {
    id: 'cross-entropy-mean',
    async run(ctx) {
      const r = ctx.rng(2003);
      for (const [n, k] of SHAPES) {
        const z = r.matrix(n, k, -3, 3);
        const p = softmaxRef(z);
        const y = oneHotRows(r, n, k);
        const got = await runCrossEntropy(ctx, p, y);
        const label = `crossEntropy(probs ${dims(p)}, yOneHot ${dims(y)})`;
        if (!Number.isFinite(got)) fail(L(`${label} is ${got}.`, `${label} vaut ${got}.`), crossEntropyMisconception(got, p, y));
        // tf.losses.softmaxCrossEntropy takes the logits and averages over the batch: the same number.
        expectClose(
          got,
          tfLoss(z, y),
          comparedWith(label, L('tf.losses.softmaxCrossEntropy on the logits', 'tf.losses.softmaxCrossEntropy sur les logits')),
          {
            rtol: 1e-4,
            atol: 1e-6,
            misconception: crossEntropyMisconception(got, p, y),
          },
        );
      }
    },
  },
  {
    id: 'cross-entropy-zero-terms',
    async run(ctx) {
      // Probabilities of exactly 0 where the label is 0 (a softmax of very spread logits gives them).
      const cases: [Matrix, Matrix, number][] = [
        [
          [
            [1, 0, 0],
            [0, 0.5, 0.5],
          ],
          [
            [1, 0, 0],
            [0, 1, 0],
          ],
          Math.LN2 / 2,
        ],
        [
          [
            [0.25, 0.75, 0],
            [0, 0, 1],
          ],
          [
            [0, 1, 0],
            [0, 0, 1],
          ],
          -Math.log(0.75) / 2,
        ],
      ];
      for (const [p, y, want] of cases) {
        const got = await runCrossEntropy(ctx, p, y);
        const label = `crossEntropy(${show(p)}, ${show(y)})`;
        if (Number.isNaN(got)) {
          fail(
            L(`${label} is NaN, expected ${fmt(want)}.`, `${label} vaut NaN, attendu ${fmt(want)}.`),
            L(
              'A probability is exactly 0 where the label is 0: y · log p is then 0 × (−Infinity), which is NaN in floating point, though the term should count for nothing. Only the true class contributes: skip the terms where y = 0 (or take −log p of the true class directly).',
              "Une probabilité vaut exactement 0 là où l'étiquette vaut 0 : y · log p vaut alors 0 × (−Infinity), ce qui donne NaN en virgule flottante, alors que ce terme ne devrait compter pour rien. Seule la vraie classe contribue : sautez les termes où y = 0 (ou prenez directement −log p de la vraie classe).",
            ),
          );
        }
        expectClose(got, want, label, { rtol: 1e-6, atol: 1e-9, misconception: crossEntropyMisconception(got, p, y) });
      }
    },
  },
  {
    id: 'grad-logits',
    async run(ctx) {
      const r = ctx.rng(2004);
      for (const [n, k] of SHAPES) await expectGrad(ctx, r.matrix(n, k, -3, 3), oneHotRows(r, n, k));
    },
  },
  {
    id: 'grad-logits-stable',
    async run(ctx) {
      const z: Matrix = [
        [1000, 999, 998],
        [-1000, -1001, -999],
        [0, 1000, -1000],
      ];
      await expectGrad(ctx, z, [
        [1, 0, 0],
        [0, 0, 1],
        [0, 1, 0],
      ]);
    },
  },
];
