import * as tf from '../../src/grader/core/tf';
import { L, type Localized } from '../../src/shared/i18n';
import {
  type CallbackMessage,
  callDetailed,
  comparedWith,
  expectClose,
  fail,
  fmt,
  fmtFr,
  isClose,
  learnerCallback,
  learnerFunction,
  show,
} from '../../src/grader/core/assert';
import type { Rng } from '../../src/grader/core/rng';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';

type Matrix = number[][];
interface Params {
  readonly w1: Matrix;
  readonly b1: number[];
  readonly w2: Matrix;
  readonly b2: number[];
}
interface Batch {
  readonly x: Matrix;
  readonly y: Matrix;
}
interface Grads {
  readonly loss: number;
  readonly dw1: Matrix;
  readonly db1: number[];
  readonly dw2: Matrix;
  readonly db2: number[];
}
type ForwardBackward = (x: Matrix, y: Matrix, w1: Matrix, b1: number[], w2: Matrix, b2: number[]) => unknown;
type Part = 'loss' | 'dw1' | 'db1' | 'dw2' | 'db2';
type GradientCheck = (f: unknown, p: number[], eps: number) => unknown;

// ---- float64 references, with the usual slips as options (to name a mistake, not to grade) ----

const matmul = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
const transpose = (a: Matrix): Matrix => a[0]!.map((_, j) => a.map((row) => row[j]!));
const addBias = (a: Matrix, b: number[]): Matrix => a.map((row) => row.map((v, j) => v + b[j]!));
const sumRows = (a: Matrix): number[] => a[0]!.map((_, j) => a.reduce((s, row) => s + row[j]!, 0));

interface Slips {
  /** false: the ReLU's mask is forgotten in the backward pass (its derivative taken as 1). */
  readonly mask?: boolean;
  /** false: no ReLU in the forward pass. */
  readonly relu?: boolean;
  /** 'sum' over the batch (no 1/N), 'all' = mean over every value (1/(N·K)). */
  readonly reduce?: 'mean' | 'sum' | 'all';
  /** false: the ½ is missing (gradients twice too large). */
  readonly half?: boolean;
  /** −1: the error taken as y − ŷ. */
  readonly sign?: 1 | -1;
  /** false: the biases are left out of the forward pass. */
  readonly biases?: boolean;
  /** true: dw2 computed from the pre-activations z1 instead of h = relu(z1). */
  readonly preActivation?: boolean;
}

function reference(b: Batch, p: Params, s: Slips = {}): Grads {
  const n = b.x.length;
  const k = b.y[0]!.length;
  const withBias = s.biases !== false;
  const z1 = withBias ? addBias(matmul(b.x, p.w1), p.b1) : matmul(b.x, p.w1);
  const h = s.relu === false ? z1 : z1.map((row) => row.map((v) => Math.max(0, v)));
  const out = withBias ? addBias(matmul(h, p.w2), p.b2) : matmul(h, p.w2);
  const diff = out.map((row, i) => row.map((v, j) => (s.sign ?? 1) * (v - b.y[i]![j]!)));
  const scale = s.reduce === 'sum' ? 1 : s.reduce === 'all' ? 1 / (n * k) : 1 / n;
  const half = s.half === false ? 1 : 0.5;
  const loss = half * scale * diff.flat().reduce((t, d) => t + d * d, 0);
  const dOut = diff.map((row) => row.map((d) => 2 * half * scale * d));
  const dw2 = matmul(transpose(s.preActivation ? z1 : h), dOut);
  const db2 = sumRows(dOut);
  const dh = matmul(dOut, transpose(p.w2));
  const dz1 = s.mask === false || s.relu === false ? dh : dh.map((row, i) => row.map((g, j) => (z1[i]![j]! > 0 ? g : 0)));
  return { loss, dw1: matmul(transpose(b.x), dz1), db1: sumRows(dz1), dw2, db2 };
}

/** tf's own answer (float32): the loss and tf.grads with respect to the four parameters. */
function tfReference(b: Batch, p: Params): Grads {
  return tf.tidy(() => {
    const x = tf.tensor2d(b.x);
    const y = tf.tensor2d(b.y);
    const n = b.x.length;
    const loss = (w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor): tf.Scalar => {
      const h = tf.relu(tf.add(tf.matMul(x, w1 as tf.Tensor2D), b1));
      const out = tf.add(tf.matMul(h as tf.Tensor2D, w2 as tf.Tensor2D), b2);
      return tf.div(tf.sum(tf.square(tf.sub(out, y))), 2 * n) as tf.Scalar;
    };
    const { value, grads } = tf.valueAndGrads((w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor) => loss(w1, b1, w2, b2))([
      tf.tensor2d(p.w1),
      tf.tensor1d(p.b1),
      tf.tensor2d(p.w2),
      tf.tensor1d(p.b2),
    ]);
    return {
      loss: value.dataSync()[0]!,
      dw1: grads[0]!.arraySync() as Matrix,
      db1: grads[1]!.arraySync() as number[],
      dw2: grads[2]!.arraySync() as Matrix,
      db2: grads[3]!.arraySync() as number[],
    };
  });
}

// ---- data ----

interface Shape {
  readonly n: number;
  readonly d: number;
  readonly h: number;
  readonly k: number;
}
const SHAPES: readonly Shape[] = [
  { n: 4, d: 3, h: 5, k: 2 },
  { n: 6, d: 2, h: 4, k: 1 },
  { n: 3, d: 4, h: 3, k: 3 },
  { n: 5, d: 3, h: 6, k: 2 },
];

/** A batch and parameters where some hidden units are off and none sits within `margin` of the ReLU's kink. */
function problem(r: Rng, s: Shape, margin = 0.05): { batch: Batch; params: Params } {
  for (;;) {
    const params: Params = {
      w1: r.matrix(s.d, s.h, -1, 1),
      b1: r.array(s.h, -0.5, 0.5),
      w2: r.matrix(s.h, s.k, -1, 1),
      b2: r.array(s.k, -0.5, 0.5),
    };
    const batch: Batch = { x: r.matrix(s.n, s.d, -2, 2), y: r.matrix(s.n, s.k, -1, 1) };
    const z1 = addBias(matmul(batch.x, params.w1), params.b1).flat();
    if (z1.every((v) => Math.abs(v) > margin) && z1.some((v) => v < 0) && z1.some((v) => v > 0)) return { batch, params };
  }
}

/** The theory's worked example: one example, two inputs, two hidden units (one of them off), one output. */
const WORKED: { batch: Batch; params: Params } = {
  batch: { x: [[1, 2]], y: [[1.5]] },
  params: {
    w1: [
      [0.5, -1],
      [0.25, 0.25],
    ],
    b1: [0, 0.1],
    w2: [[2], [-1]],
    b2: [0.5],
  },
};

// ---- reading the learner's answer ----

const dims = (m: Matrix): string => `${m.length}×${m[0]?.length ?? 0}`;
function label(b: Batch, p: Params): string {
  return `forwardBackward(x ${dims(b.x)}, y ${dims(b.y)}, w1 ${dims(p.w1)}, b1 [${p.b1.length}], w2 ${dims(p.w2)}, b2 [${p.b2.length}])`;
}

const isMatrix = (v: unknown): v is Matrix =>
  Array.isArray(v) && v.every((row) => Array.isArray(row) && row.every((x) => typeof x === 'number'));
const isVector = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');

function expectMatrix(v: unknown, rows: number, cols: number, what: string, param: string): Matrix {
  if (v instanceof tf.Tensor)
    fail(
      L(
        `${what} is a tensor (${show(v)}): return plain arrays (number[][]).`,
        `${what} est un tenseur (${show(v)}) : renvoyez de simples tableaux (number[][]).`,
      ),
    );
  if (!isMatrix(v))
    fail(L(`${what} should be a number[][], but it is ${show(v)}.`, `${what} devrait être un number[][], mais vaut ${show(v)}.`));
  if (v.length === cols && v.every((row) => row.length === rows) && rows !== cols) {
    fail(
      L(
        `${what} is ${dims(v)}, transposed: it must have the shape of ${param}, ${rows}×${cols}.`,
        `${what} est ${dims(v)}, transposé : il doit avoir la forme de ${param}, ${rows}×${cols}.`,
      ),
      L(
        `A weight's gradient is (its layer's input)ᵀ · (the gradient at its layer's output): for ${param}, a (${rows}×N) · (N×${cols}) product — the transpose goes on the input, and the N examples are summed by the product.`,
        `Le gradient d'un poids vaut (l'entrée de sa couche)ᵀ · (le gradient à la sortie de sa couche) : pour ${param}, un produit (${rows}×N) · (N×${cols}) — la transposée porte sur l'entrée, et le produit fait la somme sur les N exemples.`,
      ),
    );
  }
  if (v.length !== rows || v.some((row) => row.length !== cols)) {
    fail(
      L(
        `${what} is ${v.length} row(s) of ${v.map((row) => row.length).join(', ')}; it must have the shape of ${param}, ${rows}×${cols}.`,
        `${what} a ${v.length} ligne(s) de ${v.map((row) => row.length).join(', ')} ; il doit avoir la forme de ${param}, ${rows}×${cols}.`,
      ),
    );
  }
  return v;
}

function expectVector(v: unknown, length: number, n: number, what: string, param: string): number[] {
  if (v instanceof tf.Tensor)
    fail(
      L(`${what} is a tensor (${show(v)}): return a plain number[].`, `${what} est un tenseur (${show(v)}) : renvoyez un simple number[].`),
    );
  if (isMatrix(v) && v.length === 1 && v[0]!.length === length)
    fail(
      L(
        `${what} is a 1×${length} matrix: return a plain number[] of length ${length}, like ${param}.`,
        `${what} est une matrice 1×${length} : renvoyez un simple number[] de longueur ${length}, comme ${param}.`,
      ),
    );
  if (!isVector(v))
    fail(L(`${what} should be a number[], but it is ${show(v)}.`, `${what} devrait être un number[], mais vaut ${show(v)}.`));
  if (v.length !== length) {
    fail(
      L(
        `${what} has ${v.length} value(s); it must have one per unit of its layer, like ${param}: ${length}.`,
        `${what} a ${v.length} valeur(s) ; il en faut une par unité de sa couche, comme ${param} : ${length}.`,
      ),
      v.length === n
        ? L(
            `${n} is the batch size: you summed over the units instead of over the examples. A bias is added to every example, so its gradient is the sum over the examples (the rows) of the gradient at its layer's output.`,
            `${n} est la taille du lot : vous avez sommé sur les unités au lieu des exemples. Un biais est ajouté à chaque exemple, donc son gradient est la somme sur les exemples (les lignes) du gradient à la sortie de sa couche.`,
          )
        : undefined,
    );
  }
  return v;
}

async function runForwardBackward(ctx: CheckContext, b: Batch, p: Params): Promise<Record<string, unknown>> {
  const fb = learnerFunction<ForwardBackward>(ctx, 'forwardBackward');
  const what = label(b, p);
  const d = await callDetailed(ctx, what, fb, [b.x, b.y, p.w1, p.b1, p.w2, p.b2], { returnArgs: true });
  const after = d.argsAfter;
  const names = ['x', 'y', 'w1', 'b1', 'w2', 'b2'];
  const before = [b.x, b.y, p.w1, p.b1, p.w2, p.b2];
  const changed = after ? names.filter((_, i) => JSON.stringify(after[i]) !== JSON.stringify(before[i])) : [];
  if (changed.length) {
    fail(
      L(
        `${what} modified its argument(s) ${changed.join(', ')}: computing gradients must leave the network and the data as they are (the update is gradient descent's job, exercise 09).`,
        `${what} a modifié son ou ses arguments ${changed.join(', ')} : calculer les gradients doit laisser le réseau et les données tels quels (la mise à jour est le travail de la descente de gradient, exercice 09).`,
      ),
    );
  }
  const v = d.value;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    fail(
      L(
        `${what} returned ${show(v)}: it must return an object { loss, dw1, db1, dw2, db2 }.`,
        `${what} a renvoyé ${show(v)} : la fonction doit renvoyer un objet { loss, dw1, db1, dw2, db2 }.`,
      ),
    );
  }
  const o = v as Record<string, unknown>;
  const missing = ['loss', 'dw1', 'db1', 'dw2', 'db2'].filter((key) => !(key in o));
  if (missing.length)
    fail(
      L(
        `${what} returned an object without ${missing.join(', ')}: ${show(v)}.`,
        `${what} a renvoyé un objet sans ${missing.join(', ')} : ${show(v)}.`,
      ),
    );
  return o;
}

/** The parts a check looks at, each read and shape-checked (a check on the loss does not fail on dw2's shape). */
function readParts(o: Record<string, unknown>, parts: readonly Part[], b: Batch, p: Params): Grads {
  const what = label(b, p);
  const n = b.x.length;
  const got: Record<string, unknown> = {};
  for (const part of parts) {
    switch (part) {
      case 'loss':
        if (typeof o.loss !== 'number')
          fail(
            L(
              `${what}.loss should be a number, but it is ${show(o.loss)}.`,
              `${what}.loss devrait être un nombre, mais vaut ${show(o.loss)}.`,
            ),
          );
        got.loss = o.loss;
        break;
      case 'dw1':
        got.dw1 = expectMatrix(o.dw1, p.w1.length, p.w1[0]!.length, `${what}.dw1`, 'w1');
        break;
      case 'db1':
        got.db1 = expectVector(o.db1, p.b1.length, n, `${what}.db1`, 'b1');
        break;
      case 'dw2':
        got.dw2 = expectMatrix(o.dw2, p.w2.length, p.w2[0]!.length, `${what}.dw2`, 'w2');
        break;
      case 'db2':
        got.db2 = expectVector(o.db2, p.b2.length, n, `${what}.db2`, 'b2');
        break;
    }
  }
  return got as unknown as Grads;
}

// ---- naming the mistake ----

const near = (a: number | number[] | Matrix, b: number | number[] | Matrix): boolean => {
  const fa = [a].flat(2) as number[];
  const fb = [b].flat(2) as number[];
  return fa.length === fb.length && fa.every((v, i) => isClose(v, fb[i]!, 1e-4, 1e-7));
};

function misconception(got: Grads, part: Part, b: Batch, p: Params): Localized | undefined {
  const n = b.x.length;
  const k = b.y[0]!.length;
  const slips: [Slips, Localized][] = [
    [
      { mask: false },
      L(
        "The ReLU's mask is missing in the backward pass: the gradient goes back through a hidden unit only where that unit was on (z₁ > 0) — relu'(z) is 1 there and 0 elsewhere. Multiply the gradient at h by (z₁ > 0) before going back to w1 and b1: an off unit passes no gradient.",
        "Le masque de la ReLU manque dans la passe arrière : le gradient ne repasse par une unité cachée que là où elle était active (z₁ > 0) — relu'(z) vaut 1 là et 0 ailleurs. Multipliez le gradient en h par (z₁ > 0) avant de remonter vers w1 et b1 : une unité éteinte ne transmet aucun gradient.",
      ),
    ],
    [
      { relu: false },
      L(
        'Your network has no ReLU: the hidden layer is h = relu(x·w1 + b1), and the backward pass goes through its derivative (1 where z₁ > 0, else 0).',
        "Votre réseau n'a pas de ReLU : la couche cachée vaut h = relu(x·w1 + b1), et la passe arrière traverse sa dérivée (1 là où z₁ > 0, 0 ailleurs).",
      ),
    ],
    [
      { reduce: 'sum' },
      L(
        `${n} times too large, the batch size: you summed over the examples. The loss is the MEAN over the batch, 1/(2N) Σ (ŷ − y)², so every gradient carries the 1/N too — the gradient of a mean is the mean of the examples' gradients.`,
        `${n} fois trop grand, la taille du lot : vous avez sommé sur les exemples. La perte est la MOYENNE sur le lot, 1/(2N) Σ (ŷ − y)², donc chaque gradient porte aussi le 1/N — le gradient d'une moyenne est la moyenne des gradients des exemples.`,
      ),
    ],
    [
      { half: false },
      L(
        'Twice too large: the ½ is missing, or its 2 was not cancelled. E = 1/(2N) Σ (ŷ − y)²: the derivative of ½u² is u, so ∂E/∂ŷ = (ŷ − y) / N.',
        "Deux fois trop grand : le ½ manque, ou son 2 n'a pas été simplifié. E = 1/(2N) Σ (ŷ − y)² : la dérivée de ½u² est u, donc ∂E/∂ŷ = (ŷ − y) / N.",
      ),
    ],
    [
      { reduce: 'all' },
      L(
        `${k} times too small: you averaged over every value (N × ${k} outputs) instead of summing over the outputs and averaging over the examples: E = 1/(2N) Σᵢ Σₖ (ŷᵢₖ − yᵢₖ)².`,
        `${k} fois trop petit : vous avez fait la moyenne sur toutes les valeurs (N × ${k} sorties) au lieu de sommer sur les sorties et de moyenner sur les exemples : E = 1/(2N) Σᵢ Σₖ (ŷᵢₖ − yᵢₖ)².`,
      ),
    ],
    [
      { sign: -1 },
      L(
        'The sign is flipped: you used y − ŷ. ∂E/∂ŷ = (ŷ − y) / N: where the prediction is too high the gradient is positive, and gradient descent lowers it. With the wrong sign, descent would climb the error.',
        "Le signe est inversé : vous avez utilisé y − ŷ. ∂E/∂ŷ = (ŷ − y) / N : là où la prédiction est trop haute, le gradient est positif, et la descente la fait baisser. Avec le mauvais signe, la descente ferait monter l'erreur.",
      ),
    ],
    [
      { preActivation: true },
      L(
        "dw2 was computed from z₁ = x·w1 + b1, the values before the ReLU: the second layer's input is h = relu(z₁), so dw2 = hᵀ · (∂E/∂ŷ).",
        "dw2 a été calculé à partir de z₁ = x·w1 + b1, les valeurs avant la ReLU : l'entrée de la deuxième couche est h = relu(z₁), donc dw2 = hᵀ · (∂E/∂ŷ).",
      ),
    ],
    [
      { biases: false },
      L(
        'The biases are left out of the forward pass: z₁ = x·w1 + b1 and ŷ = h·w2 + b2.',
        'Les biais sont oubliés dans la passe avant : z₁ = x·w1 + b1 et ŷ = h·w2 + b2.',
      ),
    ],
  ];
  const right = reference(b, p)[part];
  for (const [s, text] of slips) {
    const slipped = reference(b, p, s)[part];
    // A slip that changes nothing for this part (e.g. the mask for dw2) does not explain it.
    if (near(got[part], slipped) && !near(slipped, right)) return text;
  }
  if ((part === 'dw1' || part === 'dw2') && got[part].length === got[part][0]!.length) {
    if (near(transpose(got[part]), right))
      return L(
        `${part} is transposed: a weight's gradient is (its layer's input)ᵀ · (the gradient at its layer's output).`,
        `${part} est transposé : le gradient d'un poids vaut (l'entrée de sa couche)ᵀ · (le gradient à la sortie de sa couche).`,
      );
  }
  return undefined;
}

const GENERIC: Record<Part, Localized> = {
  loss: L(
    'E = 1/(2N) Σᵢ Σₖ (ŷᵢₖ − yᵢₖ)², with ŷ = relu(x·w1 + b1)·w2 + b2.',
    'E = 1/(2N) Σᵢ Σₖ (ŷᵢₖ − yᵢₖ)², avec ŷ = relu(x·w1 + b1)·w2 + b2.',
  ),
  dw2: L('Start from δ₂ = ∂E/∂ŷ = (ŷ − y)/N (N×K); dw2 = hᵀ·δ₂.', 'Partez de δ₂ = ∂E/∂ŷ = (ŷ − y)/N (N×K) ; dw2 = hᵀ·δ₂.'),
  db2: L(
    'db2 = δ₂ summed over the examples (the rows), one value per output.',
    'db2 = δ₂ sommé sur les exemples (les lignes), une valeur par sortie.',
  ),
  dw1: L(
    'Go back through the second layer (δ₂·w2ᵀ), then through the ReLU (× 1 where z₁ > 0, else 0): that is δ₁; dw1 = xᵀ·δ₁.',
    "Remontez à travers la deuxième couche (δ₂·w2ᵀ), puis à travers la ReLU (× 1 là où z₁ > 0, 0 ailleurs) : c'est δ₁ ; dw1 = xᵀ·δ₁.",
  ),
  db1: L('db1 = δ₁ summed over the examples, one value per hidden unit.', 'db1 = δ₁ sommé sur les exemples, une valeur par unité cachée.'),
};

function expectParts(answer: Record<string, unknown>, parts: readonly Part[], b: Batch, p: Params): void {
  const got = readParts(answer, parts, b, p);
  const want = tfReference(b, p);
  const what = label(b, p);
  for (const part of parts) {
    if ([got[part]].flat(2).some((v) => !Number.isFinite(v as number))) {
      fail(
        L(
          `${what}.${part} contains NaN or Infinity: ${show(got[part])}.`,
          `${what}.${part} contient NaN ou Infinity : ${show(got[part])}.`,
        ),
        L(
          'A value read outside an array (undefined) or a division by zero?',
          "Une valeur lue hors d'un tableau (undefined) ou une division par zéro ?",
        ),
      );
    }
    expectClose(got[part], want[part], comparedWith(`${what}.${part}`, 'tf.grads'), {
      rtol: 1e-3,
      atol: 1e-5,
      misconception: misconception(got, part, b, p) ?? GENERIC[part],
    });
  }
}

// ---- gradientCheck ----

/** f(p) = Σ pᵢ² sin(pᵢ) + p₀·p_last: curved enough that a forward difference is visibly off. */
const TEST_F_SOURCE = `(p) => {
  if (!Array.isArray(p) || p.some((v) => typeof v !== 'number')) throw new TypeError('f takes an array of numbers, got ' + String(p));
  let s = 0;
  for (const v of p) s += v * v * Math.sin(v);
  return s + p[0] * p[p.length - 1];
}`;
const testF = (p: number[]): number => p.reduce((s, v) => s + v * v * Math.sin(v), 0) + p[0]! * p[p.length - 1]!;
function testGrad(p: number[]): number[] {
  const g = p.map((v) => 2 * v * Math.sin(v) + v * v * Math.cos(v));
  g[0]! += p[p.length - 1]!;
  g[p.length - 1]! += p[0]!;
  return g;
}
const forwardDiff = (f: (p: number[]) => number, p: number[], eps: number): number[] =>
  p.map((_, i) => {
    const q = p.slice();
    q[i]! += eps;
    return (f(q) - f(p)) / eps;
  });
const centralDiff = (f: (p: number[]) => number, p: number[], eps: number): number[] =>
  p.map((_, i) => {
    const a = p.slice();
    const c = p.slice();
    a[i]! += eps;
    c[i]! -= eps;
    return (f(a) - f(c)) / (2 * eps);
  });

async function runGradientCheck(ctx: CheckContext, source: string, fName: string, p: number[], eps: number): Promise<number[]> {
  const gc = learnerFunction<GradientCheck>(ctx, 'gradientCheck');
  const what = `gradientCheck(${fName}, p of ${p.length}, eps = ${fmt(eps)})`;
  const limit = 4 * p.length + 4;
  const callbackMessage: CallbackMessage = (v) =>
    v.kind === 'argument'
      ? L(
          `${what} called f(${v.argument}): f takes an array of numbers, the parameters.`,
          `${what} a appelé f(${v.argument}) : f prend un tableau de nombres, les paramètres.`,
        )
      : L(
          `${what} called f more than ${limit} times for ${p.length} parameters: central differences need two calls per parameter, f(p + eps·eᵢ) and f(p − eps·eᵢ).`,
          `${what} a appelé f plus de ${limit} fois pour ${p.length} paramètres : les différences centrées demandent deux appels par paramètre, f(p + eps·eᵢ) et f(p − eps·eᵢ).`,
        );
  const f = learnerCallback(source, { maxCalls: limit, argKind: 'any' });
  const d = await callDetailed(ctx, what, gc, [f, p, eps], { returnArgs: true, callbackMessage });
  const pAfter = d.argsAfter?.[1];
  if (Array.isArray(pAfter) && !near(pAfter as number[], p)) {
    fail(
      L(
        `${what} left p changed (${show(pAfter)} instead of ${show(p)}): nudge a copy (p.slice()), or put p[i] back after each nudge — the caller's parameters must not move.`,
        `${what} a laissé p modifié (${show(pAfter)} au lieu de ${show(p)}) : décalez une copie (p.slice()), ou remettez p[i] après chaque décalage — les paramètres de l'appelant ne doivent pas bouger.`,
      ),
    );
  }
  const v = d.value;
  if (v instanceof tf.Tensor)
    fail(
      L(
        `${what} returned a tensor (${show(v)}): return a plain number[].`,
        `${what} a renvoyé un tenseur (${show(v)}) : renvoyez un simple number[].`,
      ),
    );
  if (!isVector(v))
    fail(
      L(
        `${what} should return a number[], one value per parameter, but it returned ${show(v)}.`,
        `${what} devrait renvoyer un number[], une valeur par paramètre, mais a renvoyé ${show(v)}.`,
      ),
    );
  if (v.length !== p.length)
    fail(
      L(
        `${what} returned ${v.length} value(s) for ${p.length} parameters: one partial derivative per parameter.`,
        `${what} a renvoyé ${v.length} valeur(s) pour ${p.length} paramètres : une dérivée partielle par paramètre.`,
      ),
    );
  if (v.some((x) => !Number.isFinite(x)))
    fail(
      L(`${what} = ${show(v)} contains NaN or Infinity.`, `${what} = ${show(v)} contient NaN ou Infinity.`),
      L(
        'Is eps in the denominator (not 0)? Does f get an array of numbers?',
        'eps est-il bien au dénominateur (et non 0) ? f reçoit-elle un tableau de nombres ?',
      ),
    );
  return v;
}

function gradientCheckMisconception(got: number[], f: (p: number[]) => number, p: number[], eps: number): Localized | undefined {
  const central = centralDiff(f, p, eps);
  const close = (a: number[], b: number[]): boolean => a.every((x, i) => isClose(x, b[i]!, 1e-6, 1e-9));
  if (close(got, forwardDiff(f, p, eps)) || close(got, forwardDiff(f, p, -eps))) {
    return L(
      `That is a one-sided difference, (f(p + eps) − f(p)) / eps: its error shrinks only like eps (here about ${fmt(Math.max(...forwardDiff(f, p, eps).map((x, i) => Math.abs(x - central[i]!))))}), while the central difference (f(p + eps) − f(p − eps)) / (2·eps) errs like eps² — the curvature terms cancel.`,
      `C'est une différence d'un seul côté, (f(p + eps) − f(p)) / eps : son erreur ne décroît que comme eps (ici environ ${fmtFr(Math.max(...forwardDiff(f, p, eps).map((x, i) => Math.abs(x - central[i]!))))}), alors que la différence centrée (f(p + eps) − f(p − eps)) / (2·eps) se trompe comme eps² — les termes de courbure se compensent.`,
    );
  }
  if (
    close(
      got,
      central.map((x) => 2 * x),
    )
  )
    return L(
      'Twice too large: between p − eps and p + eps the step is 2·eps, so divide by 2·eps.',
      'Deux fois trop grand : entre p − eps et p + eps, le pas vaut 2·eps, donc divisez par 2·eps.',
    );
  if (
    close(
      got,
      central.map((x) => -x),
    )
  )
    return L(
      'The sign is flipped: f(p + eps) − f(p − eps), the value above minus the value below.',
      'Le signe est inversé : f(p + eps) − f(p − eps), la valeur au-dessus moins la valeur au-dessous.',
    );
  return undefined;
}

/** A check that compares `parts` with tf.grads on one random problem of each of SHAPES (data drawn with `salt`). */
function onRandomBatches(salt: number, parts: readonly Part[]): (ctx: CheckContext) => Promise<void> {
  return async (ctx) => {
    const r = ctx.rng(salt);
    for (const s of SHAPES) {
      const { batch, params } = problem(r, s);
      expectParts(await runForwardBackward(ctx, batch, params), parts, batch, params);
    }
  };
}

export const checks: ExerciseChecks = [
  {
    id: 'worked-example',
    async run(ctx) {
      const { batch, params } = WORKED;
      const got = await runForwardBackward(ctx, batch, params);
      expectParts(got, ['loss', 'dw2', 'db2', 'dw1', 'db1'], batch, params);
    },
  },
  { id: 'loss', run: onRandomBatches(2101, ['loss']) },
  { id: 'output-layer', run: onRandomBatches(2102, ['dw2', 'db2']) },
  { id: 'hidden-layer', run: onRandomBatches(2103, ['dw1', 'db1']) },
  {
    id: 'one-example-batch',
    async run(ctx) {
      // A batch of one is still a batch: N = 1, and the gradients of a bigger batch are the mean of its examples'.
      const r = ctx.rng(2104);
      const { batch, params } = problem(r, { n: 3, d: 3, h: 4, k: 2 });
      const whole = await runForwardBackward(ctx, batch, params);
      expectParts(whole, ['loss', 'dw1', 'db1', 'dw2', 'db2'], batch, params);
      for (let i = 0; i < batch.x.length; i++) {
        const one: Batch = { x: [batch.x[i]!], y: [batch.y[i]!] };
        expectParts(await runForwardBackward(ctx, one, params), ['loss', 'dw1', 'db1', 'dw2', 'db2'], one, params);
      }
    },
  },
  {
    id: 'gradient-check',
    async run(ctx) {
      const r = ctx.rng(2105);
      for (const [n, eps] of [
        [3, 1e-3],
        [5, 1e-2],
        [1, 1e-3],
      ] as const) {
        const p = r.array(n, -2, 2);
        const got = await runGradientCheck(ctx, TEST_F_SOURCE, 'f', p, eps);
        // Central differences err by about eps²·f‴/6: within 1e-3·(eps/1e-2)² here; a one-sided difference errs by eps·f″/2.
        expectClose(
          got,
          testGrad(p),
          comparedWith(`gradientCheck(f, ${show(p)}, eps = ${fmt(eps)})`, L("f's exact gradient", 'le gradient exact de f')),
          {
            rtol: 1e-3,
            atol: 4 * eps * eps,
            misconception:
              gradientCheckMisconception(got, testF, p, eps) ??
              L(
                '∂f/∂pᵢ ≈ (f(p + eps·eᵢ) − f(p − eps·eᵢ)) / (2·eps), where eᵢ nudges the i-th parameter only.',
                '∂f/∂pᵢ ≈ (f(p + eps·eᵢ) − f(p − eps·eᵢ)) / (2·eps), où eᵢ ne décale que le i-ième paramètre.',
              ),
          },
        );
      }
    },
  },
  {
    id: 'gradient-check-network',
    async run(ctx) {
      // The learner's gradientCheck on the loss of a network as a function of all its parameters
      // agrees with backpropagation (tf.grads) to 1e-4: the two methods confirm each other.
      const r = ctx.rng(2106);
      const s: Shape = { n: 4, d: 2, h: 3, k: 1 };
      const { batch, params } = problem(r, s, 0.01);
      const flat = [...params.w1.flat(), ...params.b1, ...params.w2.flat(), ...params.b2];
      const source = `(p) => {
        const x = ${JSON.stringify(batch.x)}, y = ${JSON.stringify(batch.y)};
        const D = ${s.d}, H = ${s.h}, K = ${s.k};
        if (!Array.isArray(p) || p.length !== ${flat.length}) throw new TypeError('f takes the ${flat.length} parameters as one array');
        const w1 = (i, j) => p[i * H + j], b1 = (j) => p[D * H + j], w2 = (j, k) => p[D * H + H + j * K + k], b2 = (k) => p[D * H + H + H * K + k];
        let e = 0;
        for (const [n, row] of x.entries()) {
          const h = [];
          for (let j = 0; j < H; j++) { let z = b1(j); for (let i = 0; i < D; i++) z += row[i] * w1(i, j); h.push(Math.max(0, z)); }
          for (let k = 0; k < K; k++) { let o = b2(k); for (let j = 0; j < H; j++) o += h[j] * w2(j, k); e += (o - y[n][k]) ** 2; }
        }
        return e / (2 * x.length);
      }`;
      const got = await runGradientCheck(ctx, source, 'loss', flat, 1e-4);
      const want = tfReference(batch, params);
      const wantFlat = [...want.dw1.flat(), ...want.db1, ...want.dw2.flat(), ...want.db2];
      expectClose(
        got,
        wantFlat,
        comparedWith(
          L('gradientCheck(loss, [w1, b1, w2, b2] flattened, eps = 1e-4)', 'gradientCheck(loss, [w1, b1, w2, b2] aplatis, eps = 1e-4)'),
          'tf.grads',
        ),
        {
          rtol: 1e-3,
          atol: 1e-4,
          misconception: L(
            "The numerical gradient of the network's loss must match backpropagation's: nudge one parameter at a time by ±eps and divide the change of f by 2·eps.",
            'Le gradient numérique de la perte du réseau doit correspondre à celui de la rétropropagation : décalez un paramètre à la fois de ±eps et divisez la variation de f par 2·eps.',
          ),
        },
      );
    },
  },
];
