import { messageGuard } from './message';

/**
 * Theory page → extension host. The page has nothing to ask: its text comes typeset in its HTML
 * (src/course/theoryHtml.ts) and is written again when the exercise or the language changes. It
 * posts `ready` once drawn, and keeps the exercise it shows as its state, for the panel to come
 * back after a reload of the window.
 */
export type TheoryToHost = { readonly type: 'ready' };

export const isTheoryToHost = messageGuard<TheoryToHost>({ ready: {} });

/** What a theory page saves (vscode.setState) and the host restores it from. */
export interface TheoryState {
  readonly exerciseId: string;
}

export function isTheoryState(s: unknown): s is TheoryState {
  return typeof (s as { exerciseId?: unknown } | null)?.exerciseId === 'string';
}
