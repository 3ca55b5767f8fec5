import { drawSeed } from '../../src/grader/core/rng';

/**
 * The seed the unit tests grade with: drawn once per test process (checks must pass for any
 * seed), printed so a failure can be replayed with DL_COURSE_SEED=<n>.
 */
let seed: number | undefined;
export function testSeed(): number {
  if (seed === undefined) {
    const fixed = Number(process.env.DL_COURSE_SEED);
    seed = Number.isInteger(fixed) && fixed >= 0 ? fixed : drawSeed();
    process.stderr.write(`[tests] checks graded with seed ${seed} (replay: DL_COURSE_SEED=${seed})\n`);
  }
  return seed;
}
