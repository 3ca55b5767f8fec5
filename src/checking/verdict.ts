import type { CheckOutcome } from '../shared/grading';
import { pick, type Lang } from '../shared/i18n';
import { typeset } from '../shared/frenchText';
import type { ExerciseManifest } from '../shared/manifest';
import { locateExport, type SourceRange } from '../shared/exportLocator';
import type { SourceError } from '../shared/transpile';

/**
 * Where each verdict points in exercise.ts, computed without vscode so it is unit-tested:
 * a syntax error at its position; a failing check at the declaration of the export it tests;
 * otherwise the first line.
 */
export interface Finding {
  readonly checkId?: string;
  readonly range: SourceRange & { readonly line: number };
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export function findingsFor(manifest: ExerciseManifest, source: string, outcomes: readonly CheckOutcome[], lang: Lang): Finding[] {
  const findings: Finding[] = [];
  for (const o of outcomes) {
    // A cancelled check has no verdict, so nothing to show in Problems.
    if (o.status === 'passed' || o.status === 'cancelled') continue;
    const spec = manifest.checks.find((c) => c.id === o.id);
    const range = (spec?.export && locateExport(source, spec.export)) || {
      line: 0,
      column: 0,
      endColumn: (source.split('\n')[0] ?? '').length,
    };
    const title = spec ? pick(spec.title, lang) : o.id;
    findings.push({ checkId: o.id, range, message: typeset(`${title}: ${pick(o.message, lang)}`, lang), severity: 'error' });
  }
  return findings;
}

export function syntaxFinding(error: SourceError, source: string): Finding {
  const lineText = source.split('\n')[error.line] ?? '';
  return {
    range: { line: error.line, column: error.column, endColumn: Math.max(error.column + 1, lineText.length) },
    message: error.message,
    severity: 'error',
  };
}
