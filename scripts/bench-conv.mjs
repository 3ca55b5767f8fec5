#!/usr/bin/env node
/**
 * Training-throughput benchmark for the Conv2D gradient override
 * (src/grader/core/conv2dGradient.ts) on the course CNN.
 *
 * Run (from the repository root; nothing needs compiling first):
 *   node scripts/bench-conv.mjs                      # every configuration, one child process each
 *   node scripts/bench-conv.mjs --only=wasm+override # configurations whose name contains a word
 *   node scripts/bench-conv.mjs --only=wasm+override,wasm+override+maxpool --rounds=4
 *                                                    # exact names; rounds alternate them (A B A B …)
 *   node scripts/bench-conv.mjs --only=grader --profile  # the grader's own engine, with a per-batch profile
 *                                                    # (phases and kernels; timing every kernel adds some overhead)
 *   node scripts/bench-conv.mjs --samples=512 --runs=3 --slow-samples=256
 *   node scripts/bench-conv.mjs --model=mnist --batch=32 # 18-mnist's reference model instead of the course CNN
 *
 * Workload (matches shared/perf/README.md): Conv2D(8, 3×3, relu) → MaxPool(2) → Conv2D(16, 3×3,
 * relu) → MaxPool(2) → Flatten → Dense(10, softmax), Adam(1e-3), categorical cross-entropy,
 * batch 64, random 28×28×1 inputs. Throughput = samples / wall-clock seconds of one
 * `model.fit` epoch over `--samples` samples (default 2048) after a one-batch warm-up; the
 * median of `--runs` (default 3) is reported, with samples per CPU-second beside it.
 * Stock cpu is ~100× slower, so its configurations use `--slow-samples` (default 512) to keep
 * the whole run to a few minutes; throughput is a rate, so the figures stay comparable.
 *
 * Why it looks the way it does:
 * - The TypeScript module is transpiled in memory with the project's `typescript` (no build
 *   step, no files written) and evaluated with a `require` that hands it whichever tfjs build
 *   the configuration uses, so the override is measured on exactly the engine it registers in.
 * - Each configuration runs in its own child process: the gradient registry and backends are
 *   process-global, and a fresh V8 heap keeps one run's JIT/GC state out of the next.
 * - Two tfjs entries are measured: the package default for Node (`@tensorflow/tfjs` →
 *   dist/tf.node.js, ES5-compiled) and the single-file ES2017 bundle
 *   (`@tensorflow/tfjs/dist/tf.es2017.js`), whose pure-JS cpu kernels are ~3× faster. For
 *   wasm on the ES2017 entry, the wasm backend's ES2017 bundle is evaluated with its
 *   `@tensorflow/tfjs-core` import pointed at that same tfjs bundle (one engine, one registry).
 *
 * Output: a Markdown table on stdout, then one line `BENCH_JSON {...}` with every figure.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const projectRequire = createRequire(join(ROOT, 'package.json'));

/** The configurations compared. `slow` ones use --slow-samples. */
const CONFIGS = [
  // The grader itself: src/grader/core/tf.ts (tfjs-core + layers ES modules) and backend.ts's
  // initBackend (wasm + the Conv2D and MaxPool gradients), bundled by webpack as dist/ bundles them.
  { name: 'grader', entry: 'grader', backend: 'wasm' },
  // The same without one of the grader's speed-ups, to measure what each buys (A/B in one run).
  { name: 'grader with the stock GatherV2', entry: 'grader', backend: 'wasm', stock: ['registerGatherRows'] },
  { name: 'wasm+override', entry: 'default', backend: 'wasm', override: true },
  { name: 'wasm+override+maxpool', entry: 'default', backend: 'wasm', override: true, maxpool: true },
  { name: 'wasm+override (es2017)', entry: 'es2017', backend: 'wasm', override: true },
  { name: 'wasm+override+maxpool (es2017)', entry: 'es2017', backend: 'wasm', override: true, maxpool: true },
  { name: 'cpu+override', entry: 'default', backend: 'cpu', override: true },
  { name: 'cpu+override (es2017)', entry: 'es2017', backend: 'cpu', override: true },
  { name: 'cpu stock', entry: 'default', backend: 'cpu', override: false, slow: true },
  { name: 'cpu stock (es2017)', entry: 'es2017', backend: 'cpu', override: false, slow: true },
];

const ENTRY_LABEL = {
  default: '@tensorflow/tfjs (dist/tf.node.js, ES5)',
  es2017: '@tensorflow/tfjs/dist/tf.es2017.js',
  grader: "the grader's src/grader/core/tf.ts + backend.ts, bundled by webpack (as dist/)",
};

/** Where the grader's tf is bundled for the 'grader' configuration (out/ is ignored by git). */
const GRADER_BUNDLE = join(ROOT, 'out', 'bench', 'grader-tf.js');

/**
 * Bundles the grader's own tf (tf.ts + initBackend) with webpack, with the same aliases as the CLI's
 * bundle (tfRegistrations.bundled.ts), so that the 'grader' configuration measures the engine
 * `dl-course grade` trains on, not the `@tensorflow/tfjs` umbrella. Not minified (no effect on speed).
 */
async function bundleGrader() {
  const entry = join(ROOT, 'out', 'bench', 'grader-entry.mjs');
  mkdirSync(dirname(entry), { recursive: true });
  writeFileSync(
    entry,
    `export * as tf from ${JSON.stringify(join(ROOT, 'src/grader/core/tf.ts'))};\n` +
      `export { initBackend } from ${JSON.stringify(join(ROOT, 'src/grader/core/backend.ts'))};\n` +
      `export { registerGatherRows } from ${JSON.stringify(join(ROOT, 'src/grader/core/gatherRows.ts'))};\n`,
  );
  const webpack = projectRequire('webpack');
  const compiler = webpack({
    mode: 'production',
    target: 'node',
    entry,
    output: { path: dirname(GRADER_BUNDLE), filename: basename(GRADER_BUNDLE), libraryTarget: 'commonjs2' },
    optimization: { minimize: false },
    externals: { 'node-fetch': 'commonjs node-fetch' },
    resolve: {
      extensions: ['.ts', '.js'],
      alias: { [`${join(ROOT, 'src/grader/core/tfRegistrations')}$`]: join(ROOT, 'src/grader/core/tfRegistrations.bundled.ts') },
    },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: [{ loader: 'ts-loader', options: { configFile: join(ROOT, 'src/tsconfig.json'), transpileOnly: true } }],
        },
      ],
    },
    performance: { hints: false },
  });
  await new Promise((resolvePromise, reject) =>
    compiler.run((err, stats) => {
      if (err || stats.hasErrors()) reject(err ?? new Error(stats.toString('errors-only')));
      else compiler.close(() => resolvePromise());
    }),
  );
}

function parseArgs(argv) {
  const opts = { samples: 2048, slowSamples: 512, runs: 3, rounds: 1, batch: 64, model: 'course', profile: false, only: null, child: null };
  for (const arg of argv) {
    const [key, value] = arg.replace(/^--/, '').split('=');
    if (key === 'samples') opts.samples = Number(value);
    else if (key === 'slow-samples') opts.slowSamples = Number(value);
    else if (key === 'runs') opts.runs = Number(value);
    else if (key === 'batch') opts.batch = Number(value);
    else if (key === 'model') opts.model = value;
    else if (key === 'reuse-bundle') opts.reuseBundle = true;
    else if (key === 'rounds') opts.rounds = Number(value);
    else if (key === 'profile') opts.profile = true;
    else if (key === 'only') opts.only = value;
    else if (key === 'child') opts.child = value;
    else throw new Error(`unknown argument ${arg}`);
  }
  return opts;
}

/** Evaluates CommonJS source with a custom `require` (used to pin which tfjs build it sees). */
function evalCommonJs(source, filename, requireFn) {
  const module = { exports: {} };
  const wrapper = new Function('exports', 'require', 'module', '__filename', '__dirname', source);
  wrapper.call(module.exports, module.exports, requireFn, module, filename, dirname(filename));
  return module.exports;
}

/** Loads tfjs (+ wasm backend) and, if asked, the override, all bound to one engine. */
async function loadTf(config) {
  let tf;
  if (config.entry === 'grader') {
    const grader = projectRequire(GRADER_BUNDLE);
    await grader.initBackend([config.backend], join(dirname(projectRequire.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist'));
    // Registering a speed-up again returns the way back to the stock code it stands in front of.
    for (const register of config.stock ?? []) grader[register]()();
    return grader.tf;
  }
  if (config.entry === 'default') {
    tf = projectRequire('@tensorflow/tfjs');
    if (config.backend === 'wasm') projectRequire('@tensorflow/tfjs-backend-wasm');
  } else {
    tf = projectRequire('@tensorflow/tfjs/dist/tf.es2017.js');
    if (config.backend === 'wasm') {
      const file = projectRequire.resolve('@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.es2017.js');
      const fileRequire = createRequire(file);
      evalCommonJs(readFileSync(file, 'utf8'), file, (id) => (id === '@tensorflow/tfjs-core' ? tf : fileRequire(id)));
    }
  }
  // Transpiles one of the project's TypeScript modules in memory, bound to this engine.
  const loadTs = (relative) => {
    const ts = projectRequire('typescript');
    const file = join(ROOT, relative);
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    // The grader's modules import tf from './tf' (src/grader/core/tf.ts): hand them this engine.
    return evalCommonJs(outputText, file, (id) => (id === '@tensorflow/tfjs' || id === './tf' ? tf : projectRequire(id)));
  };
  if (config.override) loadTs('src/grader/core/conv2dGradient.ts').registerConv2dGradient();
  // maxpool: also the MaxPool gradient override (src/grader/core/maxPoolGradient.ts; wasm only).
  if (config.maxpool) loadTs('src/grader/core/maxPoolGradient.ts').registerMaxPoolGradient();
  await tf.setBackend(config.backend);
  await tf.ready();
  return tf;
}

/**
 * Where the time of a training batch goes. Every kernel of the active backend is wrapped to
 * accumulate its wall time (keyed by kernel and input shapes), and the optimizer's two halves are
 * wrapped to split the batch into phases: forward + loss + backward (`computeGradients`: layers,
 * engine, tape and their kernels), the optimizer's update (`applyGradients`), and the rest of the
 * fit loop (batch slicing, callbacks, log bookkeeping). Kernel time is counted inside its phase, so
 * each phase's wall minus its kernels is JavaScript bookkeeping (engine, tape, layers, optimizer).
 */
function installProfiler(tf, optimizer) {
  const kernels = new Map();
  const phases = {
    fit: { ms: 0, kernelMs: 0, calls: 0 },
    grads: { ms: 0, kernelMs: 0, calls: 0 },
    update: { ms: 0, kernelMs: 0, calls: 0 },
  };
  let phase = 'fit';
  for (const kernel of tf.getKernelsForBackend(tf.getBackend())) {
    const inner = kernel.kernelFunc;
    kernel.kernelFunc = (args) => {
      const t0 = performance.now();
      const out = inner(args);
      const dt = performance.now() - t0;
      // Keyed by input shapes too: e.g. the forward convs and the gradient convs differ.
      const key = `${kernel.kernelName} ${Object.values(args.inputs)
        .filter(Boolean)
        .map((t) => `[${t.shape}]`)
        .join('×')}`;
      const s = kernels.get(key) ?? { calls: 0, ms: 0 };
      s.calls += 1;
      s.ms += dt;
      kernels.set(key, s);
      phases[phase].kernelMs += dt;
      phases[phase].calls += 1;
      return out;
    };
  }
  const wrapPhase = (name, method) => {
    const inner = optimizer[method].bind(optimizer);
    optimizer[method] = (...a) => {
      const outer = phase;
      phase = name;
      const t0 = performance.now();
      try {
        return inner(...a);
      } finally {
        phases[name].ms += performance.now() - t0;
        phase = outer;
      }
    };
  };
  wrapPhase('grads', 'computeGradients');
  wrapPhase('update', 'applyGradients');
  return { kernels, phases };
}

/**
 * The trained model: 'course' is the workload of shared/perf (and of the PyTorch anchor);
 * 'mnist' is 18-mnist's reference solution (the learner's longest wait: conv16 5×5 → pool →
 * conv32 5×5 → pool → dense64 relu → dense10 softmax, Adam 0.002, accuracy metric; use --batch=32).
 */
function buildModel(tf, which) {
  if (which === 'mnist') {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 5, activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 32, kernelSize: 5, activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 64, activation: 'relu' }),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.002), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    return model;
  }
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

async function runChild(config, opts) {
  const tf = await loadTf(config);
  const samples = config.slow ? opts.slowSamples : opts.samples;
  const model = buildModel(tf, opts.model);
  const xs = tf.randomUniform([samples, 28, 28, 1], 0, 1, 'float32', 1);
  const labels = tf.randomUniform([samples], 0, 10, 'int32', 2);
  const ys = tf.oneHot(labels, 10);
  const fitArgs = { batchSize: opts.batch, epochs: 1, shuffle: false, verbose: 0 };

  // Warm-up batch: first-call costs (wasm operator setup, JIT, optimizer slot creation).
  await model.fit(xs.slice(0, opts.batch), ys.slice(0, opts.batch), fitArgs);

  const stats = opts.profile ? installProfiler(tf, model.optimizer) : null;
  const runs = [];
  for (let r = 0; r < opts.runs; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const history = await model.fit(xs, ys, fitArgs);
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    runs.push({
      wallS: wall,
      cpuS: (cpu.user + cpu.system) / 1e6,
      samplesPerS: samples / wall,
      samplesPerCpuS: samples / ((cpu.user + cpu.system) / 1e6),
      loss: history.history.loss[0],
    });
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const result = {
    name: config.name,
    entry: ENTRY_LABEL[config.entry],
    backend: tf.getBackend(),
    override: config.override,
    samples,
    batch: opts.batch,
    model: opts.model,
    runs,
    samplesPerS: median(runs.map((r) => r.samplesPerS)),
    samplesPerCpuS: median(runs.map((r) => r.samplesPerCpuS)),
    numTensors: tf.memory().numTensors,
  };
  if (stats) {
    const batches = (samples / opts.batch) * opts.runs;
    const totalMs = runs.reduce((a, r) => a + r.wallS, 0) * 1000;
    const kernels = [...stats.kernels.entries()]
      .map(([kernel, s]) => ({ kernel, callsPerBatch: s.calls / batches, msPerBatch: s.ms / batches }))
      .sort((a, b) => b.msPerBatch - a.msPerBatch);
    const { fit, grads, update } = stats.phases;
    fit.ms = totalMs - grads.ms - update.ms; // the rest of the batch: the fit loop around the train function
    const perBatch = (p) => ({
      msPerBatch: p.ms / batches,
      kernelMsPerBatch: p.kernelMs / batches,
      kernelCallsPerBatch: p.calls / batches,
    });
    result.profile = {
      msPerBatch: totalMs / batches,
      kernelMsPerBatch: kernels.reduce((a, k) => a + k.msPerBatch, 0),
      kernelCallsPerBatch: kernels.reduce((a, k) => a + k.callsPerBatch, 0),
      phases: { grads: perBatch(grads), update: perBatch(update), fit: perBatch(fit) },
      kernels,
    };
  }
  process.send(result);
}

function runConfigInChild(config, argv) {
  return new Promise((resolvePromise, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [...argv, `--child=${config.name}`], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let result = null;
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('message', (m) => (result = m));
    child.on('exit', (code) => {
      if (result) resolvePromise(result);
      else reject(new Error(`${config.name}: child exited ${code}\n${stderr}`));
    });
  });
}

/** The per-batch profile as Markdown: phases (kernels vs bookkeeping), then the costliest kernels. */
function printProfile(r, top = 20, log = console.log) {
  const p = r.profile;
  log(
    `\nPer-batch profile of ${r.name} (${r.model === 'mnist' ? "18-mnist's model" : 'course CNN'}, batch ${r.batch ?? 64}; timing every kernel adds some overhead): ${fmt(p.msPerBatch, 2)} ms/batch, ` +
      `${fmt(p.kernelMsPerBatch, 2)} ms in ${fmt(p.kernelCallsPerBatch, 0)} kernel calls, ${fmt(p.msPerBatch - p.kernelMsPerBatch, 2)} ms outside kernels`,
  );
  log('| phase | ms/batch | in kernels | outside kernels (engine, tape, layers, optimizer JS) | kernel calls |');
  log('|---|---|---|---|---|');
  const names = {
    grads: 'forward + loss + backward (optimizer.computeGradients)',
    update: 'optimizer update (optimizer.applyGradients)',
    fit: 'fit loop around them (batch slicing, callbacks, logs)',
  };
  for (const [key, label] of Object.entries(names)) {
    const ph = p.phases[key];
    log(
      `| ${label} | ${fmt(ph.msPerBatch, 2)} | ${fmt(ph.kernelMsPerBatch, 2)} | ${fmt(ph.msPerBatch - ph.kernelMsPerBatch, 2)} | ${fmt(ph.kernelCallsPerBatch, 0)} |`,
    );
  }
  log('| kernel [input shapes] | calls/batch | ms/batch |');
  log('|---|---|---|');
  for (const k of p.kernels.slice(0, top)) log(`| ${k.kernel} | ${fmt(k.callsPerBatch, 1)} | ${fmt(k.msPerBatch, 3)} |`);
}

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main() {
  const argv = process.argv.slice(2);
  const opts = parseArgs(argv);
  if (opts.child) {
    const config = CONFIGS.find((c) => c.name === opts.child);
    if (!config) throw new Error(`unknown configuration ${opts.child}`);
    await runChild(config, opts);
    return;
  }
  // --only=a,b: exact names when a comma list is given, else every name containing the word.
  // A single word that is a configuration's whole name selects that one alone.
  const wanted = opts.only?.includes(',') || CONFIGS.some((c) => c.name === opts.only) ? opts.only.split(',') : null;
  const selected = CONFIGS.filter((c) => !opts.only || (wanted ? wanted.includes(c.name) : c.name.includes(opts.only)));
  // --rounds=N runs the selection N times in turn (A B A B …) so that load on a shared machine
  // hits every configuration alike; each configuration's runs are pooled and the median taken.
  // --reuse-bundle: keep the grader's bundle of an earlier run of this process tree (bench.mjs).
  if (selected.some((c) => c.entry === 'grader') && !(opts.reuseBundle && existsSync(GRADER_BUNDLE))) {
    process.stderr.write("bundling the grader's tf (webpack)…\n");
    await bundleGrader();
  }
  const results = selected.map((config) => ({ name: config.name, runs: [] }));
  for (let round = 0; round < opts.rounds; round++) {
    for (const [i, config] of selected.entries()) {
      process.stderr.write(`running ${config.name}${opts.rounds > 1 ? ` (round ${round + 1}/${opts.rounds})` : ''} ...\n`);
      try {
        const r = await runConfigInChild(config, argv);
        results[i] = { ...r, runs: [...(results[i].runs ?? []), ...r.runs] };
      } catch (err) {
        results[i] = { name: config.name, error: String(err.message).split('\n').slice(0, 3).join(' ') };
      }
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const r of results.filter((x) => !x.error && x.runs.length)) {
    r.samplesPerS = median(r.runs.map((x) => x.samplesPerS));
    r.samplesPerCpuS = median(r.runs.map((x) => x.samplesPerCpuS));
  }

  const cpuModel = os.cpus()[0]?.model ?? 'unknown cpu';
  console.log(
    `\n${opts.model === 'mnist' ? "18-mnist's model" : 'Course CNN'} training throughput — ${os.cpus().length}× ${cpuModel}, Node ${process.version}`,
  );
  console.log(
    `batch ${opts.batch}, median of ${opts.runs * opts.rounds} epochs after a warm-up batch` +
      `${opts.rounds > 1 ? ` (${opts.rounds} alternating rounds of ${opts.runs})` : ''}\n`,
  );
  console.log('| configuration | tfjs entry | backend | samples | samples/s (median) | samples/CPU-s | runs (samples/s) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    if (r.error) {
      console.log(`| ${r.name} | | | | failed: ${r.error} | | |`);
      continue;
    }
    const each = r.runs.map((x) => fmt(x.samplesPerS)).join(', ');
    console.log(`| ${r.name} | ${r.entry} | ${r.backend} | ${r.samples} | ${fmt(r.samplesPerS)} | ${fmt(r.samplesPerCpuS)} | ${each} |`);
  }
  for (const r of results.filter((x) => x.profile)) printProfile(r);
  console.log(
    'BENCH_JSON ' + JSON.stringify({ machine: { cpus: os.cpus().length, model: cpuModel, node: process.version }, opts, results }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
