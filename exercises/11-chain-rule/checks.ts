import * as tf from '../../src/grader/core/tf';
import { L, type Localized } from '../../src/shared/i18n';
import { call, expectNumber, fail, fmt, fmtFr, isClose, learnerFunction, show } from '../../src/grader/core/assert';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';

type NeuronGradients = (x: number[], w: number[], b: number, yTrue: number) => { dw: number[]; db: number };
interface Grads {
  dw: number[];
  db: number;
}
interface Example {
  x: number[];
  w: number[];
  b: number;
  yTrue: number;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, ai, i) => s + ai * b[i]!, 0);

/** The chain rule, link by link, and the usual ways of breaking it (float64). */
type Variant = 'reference' | 'noSigmoidDerivative' | 'sign' | 'missingX' | 'derivativeOfZ' | 'linear' | 'weightsForX' | 'double' | 'half';
function gradients(e: Example, variant: Variant = 'reference'): Grads {
  const z = dot(e.w, e.x) + e.b;
  const y = sigmoid(z);
  if (variant === 'linear') return { dw: e.x.map((xi) => (z - e.yTrue) * xi), db: z - e.yTrue };
  const dEdy =
    variant === 'sign' ? e.yTrue - y : variant === 'double' ? 2 * (y - e.yTrue) : variant === 'half' ? 0.5 * (y - e.yTrue) : y - e.yTrue;
  const dydz = variant === 'noSigmoidDerivative' ? 1 : variant === 'derivativeOfZ' ? z * (1 - z) : y * (1 - y);
  const d = dEdy * dydz;
  const dw = variant === 'missingX' ? e.x.map(() => d) : variant === 'weightsForX' ? e.w.map((wi) => d * wi) : e.x.map((xi) => d * xi);
  return { dw, db: d };
}

const MISCONCEPTIONS: readonly [Exclude<Variant, 'reference'>, Localized][] = [
  [
    'noSigmoidDerivative',
    L(
      "The sigmoid's derivative is missing: your gradient is (y − yTrue)·xᵢ. Between E and z sits the link ∂y/∂z = σ'(z) = σ(z)·(1 − σ(z)) = y·(1 − y).",
      "La dérivée de la sigmoïde manque : votre gradient vaut (y − yTrue)·xᵢ. Entre E et z il y a le maillon ∂y/∂z = σ'(z) = σ(z)·(1 − σ(z)) = y·(1 − y).",
    ),
  ],
  [
    'sign',
    L(
      'The sign is flipped: ∂E/∂y of ½(y − yTrue)² is (y − yTrue), not (yTrue − y). With the wrong sign, gradient descent would climb the error.',
      "Le signe est inversé : ∂E/∂y de ½(y − yTrue)² vaut (y − yTrue), pas (yTrue − y). Avec le mauvais signe, la descente de gradient grimperait l'erreur.",
    ),
  ],
  [
    'missingX',
    L(
      'Every dwᵢ is the same number: the last link ∂z/∂wᵢ = xᵢ is missing. A weight matters in proportion to the input it multiplies.',
      "Tous les dwᵢ valent le même nombre : le dernier maillon ∂z/∂wᵢ = xᵢ manque. Un poids compte à proportion de l'entrée qu'il multiplie.",
    ),
  ],
  [
    'derivativeOfZ',
    L(
      "σ'(z) = σ(z)·(1 − σ(z)) uses the sigmoid's OUTPUT y: you computed z·(1 − z).",
      "σ'(z) = σ(z)·(1 − σ(z)) utilise la SORTIE de la sigmoïde, y : vous avez calculé z·(1 − z).",
    ),
  ],
  [
    'linear',
    L(
      'Your gradient is that of a neuron without sigmoid (y = z): apply y = σ(z) = 1 / (1 + e^(−z)) in the forward pass, and its derivative y·(1 − y) in the backward pass.',
      "Votre gradient est celui d'un neurone sans sigmoïde (y = z) : appliquez y = σ(z) = 1 / (1 + e^(−z)) dans la passe avant, et sa dérivée y·(1 − y) dans la passe arrière.",
    ),
  ],
  [
    'weightsForX',
    L(
      '∂z/∂wᵢ is xᵢ, the input the weight multiplies (z = Σ wᵢxᵢ + b), not wᵢ.',
      "∂z/∂wᵢ vaut xᵢ, l'entrée que multiplie le poids (z = Σ wᵢxᵢ + b), pas wᵢ.",
    ),
  ],
  [
    'double',
    L(
      'Your gradient is twice too large: E = ½(y − yTrue)², and the ½ cancels the 2 of the square, so ∂E/∂y = y − yTrue.',
      'Votre gradient est deux fois trop grand : E = ½(y − yTrue)², et le ½ compense le 2 du carré, donc ∂E/∂y = y − yTrue.',
    ),
  ],
  [
    'half',
    L(
      'Your gradient is half the right one: the derivative of ½(y − yTrue)² is (y − yTrue) — the 2 from the square cancels the ½.',
      'Votre gradient vaut la moitié du bon : la dérivée de ½(y − yTrue)² est (y − yTrue) — le 2 du carré compense le ½.',
    ),
  ],
];

function misconceptionFor(got: Grads, e: Example): Localized | undefined {
  const flat = (g: Grads): number[] => [...g.dw, g.db];
  const same = (a: number[], b: number[]): boolean => a.every((v, i) => isClose(v, b[i]!, 1e-4, 1e-9));
  const ref = flat(gradients(e));
  if (flat(got).every((v) => v === 0) && ref.some((v) => v !== 0)) {
    return L(
      'Your gradient is all zeros: compute the forward pass (z, then y = σ(z)), then multiply the links of the chain.',
      'Votre gradient est entièrement nul : calculez la passe avant (z, puis y = σ(z)), puis multipliez les maillons de la chaîne.',
    );
  }
  for (const [variant, text] of MISCONCEPTIONS) {
    const wrong = flat(gradients(e, variant));
    if (!same(wrong, ref) && same(flat(got), wrong)) return text;
  }
  return undefined;
}

/** The reference, by TensorFlow.js's automatic differentiation. */
function tfGradients(e: Example): Grads {
  return tf.tidy(() => {
    const xT = tf.tensor1d(e.x);
    const f = (w: tf.Tensor, b: tf.Tensor): tf.Tensor => {
      const y = tf.sigmoid(tf.add(tf.sum(tf.mul(w, xT)), b));
      return tf.mul(0.5, tf.square(tf.sub(y, e.yTrue)));
    };
    const [dw, db] = tf.grads(f)([tf.tensor1d(e.w), tf.scalar(e.b)]);
    return { dw: Array.from(dw!.dataSync()), db: db!.dataSync()[0]! };
  });
}

function label(e: Example): string {
  return `neuronGradients(${show(e.x, 6)}, ${show(e.w, 6)}, ${fmt(e.b)}, ${fmt(e.yTrue)})`;
}

async function runLearner(ctx: CheckContext, e: Example): Promise<Grads> {
  const fn = learnerFunction<NeuronGradients>(ctx, 'neuronGradients');
  const what = label(e);
  const r = await call<unknown>(ctx, what, fn, [...e.x], [...e.w], e.b, e.yTrue);
  if (typeof r !== 'object' || r === null || Array.isArray(r) || r instanceof tf.Tensor) {
    fail(
      L(
        `${what} returned ${show(r)}: it must return an object { dw, db }.`,
        `${what} a renvoyé ${show(r)} : la fonction doit renvoyer un objet { dw, db }.`,
      ),
    );
  }
  const { dw, db } = r as { dw?: unknown; db?: unknown };
  if (dw instanceof tf.Tensor) {
    fail(
      L(
        `${what}.dw is a tensor (${show(dw)}): return a plain array of numbers, one per weight.`,
        `${what}.dw est un tenseur (${show(dw)}) : renvoyez un tableau de nombres, un par poids.`,
      ),
    );
  }
  if (!Array.isArray(dw) || !dw.every((v) => typeof v === 'number')) {
    fail(
      L(
        `${what}.dw should be an array of numbers, one per weight, but it is ${show(dw)}.`,
        `${what}.dw devrait être un tableau de nombres, un par poids, mais c'est ${show(dw)}.`,
      ),
    );
  }
  if (dw.length !== e.w.length) {
    fail(
      L(
        `${what}.dw has ${dw.length} values for ${e.w.length} weights: there is one partial derivative ∂E/∂wᵢ per weight.`,
        `${what}.dw a ${dw.length} valeurs pour ${e.w.length} poids : il y a une dérivée partielle ∂E/∂wᵢ par poids.`,
      ),
    );
  }
  if (dw.some((v) => !Number.isFinite(v))) {
    fail(
      L(
        `${what}.dw contains a non-finite value: ${show(dw)}. Is a variable undefined, or an index out of range?`,
        `${what}.dw contient une valeur non finie : ${show(dw)}. Une variable vaut-elle undefined, ou un indice dépasse-t-il ?`,
      ),
    );
  }
  return { dw: dw as number[], db: expectNumber(db, `${what}.db`) };
}

function expectGradients(got: Grads, want: Grads, e: Example, tol: { rtol: number; atol: number }): void {
  const ok = got.dw.every((v, i) => isClose(v, want.dw[i]!, tol.rtol, tol.atol)) && isClose(got.db, want.db, tol.rtol, tol.atol);
  if (ok) return;
  const z = dot(e.w, e.x) + e.b;
  const y = sigmoid(z);
  fail(
    L(
      `${label(e)}: expected { dw: ${show(
        want.dw.map((v) => Number(v.toPrecision(6))),
        6,
      )}, db: ${fmt(want.db)} }, got { dw: ${show(got.dw, 6)}, db: ${fmt(got.db)} }. (Here z = ${fmt(z)}, y = σ(z) = ${fmt(y)}, ∂E/∂y = ${fmt(y - e.yTrue)}, ∂y/∂z = ${fmt(y * (1 - y))}.)`,
      `${label(e)} : attendu { dw: ${show(
        want.dw.map((v) => Number(v.toPrecision(6))),
        6,
      )}, db: ${fmt(want.db)} }, obtenu { dw: ${show(got.dw, 6)}, db: ${fmt(got.db)} }. (Ici z = ${fmtFr(z)}, y = σ(z) = ${fmtFr(y)}, ∂E/∂y = ${fmtFr(y - e.yTrue)}, ∂y/∂z = ${fmtFr(y * (1 - y))}.)`,
    ),
    misconceptionFor(got, e) ??
      (got.dw.every((v, i) => isClose(v, want.dw[i]!, tol.rtol, tol.atol))
        ? L(
            'dw is right but db is not: ∂z/∂b = 1, so ∂E/∂b = ∂E/∂y · ∂y/∂z.',
            'dw est juste mais pas db : ∂z/∂b = 1, donc ∂E/∂b = ∂E/∂y · ∂y/∂z.',
          )
        : L(
            'Chain the three links: ∂E/∂wᵢ = (y − yTrue) · y(1 − y) · xᵢ, and ∂E/∂b = (y − yTrue) · y(1 − y).',
            'Enchaînez les trois maillons : ∂E/∂wᵢ = (y − yTrue) · y(1 − y) · xᵢ, et ∂E/∂b = (y − yTrue) · y(1 − y).',
          )),
  );
}

export const checks: ExerciseChecks = [
  {
    id: 'worked-example',
    async run(ctx) {
      // The theory's example: z = 0.5·2 + 1·(−1) + 0 = 0, y = 0.5, ∂E/∂y = −0.5, σ' = 0.25.
      const e: Example = { x: [2, -1], w: [0.5, 1], b: 0, yTrue: 1 };
      expectGradients(await runLearner(ctx, e), { dw: [-0.25, 0.125], db: -0.125 }, e, { rtol: 1e-6, atol: 1e-9 });
    },
  },
  {
    id: 'matches-tf-grads',
    async run(ctx) {
      const r = ctx.rng(1111);
      for (let trial = 0; trial < 25; trial++) {
        const n = 1 + r.int(0, 6);
        const e: Example = {
          x: r.array(n, -2, 2),
          w: r.array(n, -1, 1),
          b: r.uniform(-1, 1),
          yTrue: trial % 3 === 0 ? 0 : trial % 3 === 1 ? 1 : r.uniform(0, 1),
        };
        // tf computes in float32: compare with a float32-sized tolerance.
        expectGradients(await runLearner(ctx, e), tfGradients(e), e, { rtol: 1e-3, atol: 1e-6 });
      }
    },
  },
  {
    id: 'descent-lowers-error',
    async run(ctx) {
      const r = ctx.rng(1122);
      const yTrue = 0.9;
      const lr = 0.5;
      const b0 = 0.5;
      const errorAt = (xx: readonly number[], ww: readonly number[], bb: number): number => 0.5 * (sigmoid(dot(ww, xx) + bb) - yTrue) ** 2;
      // The data changes with the run's seed: draw a start where the course's gradients clearly work
      // (not already at the target, not stuck on a flat part of the sigmoid), so only a wrong gradient fails.
      const referenceWorks = (xx: number[], ww: number[]): boolean => {
        let wr = ww;
        let br = b0;
        const start = errorAt(xx, wr, br);
        for (let step = 0; step < 30; step++) {
          const g = gradients({ x: xx, w: wr, b: br, yTrue });
          wr = wr.map((wi, i) => wi - lr * g.dw[i]!);
          br -= lr * g.db;
        }
        return start >= 0.02 && errorAt(xx, wr, br) < start / 8;
      };
      let x = [1.2, -0.8, 0.5];
      let w = [-0.6, 0.4, -0.3];
      for (let attempt = 0; attempt < 100; attempt++) {
        const xx = r.array(3, -2, 2);
        const ww = r.array(3, -1, 1);
        if (referenceWorks(xx, ww)) {
          x = xx;
          w = ww;
          break;
        }
      }
      let b = b0;
      const error = (ww: number[], bb: number): number => errorAt(x, ww, bb);
      const start = error(w, b);
      const errors = [start];
      for (let step = 0; step < 30; step++) {
        const e: Example = { x, w, b, yTrue };
        const g = await runLearner(ctx, e);
        w = w.map((wi, i) => wi - lr * g.dw[i]!);
        b -= lr * g.db;
        errors.push(error(w, b));
      }
      const end = errors[errors.length - 1]!;
      if (!(end < start / 4)) {
        fail(
          L(
            `Thirty gradient-descent steps w ← w − ${lr}·dw, b ← b − ${lr}·db with your gradients, on x = ${show(x, 3)}, target ${yTrue}, should divide the error E by more than 4; it went from ${fmt(start)} to ${fmt(end)} (${show(
              errors.map((v) => Number(v.toPrecision(4))),
              6,
            )}).`,
            `Trente pas de descente de gradient w ← w − ${fmtFr(lr)}·dw, b ← b − ${fmtFr(lr)}·db avec vos gradients, sur x = ${show(x, 3)}, cible ${fmtFr(yTrue)}, devraient diviser l'erreur E par plus de 4 ; elle est passée de ${fmtFr(start)} à ${fmtFr(end)} (${show(
              errors.map((v) => Number(v.toPrecision(4))),
              6,
            )}).`,
          ),
          end > start
            ? L(
                'The error GROWS: your gradient does not point uphill on E, so stepping against it climbs. Check the signs (∂E/∂y = y − yTrue, and ∂y/∂z = y·(1 − y) is always positive) and that no link is missing.',
                "L'erreur AUGMENTE : votre gradient ne pointe pas vers la montée de E, donc aller contre lui fait monter. Vérifiez les signes (∂E/∂y = y − yTrue, et ∂y/∂z = y·(1 − y) est toujours positif) et qu'aucun maillon ne manque.",
              )
            : L(
                'Your gradient does not point uphill on E: check every link of the chain.',
                'Votre gradient ne pointe pas vers la montée de E : vérifiez chaque maillon de la chaîne.',
              ),
        );
      }
    },
  },
];
