import type { SandboxInfo } from '../../shared/grading';

/** Class reports for instructors: one row per check per submission, as JSON, CSV or JUnit XML. */
export type ReportFormat = 'json' | 'csv' | 'junit';

export interface SubmissionReport {
  readonly exercise: string;
  readonly file: string;
  readonly passed: boolean;
  readonly backend: string;
  readonly durationMs: number;
  /** The run's seed: the same seed gives the same check data (`--seed`). */
  readonly seed: number;
  /** How the learner's code was isolated (layers, network, memory limit). */
  readonly sandbox?: SandboxInfo;
  readonly checks: readonly { readonly id: string; readonly title: string; readonly status: string; readonly message: string }[];
}

export function formatReport(reports: readonly SubmissionReport[], format: ReportFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(reports, null, 2)}\n`;
    case 'csv':
      return toCsv(reports);
    case 'junit':
      return toJUnit(reports);
  }
}

/** One CSV field: quoted when it holds a quote, a comma or a line break; empty for a missing value. */
export function csvField(v: string | number | boolean | undefined | null): string {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function toCsv(reports: readonly SubmissionReport[]): string {
  const rows = [['file', 'exercise', 'check', 'title', 'status', 'message', 'submission_passed', 'backend', 'duration_ms', 'seed']];
  for (const r of reports) {
    for (const c of r.checks)
      rows.push([
        r.file,
        r.exercise,
        c.id,
        c.title,
        c.status,
        c.message,
        String(r.passed),
        r.backend,
        String(r.durationMs),
        String(r.seed),
      ]);
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

/** Text for an XML attribute or element (JUnit reports). */
export function xml(s: string): string {
  // Also drops characters XML 1.0 cannot carry, so a learner's odd output cannot break the report.
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

function toJUnit(reports: readonly SubmissionReport[]): string {
  const total = reports.reduce((n, r) => n + r.checks.length, 0);
  const failures = reports.reduce((n, r) => n + r.checks.filter((c) => c.status === 'failed').length, 0);
  const errors = reports.reduce((n, r) => n + r.checks.filter((c) => c.status === 'error' || c.status === 'timeout').length, 0);
  const suites = reports.map((r) => {
    const cases = r.checks.map((c) => {
      const body =
        c.status === 'passed'
          ? ''
          : c.status === 'failed'
            ? `<failure message="${xml(c.message.split('\n')[0] ?? '')}">${xml(c.message)}</failure>`
            : `<error type="${c.status}" message="${xml(c.message.split('\n')[0] ?? '')}">${xml(c.message)}</error>`;
      return `    <testcase classname="${xml(r.exercise)}" name="${xml(`${c.id}: ${c.title}`)}">${body}</testcase>`;
    });
    const f = r.checks.filter((c) => c.status === 'failed').length;
    const e = r.checks.filter((c) => c.status === 'error' || c.status === 'timeout').length;
    return `  <testsuite name="${xml(r.file)}" tests="${r.checks.length}" failures="${f}" errors="${e}" time="${(r.durationMs / 1000).toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="${total}" failures="${failures}" errors="${errors}">\n${suites.join('\n')}\n</testsuites>\n`;
}
