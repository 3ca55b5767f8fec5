import * as tf from '../../src/grader/core/tf';
import { L, type Localized } from '../../src/shared/i18n';
import { call, callDetailed, fail, fmt, fmtFr, isClose, learnerFunction, show } from '../../src/grader/core/assert';
import type { Rng } from '../../src/grader/core/rng';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';

type Vec2 = [number, number];
interface AdamState {
  m: Vec2;
  v: Vec2;
  t: number;
}
type SgdStep = (params: Vec2, grad: Vec2, learningRate: number) => Vec2;
type MomentumStep = (params: Vec2, grad: Vec2, velocity: Vec2, learningRate: number, momentum: number) => { params: Vec2; velocity: Vec2 };
type AdamStep = (
  params: Vec2,
  grad: Vec2,
  state: AdamState,
  learningRate: number,
  beta1?: number,
  beta2?: number,
  epsilon?: number,
) => { params: Vec2; state: AdamState };

/** One step is compared with the float64 formulas tightly; 50-step trajectories with tf (float32) loosely. */
const STEP_TOL = { rtol: 1e-5, atol: 1e-7 };
const TRAJ_TOL = { rtol: 1e-3, atol: 1e-4 };
const STEPS = 50;
const TF_EPSILON = 1e-7; // tf.train.adam's default ε on float32 backends (cpu, wasm)

const v2 = (a: number, b: number): Vec2 => [a, b];
const map2 = (f: (i: 0 | 1) => number): Vec2 => [f(0), f(1)];
const showV = (v: readonly number[]): string => `[${v.map(fmt).join(', ')}]`;
const closeAll = (a: readonly number[], b: readonly number[], tol = STEP_TOL): boolean =>
  a.length === b.length && a.every((x, i) => isClose(x, b[i]!, tol.rtol, tol.atol));

// ---------------------------------------------------------------- reading the learner's values

function vec2(value: unknown, what: string): Vec2 {
  if (value instanceof tf.Tensor) {
    fail(
      L(
        `${what} is a tensor (${show(value)}): these update rules work on plain numbers, return an array [x, y].`,
        `${what} est un tenseur (${show(value)}) : ces règles travaillent sur des nombres, renvoyez un tableau [x, y].`,
      ),
    );
  }
  if (!Array.isArray(value) || value.length !== 2 || !value.every((x) => typeof x === 'number')) {
    fail(
      L(
        `${what} should be an array of two numbers [x, y], but it is ${show(value)}.`,
        `${what} devrait être un tableau de deux nombres [x, y], mais c'est ${show(value)}.`,
      ),
    );
  }
  return [value[0] as number, value[1] as number];
}

function object(value: unknown, what: string, fields: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof tf.Tensor) {
    fail(
      L(
        `${what} should be an object ${fields}, but it is ${show(value)}.`,
        `${what} devrait être un objet ${fields}, mais c'est ${show(value)}.`,
      ),
    );
  }
  return value as Record<string, unknown>;
}

function finite(values: readonly number[], what: string, hint?: Localized): void {
  if (values.every(Number.isFinite)) return;
  fail(
    L(
      `${what} contains ${values.some(Number.isNaN) ? 'NaN' : 'Infinity'}: ${showV(values)}.`,
      `${what} contient ${values.some(Number.isNaN) ? 'NaN' : 'Infinity'} : ${showV(values)}.`,
    ),
    hint ?? L('A division by zero, or a value read from undefined?', 'Une division par zéro, ou une valeur lue dans undefined ?'),
  );
}

// ---------------------------------------------------------------- the reference rules and typical mistakes

const sgdRef = (p: Vec2, g: Vec2, lr: number): Vec2 => map2((i) => p[i] - lr * g[i]);

type MomentumOut = { params: Vec2; velocity: Vec2 };
const momentumVariants = {
  reference: (p: Vec2, g: Vec2, v: Vec2, lr: number, mu: number): MomentumOut => {
    const nv = map2((i) => mu * v[i] + g[i]);
    return { params: map2((i) => p[i] - lr * nv[i]), velocity: nv };
  },
  sign: (p: Vec2, g: Vec2, v: Vec2, lr: number, mu: number): MomentumOut => {
    const nv = map2((i) => mu * v[i] + g[i]);
    return { params: map2((i) => p[i] + lr * nv[i]), velocity: nv };
  },
  velocitySign: (p: Vec2, g: Vec2, v: Vec2, lr: number, mu: number): MomentumOut => {
    const nv = map2((i) => mu * v[i] - g[i]);
    return { params: map2((i) => p[i] - lr * nv[i]), velocity: nv };
  },
  classic: (p: Vec2, g: Vec2, v: Vec2, lr: number, mu: number): MomentumOut => {
    const nv = map2((i) => mu * v[i] - lr * g[i]);
    return { params: map2((i) => p[i] + nv[i]), velocity: nv };
  },
  lrInVelocity: (p: Vec2, g: Vec2, v: Vec2, lr: number, mu: number): MomentumOut => {
    const nv = map2((i) => mu * v[i] + lr * g[i]);
    return { params: map2((i) => p[i] - nv[i]), velocity: nv };
  },
  dampened: (p: Vec2, g: Vec2, v: Vec2, lr: number, mu: number): MomentumOut => {
    const nv = map2((i) => mu * v[i] + (1 - mu) * g[i]);
    return { params: map2((i) => p[i] - lr * nv[i]), velocity: nv };
  },
  oldVelocity: (p: Vec2, g: Vec2, v: Vec2, lr: number, mu: number): MomentumOut => {
    const nv = map2((i) => mu * v[i] + g[i]);
    return { params: map2((i) => p[i] - lr * v[i]), velocity: nv };
  },
  noMomentum: (p: Vec2, g: Vec2, _v: Vec2, lr: number): MomentumOut => ({ params: map2((i) => p[i] - lr * g[i]), velocity: [g[0], g[1]] }),
};

const MOMENTUM_MISCONCEPTIONS: Readonly<Record<Exclude<keyof typeof momentumVariants, 'reference'>, Localized>> = {
  sign: L(
    'Your step goes uphill: p + α·v. The velocity accumulates gradients, which point uphill: p ← p − α·v.',
    'Votre pas monte : p + α·v. La vitesse accumule des gradients, qui pointent vers le haut : p ← p − α·v.',
  ),
  velocitySign: L(
    'Your velocity subtracts the gradient (v ← μ·v − g) and your step still subtracts it (p − α·v): the two minus signs cancel and the step goes uphill. tf.train.momentum: v ← μ·v + g, p ← p − α·v.',
    "Votre vitesse soustrait le gradient (v ← μ·v − g) et votre pas la soustrait encore (p − α·v) : les deux signes moins s'annulent et le pas monte. tf.train.momentum : v ← μ·v + g, p ← p − α·v.",
  ),
  classic: L(
    "You use the other common convention, v ← μ·v − α·g then p ← p + v. It describes the same motion, but not with the same velocity, and the velocity you return is fed back at the next step: use tf.train.momentum's, v ← μ·v + g then p ← p − α·v.",
    "Vous utilisez l'autre convention courante, v ← μ·v − α·g puis p ← p + v. Elle décrit le même mouvement, mais pas avec la même vitesse, et la vitesse renvoyée revient au pas suivant : utilisez celle de tf.train.momentum, v ← μ·v + g puis p ← p − α·v.",
  ),
  lrInVelocity: L(
    'You put the learning rate inside the velocity (v ← μ·v + α·g, p ← p − v). tf.train.momentum keeps it outside: v ← μ·v + g, then p ← p − α·v.',
    "Vous mettez le taux d'apprentissage dans la vitesse (v ← μ·v + α·g, p ← p − v). tf.train.momentum le garde dehors : v ← μ·v + g, puis p ← p − α·v.",
  ),
  dampened: L(
    'You average the gradient into the velocity (v ← μ·v + (1 − μ)·g, as Adam does for m). tf.train.momentum adds the whole gradient: v ← μ·v + g.',
    'Vous faites une moyenne du gradient dans la vitesse (v ← μ·v + (1 − μ)·g, comme Adam pour m). tf.train.momentum ajoute le gradient entier : v ← μ·v + g.',
  ),
  oldVelocity: L(
    'Your step uses the OLD velocity: update the velocity first (v ← μ·v + g), then move with the new one (p ← p − α·v).',
    "Votre pas utilise l'ANCIENNE vitesse : mettez d'abord la vitesse à jour (v ← μ·v + g), puis avancez avec la nouvelle (p ← p − α·v).",
  ),
  noMomentum: L(
    'The velocity argument is ignored: this is a plain SGD step. Momentum keeps μ times the previous velocity: v ← μ·v + g.',
    "L'argument velocity est ignoré : c'est un pas de SGD simple. Le momentum garde μ fois la vitesse précédente : v ← μ·v + g.",
  ),
};

type AdamOut = { params: Vec2; state: AdamState };
interface AdamOptions {
  correction?: 'tf' | 'none' | 'tOld' | 'efficient';
  eps?: 'outside' | 'inside';
  sign?: 1 | -1;
  square?: boolean;
  storeCorrected?: boolean;
}
function adamRule(p: Vec2, g: Vec2, s: AdamState, lr: number, b1: number, b2: number, eps: number, o: AdamOptions = {}): AdamOut {
  const t = s.t + 1;
  const m = map2((i) => b1 * s.m[i] + (1 - b1) * g[i]);
  const v = map2((i) => b2 * s.v[i] + (1 - b2) * (o.square === false ? g[i] : g[i] * g[i]));
  const tc = o.correction === 'tOld' ? s.t : t;
  const c1 = o.correction === 'none' ? 1 : 1 - b1 ** tc;
  const c2 = o.correction === 'none' ? 1 : 1 - b2 ** tc;
  const mHat = map2((i) => m[i] / c1);
  const vHat = map2((i) => v[i] / c2);
  const params = map2((i) => {
    if (o.correction === 'efficient') return p[i] - (((lr * Math.sqrt(c2)) / c1) * m[i]) / (Math.sqrt(v[i]) + eps);
    const denom = o.eps === 'inside' ? Math.sqrt(vHat[i] + eps) : Math.sqrt(vHat[i]) + eps;
    return p[i] - ((o.sign ?? 1) * lr * mHat[i]) / denom;
  });
  return { params, state: o.storeCorrected ? { m: mHat, v: vHat, t } : { m, v, t } };
}

const ADAM_MISCONCEPTIONS: readonly [AdamOptions, Localized][] = [
  [
    { correction: 'none' },
    L(
      'The bias correction is missing: m and v start at 0, so in the first steps they are far too small. Divide them by (1 − β1ᵗ) and (1 − β2ᵗ), with t the step number counted from 1.',
      'La correction du biais manque : m et v partent de 0, donc les premiers pas ils sont bien trop petits. Divisez-les par (1 − β1ᵗ) et (1 − β2ᵗ), t étant le numéro du pas compté à partir de 1.',
    ),
  ],
  [
    { correction: 'tOld' },
    L(
      'Your bias correction uses the old t: increment t first (t ← t + 1), then divide by 1 − β1ᵗ and 1 − β2ᵗ. At the first step t = 1, not 0 (1 − β⁰ = 0).',
      "Votre correction du biais utilise l'ancien t : incrémentez d'abord t (t ← t + 1), puis divisez par 1 − β1ᵗ et 1 − β2ᵗ. Au premier pas t = 1, pas 0 (1 − β⁰ = 0).",
    ),
  ],
  [
    { eps: 'inside' },
    L(
      'ε is inside the square root: tf.train.adam adds it after the root, m̂ / (√v̂ + ε).',
      "ε est sous la racine : tf.train.adam l'ajoute après la racine, m̂ / (√v̂ + ε).",
    ),
  ],
  [
    { correction: 'efficient' },
    L(
      "You use the Adam paper's 'efficient' form (α·√(1 − β2ᵗ)/(1 − β1ᵗ) · m / (√v + ε)): ε then sits on the uncorrected v. tf.train.adam corrects m and v first: m̂ / (√v̂ + ε).",
      "Vous utilisez la forme « efficace » de l'article d'Adam (α·√(1 − β2ᵗ)/(1 − β1ᵗ) · m / (√v + ε)) : ε porte alors sur v non corrigé. tf.train.adam corrige d'abord m et v : m̂ / (√v̂ + ε).",
    ),
  ],
  [
    { sign: -1 },
    L('Your step goes uphill: p ← p − α·m̂ / (√v̂ + ε), with a minus.', 'Votre pas monte : p ← p − α·m̂ / (√v̂ + ε), avec un moins.'),
  ],
  [
    { square: false },
    L('v must average the SQUARED gradient: v ← β2·v + (1 − β2)·g².', 'v doit moyenner le gradient AU CARRÉ : v ← β2·v + (1 − β2)·g².'),
  ],
  [
    { storeCorrected: true },
    L(
      'Your state keeps the corrected m̂ and v̂: keep the raw moving averages m and v in the state, and correct them only to compute the step.',
      "Votre état garde m̂ et v̂ corrigés : gardez dans l'état les moyennes brutes m et v, et corrigez-les seulement pour calculer le pas.",
    ),
  ],
];

// ---------------------------------------------------------------- the 2-D losses

interface Loss2D {
  readonly name: string;
  grad(p: Vec2): Vec2;
  tensor(p: tf.Variable): tf.Scalar;
}

function bowl(r: Rng): Loss2D {
  const a = Number(r.uniform(0.5, 1.5).toFixed(2));
  const b = Number(r.uniform(8, 15).toFixed(2));
  return {
    name: `the elongated bowl f(x, y) = ${fmt(a)}·x² + ${fmt(b)}·y²`,
    grad: ([x, y]) => [2 * a * x, 2 * b * y],
    tensor: (p) => tf.sum(tf.mul(tf.tensor1d([a, b]), tf.square(p))) as tf.Scalar,
  };
}

const rosenbrock: Loss2D = {
  name: 'the Rosenbrock valley f(x, y) = (1 − x)² + 100·(y − x²)²',
  grad: ([x, y]) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
  tensor: (p) => {
    const x = p.slice(0, 1);
    const y = p.slice(1, 1);
    return tf.sum(tf.add(tf.square(tf.sub(1, x)), tf.mul(100, tf.square(tf.sub(y, tf.square(x)))))) as tf.Scalar;
  },
};

/** tf's own optimizer on a tf.variable: the positions after each of the 50 steps. */
function tfTrajectory(loss: Loss2D, start: Vec2, optimizer: tf.Optimizer): Vec2[] {
  const p = tf.variable(tf.tensor1d(start));
  const out: Vec2[] = [];
  try {
    for (let i = 0; i < STEPS; i++) {
      tf.tidy(() => {
        optimizer.minimize(() => loss.tensor(p));
      });
      const d = p.dataSync();
      out.push([d[0]!, d[1]!]);
    }
  } finally {
    optimizer.dispose();
    p.dispose();
  }
  return out;
}

function expectTrajectory(got: Vec2[], want: Vec2[], what: string, tfName: string, fnName: string): void {
  for (let i = 0; i < want.length; i++) {
    if (!closeAll(got[i]!, want[i]!, TRAJ_TOL)) {
      fail(
        L(
          `${what}: after step ${i + 1} of ${STEPS}, ${tfName} is at ${showV(want[i]!)} but your ${fnName} trajectory is at ${showV(got[i]!)}. tf's path: ${show(want.slice(0, i + 2).map(showV), 4)}; yours: ${show(got.slice(0, i + 2).map(showV), 4)}.`,
          `${what} : après le pas ${i + 1} sur ${STEPS}, ${tfName} est en ${showV(want[i]!)} mais votre trajectoire ${fnName} est en ${showV(got[i]!)}. Chemin de tf : ${show(want.slice(0, i + 2).map(showV), 4)} ; le vôtre : ${show(got.slice(0, i + 2).map(showV), 4)}.`,
        ),
        L(
          'Each step must take the state (velocity, Adam moments and t) returned by the previous one, and depend on nothing else.',
          "Chaque pas doit partir de l'état (vitesse, moments et t d'Adam) renvoyé par le précédent, et ne dépendre de rien d'autre.",
        ),
      );
    }
  }
}

function startPoint(r: Rng, loss: 'bowl' | 'rosenbrock'): Vec2 {
  return loss === 'bowl'
    ? [Number(r.uniform(-4, -2).toFixed(2)), Number(r.uniform(1, 2).toFixed(2))]
    : [Number(r.uniform(-1.4, -1).toFixed(2)), Number(r.uniform(0.6, 1.4).toFixed(2))];
}

// ---------------------------------------------------------------- calling the learner

async function runSgd(ctx: CheckContext, p: Vec2, g: Vec2, lr: number): Promise<Vec2> {
  const fn = learnerFunction<SgdStep>(ctx, 'sgdStep');
  const label = `sgdStep(${showV(p)}, ${showV(g)}, ${fmt(lr)})`;
  const out = vec2(await call(ctx, label, fn, [...p], [...g], lr), label);
  finite(out, label);
  return out;
}

async function runMomentum(ctx: CheckContext, p: Vec2, g: Vec2, v: Vec2, lr: number, mu: number): Promise<MomentumOut> {
  const fn = learnerFunction<MomentumStep>(ctx, 'momentumStep');
  const label = `momentumStep(${showV(p)}, ${showV(g)}, ${showV(v)}, ${fmt(lr)}, ${fmt(mu)})`;
  const o = object(await call(ctx, label, fn, [...p], [...g], [...v], lr, mu), label, '{ params, velocity }');
  const out = { params: vec2(o.params, `${label}.params`), velocity: vec2(o.velocity, `${label}.velocity`) };
  finite([...out.params, ...out.velocity], label);
  return out;
}

function adamLabel(p: Vec2, g: Vec2, s: AdamState, lr: number, rest: number[]): string {
  return `adamStep(${showV(p)}, ${showV(g)}, { m: ${showV(s.m)}, v: ${showV(s.v)}, t: ${s.t} }, ${[lr, ...rest].map(fmt).join(', ')})`;
}

async function runAdam(ctx: CheckContext, p: Vec2, g: Vec2, s: AdamState, lr: number, rest: number[]): Promise<AdamOut> {
  const fn = learnerFunction<AdamStep>(ctx, 'adamStep');
  const label = adamLabel(p, g, s, lr, rest);
  const copy: AdamState = { m: [...s.m], v: [...s.v], t: s.t };
  const o = object(await call(ctx, label, fn, [...p], [...g], copy, lr, ...rest), label, '{ params, state }');
  const params = vec2(o.params, `${label}.params`);
  const st = object(o.state, `${label}.state`, '{ m, v, t }');
  const out: AdamOut = { params, state: { m: vec2(st.m, `${label}.state.m`), v: vec2(st.v, `${label}.state.v`), t: st.t as number } };
  if (typeof st.t !== 'number') {
    fail(
      L(
        `${label}.state.t is ${show(st.t)}: it must be the number of steps taken, t + 1 after this step.`,
        `${label}.state.t vaut ${show(st.t)} : ce doit être le nombre de pas faits, t + 1 après ce pas.`,
      ),
    );
  }
  finite(
    [...out.params, ...out.state.m, ...out.state.v],
    label,
    s.t === 0
      ? L(
          'On the first step (t = 0 in the state), 1 − β1⁰ = 0: increment t BEFORE the bias correction, so the first step divides by 1 − β1¹.',
          "Au premier pas (t = 0 dans l'état), 1 − β1⁰ = 0 : incrémentez t AVANT la correction du biais, pour que le premier pas divise par 1 − β1¹.",
        )
      : undefined,
  );
  return out;
}

// ---------------------------------------------------------------- checks

export const checks: ExerciseChecks = [
  {
    id: 'sgd-matches-tf',
    async run(ctx) {
      const r = ctx.rng(1010);
      for (let trial = 0; trial < 10; trial++) {
        const p = v2(r.uniform(-3, 3), r.uniform(-3, 3));
        const g = v2(r.uniform(-5, 5), r.uniform(-5, 5));
        const lr = Number(r.uniform(0.001, 0.5).toFixed(3));
        const got = await runSgd(ctx, p, g, lr);
        const want = sgdRef(p, g, lr);
        if (!closeAll(got, want)) {
          const misconception = closeAll(
            got,
            map2((i) => p[i] + lr * g[i]),
          )
            ? L(
                'Your step goes uphill: p + α·g. The gradient points uphill, so descend with p − α·g.',
                'Votre pas monte : p + α·g. Le gradient pointe vers le haut, on descend donc avec p − α·g.',
              )
            : closeAll(
                  got,
                  map2((i) => p[i] - g[i]),
                )
              ? L('The learning rate is missing: the step is α·g, not g.', "Le taux d'apprentissage manque : le pas vaut α·g, pas g.")
              : L('One SGD step: p ← p − α·g, coordinate by coordinate.', 'Un pas de SGD : p ← p − α·g, coordonnée par coordonnée.');
          fail(
            L(
              `sgdStep(${showV(p)}, ${showV(g)}, ${fmt(lr)}): expected ${showV(want)}, got ${showV(got)}.`,
              `sgdStep(${showV(p)}, ${showV(g)}, ${fmt(lr)}) : attendu ${showV(want)}, obtenu ${showV(got)}.`,
            ),
            misconception,
          );
        }
      }
      const runs: [Loss2D, Vec2, number][] = [
        [bowl(r), startPoint(r, 'bowl'), 0.03],
        [rosenbrock, startPoint(r, 'rosenbrock'), 0.0005],
      ];
      for (const [loss, start, lr] of runs) {
        const want = tfTrajectory(loss, start, tf.train.sgd(lr));
        const got: Vec2[] = [];
        let p = start;
        for (let i = 0; i < STEPS; i++) got.push((p = await runSgd(ctx, p, loss.grad(p), lr)));
        expectTrajectory(got, want, `On ${loss.name}, from ${showV(start)}, learning rate ${fmt(lr)}`, 'tf.train.sgd', 'sgdStep');
      }
    },
  },
  {
    id: 'momentum-matches-tf',
    async run(ctx) {
      const r = ctx.rng(1020);
      for (let trial = 0; trial < 12; trial++) {
        const p = v2(r.uniform(-3, 3), r.uniform(-3, 3));
        const g = v2(r.uniform(-5, 5), r.uniform(-5, 5));
        const v = trial === 0 ? v2(0, 0) : v2(r.uniform(-2, 2), r.uniform(-2, 2));
        const lr = Number(r.uniform(0.01, 0.3).toFixed(3));
        const mu = Number(r.uniform(0.5, 0.95).toFixed(2));
        const got = await runMomentum(ctx, p, g, v, lr, mu);
        const want = momentumVariants.reference(p, g, v, lr, mu);
        const ok = closeAll(got.params, want.params) && closeAll(got.velocity, want.velocity);
        if (ok) continue;
        const label = `momentumStep(${showV(p)}, ${showV(g)}, ${showV(v)}, ${fmt(lr)}, ${fmt(mu)})`;
        const found = (Object.keys(MOMENTUM_MISCONCEPTIONS) as (keyof typeof MOMENTUM_MISCONCEPTIONS)[]).find((k) => {
          const w = momentumVariants[k](p, g, v, lr, mu);
          return closeAll(got.params, w.params) && closeAll(got.velocity, w.velocity);
        });
        fail(
          L(
            `${label}: expected { params: ${showV(want.params)}, velocity: ${showV(want.velocity)} }, got { params: ${showV(got.params)}, velocity: ${showV(got.velocity)} }.`,
            `${label} : attendu { params: ${showV(want.params)}, velocity: ${showV(want.velocity)} }, obtenu { params: ${showV(got.params)}, velocity: ${showV(got.velocity)} }.`,
          ),
          found
            ? MOMENTUM_MISCONCEPTIONS[found]
            : closeAll(got.params, p)
              ? L(
                  'The params did not move: compute the new velocity, then step with p − α·v.',
                  "Les paramètres n'ont pas bougé : calculez la nouvelle vitesse, puis avancez avec p − α·v.",
                )
              : closeAll(got.params, want.params)
                ? L(
                    "The params are right but the returned velocity is not: return the new velocity v = μ·v + g, it is the next step's input.",
                    "Les paramètres sont justes mais pas la vitesse renvoyée : renvoyez la nouvelle vitesse v = μ·v + g, c'est l'entrée du pas suivant.",
                  )
                : L('tf.train.momentum: v ← μ·v + g, then p ← p − α·v.', 'tf.train.momentum : v ← μ·v + g, puis p ← p − α·v.'),
        );
      }
      const runs: [Loss2D, Vec2, number, number][] = [
        [bowl(r), startPoint(r, 'bowl'), 0.01, 0.9],
        [rosenbrock, startPoint(r, 'rosenbrock'), 0.0002, 0.9],
      ];
      for (const [loss, start, lr, mu] of runs) {
        const want = tfTrajectory(loss, start, tf.train.momentum(lr, mu));
        const got: Vec2[] = [];
        let state: MomentumOut = { params: start, velocity: [0, 0] };
        for (let i = 0; i < STEPS; i++) {
          state = await runMomentum(ctx, state.params, loss.grad(state.params), state.velocity, lr, mu);
          got.push(state.params);
        }
        expectTrajectory(
          got,
          want,
          `On ${loss.name}, from ${showV(start)}, learning rate ${fmt(lr)}, momentum ${fmt(mu)}, velocity starting at [0, 0]`,
          'tf.train.momentum',
          'momentumStep',
        );
      }
    },
  },
  {
    id: 'adam-matches-tf',
    async run(ctx) {
      const r = ctx.rng(1030);
      const cases: [Vec2, Vec2, AdamState, number, number[]][] = [
        // The very first step, with the defaults β1 = 0.9, β2 = 0.999, ε = 1e-7.
        [v2(1, -2), v2(0.5, -3), { m: [0, 0], v: [0, 0], t: 0 }, 0.1, []],
        // Tiny gradients: where ε sits, and its default value, matter.
        [v2(0.3, 0.7), v2(1e-4, -2e-4), { m: [2e-5, -1e-5], v: [1e-9, 4e-9], t: 3 }, 0.01, [0.9, 0.999, 1e-7]],
        [v2(-0.8, 0.2), v2(1e-6, -2e-6), { m: [2e-7, -1e-7], v: [1e-13, 4e-13], t: 3 }, 0.01, []],
      ];
      for (let i = 0; i < 10; i++) {
        const t = r.int(0, 30);
        cases.push([
          v2(r.uniform(-3, 3), r.uniform(-3, 3)),
          v2(r.uniform(-5, 5), r.uniform(-5, 5)),
          t === 0 ? { m: [0, 0], v: [0, 0], t } : { m: v2(r.uniform(-1, 1), r.uniform(-1, 1)), v: v2(r.uniform(0, 2), r.uniform(0, 2)), t },
          Number(r.uniform(0.001, 0.2).toFixed(3)),
          i % 3 === 0 ? [] : [Number(r.uniform(0.8, 0.95).toFixed(2)), Number(r.uniform(0.99, 0.9999).toFixed(4)), 1e-7],
        ]);
      }
      for (const [p, g, s, lr, rest] of cases) {
        const b1 = rest[0] ?? 0.9;
        const b2 = rest[1] ?? 0.999;
        const eps = rest[2] ?? TF_EPSILON;
        const got = await runAdam(ctx, p, g, s, lr, rest);
        const want = adamRule(p, g, s, lr, b1, b2, eps);
        const label = adamLabel(p, g, s, lr, rest);
        const gotAll = [...got.params, ...got.state.m, ...got.state.v, got.state.t];
        const wantAll = [...want.params, ...want.state.m, ...want.state.v, want.state.t];
        if (closeAll(gotAll, wantAll)) continue;
        const text = L(
          `${label}: expected { params: ${showV(want.params)}, state: { m: ${showV(want.state.m)}, v: ${showV(want.state.v)}, t: ${want.state.t} } }, got { params: ${showV(got.params)}, state: { m: ${showV(got.state.m)}, v: ${showV(got.state.v)}, t: ${fmt(got.state.t)} } }.`,
          `${label} : attendu { params: ${showV(want.params)}, state: { m: ${showV(want.state.m)}, v: ${showV(want.state.v)}, t: ${want.state.t} } }, obtenu { params: ${showV(got.params)}, state: { m: ${showV(got.state.m)}, v: ${showV(got.state.v)}, t: ${fmtFr(got.state.t)} } }.`,
        );
        const found = ADAM_MISCONCEPTIONS.find(([o]) => {
          const w = adamRule(p, g, s, lr, b1, b2, eps, o);
          return (
            !closeAll([...w.params, ...w.state.m, ...w.state.v], wantAll.slice(0, 6)) &&
            closeAll(got.params, w.params) &&
            (o.storeCorrected ? closeAll([...got.state.m, ...got.state.v], [...w.state.m, ...w.state.v]) : true)
          );
        });
        if (found) fail(text, found[1]);
        if (!closeAll(got.params, want.params)) {
          const defaults = rest.length === 0 && closeAll(got.params, adamRule(p, g, s, lr, 0.9, 0.999, 1e-8).params);
          fail(
            text,
            defaults
              ? L(
                  "With the defaults, ε must be 1e-7, tf.train.adam's value on float32 backends (not 1e-8).",
                  'Avec les valeurs par défaut, ε doit valoir 1e-7, la valeur de tf.train.adam sur les backends float32 (pas 1e-8).',
                )
              : L(
                  'tf.train.adam: t ← t + 1, m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ), p ← p − α·m̂/(√v̂ + ε). Use the β1, β2, ε passed in (defaults 0.9, 0.999, 1e-7).',
                  'tf.train.adam : t ← t + 1, m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ), p ← p − α·m̂/(√v̂ + ε). Utilisez les β1, β2, ε reçus (par défaut 0,9, 0,999, 1e-7).',
                ),
          );
        }
        if (got.state.t !== want.state.t) {
          fail(
            text,
            L(
              `state.t must count the steps: it was ${s.t}, so it is ${s.t + 1} after this step.`,
              `state.t doit compter les pas : il valait ${s.t}, il vaut donc ${s.t + 1} après ce pas.`,
            ),
          );
        }
        fail(
          text,
          L(
            "The params are right but the returned state is not: state.m and state.v are the new raw moving averages (before bias correction); they are the next step's input.",
            "Les paramètres sont justes mais pas l'état renvoyé : state.m et state.v sont les nouvelles moyennes mobiles brutes (avant correction du biais) ; c'est l'entrée du pas suivant.",
          ),
        );
      }
      const runs: [Loss2D, Vec2, number][] = [
        [bowl(r), startPoint(r, 'bowl'), 0.3],
        [rosenbrock, startPoint(r, 'rosenbrock'), 0.05],
      ];
      for (const [loss, start, lr] of runs) {
        const want = tfTrajectory(loss, start, tf.train.adam(lr, 0.9, 0.999, TF_EPSILON));
        const got: Vec2[] = [];
        let out: AdamOut = { params: start, state: { m: [0, 0], v: [0, 0], t: 0 } };
        for (let i = 0; i < STEPS; i++) {
          out = await runAdam(ctx, out.params, loss.grad(out.params), out.state, lr, []);
          got.push(out.params);
        }
        expectTrajectory(
          got,
          want,
          `On ${loss.name}, from ${showV(start)}, learning rate ${fmt(lr)}, default β1, β2, ε, state starting at { m: [0, 0], v: [0, 0], t: 0 }`,
          'tf.train.adam',
          'adamStep',
        );
      }
    },
  },
  {
    id: 'pure-updates',
    async run(ctx) {
      const p: Vec2 = [1.5, -0.5];
      const g: Vec2 = [0.4, -2];
      const mutated = (name: string, what: string, before: unknown, after: unknown): never =>
        fail(
          L(
            `${name} modified its argument ${what}: it was ${JSON.stringify(before)} before the call and ${JSON.stringify(after)} after.`,
            `${name} a modifié son argument ${what} : il valait ${JSON.stringify(before)} avant l'appel et ${JSON.stringify(after)} après.`,
          ),
          L(
            'An update rule must be pure: build and return new arrays and a new state (e.g. `return [p[0] - lr * g[0], p[1] - lr * g[1]]`), never assign into params, grad, velocity or state. The caller keeps the old values (to draw the trajectory, to compare optimizers).',
            "Une règle de mise à jour doit être pure : construisez et renvoyez de nouveaux tableaux et un nouvel état (par ex. `return [p[0] - lr * g[0], p[1] - lr * g[1]]`), sans jamais écrire dans params, grad, velocity ou state. L'appelant garde les anciennes valeurs (pour tracer la trajectoire, comparer les optimiseurs).",
          ),
        );
      const same = (name: string, a: unknown, b: unknown): void => {
        if (JSON.stringify(a) !== JSON.stringify(b)) {
          fail(
            L(
              `${name} called twice with the same arguments returned ${JSON.stringify(a)} then ${JSON.stringify(b)}.`,
              `${name} appelé deux fois avec les mêmes arguments a renvoyé ${JSON.stringify(a)} puis ${JSON.stringify(b)}.`,
            ),
            L(
              'The result must depend on the arguments only: do you keep a velocity, moments or a step counter in a variable outside the function? The state comes in as an argument and goes out in the result.',
              "Le résultat ne doit dépendre que des arguments : gardez-vous une vitesse, des moments ou un compteur de pas dans une variable hors de la fonction ? L'état entre par un argument et sort dans le résultat.",
            ),
          );
        }
      };
      const check = async (name: string, args: () => unknown[], argNames: string[], fn: (...a: unknown[]) => unknown): Promise<void> => {
        const first = args();
        const before = JSON.stringify(first);
        // The learner's function gets copies: ask its realm for the arguments as the call left them.
        const d = await callDetailed(ctx, name, fn, first, { returnArgs: true });
        const r1 = d.value;
        const after = JSON.parse(JSON.stringify(d.argsAfter ?? first)) as unknown[];
        const snap = JSON.parse(before) as unknown[];
        for (let i = 0; i < snap.length; i++) {
          if (JSON.stringify(snap[i]) !== JSON.stringify(after[i])) mutated(name, argNames[i]!, snap[i], after[i]);
        }
        const r2 = await call(ctx, name, fn, ...args());
        same(name, r1, r2);
      };
      await check('sgdStep', () => [[...p], [...g], 0.1], ['params', 'grad', 'learningRate'], learnerFunction(ctx, 'sgdStep'));
      await check(
        'momentumStep',
        () => [[...p], [...g], [0.3, -0.2], 0.1, 0.9],
        ['params', 'grad', 'velocity', 'learningRate', 'momentum'],
        learnerFunction(ctx, 'momentumStep'),
      );
      await check(
        'adamStep',
        () => [[...p], [...g], { m: [0.1, -0.3], v: [0.04, 0.5], t: 4 }, 0.1],
        ['params', 'grad', 'state', 'learningRate'],
        learnerFunction(ctx, 'adamStep'),
      );
    },
  },
];
