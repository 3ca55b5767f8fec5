/**
 * How much slower than the reference machine this one trains right now.
 *
 * The training checks' time budgets (08, 17, 18, 19) are set on the reference machine — a quiet
 * 2-core laptop-class CPU, TF.js wasm — to stop a model that is far too heavy. On a busy machine (a
 * CI runner grading several submissions at once, a laptop compiling something else) a right model
 * can run past them too. So when a fit runs past its budget, the grader times a fixed piece of CNN
 * training (a conv → ReLU → pool forward and backward pass) and, when this machine was clearly
 * slower than the reference one, the verdict says so and how long the training would take at the
 * usual pace: the learner or the instructor then knows to check again rather than to change a
 * model that is fine. The budgets themselves do not move: each check's own time limit (its
 * `timeoutMs`, enforced outside the grader) bounds what one submission may cost.
 *
 * Environment-free (imports only tf.ts and i18n): the same file runs in the Node grader, the tests
 * and the webview bundle. REFERENCE_PACE_MS are `scripts/bench-pace.mjs`'s medians on the reference
 * machine (`npm run bench` prints them beside this machine's); learner code never runs here.
 */
import * as tf from './tf';
import { both, type Localized } from '../../shared/i18n';

/**
 * Milliseconds of one paceWorkload() on the reference machine, per backend (others: not measured):
 * this project's 2-core Debian box (AMD EPYC), Node 20, quiet, 2 × 31 runs, 2026-12-03.
 */
export const REFERENCE_PACE_MS: Readonly<Record<string, number>> = { wasm: 5.6, cpu: 88 };

/** From this slowdown on, a verdict over budget says the machine was slow. */
export const SLOW_MACHINE = 1.5;

const RUNS = 5;

/** One forward and backward pass of a small conv → ReLU → max-pool block on a batch of digits' size; ms. */
export function paceWorkload(): number {
  return tf.tidy(() => {
    const x = tf.randomUniform([32, 28, 28, 1], 0, 1, 'float32', 17) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 1, 8], 0, 0.3, 'float32', 18) as tf.Tensor4D;
    const started = performance.now();
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.maxPool(tf.relu(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')), 2, 2, 'valid').sum(),
    )([x, w]);
    for (const g of grads) g.dataSync();
    return performance.now() - started;
  });
}

/**
 * This machine's slowdown against the reference machine, now: the median of a few timed
 * workloads (after one warm-up) over the reference time; undefined when the backend has none.
 */
export function machineSlowdown(reference: Readonly<Record<string, number>> = REFERENCE_PACE_MS): number | undefined {
  const ref = reference[tf.getBackend()];
  if (!ref) return undefined;
  paceWorkload();
  const times = Array.from({ length: RUNS }, paceWorkload).sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)]! / ref;
}

/**
 * For a verdict over budget: when the machine was `slowdown` times slower than the reference one
 * (at least SLOW_MACHINE), that, and about how long the training (`spentMs` here) would take at the
 * usual pace; undefined otherwise (the budget was the model's doing).
 */
export function slowMachineNote(slowdown: number | undefined, spentMs: number): Localized | undefined {
  if (slowdown === undefined || !(slowdown >= SLOW_MACHINE)) return undefined;
  return both(
    'This machine was running {0} times slower than the reference laptop during this check: at the usual pace this training would take about {1} s. If that is within the budget, your model is not the cause: check again when the machine is less busy.',
    Math.round(slowdown * 10) / 10,
    Math.round(spentMs / slowdown / 1000),
  );
}
