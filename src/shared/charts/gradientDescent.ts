import type { Localized } from '../i18n';

/**
 * Chart data for the gradient-descent panel, environment-free (unit-tested in Node): the 1-D
 * curves and 2-D loss surfaces the learner's optimisers run on, a log-scale slider, the contour
 * grid of a surface, the outcome of a run (converged, diverged, …) with the message a learner
 * needs, and loss-per-step series.
 */

export type Fn1DName = 'square' | 'nonconvex';

export interface Fn1D {
  readonly name: Fn1DName;
  readonly label: Localized;
  readonly formula: string;
  f(x: number): number;
  grad(x: number): number;
  readonly domain: readonly [number, number];
  readonly defaultStart: number;
}

export const FUNCTIONS_1D: Readonly<Record<Fn1DName, Fn1D>> = {
  square: {
    name: 'square',
    label: { en: 'f(x) = x² (convex)', fr: 'f(x) = x² (convexe)' },
    formula: 'f(x) = x²',
    f: (x) => x * x,
    grad: (x) => 2 * x,
    domain: [-6, 6],
    defaultStart: 5,
  },
  nonconvex: {
    name: 'nonconvex',
    label: { en: 'f(x) = x⁴/20 − x²/2 + 0.3x (two valleys)', fr: 'f(x) = x⁴/20 − x²/2 + 0,3x (deux vallées)' },
    formula: 'f(x) = x⁴/20 − x²/2 + 0.3x',
    f: (x) => x ** 4 / 20 - (x * x) / 2 + 0.3 * x,
    grad: (x) => x ** 3 / 5 - x + 0.3,
    domain: [-4, 4],
    defaultStart: 3.5,
  },
};

/** Points of y = f(x) over the domain, for the curve. */
export function curvePoints(fn: Fn1D, n = 200): { x: number; y: number }[] {
  const [a, b] = fn.domain;
  return Array.from({ length: n + 1 }, (_, i) => {
    const x = a + ((b - a) * i) / n;
    return { x, y: fn.f(x) };
  });
}

export interface PathPoint {
  readonly step: number;
  readonly x: number;
  readonly y: number;
  readonly grad: number;
  /** |∇f(x)| < ε: the stop test holds here. */
  readonly flat: boolean;
  /** Outside the drawn domain (or not finite): drawn at the border with an arrow. */
  readonly outside: boolean;
}

export function pathPoints(fn: Fn1D, path: readonly number[], epsilon: number): PathPoint[] {
  return path.map((x, step) => {
    const g = fn.grad(x);
    return {
      step,
      x,
      y: fn.f(x),
      grad: g,
      flat: Math.abs(g) < epsilon,
      outside: !Number.isFinite(x) || x < fn.domain[0] || x > fn.domain[1],
    };
  });
}

export type RunOutcome = 'converged' | 'diverged' | 'maxSteps' | 'stoppedEarly' | 'uphill' | 'empty';

/**
 * What happened in a 1-D run, judged from its path: the stop test met at the end (converged),
 * values running away (diverged), steps climbing the curve from the start while the step is
 * small enough to descend (uphill: the gradient was added, not subtracted), the budget used up
 * (maxSteps), or a stop before the test held (stoppedEarly).
 */
export function runOutcome(fn: Fn1D, path: readonly number[], learningRate: number, epsilon: number, maxSteps: number): RunOutcome {
  if (path.length === 0) return 'empty';
  const last = path[path.length - 1]!;
  const span = Math.max(Math.abs(fn.domain[0]), Math.abs(fn.domain[1]));
  // On x², any α < 1 brings the first step down the curve; going up with a small α means a wrong
  // sign — judged before divergence, since a gradient ascent also runs away (the checker blames
  // the sign at α = 0.1, and so must the panel, not a too large α).
  if (path.length >= 2 && fn.name === 'square' && learningRate < 1 && fn.f(path[1]!) > fn.f(path[0]!) + 1e-12) return 'uphill';
  if (!Number.isFinite(last) || Math.abs(last) > 10 * span) return 'diverged';
  if (path.length >= 2) {
    const f0 = fn.f(path[0]!);
    const fs = path.map(fn.f);
    const n = fs.length;
    if (n >= 4 && fs[n - 1]! > fs[n - 2]! && fs[n - 2]! > fs[n - 3]! && fs[n - 1]! > f0) return 'diverged';
  }
  if (Math.abs(fn.grad(last)) < epsilon) return 'converged';
  if (path.length - 1 >= maxSteps) return 'maxSteps';
  return 'stoppedEarly';
}

export function outcomeMessage(o: RunOutcome, steps: number, epsilon: number, learningRate: number): Localized {
  switch (o) {
    case 'converged':
      return {
        en: `Converged in ${steps} step(s): |∇f(x)| < ε = ${epsilon} at the last point, so the loop stopped.`,
        fr: `Convergé en ${steps} pas : |∇f(x)| < ε = ${epsilon} au dernier point, la boucle s'est arrêtée.`,
      };
    case 'diverged':
      return {
        en: `Diverged: with α = ${learningRate} each step overshoots the minimum and lands higher on the other side, so |x| grows at every step. A larger learning rate is not faster — past a limit (α > 1 on x², where x ← (1 − 2α)·x) it never converges. Lower α.`,
        fr: `Divergence : avec α = ${learningRate}, chaque pas dépasse le minimum et retombe plus haut de l'autre côté, |x| grandit à chaque pas. Un taux d'apprentissage plus grand n'est pas plus rapide — au-delà d'une limite (α > 1 sur x², où x ← (1 − 2α)·x) il ne converge jamais. Baissez α.`,
      };
    case 'uphill':
      return {
        en: 'The first step climbs the curve although α is small: the gradient points uphill, so the step must subtract it, x ← x − α·∇f(x).',
        fr: 'Le premier pas monte la courbe alors que α est petit : le gradient pointe vers le haut, il faut donc le soustraire, x ← x − α·∇f(x).',
      };
    case 'maxSteps':
      return {
        en: `Stopped after maxSteps = ${steps} steps without |∇f| < ε: α too small to get there in time, or oscillating.`,
        fr: `Arrêt après maxSteps = ${steps} pas sans |∇f| < ε : α trop petit pour arriver à temps, ou oscillation.`,
      };
    case 'stoppedEarly':
      return {
        en: `Stopped after ${steps} step(s) although |∇f| ≥ ε at the last point: the loop must stop only on the test |∇f(x)| < ε (or after maxSteps).`,
        fr: `Arrêt après ${steps} pas alors que |∇f| ≥ ε au dernier point : la boucle ne doit s'arrêter que sur le test |∇f(x)| < ε (ou après maxSteps).`,
      };
    case 'empty':
      return { en: 'The path is empty: it must start with x0.', fr: 'Le chemin est vide : il doit commencer par x0.' };
  }
}

/** A slider position t ∈ [0, 1] on a log scale from lo to hi, and back. */
export function logSlider(t: number, lo: number, hi: number): number {
  return lo * (hi / lo) ** Math.min(1, Math.max(0, t));
}

export function logSliderPosition(value: number, lo: number, hi: number): number {
  return Math.min(1, Math.max(0, Math.log(value / lo) / Math.log(hi / lo)));
}

/** A learning rate rounded to 2 significant digits, for display and for the slider's steps. */
export function roundRate(x: number): number {
  return Number(x.toPrecision(2));
}

// ---------------------------------------------------------------- 2-D surfaces

export type SurfaceName = 'bowl' | 'rosenbrock';
export type Vec2 = [number, number];

export interface Surface {
  readonly name: SurfaceName;
  readonly label: Localized;
  readonly formula: string;
  f(x: number, y: number): number;
  grad(x: number, y: number): Vec2;
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  readonly minimum: Vec2;
  readonly defaultStart: Vec2;
  /** Learning rates that show each optimiser at work on this surface. */
  readonly defaults: {
    readonly learningRate: number;
    readonly adamLearningRate: number;
    readonly momentum: number;
    readonly steps: number;
  };
  /** Contours on a log scale (the valley floor of Rosenbrock is 1000× below its walls). */
  readonly logContours: boolean;
}

export const SURFACES: Readonly<Record<SurfaceName, Surface>> = {
  bowl: {
    name: 'bowl',
    label: { en: 'elongated bowl f(x, y) = x²/2 + 5y²', fr: 'cuvette allongée f(x, y) = x²/2 + 5y²' },
    formula: 'f(x, y) = x²/2 + 5y²',
    f: (x, y) => (x * x) / 2 + 5 * y * y,
    grad: (x, y) => [x, 10 * y],
    x: [-3, 3],
    y: [-1.5, 1.5],
    minimum: [0, 0],
    defaultStart: [-2.6, 1.1],
    defaults: { learningRate: 0.09, adamLearningRate: 0.2, momentum: 0.8, steps: 60 },
    logContours: false,
  },
  rosenbrock: {
    name: 'rosenbrock',
    label: { en: 'Rosenbrock valley f(x, y) = (1 − x)² + 100(y − x²)²', fr: 'vallée de Rosenbrock f(x, y) = (1 − x)² + 100(y − x²)²' },
    formula: 'f(x, y) = (1 − x)² + 100(y − x²)²',
    f: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
    grad: (x, y) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
    x: [-2, 2],
    y: [-1, 3],
    minimum: [1, 1],
    defaultStart: [-1.5, 2.5],
    defaults: { learningRate: 0.0015, adamLearningRate: 0.1, momentum: 0.9, steps: 200 },
    logContours: true,
  },
};

export interface LossGrid {
  readonly nx: number;
  readonly ny: number;
  /** Row-major, row 0 at y = y[0] (d3.contours' layout). */
  readonly values: number[];
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

export function lossGrid(s: Surface, nx = 120, ny = 120): LossGrid {
  const values = new Array<number>(nx * ny);
  for (let j = 0; j < ny; j++) {
    const y = s.y[0] + ((s.y[1] - s.y[0]) * j) / (ny - 1);
    for (let i = 0; i < nx; i++) values[j * nx + i] = s.f(s.x[0] + ((s.x[1] - s.x[0]) * i) / (nx - 1), y);
  }
  return { nx, ny, values, x: s.x, y: s.y };
}

/** Contour levels over the grid's range: evenly spaced, or geometric for log contours. */
export function contourThresholds(values: readonly number[], count: number, log: boolean): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) return [lo];
  if (log) {
    const a = Math.max(lo, hi * 1e-4, 1e-3);
    return Array.from({ length: count }, (_, i) => a * (hi / a) ** (i / count));
  }
  return Array.from({ length: count }, (_, i) => lo + ((hi - lo) * (i + 0.5)) / count);
}

/** Loss after each step of a 2-D trajectory (NaN/Infinity kept: the chart shows where it broke). */
export function lossSeries(s: Surface, path: readonly Vec2[]): number[] {
  return path.map(([x, y]) => s.f(x, y));
}

export interface Run2DSummary {
  readonly finalLoss: number;
  readonly distanceToMinimum: number;
  readonly diverged: boolean;
  /** Largest gap between the learner's points and tf's over the common steps. */
  readonly maxGapToReference?: number;
}

export function summarizeRun(s: Surface, path: readonly Vec2[], reference?: readonly Vec2[]): Run2DSummary {
  const last = path[path.length - 1] ?? s.defaultStart;
  const finalLoss = s.f(last[0], last[1]);
  const span = Math.max(s.x[1] - s.x[0], s.y[1] - s.y[0]);
  const distanceToMinimum = Math.hypot(last[0] - s.minimum[0], last[1] - s.minimum[1]);
  const diverged = !Number.isFinite(finalLoss) || distanceToMinimum > 5 * span;
  let maxGapToReference: number | undefined;
  if (reference) {
    maxGapToReference = 0;
    for (let i = 0; i < Math.min(path.length, reference.length); i++) {
      const gap = Math.hypot(path[i]![0] - reference[i]![0], path[i]![1] - reference[i]![1]);
      maxGapToReference = Number.isNaN(gap) ? Infinity : Math.max(maxGapToReference, gap);
    }
  }
  return { finalLoss, distanceToMinimum, diverged, maxGapToReference };
}

/** A point clamped into the surface's box (drawn paths never leave the chart). */
export function clampToBox(s: Surface, p: Vec2): Vec2 {
  const c = (v: number, [a, b]: readonly [number, number]) => (Number.isNaN(v) ? (a + b) / 2 : Math.min(b, Math.max(a, v)));
  return [c(p[0], s.x), c(p[1], s.y)];
}

/** Y extent of loss curves, positive values only for a log axis. */
export function lossExtent(series: readonly (readonly number[])[], log: boolean): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series)
    for (const v of s) {
      if (!Number.isFinite(v) || (log && v <= 0)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  if (!(hi >= lo)) return log ? [1e-3, 1] : [0, 1];
  if (hi === lo) return log ? [lo / 10, hi * 10] : [lo - 1, hi + 1];
  return log ? [lo, hi] : [Math.min(0, lo), hi];
}
