import type { GradeEvent, GradeRequest, GradeResult } from '../grading';
import type { Lang, Localized } from '../i18n';
import type { CheckSpec } from '../manifest';
import { messageGuard } from './message';

/**
 * Extension host ⇄ grader webview. The page posts `ready` once its worker has a backend; the
 * host then sends `grade` requests (one id each) and gets events then exactly one `graded`
 * or `gradeFailed` for that id.
 */
export interface GradeRequestMessage {
  readonly type: 'grade';
  readonly requestId: number;
  /** "01-weighted-sum · A neuron: …" in both languages: the page follows the setting live. */
  readonly title: Localized;
  readonly request: GradeRequest;
  /** Offered ("Next exercise") when every check passes. */
  readonly next?: NextExercise;
  /** The learner's prediction for this exercise, shown with its answer. */
  readonly prediction?: PredictionView;
}

/** What the results panel shows beside a verdict: the next exercise, the learner's prediction. */
export interface VerdictExtras {
  readonly next?: NextExercise;
  readonly prediction?: PredictionView;
}

/** Predict before you run, as the results panel shows it (in both languages: the page follows the setting live). */
export interface PredictionView {
  readonly question: Localized;
  /** Undefined when the learner skipped the question. */
  readonly chosen?: Localized;
  readonly correct: boolean;
  readonly answer: Localized;
  readonly explain: Localized;
}

export interface NextExercise {
  readonly id: string;
  readonly title: Localized;
}

/** A verdict reached without grading (a syntax error): shown so the page never keeps an older one. */
export interface ShowResultMessage {
  readonly type: 'show';
  readonly title: Localized;
  readonly checks: readonly CheckSpec[];
  readonly result: GradeResult;
  readonly next?: NextExercise;
  readonly prediction?: PredictionView;
}

export type HostToGrader =
  | GradeRequestMessage
  | ShowResultMessage
  | { readonly type: 'cancel' }
  | { readonly type: 'setLang'; readonly lang: Lang }
  /** Start the grader now (a page opened with data-warm="later" waits for it). */
  | { readonly type: 'warm' };

export type GraderToHost =
  /** The page's script runs (before its grader starts): a `warm` posted from now on is heard. */
  | { readonly type: 'loaded' }
  | { readonly type: 'ready'; readonly backend: string }
  | { readonly type: 'event'; readonly requestId: number; readonly event: GradeEvent }
  | { readonly type: 'graded'; readonly requestId: number; readonly result: GradeResult }
  | { readonly type: 'gradeFailed'; readonly requestId: number; readonly message: string }
  | { readonly type: 'cancelRequested' }
  | { readonly type: 'openExercise'; readonly exerciseId: string };

export const isHostToGrader = messageGuard<HostToGrader>({
  grade: { requestId: 'number', title: 'object', request: 'object', next: 'object?' },
  show: { title: 'object', checks: 'array', result: 'object', next: 'object?' },
  cancel: {},
  setLang: { lang: 'string' },
  warm: {},
});

export const isGraderToHost = messageGuard<GraderToHost>({
  loaded: {},
  ready: { backend: 'string' },
  event: { requestId: 'number', event: 'object' },
  graded: { requestId: 'number', result: 'object' },
  gradeFailed: { requestId: 'number', message: 'string' },
  cancelRequested: {},
  openExercise: { exerciseId: 'string' },
});
