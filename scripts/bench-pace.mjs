#!/usr/bin/env node
// The grader's machine-pace workload (src/grader/core/machinePace.ts) on this machine, per backend:
// median, min and max ms of `--runs` timed runs after a warm-up, and the slowdown the grader would
// compute now against REFERENCE_PACE_MS. REFERENCE_PACE_MS holds this script's medians on the
// reference machine, quiet (nothing else running). Needs the compiled sources: npx tsc -p test/tsconfig.json
//
//   node scripts/bench-pace.mjs [--runs 15] [--json]
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const { values: opts } = parseArgs({ options: { runs: { type: 'string', default: '15' }, json: { type: 'boolean', default: false } } });
const { initBackend } = require(join(root, 'out/src/grader/core/backend.js'));
const pace = require(join(root, 'out/src/grader/core/machinePace.js'));
const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');

const results = {};
for (const backend of ['wasm', 'cpu']) {
  await initBackend([backend], wasmDir);
  pace.paceWorkload();
  const times = Array.from({ length: Number(opts.runs) }, () => pace.paceWorkload()).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  results[backend] = {
    medianMs: +median.toFixed(2),
    minMs: +times[0].toFixed(2),
    maxMs: +times.at(-1).toFixed(2),
    referenceMs: pace.REFERENCE_PACE_MS[backend],
    slowdownNow: pace.machineSlowdown() ?? null,
  };
}
if (opts.json) console.log(JSON.stringify(results));
else
  for (const [b, r] of Object.entries(results))
    console.log(
      `${b}: median ${r.medianMs} ms (min ${r.minMs}, max ${r.maxMs}); reference ${r.referenceMs} ms; slowdown now ${r.slowdownNow?.toFixed(2) ?? '—'}`,
    );
