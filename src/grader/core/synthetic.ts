import { rng } from './rng';

/**
 * The course's small data sets, generated in code from a seed (nothing to ship): the seed
 * course's grade table, two concentric rings, noisy cos(x). Checks and panels share them.
 */

/** One column per subject: Maths, Sport, SVT, Physique, Chimie, LV1, LV2. */
export const GRADES: Readonly<Record<'Gino' | 'Marin' | 'Arsène', readonly number[]>> = {
  Gino: [12, 2, 13, 18, 12, 10, 9],
  Marin: [2, 15, 9, 10, 14, 18, 19],
  Arsène: [10, 20, 14, 13, 11, 13, 14],
};

export const PUPILS = Object.keys(GRADES) as (keyof typeof GRADES)[];

/** Mean of the given subject indices, the reference for the "average" neurons. */
export function averageOf(grades: readonly number[], subjects: readonly number[]): number {
  return subjects.reduce((s, i) => s + grades[i]!, 0) / subjects.length;
}

export const SCIENCE_SUBJECTS = [0, 2, 3, 4] as const; // Maths, SVT, Physique, Chimie
export const LANGUAGE_SUBJECTS = [5, 6] as const; // LV1, LV2
export const SPORT = 1;

export interface Points2D {
  readonly xs: number[][];
  readonly labels: number[];
}

/** Two concentric rings (class 0 inside, class 1 outside): not linearly separable. */
export function rings(n: number, seed: number, noise = 0.1): Points2D {
  const r = rng(seed);
  const xs: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const radius = (label === 0 ? 0.5 : 1.5) + noise * r.normal();
    const angle = r.uniform(0, 2 * Math.PI);
    xs.push([radius * Math.cos(angle), radius * Math.sin(angle)]);
    labels.push(label);
  }
  return { xs, labels };
}

export interface Curve {
  readonly x: number[];
  readonly y: number[];
}

/**
 * Noisy samples of cos(x) on [-π, π] (the seed's over/under-fitting example). The x are spread
 * one per slice of [-π, π] (jittered inside it), so that the points cover the whole interval and
 * no model is judged on how it extrapolates past an edge left empty by chance; the noise draws are
 * centred and scaled so that their mean square is exactly noise², so that cos(x) itself scores an
 * MSE of exactly noise² on every set (with 20 raw Gaussian draws it can be 30 % off).
 */
export function noisyCos(n: number, seed: number, noise = 0.15): Curve {
  const r = rng(seed);
  const x: number[] = [];
  const e: number[] = [];
  for (let i = 0; i < n; i++) {
    x.push(-Math.PI + ((i + r.next()) * 2 * Math.PI) / n);
    e.push(r.normal());
  }
  const mean = e.reduce((s, v) => s + v, 0) / n;
  const rms = Math.sqrt(e.reduce((s, v) => s + (v - mean) ** 2, 0) / n) || 1;
  return { x, y: x.map((xi, i) => Math.cos(xi) + (noise * (e[i]! - mean)) / rms) };
}
