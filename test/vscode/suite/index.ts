import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

/**
 * Entry point of the in-host suite (`extensionTestsPath`): VS Code's extension host calls run()
 * and exits with 0 when it resolves, 1 when it rejects. Used by scripts/run-vscode-tests.mjs
 * (VS Code server + Chromium) and by `npx vscode-test` (desktop VS Code, see .vscode-test.mjs).
 *
 * Each finished test is printed as one line and, when DLC_TEST_RESULTS names a file, also written
 * there as JSON: the extension host's console does not reach the driver reliably in every set-up.
 */
export interface InHostResult {
  readonly title: string;
  readonly state: 'passed' | 'failed';
  readonly durationMs: number;
  readonly error?: string;
}

export interface InHostReport {
  readonly results: InHostResult[];
  /** Figures the tests measured (activation, check times), by name. */
  readonly metrics: Record<string, number>;
  done: boolean;
}

const report: InHostReport = { results: [], metrics: {}, done: false };

/** Lets a test record a measured figure in the report. */
export function recordMetric(name: string, value: number): void {
  report.metrics[name] = value;
  save();
}

function save(): void {
  const file = process.env.DLC_TEST_RESULTS;
  if (file) fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000, reporter: 'spec' });
  const here = path.resolve(__dirname, '..');
  const files = fs
    .readdirSync(here)
    .filter((f) => f.endsWith('.vscode.test.js'))
    // DLC_IN_HOST=panelColumn runs only the files whose name contains it (one file while working on it).
    .filter((f) => !process.env.DLC_IN_HOST || f.includes(process.env.DLC_IN_HOST))
    .sort();
  for (const f of files) mocha.addFile(path.join(here, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      report.done = true;
      save();
      if (failures > 0) reject(new Error(`${failures} in-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => {
      report.results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 });
      save();
    });
    runner.on('fail', (t, err: Error) => {
      report.results.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: err?.stack ?? String(err) });
      save();
    });
  });
}
