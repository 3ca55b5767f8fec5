import * as tf from '../tf';
import { FUNCTIONS_1D, SURFACES, type Fn1DName, type Vec2 } from '../../../shared/charts/gradientDescent';
import { L, both, type Localized } from '../../../shared/i18n';
import type {
  NeuronData,
  NeuronParams,
  OptimizerName,
  OptimizerRun,
  Path1DData,
  Path1DParams,
  Paths2DData,
  Paths2DPanelParams,
  Paths2DParams,
  TrainData,
  TrainParams,
} from '../../../shared/protocol/gradientDescent';
import { call, callDetailed, describeThrown, fail, learnerCallback, learnerFunction, show } from '../assert';
import { LearnerStopped } from '../learnerLink';
import type { CallbackViolation } from '../learnerRealm';
import { rng } from '../rng';
import type { ProbeContext } from '../types';

/**
 * Probes of the gradient-descent panel: each runs one of the learner's functions on the
 * panel's settings and returns plain numbers; the page draws them.
 */
const MAX_STEPS = 1000;

function errorText(e: unknown): Localized {
  // A stopped realm (time-out, memory) ends the probe: the runner says why.
  if (e instanceof LearnerStopped) throw e;
  const t = (e as { text?: Localized } | null)?.text;
  if (t && typeof t.en === 'string') return t;
  const d = describeThrown(e);
  return L(d, d);
}

const clampInt = (v: unknown, lo: number, hi: number, dflt: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? Math.max(lo, Math.min(hi, Math.round(v))) : dflt;
const num = (v: unknown, dflt: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : dflt);

/**
 * The gradients of FUNCTIONS_1D as self-contained source: the learner's gradientDescent runs in
 * its own realm, where the checker's closures cannot go (a unit test keeps them equal to `grad`).
 */
export const GRAD_SOURCES: Readonly<Record<Fn1DName, string>> = {
  square: '(x) => 2 * x',
  nonconvex: '(x) => x ** 3 / 5 - x + 0.3',
};

/** Exercise 09: the learner's gradientDescent on a 1-D curve. */
export async function path1dProbe(ctx: ProbeContext, p: Path1DParams): Promise<Path1DData> {
  const fn = FUNCTIONS_1D[p.fn ?? 'square'] ?? FUNCTIONS_1D.square;
  const maxSteps = clampInt(p.maxSteps, 0, MAX_STEPS, 50);
  const gd = learnerFunction<(g: (x: number) => number, x0: number, lr: number, eps: number, n: number) => unknown>(ctx, 'gradientDescent');
  const maxCalls = 10 * (maxSteps + 10);
  const misuse = (v: CallbackViolation): Localized =>
    v.kind === 'limit'
      ? both(
          'gradientDescent called grad more than {0} times with maxSteps = {1}: does the loop stop after maxSteps steps?',
          maxCalls,
          maxSteps,
        )
      : both('gradientDescent called grad with {0}: grad takes the current x, a number.', v.argument);
  const grad = learnerCallback(GRAD_SOURCES[fn.name], { maxCalls, argKind: 'number' });
  const x0 = num(p.x0, fn.defaultStart);
  const d = await callDetailed(
    ctx,
    `gradientDescent(grad, ${x0}, ${p.learningRate}, ${p.epsilon}, ${maxSteps})`,
    gd,
    [grad, x0, num(p.learningRate, 0.1), num(p.epsilon, 1e-3), maxSteps],
    { callbackMessage: misuse },
  );
  // Their code may have caught the stop and gone on: the limit still holds.
  const violation = d.callbacks[0]?.violation;
  if (violation) fail(misuse(violation));
  const out = d.value as { x?: unknown; path?: unknown } | undefined;
  const path = out?.path;
  if (!Array.isArray(path) || !path.every((v) => typeof v === 'number')) {
    fail(both('gradientDescent should return { x, path } with path an array of numbers, but returned {0}.', show(out)));
  }
  return {
    path: path.slice(0, MAX_STEPS + 2) as number[],
    x: typeof out?.x === 'number' ? out.x : NaN,
    gradCalls: d.callbacks[0]?.calls ?? 0,
  };
}

interface AdamState {
  m: Vec2;
  v: Vec2;
  t: number;
}

function asVec2(v: unknown, what: string): Vec2 {
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'number'))
    fail(both('{0} should be [x, y], two numbers, but it is {1}.', what, show(v)));
  return [v[0] as number, v[1] as number];
}

async function learnerRun(ctx: ProbeContext, opt: OptimizerName, p: Paths2DParams, steps: number): Promise<Vec2[]> {
  const s = SURFACES[p.surface];
  let params: Vec2 = [p.start[0], p.start[1]];
  const path: Vec2[] = [params];
  if (opt === 'sgd') {
    const step = learnerFunction<(p: Vec2, g: Vec2, lr: number) => unknown>(ctx, 'sgdStep');
    for (let i = 0; i < steps; i++) {
      params = asVec2(
        await call(ctx, 'sgdStep(params, grad, learningRate)', step, params, s.grad(...params), p.learningRate),
        'sgdStep(…)',
      );
      path.push(params);
    }
  } else if (opt === 'momentum') {
    const step = learnerFunction<(p: Vec2, g: Vec2, v: Vec2, lr: number, mu: number) => unknown>(ctx, 'momentumStep');
    let velocity: Vec2 = [0, 0];
    for (let i = 0; i < steps; i++) {
      const r = (await call(
        ctx,
        'momentumStep(params, grad, velocity, learningRate, momentum)',
        step,
        params,
        s.grad(...params),
        velocity,
        p.learningRate,
        p.momentum,
      )) as { params?: unknown; velocity?: unknown } | undefined;
      params = asVec2(r?.params, 'momentumStep(…).params');
      velocity = asVec2(r?.velocity, 'momentumStep(…).velocity');
      path.push(params);
    }
  } else {
    const step = learnerFunction<(p: Vec2, g: Vec2, st: AdamState, lr: number) => unknown>(ctx, 'adamStep');
    let state: AdamState = { m: [0, 0], v: [0, 0], t: 0 };
    for (let i = 0; i < steps; i++) {
      const r = (await call(
        ctx,
        'adamStep(params, grad, state, learningRate)',
        step,
        params,
        s.grad(...params),
        state,
        p.adamLearningRate,
      )) as { params?: unknown; state?: AdamState } | undefined;
      params = asVec2(r?.params, 'adamStep(…).params');
      if (!r?.state || typeof r.state !== 'object') fail(both('adamStep(…).state should be { m, v, t }, but it is {0}.', show(r?.state)));
      state = r.state;
      path.push(params);
    }
  }
  return path;
}

/** tf.train's optimiser on the same surface, written with tf ops so the gradient is tf's own. */
function referenceRun(opt: OptimizerName, p: Paths2DParams, steps: number): Vec2[] {
  const s = SURFACES[p.surface];
  const optimizer =
    opt === 'sgd'
      ? tf.train.sgd(p.learningRate)
      : opt === 'momentum'
        ? tf.train.momentum(p.learningRate, p.momentum)
        : tf.train.adam(p.adamLearningRate);
  const x = tf.variable(tf.scalar(p.start[0]));
  const y = tf.variable(tf.scalar(p.start[1]));
  const f = (): tf.Scalar =>
    (s.name === 'bowl'
      ? x.square().div(2).add(y.square().mul(5))
      : tf.scalar(1).sub(x).square().add(y.sub(x.square()).square().mul(100))) as tf.Scalar;
  const path: Vec2[] = [[p.start[0], p.start[1]]];
  for (let i = 0; i < steps; i++) {
    optimizer.minimize(f, false, [x, y]);
    path.push([x.dataSync()[0]!, y.dataSync()[0]!]);
  }
  optimizer.dispose();
  x.dispose();
  y.dispose();
  return path;
}

/** Exercise 10: the learner's three update rules and tf.train's, from one start. */
export async function paths2dProbe(ctx: ProbeContext, p0: Paths2DPanelParams): Promise<Paths2DData> {
  const s = SURFACES[p0.surface] ?? SURFACES.bowl;
  const p: Paths2DParams = {
    surface: s.name,
    start: [num(p0.start?.[0], s.defaultStart[0]), num(p0.start?.[1], s.defaultStart[1])],
    learningRate: num(p0.learningRate, s.defaults.learningRate),
    adamLearningRate: num(p0.adamLearningRate, s.defaults.adamLearningRate),
    momentum: num(p0.momentum, s.defaults.momentum),
    steps: clampInt(p0.steps, 1, 500, s.defaults.steps),
  };
  const runs: OptimizerRun[] = [];
  for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
    const reference = referenceRun(optimizer, p, p.steps);
    try {
      runs.push({ optimizer, learner: await learnerRun(ctx, optimizer, p, p.steps), reference });
    } catch (e) {
      runs.push({ optimizer, error: errorText(e), reference });
    }
  }
  return { runs };
}

/** A small seeded task for one sigmoid neuron: is x₁ + x₂ > 0.5? */
function neuronTask(): { xs: number[][]; ys: number[] } {
  const r = rng(11);
  const xs = Array.from({ length: 24 }, () => [r.uniform(-1, 1), r.uniform(-1, 1)]);
  return { xs, ys: xs.map(([a, b]) => (a! + b! > 0.5 ? 1 : 0)) };
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Exercise 11: gradient descent on one sigmoid neuron, with the learner's gradients and with tf.grads'. */
export async function neuronProbe(ctx: ProbeContext, p: NeuronParams): Promise<NeuronData> {
  const lr = num(p.learningRate, 1);
  const steps = clampInt(p.steps, 1, 500, 100);
  const grads = learnerFunction<(x: number[], w: number[], b: number, y: number) => unknown>(ctx, 'neuronGradients');
  const { xs, ys } = neuronTask();
  const lossOf = (w: number[], b: number) =>
    xs.reduce((s, x, i) => s + 0.5 * (sigmoid(w[0]! * x[0]! + w[1]! * x[1]! + b) - ys[i]!) ** 2, 0) / xs.length;
  const refGrads = tf.grads(
    (w: tf.Tensor, b: tf.Tensor, x: tf.Tensor, y: tf.Tensor) =>
      tf
        .sigmoid(tf.sum(tf.mul(w, x)).add(b))
        .sub(y)
        .square()
        .mul(0.5) as tf.Scalar,
  );
  const tfGradients = (x: number[], w: number[], b: number, y: number): { dw: number[]; db: number } =>
    tf.tidy(() => {
      const [dw, db] = refGrads([tf.tensor1d(w), tf.scalar(b), tf.tensor1d(x), tf.scalar(y)]);
      return { dw: Array.from(dw!.dataSync()), db: db!.dataSync()[0]! };
    });
  type Grads = { dw: number[]; db: number };
  const descend = async (g: (x: number[], w: number[], b: number, y: number) => Grads | Promise<Grads>): Promise<number[]> => {
    let w = [0.5, -0.5];
    let b = 0;
    const losses = [lossOf(w, b)];
    for (let s = 0; s < steps; s++) {
      const dw = [0, 0];
      let db = 0;
      for (let i = 0; i < xs.length; i++) {
        const r = await g(xs[i]!, w, b, ys[i]!);
        dw[0]! += r.dw[0]! / xs.length;
        dw[1]! += r.dw[1]! / xs.length;
        db += r.db / xs.length;
      }
      w = [w[0]! - lr * dw[0]!, w[1]! - lr * dw[1]!];
      b -= lr * db;
      losses.push(lossOf(w, b));
    }
    return losses;
  };
  const checked = async (x: number[], w: number[], b: number, y: number): Promise<Grads> => {
    const r = (await call(
      ctx,
      `neuronGradients([${x.map((v) => v.toFixed(2))}], [${w.map((v) => v.toFixed(2))}], ${b.toFixed(2)}, ${y})`,
      grads,
      x,
      w,
      b,
      y,
    )) as { dw?: unknown; db?: unknown } | undefined;
    if (!Array.isArray(r?.dw) || r.dw.length !== 2 || typeof r.db !== 'number')
      fail(both('neuronGradients should return { dw: number[], db: number }, but returned {0}.', show(r)));
    return { dw: r.dw as number[], db: r.db };
  };
  const first = { learner: await checked(xs[0]!, [0.5, -0.5], 0, ys[0]!), reference: tfGradients(xs[0]!, [0.5, -0.5], 0, ys[0]!) };
  return { learnerLosses: await descend(checked), referenceLosses: await descend(tfGradients), firstGradients: first };
}

/** Exercise 12: the learner's train on a seeded linear relation; its loss curve. */
export async function trainProbe(ctx: ProbeContext, p: TrainParams): Promise<TrainData> {
  const train = learnerFunction<(xs: tf.Tensor2D, ys: tf.Tensor2D, e: number, lr: number) => unknown>(ctx, 'train');
  const r = rng(12);
  const trueKernel = [2, -3];
  const trueBias = [0.5];
  const xsArr = Array.from({ length: 64 }, () => [r.uniform(-1, 1), r.uniform(-1, 1)]);
  const ysArr = xsArr.map(([a, b]) => [trueKernel[0]! * a! + trueKernel[1]! * b! + trueBias[0]! + 0.05 * r.normal()]);
  const xs = tf.tensor2d(xsArr);
  const ys = tf.tensor2d(ysArr);
  const epochs = clampInt(p.epochs, 1, 2000, 100);
  const lr = num(p.learningRate, 0.1);
  const out = (await call(ctx, `train(xs [64, 2], ys [64, 1], ${epochs}, ${lr})`, train, xs, ys, epochs, lr)) as
    { kernel?: unknown; bias?: unknown; losses?: unknown } | undefined;
  const losses = out?.losses;
  if (!Array.isArray(losses) || !losses.every((v) => typeof v === 'number'))
    fail(both('train should return { kernel, bias, losses } with losses a number[], but returned {0}.', show(out)));
  const values = (t: unknown): number[] => (t instanceof tf.Tensor ? Array.from(t.dataSync()) : []);
  return { losses: losses as number[], kernel: values(out?.kernel), bias: values(out?.bias), trueKernel, trueBias };
}
