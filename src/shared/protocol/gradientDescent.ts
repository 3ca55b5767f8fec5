import type { Localized } from '../i18n';
import type { Fn1DName, SurfaceName, Vec2 } from '../charts/gradientDescent';
import { LEARNER_HOST_FIELDS, LEARNER_PAGE_FIELDS, type HostToLearnerPanel, type LearnerPanelToHost } from './learnerPanel';
import { messageGuard } from './message';

/**
 * Gradient-descent panel: host ⇄ page messages (the shared code messages only) and the data
 * its probes return: `gradientDescent.path1d` (exercise 09), `.paths2d` (10), `.neuron` (11),
 * `.train` (12).
 */
export type HostToGradientDescent = HostToLearnerPanel;
export type GradientDescentToHost = LearnerPanelToHost;

export const isHostToGradientDescent = messageGuard<HostToGradientDescent>(LEARNER_HOST_FIELDS);

export const isGradientDescentToHost = messageGuard<GradientDescentToHost>(LEARNER_PAGE_FIELDS);

/** The panel's settings for the probe gradientDescent.path1d; one it has not set yet takes the probe's default. */
export interface Path1DParams {
  readonly fn?: Fn1DName;
  readonly x0?: number;
  readonly learningRate?: number;
  readonly epsilon?: number;
  readonly maxSteps?: number;
}

export interface Path1DData {
  readonly path: number[];
  readonly x: number;
  /** How many times the learner's code called grad. */
  readonly gradCalls: number;
}

export interface Paths2DParams {
  readonly surface: SurfaceName;
  readonly start: Vec2;
  readonly learningRate: number;
  readonly adamLearningRate: number;
  readonly momentum: number;
  readonly steps: number;
}

/** What the panel sends to gradientDescent.paths2d: the numbers it has not set take the surface's defaults. */
export type Paths2DPanelParams = Pick<Paths2DParams, 'surface'> & Partial<Omit<Paths2DParams, 'surface'>>;

export type OptimizerName = 'sgd' | 'momentum' | 'adam';

export interface OptimizerRun {
  readonly optimizer: OptimizerName;
  /** The learner's trajectory (start included), or why there is none. */
  readonly learner?: Vec2[];
  readonly error?: Localized;
  /** tf.train's optimiser from the same start with the same settings. */
  readonly reference: Vec2[];
}

export interface Paths2DData {
  readonly runs: OptimizerRun[];
}

/** Unset: the probe's default. */
export interface NeuronParams {
  readonly learningRate?: number;
  readonly steps?: number;
}

export interface NeuronData {
  /** E after each step when the weights follow the learner's gradients, and tf.grads'. */
  readonly learnerLosses: number[];
  readonly referenceLosses: number[];
  /** The first step's gradients, learner's vs tf's. */
  readonly firstGradients: { readonly learner: { dw: number[]; db: number }; readonly reference: { dw: number[]; db: number } };
}

/** Unset: the probe's default. */
export interface TrainParams {
  readonly learningRate?: number;
  readonly epochs?: number;
}

export interface TrainData {
  readonly losses: number[];
  readonly kernel: number[];
  readonly bias: number[];
  readonly trueKernel: number[];
  readonly trueBias: number[];
}
