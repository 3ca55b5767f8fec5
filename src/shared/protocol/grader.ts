import type { GradeEvent, GradeRequest, GradeResult } from '../grading';
import type { Lang } from '../i18n';
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
  readonly title: string;
  readonly request: GradeRequest;
  /** Offered ("Next exercise") when every check passes. */
  readonly next?: NextExercise;
}

export interface NextExercise {
  readonly id: string;
  readonly title: string;
}

/** A verdict reached without grading (a syntax error): shown so the page never keeps an older one. */
export interface ShowResultMessage {
  readonly type: 'show';
  readonly title: string;
  readonly checks: readonly CheckSpec[];
  readonly result: GradeResult;
  readonly next?: NextExercise;
}

export type HostToGrader =
  GradeRequestMessage | ShowResultMessage | { readonly type: 'cancel' } | { readonly type: 'setLang'; readonly lang: Lang };

export type GraderToHost =
  | { readonly type: 'ready'; readonly backend: string }
  | { readonly type: 'event'; readonly requestId: number; readonly event: GradeEvent }
  | { readonly type: 'graded'; readonly requestId: number; readonly result: GradeResult }
  | { readonly type: 'gradeFailed'; readonly requestId: number; readonly message: string }
  | { readonly type: 'cancelRequested' }
  | { readonly type: 'openExercise'; readonly exerciseId: string };

export const isHostToGrader = messageGuard<HostToGrader>({
  grade: { requestId: 'number', title: 'string', request: 'object', next: 'object?' },
  show: { title: 'string', checks: 'array', result: 'object', next: 'object?' },
  cancel: {},
  setLang: { lang: 'string' },
});

export const isGraderToHost = messageGuard<GraderToHost>({
  ready: { backend: 'string' },
  event: { requestId: 'number', event: 'object' },
  graded: { requestId: 'number', result: 'object' },
  gradeFailed: { requestId: 'number', message: 'string' },
  cancelRequested: {},
  openExercise: { exerciseId: 'string' },
});
