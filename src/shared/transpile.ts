import { transform } from 'sucrase';

/**
 * Turns the learner's TypeScript into CommonJS the grader can evaluate. Environment-free, so
 * the extension host (for diagnostics), the webview and the command-line grader share it.
 * Types are stripped, not checked: VS Code's TypeScript service shows type errors in the
 * editor, and the checks verify the values at run time with messages that say why.
 */
export type TranspileResult =
  | { readonly ok: true; readonly js: string }
  | { readonly ok: false; readonly error: SourceError };

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
  // sucrase/babel-style messages end with "(line:column)", 1-based line, 0-based column.
  const m = /\((\d+):(\d+)\)\s*$/.exec(raw);
  const loc = (e as { loc?: { line?: number; column?: number } } | null)?.loc;
  let line = loc?.line ?? (m ? Number(m[1]) : 1);
  let column = loc?.column ?? (m ? Number(m[2]) : 0);
  const lines = source.split('\n');
  line = Math.min(Math.max(line, 1), Math.max(lines.length, 1));
  column = Math.max(0, Math.min(column, (lines[line - 1] ?? '').length));
  const message = raw.replace(/\s*\(\d+:\d+\)\s*$/, '').replace(/^Error transforming [^:]*:\s*/, '');
  return { message, line: line - 1, column };
}
