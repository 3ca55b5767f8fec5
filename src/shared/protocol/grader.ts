import type { GradeEvent, GradeRequest, GradeResult } from '../../grader/core/supervisor';
import type { Lang } from '../i18n';

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
}

export type HostToGrader =
  | GradeRequestMessage
  | { readonly type: 'cancel' }
  | { readonly type: 'setLang'; readonly lang: Lang };

export type GraderToHost =
  | { readonly type: 'ready'; readonly backend: string }
  | { readonly type: 'event'; readonly requestId: number; readonly event: GradeEvent }
  | { readonly type: 'graded'; readonly requestId: number; readonly result: GradeResult }
  | { readonly type: 'gradeFailed'; readonly requestId: number; readonly message: string }
  | { readonly type: 'cancelRequested' };

const HOST_TYPES = new Set(['grade', 'cancel', 'setLang']);
const GRADER_TYPES = new Set(['ready', 'event', 'graded', 'gradeFailed', 'cancelRequested']);

export function isHostToGrader(m: unknown): m is HostToGrader {
  return HOST_TYPES.has((m as { type?: string } | null)?.type ?? '');
}

export function isGraderToHost(m: unknown): m is GraderToHost {
  return GRADER_TYPES.has((m as { type?: string } | null)?.type ?? '');
}
