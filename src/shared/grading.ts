import type { Localized, Lang } from './i18n';
import type { CheckSpec } from './manifest';

/**
 * What a grading says, in the words every side shares: the grader core and its supervisor write
 * it, the worker protocol, the grader and training panels, the host and the CLI read it.
 * Environment-free types only.
 */
export type BackendName = 'wasm' | 'cpu' | 'webgl';

/** How the learner's code is isolated, as the checker's host set it up (reported with every verdict). */
export interface SandboxInfo {
  /** 'process' (CLI: a child process), 'worker' (webview: a dedicated Worker), 'in-process' (unit tests only). */
  readonly realm: 'process' | 'worker' | 'in-process';
  /** The layers around it, outermost first (e.g. ["bubblewrap", "node-permission", "memory-limit"]). */
  readonly layers: readonly string[];
  readonly network: boolean;
  readonly memoryLimitMb?: number;
  /** Why a layer could not be used (e.g. bubblewrap missing), for the report's warning. */
  readonly warning?: string;
}

/** `cancelled`: stopped on request before it reached a verdict; says nothing about the learner's code. */
export type CheckStatus = 'passed' | 'failed' | 'error' | 'timeout' | 'cancelled';

export interface CheckOutcome {
  readonly id: string;
  readonly status: CheckStatus;
  readonly message: Localized;
  readonly durationMs: number;
}

export interface TrainingProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly batch?: number;
  readonly batches?: number;
  readonly loss?: number;
  readonly acc?: number;
  readonly valLoss?: number;
  readonly valAcc?: number;
  /** After training a classifier: its confusion matrix on held-out data (src/grader/core/confusion.ts). */
  readonly confusion?: ConfusionReport;
  /** Which fit of the check this update belongs to, when a check trains more than once (19: the confounded set, then the balanced one). */
  readonly fit?: Localized;
  /** After a fit: its accuracy per group of the held-out data (19: per animal and background). */
  readonly groups?: GroupAccuracyReport;
}

/** Accuracy per group of held-out examples (e.g. "dog on grass"): a shortcut shows as one group near 0. */
export interface GroupAccuracyReport {
  /** What the model was trained on ("the default set: 90 of the 100 dogs on snow"). */
  readonly trainedOn: Localized;
  /** What it was measured on ("the 200 held-out test images"). */
  readonly on: Localized;
  readonly groups: readonly { readonly name: Localized; readonly right: number; readonly total: number }[];
}

/** A classifier's confusion matrix, sent with the last progress update of a training check. */
export interface ConfusionReport {
  /** Class names, in index order. */
  readonly labels: readonly string[];
  /** matrix[actual][predicted] = number of examples. */
  readonly matrix: readonly (readonly number[])[];
  /** What the matrix was measured on ("test set, 1 000 digits"). */
  readonly on?: Localized;
  /** A few examples per cell, so a click on a cell can show its images. */
  readonly examples?: readonly ConfusionExample[];
}

export interface ConfusionExample {
  readonly actual: number;
  readonly predicted: number;
  readonly width: number;
  readonly height: number;
  /** 1 (grey) or 3 (RGB). */
  readonly channels: number;
  /** The image's uint8 bytes, row-major, base64 (compact through postMessage's JSON). */
  readonly pixels: string;
}

export interface GradeRequest {
  readonly exerciseId: string;
  readonly js: string;
  readonly checks: readonly CheckSpec[];
  readonly lang: Lang;
  /** The run's seed; drawn afresh when absent (the result says which). */
  readonly seed?: number;
}

export type GradeEvent =
  | { readonly type: 'checkStarted'; readonly checkId: string }
  | { readonly type: 'checkFinished'; readonly outcome: CheckOutcome }
  | { readonly type: 'progress'; readonly checkId: string; readonly progress: TrainingProgress };

export interface GradeResult {
  readonly exerciseId: string;
  readonly backend: BackendName | 'none';
  readonly durationMs: number;
  readonly outcomes: readonly CheckOutcome[];
  readonly cancelled: boolean;
  /** The seed the checks drew their data from (replay with the same seed). */
  readonly seed: number;
  /** How the learner's code was isolated (undefined when it never ran). */
  readonly sandbox?: SandboxInfo;
}
