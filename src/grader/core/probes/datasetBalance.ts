import { L, both, type Localized } from '../../../shared/i18n';
import { call, CheckFailure, learnerFunction, LearnerError, show } from '../assert';
import { labelNames, loadCatsDogs } from '../datasets';
import { LearnerStopped } from '../learnerLink';
import type { ProbeContext } from '../types';

/**
 * Runs exercise 16's functions on the shipped cat/dog labels, for the dataset-balance panel's
 * "before / after" bars. Each function is run on its own: one missing or wrong function does not
 * hide what the others return.
 */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Localized };

export interface BalanceProbeResult {
  readonly variant: string;
  readonly classNames: readonly string[];
  /** Class index per image, as the panel counts them itself. */
  readonly labels: number[];
  readonly classCounts: Outcome<Record<string, number>>;
  readonly imbalanceRatio: Outcome<number>;
  readonly classWeights: Outcome<Record<string, number>>;
  readonly balancedSample: Outcome<number[]>;
  readonly seed: number;
}

export const BALANCE_SEED = 16;

async function attempt<T>(f: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await f() };
  } catch (e) {
    // A stopped realm (time-out, memory) ends the probe: the runner says why.
    if (e instanceof LearnerStopped) throw e;
    if (e instanceof CheckFailure || e instanceof LearnerError) return { ok: false, error: e.text };
    const m = e instanceof Error ? e.message : String(e);
    return { ok: false, error: L(m, m) };
  }
}

function record(v: unknown, what: string): Record<string, number> {
  if (!v || typeof v !== 'object' || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'number')) {
    throw new CheckFailure(both('{0} returned {1}; expected an object { class: number }.', what, show(v)));
  }
  return { ...(v as Record<string, number>) };
}

export interface BalanceParams {
  readonly variant?: 'default' | 'balanced' | 'test';
}

export async function balanceProbe(ctx: ProbeContext, params: BalanceParams | undefined): Promise<BalanceProbeResult> {
  const p = params ?? {};
  const variant = p.variant ?? 'default';
  const set = await loadCatsDogs(ctx.loadAsset, variant);
  const names = labelNames(set);
  const label = (fn: string, extra = '') => `${fn}(labels${extra})`;
  const fresh = () => [...names];
  // One function after the other: the learner realm answers one call at a time.
  const classCounts = await attempt(async () =>
    record(await call(ctx, label('classCounts'), learnerFunction(ctx, 'classCounts'), fresh()), label('classCounts')),
  );
  const imbalanceRatio = await attempt(async () => {
    const r = await call(ctx, label('imbalanceRatio'), learnerFunction(ctx, 'imbalanceRatio'), fresh());
    if (typeof r !== 'number') throw new CheckFailure(both('imbalanceRatio(labels) returned {0}; expected a number.', show(r)));
    return r;
  });
  const classWeights = await attempt(async () =>
    record(await call(ctx, label('classWeights'), learnerFunction(ctx, 'classWeights'), fresh()), label('classWeights')),
  );
  const balancedSample = await attempt(async () => {
    const s = await call(ctx, label('balancedSample', `, ${BALANCE_SEED}`), learnerFunction(ctx, 'balancedSample'), fresh(), BALANCE_SEED);
    if (!Array.isArray(s) || !s.every((x) => typeof x === 'number')) {
      throw new CheckFailure(both('balancedSample(labels, {0}) returned {1}; expected an array of indices.', BALANCE_SEED, show(s)));
    }
    return [...(s as number[])];
  });
  return {
    variant,
    classNames: set.classNames,
    labels: Array.from(set.labels),
    seed: BALANCE_SEED,
    classCounts,
    imbalanceRatio,
    classWeights,
    balancedSample,
  };
}
