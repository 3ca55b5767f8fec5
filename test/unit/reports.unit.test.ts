import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatReport, type SubmissionReport } from '../../src/grader/node/reports';

const reports: SubmissionReport[] = [
  {
    exercise: '01-weighted-sum',
    file: 'alice/exercise.ts',
    passed: true,
    backend: 'wasm',
    durationMs: 12,
    seed: 7,
    checks: [{ id: 'a', title: 'Σ wᵢxᵢ + b', status: 'passed', message: 'Passed.' }],
  },
  {
    exercise: '01-weighted-sum',
    file: 'bob, "the 2nd"/exercise.ts',
    passed: false,
    backend: 'wasm',
    durationMs: 30,
    seed: 7,
    checks: [
      { id: 'a', title: 't', status: 'failed', message: 'expected <1>, got "2"\nsecond line' },
      { id: 'b', title: 't', status: 'timeout', message: 'too slow \u0007' },
    ],
  },
];

describe('class reports', () => {
  it('CSV: one row per check, quoted where needed', () => {
    const csv = formatReport(reports, 'csv');
    assert.ok(csv.startsWith('file,exercise,check,title,status,message,submission_passed,backend,duration_ms,seed\n'));
    assert.ok(
      csv.includes('\n"bob, ""the 2nd""/exercise.ts",01-weighted-sum,a,t,failed,"expected <1>, got ""2""\nsecond line",false,wasm,30,7\n'),
      csv,
    );
  });
  it('JUnit: counts, escaping, failures vs errors', () => {
    const x = formatReport(reports, 'junit');
    assert.match(x, /<testsuites tests="3" failures="1" errors="1">/);
    assert.match(x, /expected &lt;1&gt;, got &quot;2&quot;/);
    assert.match(x, /<error type="timeout"/);
    assert.ok(!x.includes(String.fromCharCode(7)), 'a control character reached the XML');
  });
  it('JSON round-trips', () => {
    assert.deepEqual(JSON.parse(formatReport(reports, 'json')), reports);
  });
});
