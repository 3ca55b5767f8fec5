import { L, type Localized } from '../../src/shared/i18n';
import {
  type CallbackMessage,
  callDetailed,
  expectNumber,
  fail,
  fmt,
  fmtFr,
  isClose,
  learnerCallback,
  learnerFunction,
  numeric,
  opFr,
  show,
} from '../../src/grader/core/assert';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';

type Grad = (x: number) => number;
type GradientDescent = (grad: Grad, x0: number, learningRate: number, epsilon: number, maxSteps: number) => { x: number; path: number[] };

interface Run {
  readonly x: number;
  readonly path: number[];
}

interface Problem {
  /** How the function is written in messages, e.g. "f(x) = x²". */
  readonly name: string;
  /** The checker's gradient: the reference path and every message are computed with it. */
  readonly grad: Grad;
  /**
   * The same gradient as self-contained source: it runs in the learner's realm, handed to their
   * gradientDescent. Whatever they computed with it is re-verified with `grad`.
   */
  readonly source: string;
  readonly x0: number;
  readonly lr: number;
  readonly eps: number;
  readonly maxSteps: number;
}

/** The slides' algorithm, and the typical ways of getting it wrong (to name the mistake). */
type Variant = 'reference' | 'sign' | 'absStep' | 'stopOnX' | 'noX0' | 'noStop' | 'stopAfterStep';

function simulate(p: Problem, variant: Variant): Run {
  let x = p.x0;
  const path = variant === 'noX0' ? [] : [p.x0];
  for (let step = 0; step < p.maxSteps; step++) {
    const g = p.grad(x);
    if (variant === 'stopOnX' ? Math.abs(x) < p.eps : variant !== 'noStop' && variant !== 'stopAfterStep' && Math.abs(g) < p.eps) break;
    x = variant === 'sign' ? x + p.lr * g : variant === 'absStep' ? x - p.lr * Math.abs(g) : x - p.lr * g;
    path.push(x);
    if (variant === 'stopAfterStep' && Math.abs(p.grad(x)) < p.eps) break;
  }
  return { x, path };
}

const MISCONCEPTIONS: Readonly<Record<Exclude<Variant, 'reference'>, Localized>> = {
  sign: L(
    'Your path moves AWAY from the minimum: you add the step (x + α·∇f). The gradient points uphill; descending means x_{i+1} = x_i − α·∇f(x_i).',
    "Votre chemin s'ÉLOIGNE du minimum : vous ajoutez le pas (x + α·∇f). Le gradient pointe vers le haut ; descendre, c'est x_{i+1} = x_i − α·∇f(x_i).",
  ),
  absStep: L(
    'Your path matches x − α·|∇f(x)|: with the absolute value the step always goes left, even when the slope is negative. The slides write the step size as α·|∇f|, but its direction is opposite to the slope: x − α·∇f(x).',
    'Votre chemin correspond à x − α·|∇f(x)| : avec la valeur absolue le pas va toujours vers la gauche, même quand la pente est négative. Les diapositives écrivent la taille du pas α·|∇f|, mais sa direction est opposée à la pente : x − α·∇f(x).',
  ),
  stopOnX: L(
    'Your path matches a stop test on the position (|x| < ε). The slides test the slope: stop when |∇f(x_i)| < ε — the minimum is where the function is flat, not where x is 0.',
    "Votre chemin correspond à un test d'arrêt sur la position (|x| < ε). Les diapositives testent la pente : arrêt quand |∇f(x_i)| < ε — le minimum est là où la fonction est plate, pas là où x vaut 0.",
  ),
  noX0: L(
    'Your path is the expected one without its first entry: path must start with the starting position x0, then hold one entry per step.',
    'Votre chemin est celui attendu sans sa première entrée : path doit commencer par la position de départ x0, puis contenir une entrée par pas.',
  ),
  noStop: L(
    'Your path never stops early: the stop test |∇f(x_i)| < ε is missing (or never true), so you always take maxSteps steps.',
    "Votre chemin ne s'arrête jamais avant maxSteps : le test d'arrêt |∇f(x_i)| < ε manque (ou n'est jamais vrai).",
  ),
  stopAfterStep: L(
    'Your path always takes a first step, even when the start is already flat: test |∇f(x_i)| < ε BEFORE stepping, as in the slides (gradient, stop test, step, new position).',
    "Votre chemin fait toujours un premier pas, même quand le départ est déjà plat : testez |∇f(x_i)| < ε AVANT de faire le pas, comme dans les diapositives (gradient, test d'arrêt, pas, nouvelle position).",
  ),
};

function samePath(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => isClose(v, b[i]!, 1e-9, 1e-12));
}

function misconceptionFor(got: readonly number[], p: Problem): Localized | undefined {
  const reference = simulate(p, 'reference').path;
  const matches = (Object.keys(MISCONCEPTIONS) as (keyof typeof MISCONCEPTIONS)[]).filter((v) => {
    const wrong = simulate(p, v).path;
    return !samePath(wrong, reference) && samePath(got, wrong);
  });
  if (matches.includes('sign') && matches.includes('absStep')) {
    // Left of the minimum, x + α·∇f and x − α·|∇f| walk the same (wrong) way.
    return L(
      'Your path moves AWAY from the minimum: it matches x + α·∇f(x), and also x − α·|∇f(x)| (the same thing where the slope is negative). Step against the slope, with its sign: x_{i+1} = x_i − α·∇f(x_i).',
      "Votre chemin s'ÉLOIGNE du minimum : il correspond à x + α·∇f(x), et aussi à x − α·|∇f(x)| (la même chose là où la pente est négative). Faites le pas contre la pente, avec son signe : x_{i+1} = x_i − α·∇f(x_i).",
    );
  }
  return matches.length ? MISCONCEPTIONS[matches[0]!] : undefined;
}

const entries = (n: number): string => `${n} ${n === 1 ? 'entry' : 'entries'}`;
const entrees = (n: number): string => `${n} entrée${n === 1 ? '' : 's'}`;

function label(p: Problem): string {
  return `gradientDescent(${p.name}, x0 = ${fmt(p.x0)}, learningRate = ${fmt(p.lr)}, epsilon = ${fmt(p.eps)}, maxSteps = ${p.maxSteps})`;
}

/**
 * Runs the learner's function on a problem. The gradient handed over (p.source, run in the
 * learner's realm) counts its calls and stops a run that would never end (a loop that ignores
 * maxSteps) with a message, before the time-out.
 */
async function runLearner(ctx: CheckContext, p: Problem): Promise<Run & { calls: number }> {
  const gd = learnerFunction<GradientDescent>(ctx, 'gradientDescent');
  const limit = 2 * p.maxSteps + 10;
  const callbackMessage: CallbackMessage = (v) =>
    v.kind === 'argument'
      ? L(
          `${label(p)} called grad(${v.argument}): grad takes the current position, a number.`,
          `${label(p)} a appelé grad(${v.argument}) : grad prend la position courante, un nombre.`,
        )
      : L(
          `${label(p)} called grad more than ${limit} times: you don't stop at maxSteps. Count the steps and leave the loop after maxSteps of them, whatever the gradient (when the learning rate is too large, the gradient never gets small).`,
          `${label(p)} a appelé grad plus de ${limit} fois : vous ne vous arrêtez pas à maxSteps. Comptez les pas et sortez de la boucle après maxSteps pas, quel que soit le gradient (quand le taux d'apprentissage est trop grand, le gradient ne devient jamais petit).`,
        );
  const grad = learnerCallback(p.source, { maxCalls: limit, argKind: 'number' });
  const d = await callDetailed(ctx, label(p), gd, [grad, p.x0, p.lr, p.eps, p.maxSteps], { callbackMessage });
  // A misuse of grad that their code caught and went on from is still a misuse.
  const violation = d.callbacks.find((c) => c.violation)?.violation;
  if (violation) fail(callbackMessage(violation));
  const calls = d.callbacks[0]?.calls ?? 0;
  const result = d.value;
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    fail(
      L(
        `${label(p)} returned ${show(result)}: it must return an object { x, path }.`,
        `${label(p)} a renvoyé ${show(result)} : la fonction doit renvoyer un objet { x, path }.`,
      ),
    );
  }
  const r = result as { x?: unknown; path?: unknown };
  if (!Array.isArray(r.path)) {
    fail(
      L(
        `${label(p)}.path is ${show(r.path)}: it must be an array of numbers (x0, then one position per step).`,
        `${label(p)}.path vaut ${show(r.path)} : ce doit être un tableau de nombres (x0, puis une position par pas).`,
      ),
    );
  }
  const path = numeric(r.path, `${label(p)}.path`).values;
  if (r.path.some((v) => typeof v !== 'number')) {
    fail(
      L(
        `${label(p)}.path holds something that is not a number: ${show(r.path)}.`,
        `${label(p)}.path contient autre chose que des nombres : ${show(r.path)}.`,
      ),
    );
  }
  if (path.some((v) => Number.isNaN(v))) {
    fail(
      L(
        `${label(p)}.path contains NaN: ${show(path)}. A computation uses undefined (a misspelled variable?) or grad was called without a number.`,
        `${label(p)}.path contient NaN : ${show(path)}. Un calcul utilise undefined (variable mal orthographiée ?) ou grad a été appelé sans nombre.`,
      ),
    );
  }
  const x = expectNumber(r.x, `${label(p)}.x`);
  return { x, path, calls };
}

/** Compares a learner's run with the slides' algorithm, naming the mistake when one fits. */
function expectRun(got: Run, p: Problem): void {
  const want = simulate(p, 'reference');
  const what = label(p);
  const steps = want.path.length - 1;
  if (got.path.length > p.maxSteps + 1) {
    fail(
      L(
        `${what}.path has ${entries(got.path.length)}, more than maxSteps + 1 = ${p.maxSteps + 1}: you don't stop at maxSteps.`,
        `${what}.path a ${entrees(got.path.length)}, plus que maxSteps + 1 = ${p.maxSteps + 1} : vous ne vous arrêtez pas à maxSteps.`,
      ),
      misconceptionFor(got.path, p),
    );
  }
  if (got.path.length === 0 || !isClose(got.path[0]!, p.x0, 1e-12, 0)) {
    fail(
      L(
        `${what}.path starts with ${got.path.length ? fmt(got.path[0]!) : 'nothing (it is empty)'}, expected the starting position x0 = ${fmt(p.x0)}.`,
        `${what}.path commence par ${got.path.length ? fmtFr(got.path[0]!) : 'rien (il est vide)'}, attendu la position de départ x0 = ${fmtFr(p.x0)}.`,
      ),
      misconceptionFor(got.path, p) ??
        L('path = [x0, x1, …, x_k]: put x0 in it before the first step.', 'path = [x0, x1, …, x_k] : mettez-y x0 avant le premier pas.'),
    );
  }
  for (let i = 1; i < Math.min(got.path.length, want.path.length); i++) {
    if (!isClose(got.path[i]!, want.path[i]!, 1e-9, 1e-12)) {
      const prev = want.path[i - 1]!;
      fail(
        L(
          `${what}: after step ${i} the position should be x${i} = x${i - 1} − α·∇f(x${i - 1}) = ${fmt(prev)} − ${fmt(p.lr)} × ${fmt(p.grad(prev))} = ${fmt(want.path[i]!)}, but path[${i}] = ${fmt(got.path[i]!)}. Expected path ${show(want.path, 6)}, got ${show(got.path, 6)}.`,
          `${what} : après le pas ${i} la position devrait être x${i} = x${i - 1} − α·∇f(x${i - 1}) = ${fmtFr(prev)} − ${fmtFr(p.lr)} × ${opFr(p.grad(prev))} = ${fmtFr(want.path[i]!)}, mais path[${i}] = ${fmtFr(got.path[i]!)}. Chemin attendu ${show(want.path, 6)}, obtenu ${show(got.path, 6)}.`,
        ),
        misconceptionFor(got.path, p),
      );
    }
  }
  if (got.path.length !== want.path.length) {
    const early = got.path.length < want.path.length;
    fail(
      L(
        `${what}.path has ${entries(got.path.length)}, expected ${want.path.length} (x0 and ${steps} step${steps === 1 ? '' : 's'}): you stop ${early ? 'too early' : 'too late'}.`,
        `${what}.path a ${entrees(got.path.length)}, attendu ${want.path.length} (x0 et ${steps} pas) : vous vous arrêtez ${early ? 'trop tôt' : 'trop tard'}.`,
      ),
      misconceptionFor(got.path, p) ??
        (early
          ? L(
              `Stop only when |∇f(x_i)| < ε (the gradient at the current position, before stepping), or after maxSteps steps. Here the last gradient is ∇f(${fmt(got.path[got.path.length - 1]!)}) = ${fmt(p.grad(got.path[got.path.length - 1]!))}.`,
              `Arrêtez-vous seulement quand |∇f(x_i)| < ε (le gradient à la position courante, avant le pas), ou après maxSteps pas. Ici le dernier gradient vaut ∇f(${fmtFr(got.path[got.path.length - 1]!)}) = ${fmtFr(p.grad(got.path[got.path.length - 1]!))}.`,
            )
          : L(
              'One entry per step: push the new position once per step, and test |∇f(x_i)| < ε (strictly) at each step.',
              'Une entrée par pas : ajoutez la nouvelle position une fois par pas, et testez |∇f(x_i)| < ε (strictement) à chaque pas.',
            )),
    );
  }
  if (!isClose(got.x, want.x, 1e-9, 1e-12)) {
    fail(
      L(
        `${what}.x = ${fmt(got.x)}, but the path ends at ${fmt(want.x)}: x is the final position, the last entry of path.`,
        `${what}.x = ${fmtFr(got.x)}, mais le chemin finit en ${fmtFr(want.x)} : x est la position finale, la dernière entrée de path.`,
      ),
    );
  }
}

const square = (x: number): number => 2 * x; // ∇(x²)
const SQUARE_SOURCE = '(x) => 2 * x';

/** ∇(a·(x − c)²) = 2a·(x − c), for the checker and as source for the learner's realm (same numbers, same operations). */
function quadraticGrad(a: number, c: number): { grad: Grad; source: string } {
  return { grad: (x) => 2 * a * (x - c), source: `(x) => 2 * (${a}) * (x - (${c}))` };
}

export const checks: ExerciseChecks = [
  {
    id: 'converges-on-x-squared',
    async run(ctx) {
      const p: Problem = { name: 'f(x) = x² (grad 2x)', grad: square, source: SQUARE_SOURCE, x0: 5, lr: 0.1, eps: 1e-3, maxSteps: 1000 };
      const got = await runLearner(ctx, p);
      if (!(Math.abs(got.x) < p.eps)) {
        fail(
          L(
            `${label(p)} ends at x = ${fmt(got.x)}: the minimum of x² is at 0, and the descent should end with |x| < ε = ${fmt(p.eps)} (there |∇f(x)| = |2x| < ε). Path: ${show(got.path, 6)}.`,
            `${label(p)} finit en x = ${fmtFr(got.x)} : le minimum de x² est en 0, et la descente devrait finir avec |x| < ε = ${fmtFr(p.eps)} (là, |∇f(x)| = |2x| < ε). Chemin : ${show(got.path, 6)}.`,
          ),
          misconceptionFor(got.path, p) ??
            (got.path.length <= 1
              ? L(
                  'You take no step at all: loop, and at each step move to x − α·∇f(x).',
                  'Vous ne faites aucun pas : bouclez, et à chaque pas allez en x − α·∇f(x).',
                )
              : undefined),
        );
      }
      expectRun(got, p);
    },
  },
  {
    id: 'follows-the-algorithm',
    async run(ctx) {
      const r = ctx.rng(909);
      const problems: Problem[] = [
        // Starts left of the minimum: a step of −α·|∇f| would go the wrong way.
        { name: 'f(x) = x² (grad 2x)', grad: square, source: SQUARE_SOURCE, x0: -3, lr: 0.2, eps: 1e-4, maxSteps: 500 },
      ];
      for (let i = 0; i < 6; i++) {
        const a = Number(r.uniform(0.5, 3).toFixed(2));
        const c = Number(r.uniform(-4, 4).toFixed(2));
        const x0 = Number(r.uniform(-10, 10).toFixed(2));
        const lr = Number(r.uniform(0.02, 0.9 / (2 * a)).toFixed(3));
        const eps = [1e-2, 1e-3, 1e-5][i % 3]!;
        problems.push({
          name: `f(x) = ${fmt(a)}·(x − ${fmt(c)})² (grad ${fmt(2 * a)}·(x − ${fmt(c)}))`,
          ...quadraticGrad(a, c),
          x0,
          lr,
          eps,
          maxSteps: 2000,
        });
      }
      // A budget too small to converge: exactly maxSteps steps.
      problems.push({ name: 'f(x) = x² (grad 2x)', grad: square, source: SQUARE_SOURCE, x0: 5, lr: 0.01, eps: 1e-6, maxSteps: 25 });
      for (const p of problems) expectRun(await runLearner(ctx, p), p);
    },
  },
  {
    id: 'flat-start',
    async run(ctx) {
      const atMin: Problem = { name: 'f(x) = (x − 2)² (grad 2(x − 2))', ...quadraticGrad(1, 2), x0: 2, lr: 0.1, eps: 1e-3, maxSteps: 100 };
      const got = await runLearner(ctx, atMin);
      if (got.path.length !== 1) {
        fail(
          L(
            `${label(atMin)}: x0 = 2 is already the minimum (∇f(2) = 0 < ε), so there is no step to take: expected path [2] and x = 2, got path ${show(got.path)}.`,
            `${label(atMin)} : x0 = 2 est déjà le minimum (∇f(2) = 0 < ε), il n'y a aucun pas à faire : attendu path [2] et x = 2, obtenu path ${show(got.path)}.`,
          ),
          misconceptionFor(got.path, atMin),
        );
      }
      expectRun(got, atMin);
      const noBudget: Problem = {
        name: 'f(x) = x² (grad 2x)',
        grad: square,
        source: SQUARE_SOURCE,
        x0: 5,
        lr: 0.1,
        eps: 1e-3,
        maxSteps: 0,
      };
      const zero = await runLearner(ctx, noBudget);
      if (zero.path.length !== 1) {
        fail(
          L(
            `${label(noBudget)}: with maxSteps = 0 no step is allowed: expected path [5] and x = 5, got path ${show(zero.path)}.`,
            `${label(noBudget)} : avec maxSteps = 0 aucun pas n'est permis : attendu path [5] et x = 5, obtenu path ${show(zero.path)}.`,
          ),
        );
      }
      expectRun(zero, noBudget);
    },
  },
  {
    id: 'stops-at-max-steps',
    async run(ctx) {
      const diverging: Problem = {
        name: 'f(x) = x² (grad 2x)',
        grad: square,
        source: SQUARE_SOURCE,
        x0: 5,
        lr: 1.5,
        eps: 1e-3,
        maxSteps: 30,
      };
      const got = await runLearner(ctx, diverging);
      const tooHigh = L(
        'With α = 1.5 on x² each step gives x_{i+1} = x_i − 1.5 × 2x_i = −2·x_i: the learning rate is too high, |x| doubles at every step and the descent diverges. The function must still return after maxSteps steps.',
        "Avec α = 1,5 sur x² chaque pas donne x_{i+1} = x_i − 1,5 × 2x_i = −2·x_i : le taux d'apprentissage est trop grand, |x| double à chaque pas et la descente diverge. La fonction doit quand même rendre la main après maxSteps pas.",
      );
      if (got.path.length !== diverging.maxSteps + 1) {
        fail(
          L(
            `${label(diverging)}.path has ${entries(got.path.length)}; the gradient never gets small here, so expected exactly maxSteps + 1 = ${diverging.maxSteps + 1} (x0 and ${diverging.maxSteps} steps).`,
            `${label(diverging)}.path a ${entrees(got.path.length)} ; le gradient ne devient jamais petit ici, donc attendu exactement maxSteps + 1 = ${diverging.maxSteps + 1} (x0 et ${diverging.maxSteps} pas).`,
          ),
          got.path.length > diverging.maxSteps + 1
            ? L("You don't stop at maxSteps.", 'Vous ne vous arrêtez pas à maxSteps.')
            : (misconceptionFor(got.path, diverging) ??
                L(
                  `You stopped after ${got.path.length - 1} step(s): only |∇f(x_i)| < ε or maxSteps end the loop (not x growing, not a large gradient).`,
                  `Vous vous êtes arrêté après ${got.path.length - 1} pas : seuls |∇f(x_i)| < ε ou maxSteps terminent la boucle (ni un x qui grandit, ni un grand gradient).`,
                )),
          tooHigh,
        );
      }
      expectRun(got, diverging);
      // α = 1: x bounces between 5 and −5 forever, and the loop still ends.
      const bouncing: Problem = { name: 'f(x) = x² (grad 2x)', grad: square, source: SQUARE_SOURCE, x0: 5, lr: 1, eps: 1e-3, maxSteps: 7 };
      expectRun(await runLearner(ctx, bouncing), bouncing);
    },
  },
];
