import { schemeTableau10 } from 'd3-scale-chromatic';
import {
  FUNCTIONS_1D,
  SURFACES,
  contourThresholds,
  curvePoints,
  logSlider,
  logSliderPosition,
  lossExtent,
  lossGrid,
  lossSeries,
  outcomeMessage,
  pathPoints,
  roundRate,
  runOutcome,
  summarizeRun,
  type Fn1DName,
  type SurfaceName,
  type Vec2,
} from '../../src/shared/charts/gradientDescent';
import { pick, type Lang, type Localized } from '../../src/shared/i18n';
import {
  isHostToGradientDescent,
  type GradientDescentToHost,
  type NeuronData,
  type Path1DData,
  type Paths2DData,
  type TrainData,
} from '../../src/shared/protocol/gradientDescent';
import type { CodeMessage } from '../../src/shared/protocol/learnerPanel';
import { createBrowserGrader } from '../common/graderClient';
import { el } from '../common/dom';
import { LatestProbe, debounce, exercisePicker, fmtNum, labelled, range, select, toggledTable } from '../common/panelKit';
import { onHostMessage, pageConfig, postToHost, vscodeApi } from '../common/vscodeApi';
import { drawContours2D, drawCurve1D, drawLossChart, type LossSeries, type Trajectory } from './draw';
import * as l10n from '@vscode/l10n';
import { useLanguage } from '../common/l10n';

/**
 * The gradient-descent page: exercise 09 (the learner's 1-D descent on a curve), 10 (their
 * update rules on 2-D loss contours beside tf.train's), 11 (a neuron trained with their
 * gradients), 12 (their training loop's loss curve). Settings are kept with setState.
 */
interface State {
  exerciseId?: string;
  fn?: Fn1DName;
  lr1?: number;
  x0?: number;
  epsilon?: number;
  maxSteps?: number;
  surface?: SurfaceName;
  lr?: number;
  adamLr?: number;
  momentum?: number;
  start?: Vec2;
  lr11?: number;
  steps11?: number;
  lr12?: number;
  epochs12?: number;
}

/** The page's words in the course language (`useLanguage` chose the l10n bundle). */
const t = () => ({
  stopTest: (g: string, e: number, ok: boolean) =>
    l10n.t('|∇f(x)| = {0} {1} ε = {2}: {3}', g, ok ? '<' : '≥', e, ok ? l10n.t('the loop stops here') : l10n.t('keep going')),
  starting: l10n.t('Starting TensorFlow.js…'),
  running: l10n.t('Running your code…'),
  fn: l10n.t('Function'),
  lr: l10n.t('Learning rate α'),
  lrAdam: l10n.t('Adam learning rate'),
  momentum: l10n.t('Momentum μ'),
  eps: l10n.t('ε (stop when |∇f| < ε)'),
  maxSteps: l10n.t('maxSteps'),
  start: l10n.t('Start x₀ (drag the triangle)'),
  startPoint: l10n.t('Start point (click the chart)'),
  step: l10n.t('Step'),
  play: l10n.t('Play'),
  pause: l10n.t('Pause'),
  back: l10n.t('Previous step'),
  fwd: l10n.t('Next step'),
  surface: l10n.t('Loss'),
  loss: l10n.t('loss'),
  steps: l10n.t('step'),
  epochs: l10n.t('epochs'),
  x: l10n.t('x'),
  fx: l10n.t('f(x)'),
  grad: l10n.t("f'(x)"),
  stop: l10n.t('|∇f| < ε'),
  yes: l10n.t('yes'),
  no: l10n.t('no'),
  opt: l10n.t('optimiser'),
  yours: l10n.t('yours'),
  tf: l10n.t('tf.train'),
  final: l10n.t('final loss'),
  dist: l10n.t('distance to the minimum'),
  gap: l10n.t('largest gap to tf'),
  diverged: l10n.t('diverged'),
  sgd: l10n.t('SGD'),
  momentumN: l10n.t('momentum'),
  adam: l10n.t('Adam'),
  learner: l10n.t('your gradients'),
  reference: l10n.t('tf.grads'),
  firstGrads: l10n.t('first step’s gradients'),
  w: l10n.t('weight'),
  learned: l10n.t('learned'),
  truth: l10n.t('true'),
  neuronNote: l10n.t(
    'One sigmoid neuron trained by gradient descent on 24 seeded points (is x₁ + x₂ > 0.5?): once with your neuronGradients, once with tf.grads. Equal curves mean equal gradients.',
  ),
  trainNote: l10n.t('Your train on 64 seeded points of y = 2x₁ − 3x₂ + 0.5 + noise: the loss at each epoch.'),
  noCode: l10n.t('No code yet.'),
  calls: l10n.t('calls to grad'),
});
const COLORS = { sgd: schemeTableau10[0]!, momentum: schemeTableau10[1]!, adam: schemeTableau10[4]! };

let lang: Lang = pageConfig('lang') === 'fr' ? 'fr' : 'en';
useLanguage(lang);
const api = vscodeApi<State>();
const state: State = { ...(api.getState() ?? {}), exerciseId: api.getState()?.exerciseId ?? pageConfig('exerciseId') };
const save = () => api.setState(state);
const post = (m: GradientDescentToHost) => postToHost(m);

const root = document.getElementById('root')!;
const header = el('div', 'panel-header');
const controls = el('div', 'controls');
const player = el('div', 'controls player');
const status = el('div', 'status', t().starting);
status.setAttribute('role', 'status');
const message = el('div', 'outcome');
message.setAttribute('aria-live', 'polite');
const chart = el('div', 'chart-box');
const chart2 = el('div', 'chart-box');
const tables = el('div', 'tables');
root.append(header, controls, player, status, message, chart, chart2, tables);

const grader = createBrowserGrader();
const probe = new LatestProbe(grader);
let code: CodeMessage | undefined;
let shown = 0;
let timer: ReturnType<typeof setInterval> | undefined;
let redraw: () => void = () => undefined;
let maxStep = 0;

/** The view the exercise's exercise.json declares for this panel (sent with its code). */
const view = (c: CodeMessage): '1d' | '2d' | 'neuron' | 'train' => (c.panel?.panel === 'gradientDescent' ? c.panel.view : 'train');
const width = () => Math.max(320, Math.min(900, root.clientWidth - 8));

/** A log-scale learning-rate slider with its value shown. */
function rateSlider(label: string, lo: number, hi: number, value: number, onChange: (v: number) => void, cls: string): HTMLLabelElement {
  const out = el('output', 'value', String(value));
  const r = range(0, 1, 0.005, logSliderPosition(value, lo, hi), (p) => {
    const v = roundRate(logSlider(p, lo, hi));
    out.textContent = String(v);
    r.setAttribute('aria-valuetext', String(v));
    onChange(v);
  });
  r.className = cls;
  r.setAttribute('aria-valuetext', String(value));
  const l = labelled(label, r);
  l.append(out);
  return l;
}

function stop(): void {
  if (timer) clearInterval(timer);
  timer = undefined;
}

/** Step-through controls over 0…maxStep; play animates. */
function renderPlayer(): void {
  player.replaceChildren();
  const stepOut = el('output', 'value step-value', `${shown} / ${maxStep}`);
  const slider = range(0, maxStep, 1, shown, (v) => {
    stop();
    shown = v;
    stepOut.textContent = `${shown} / ${maxStep}`;
    redraw();
  });
  slider.className = 'step-slider';
  const back = el('button', 'secondary step-back', '−1');
  back.title = t().back;
  back.setAttribute('aria-label', t().back);
  const fwd = el('button', 'secondary step-forward', '+1');
  fwd.title = t().fwd;
  fwd.setAttribute('aria-label', t().fwd);
  const play = el('button', 'play', timer ? t().pause : t().play);
  const set = (v: number) => {
    shown = Math.max(0, Math.min(maxStep, v));
    slider.value = String(shown);
    stepOut.textContent = `${shown} / ${maxStep}`;
    redraw();
  };
  back.addEventListener('click', () => {
    stop();
    play.textContent = t().play;
    set(shown - 1);
  });
  fwd.addEventListener('click', () => {
    stop();
    play.textContent = t().play;
    set(shown + 1);
  });
  play.addEventListener('click', () => {
    if (timer) {
      stop();
      play.textContent = t().play;
      return;
    }
    if (shown >= maxStep) set(0);
    play.textContent = t().pause;
    timer = setInterval(
      () => {
        if (shown >= maxStep) {
          stop();
          play.textContent = t().play;
          return;
        }
        set(shown + 1);
      },
      maxStep > 100 ? 30 : 120,
    );
  });
  const l = labelled(t().step, slider);
  l.append(stepOut);
  player.append(back, play, fwd, l);
}

function defaults(id: string): void {
  Object.assign(
    state,
    {
      fn: 'square',
      lr1: 0.1,
      x0: FUNCTIONS_1D.square.defaultStart,
      epsilon: 1e-3,
      maxSteps: 50,
      surface: 'bowl',
      lr: SURFACES.bowl.defaults.learningRate,
      adamLr: SURFACES.bowl.defaults.adamLearningRate,
      momentum: SURFACES.bowl.defaults.momentum,
      lr11: 2,
      steps11: 100,
      lr12: 0.3,
      epochs12: 100,
    } satisfies State,
    { exerciseId: id },
  );
}

function renderControls(): void {
  header.replaceChildren();
  controls.replaceChildren();
  if (!code) return;
  header.append(el('h2', 'title', `${code.exerciseId} · ${pick(code.title, lang)}`));
  if (code.exercises.length > 1) header.append(exercisePicker(code, lang, (id) => post({ type: 'selectExercise', exerciseId: id })));
  const v = view(code);
  const later = debounce(() => {
    scheduled = false;
    void refresh();
  }, 120);
  const soon = (): void => {
    scheduled = true;
    showBusy();
    later();
  };
  if (v === '1d') {
    controls.append(
      labelled(
        t().fn,
        select(
          Object.values(FUNCTIONS_1D).map((f) => ({ value: f.name, label: pick(f.label, lang) })),
          state.fn!,
          (x) => {
            state.fn = x as Fn1DName;
            state.x0 = FUNCTIONS_1D[state.fn].defaultStart;
            void refresh();
          },
        ),
      ),
    );
    controls.append(
      rateSlider(
        t().lr,
        1e-3,
        2,
        state.lr1!,
        (x) => {
          state.lr1 = x;
          soon();
        },
        'learning-rate',
      ),
    );
    controls.append(
      labelled(
        t().eps,
        select(
          ['0.1', '0.01', '0.001', '0.0001'].map((x) => ({ value: x, label: lang === 'fr' ? x.replace('.', ',') : x })),
          String(state.epsilon),
          (x) => {
            state.epsilon = Number(x);
            void refresh();
          },
        ),
      ),
    );
    const n = el('input');
    n.type = 'number';
    n.min = '0';
    n.max = '1000';
    n.value = String(state.maxSteps);
    n.addEventListener('change', () => {
      state.maxSteps = Math.max(0, Math.min(1000, Math.round(Number(n.value) || 0)));
      void refresh();
    });
    controls.append(labelled(t().maxSteps, n));
    const x0 = el('input');
    x0.type = 'number';
    x0.step = '0.1';
    x0.value = String(state.x0);
    x0.className = 'start-x';
    x0.addEventListener('change', () => {
      state.x0 = Number(x0.value) || 0;
      void refresh();
    });
    controls.append(labelled(t().start, x0));
  } else if (v === '2d') {
    controls.append(
      labelled(
        t().surface,
        select(
          Object.values(SURFACES).map((s) => ({ value: s.name, label: pick(s.label, lang) })),
          state.surface!,
          (x) => {
            state.surface = x as SurfaceName;
            const d = SURFACES[state.surface].defaults;
            Object.assign(state, { lr: d.learningRate, adamLr: d.adamLearningRate, momentum: d.momentum, start: undefined });
            renderControls();
            void refresh();
          },
        ),
      ),
    );
    controls.append(
      rateSlider(
        `${t().lr} (SGD, momentum)`,
        1e-4,
        1,
        state.lr!,
        (x) => {
          state.lr = x;
          soon();
        },
        'learning-rate',
      ),
    );
    controls.append(
      rateSlider(
        t().lrAdam,
        1e-3,
        2,
        state.adamLr!,
        (x) => {
          state.adamLr = x;
          soon();
        },
        'adam-learning-rate',
      ),
    );
    const out = el('output', 'value', String(state.momentum));
    const r = range(0, 0.99, 0.01, state.momentum!, (x) => {
      state.momentum = x;
      out.textContent = String(x);
      soon();
    });
    r.className = 'momentum';
    const l = labelled(t().momentum, r);
    l.append(out);
    controls.append(l);
  } else if (v === 'neuron') {
    controls.append(
      rateSlider(
        t().lr,
        1e-2,
        20,
        state.lr11!,
        (x) => {
          state.lr11 = x;
          soon();
        },
        'learning-rate',
      ),
    );
  } else {
    controls.append(
      rateSlider(
        t().lr,
        1e-3,
        3,
        state.lr12!,
        (x) => {
          state.lr12 = x;
          soon();
        },
        'learning-rate',
      ),
    );
  }
}

function fail(error: Localized | string): void {
  status.textContent = typeof error === 'string' ? error : pick(error, lang);
  status.className = 'status error';
  chart.replaceChildren();
  chart2.replaceChildren();
  tables.replaceChildren();
  message.replaceChildren();
  player.replaceChildren();
}

/** A change waiting for its debounce, or a run in progress: the page is `aria-busy` until its result is drawn. */
let scheduled = false;
let running = 0;
function showBusy(): void {
  document.body.setAttribute('aria-busy', String(scheduled || running > 0));
}

async function refresh(): Promise<void> {
  running++;
  showBusy();
  try {
    await draw();
  } finally {
    running--;
    showBusy();
  }
}

async function draw(): Promise<void> {
  save();
  stop();
  if (!code) return;
  if (!code.code.ok) return fail(code.code.message || t().noCode);
  status.textContent = t().running;
  status.className = 'status running';
  const v = view(code);
  if (v === '1d') {
    const r = await probe.run(
      code,
      'gradientDescent.path1d',
      { fn: state.fn, x0: state.x0, learningRate: state.lr1, epsilon: state.epsilon, maxSteps: state.maxSteps },
      lang,
    );
    if (!r) return;
    if (!r.ok) return fail(r.error);
    show1d(r.data);
  } else if (v === '2d') {
    const s = SURFACES[state.surface!];
    const r = await probe.run(
      code,
      'gradientDescent.paths2d',
      {
        surface: s.name,
        start: state.start ?? s.defaultStart,
        learningRate: state.lr,
        adamLearningRate: state.adamLr,
        momentum: state.momentum,
        steps: s.defaults.steps,
      },
      lang,
    );
    if (!r) return;
    if (!r.ok) return fail(r.error);
    show2d(r.data);
  } else if (v === 'neuron') {
    const r = await probe.run(code, 'gradientDescent.neuron', { learningRate: state.lr11, steps: state.steps11 }, lang);
    if (!r) return;
    if (!r.ok) return fail(r.error);
    showNeuron(r.data);
  } else {
    const r = await probe.run(code, 'gradientDescent.train', { learningRate: state.lr12, epochs: state.epochs12 }, lang);
    if (!r) return;
    if (!r.ok) return fail(r.error);
    showTrain(r.data);
  }
  status.textContent = '';
  status.className = 'status';
}

function show1d(d: Path1DData): void {
  const fn = FUNCTIONS_1D[state.fn!];
  const points = pathPoints(fn, d.path, state.epsilon!);
  const outcome = runOutcome(fn, d.path, state.lr1!, state.epsilon!, state.maxSteps!);
  maxStep = Math.max(0, points.length - 1);
  shown = maxStep;
  message.className = `outcome ${outcome}`;
  message.textContent = pick(outcomeMessage(outcome, maxStep, state.epsilon!, state.lr1!), lang);
  const stopLine = el('div', 'stop-test');
  const curve = curvePoints(fn);
  redraw = () => {
    drawCurve1D(
      chart,
      { curve, points, shown, domain: fn.domain },
      {
        width: width(),
        height: 320,
        xLabel: 'x',
        yLabel: fn.formula,
        startLabel: t().start,
        onStart: (x) => {
          state.x0 = x;
          renderControls();
          void refresh();
        },
      },
    );
    const p = points[shown];
    stopLine.textContent = p ? `x${shown} = ${fmtNum(p.x, 6)} — ${t().stopTest(fmtNum(Math.abs(p.grad), 4), state.epsilon!, p.flat)}` : '';
    stopLine.className = `stop-test ${p?.flat ? 'met' : ''}`;
    chart.append(stopLine);
  };
  renderPlayer();
  redraw();
  chart2.replaceChildren();
  tables.replaceChildren(
    toggledTable(
      `${fn.formula}, α = ${state.lr1}, ε = ${state.epsilon} — ${d.gradCalls} ${t().calls}`,
      [t().step, t().x, t().fx, t().grad, t().stop],
      points.map((p) => [p.step, p.x, p.y, p.grad, p.flat ? t().yes : t().no]),
      lang,
    ),
  );
}

function show2d(d: Paths2DData): void {
  const s = SURFACES[state.surface!];
  const grid = lossGrid(s, 120, 120);
  const thresholds = contourThresholds(grid.values, 18, s.logContours);
  const name = { sgd: t().sgd, momentum: t().momentumN, adam: t().adam };
  const trajectories: Trajectory[] = d.runs.flatMap((r) => [
    ...(r.learner
      ? [{ key: r.optimizer, label: `${name[r.optimizer]} (${t().yours})`, color: COLORS[r.optimizer], dashed: false, path: r.learner }]
      : []),
    { key: r.optimizer, label: `${name[r.optimizer]} (${t().tf})`, color: COLORS[r.optimizer], dashed: true, path: r.reference },
  ]);
  maxStep = Math.max(...trajectories.map((x) => x.path.length - 1));
  shown = maxStep;
  const errors = d.runs.filter((r) => r.error).map((r) => `${name[r.optimizer]}: ${pick(r.error!, lang)}`);
  message.className = `outcome ${errors.length ? 'error' : ''}`;
  message.textContent = errors.join('\n');
  const series: LossSeries[] = trajectories.map((x) => ({
    key: x.key,
    label: x.label,
    color: x.color,
    dashed: x.dashed,
    values: lossSeries(s, x.path),
  }));
  const extent = lossExtent(
    series.map((x) => x.values),
    true,
  );
  redraw = () => {
    drawContours2D(
      chart,
      { surface: s, grid, thresholds, trajectories, shown },
      {
        width: width(),
        height: Math.round(width() * 0.6),
        startLabel: t().startPoint,
        onStart: (p) => {
          state.start = p;
          void refresh();
        },
      },
    );
    drawLossChart(chart2, series, {
      width: width(),
      height: 220,
      log: true,
      extent,
      xLabel: t().steps,
      yLabel: `${t().loss} — ${s.formula}`,
      marker: shown,
    });
  };
  renderPlayer();
  redraw();
  tables.replaceChildren(
    toggledTable(
      pick(s.label, lang),
      [t().opt, t().final, t().dist, t().gap, t().diverged],
      d.runs.flatMap((r) => {
        const ref = summarizeRun(s, r.reference);
        const rows: (string | number)[][] = [
          [`${name[r.optimizer]} (${t().tf})`, ref.finalLoss, ref.distanceToMinimum, '', ref.diverged ? t().yes : t().no],
        ];
        if (r.learner) {
          const mine = summarizeRun(s, r.learner, r.reference);
          rows.unshift([
            `${name[r.optimizer]} (${t().yours})`,
            mine.finalLoss,
            mine.distanceToMinimum,
            mine.maxGapToReference ?? '',
            mine.diverged ? t().yes : t().no,
          ]);
        } else rows.unshift([`${name[r.optimizer]} (${t().yours})`, pick(r.error!, lang), '', '', '']);
        return rows;
      }),
      lang,
    ),
  );
}

function showNeuron(d: NeuronData): void {
  player.replaceChildren();
  message.className = 'outcome';
  message.textContent = t().neuronNote;
  const series: LossSeries[] = [
    { key: 'learner', label: t().learner, color: COLORS.sgd, dashed: false, values: d.learnerLosses },
    { key: 'reference', label: t().reference, color: COLORS.momentum, dashed: true, values: d.referenceLosses },
  ];
  redraw = () =>
    drawLossChart(chart, series, {
      width: width(),
      height: 300,
      log: false,
      extent: lossExtent(
        series.map((s) => s.values),
        false,
      ),
      xLabel: t().steps,
      yLabel: 'E = ½(y − ŷ)²',
    });
  redraw();
  chart2.replaceChildren();
  const g = d.firstGradients;
  tables.replaceChildren(
    toggledTable(
      t().firstGrads,
      ['', 'dw₁', 'dw₂', 'db'],
      [
        [t().learner, g.learner.dw[0]!, g.learner.dw[1]!, g.learner.db],
        [t().reference, g.reference.dw[0]!, g.reference.dw[1]!, g.reference.db],
      ],
      lang,
      true,
    ),
    toggledTable(
      t().loss,
      [t().step, t().learner, t().reference],
      d.learnerLosses.map((v, i) => [i, v, d.referenceLosses[i]!]),
      lang,
    ),
  );
}

function showTrain(d: TrainData): void {
  player.replaceChildren();
  message.className = 'outcome';
  message.textContent = t().trainNote;
  const series: LossSeries[] = [{ key: 'learner', label: 'train(…).losses', color: COLORS.sgd, dashed: false, values: d.losses }];
  const log = d.losses.every((v) => v > 0);
  redraw = () =>
    drawLossChart(chart, series, {
      width: width(),
      height: 300,
      log,
      extent: lossExtent([d.losses], log),
      xLabel: t().epochs,
      yLabel: 'MSE',
    });
  redraw();
  chart2.replaceChildren();
  tables.replaceChildren(
    toggledTable(
      `${t().w}`,
      ['', 'w₁', 'w₂', 'b'],
      [
        [t().learned, d.kernel[0] ?? NaN, d.kernel[1] ?? NaN, d.bias[0] ?? NaN],
        [t().truth, d.trueKernel[0]!, d.trueKernel[1]!, d.trueBias[0]!],
      ],
      lang,
      true,
    ),
    toggledTable(
      t().loss,
      [t().epochs, 'MSE'],
      d.losses.map((v, i) => [i + 1, v]),
      lang,
    ),
  );
}

onHostMessage(isHostToGradientDescent, (m) => {
  if (m.type === 'setLang') {
    lang = m.lang;
    useLanguage(lang);
    renderControls();
    void refresh();
    return;
  }
  const switched = !code || code.exerciseId !== m.exerciseId;
  code = m;
  if (switched && (state.exerciseId !== m.exerciseId || state.fn === undefined)) defaults(m.exerciseId);
  state.exerciseId = m.exerciseId;
  renderControls();
  void refresh();
});

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => redraw(), 200);
});
void grader.warm().catch((e: Error) => {
  status.textContent = e.message;
});
post({ type: 'ready' });
