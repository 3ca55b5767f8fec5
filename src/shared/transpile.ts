import { transform } from 'sucrase';

/**
 * Turns the learner's TypeScript into CommonJS the grader can evaluate. Environment-free, so
 * the extension host (for diagnostics), the webview and the command-line grader share it.
 * Types are stripped, not checked: VS Code's TypeScript service shows type errors in the
 * editor, and the checks verify the values at run time with messages that say why.
 */
export type TranspileResult = { readonly ok: true; readonly js: string } | { readonly ok: false; readonly error: SourceError };

/** A position is 0-based (line and column), like VS Code's. */
export interface SourceError {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export function transpileExercise(source: string, fileName = 'exercise.ts'): TranspileResult {
  try {
    const { code } = transform(source, {
      transforms: ['typescript', 'imports'],
      filePath: fileName,
      production: true,
    });
    return { ok: true, js: code };
  } catch (e) {
    return { ok: false, error: sourceErrorFrom(e, source) };
  }
}

function sourceErrorFrom(e: unknown, source: string): SourceError {
  const raw = e instanceof Error ? e.message : String(e);
  const message = raw.replace(/\s*\(\d+:\d+\)\s*$/, '').replace(/^Error transforming [^:]*:\s*/, '');
  // sucrase gives the absolute offset (`pos`); its "(line:column)" suffix is 1-based on both.
  const pos = (e as { pos?: unknown } | null)?.pos;
  if (typeof pos === 'number' && pos >= 0) {
    const at = Math.min(pos, source.length);
    const before = source.slice(0, at);
    const line = before.split('\n').length - 1;
    return { message, line, column: at - (before.lastIndexOf('\n') + 1) };
  }
  const m = /\((\d+):(\d+)\)\s*$/.exec(raw);
  const lines = source.split('\n');
  const line = Math.min(Math.max(m ? Number(m[1]) - 1 : 0, 0), Math.max(lines.length - 1, 0));
  const column = Math.max(0, Math.min(m ? Number(m[2]) - 1 : 0, (lines[line] ?? '').length));
  return { message, line, column };
}
