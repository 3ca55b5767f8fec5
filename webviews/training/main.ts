import type { CosFitResult, CosModel } from '../../src/grader/core/probes/training';
import type { ConfusionReport, GroupAccuracyReport, TrainingProgress } from '../../src/shared/grading';
import {
  accuracyDomain,
  appendProgress,
  confusionData,
  curveSeries,
  withBatches,
  fitSegments,
  fitSentence,
  groupAccuracyTable,
  fromBase64,
  progressFraction,
  reachedInOneEpoch,
  readFit,
  toRgba,
  type Series,
} from '../../src/shared/charts/training';
import { both, L, pick, type Lang, type Localized } from '../../src/shared/i18n';
import { exerciseNumber, exercisesDeclaring, type PanelExercise } from '../../src/shared/manifest';
import type { LearnerCodeMessage } from '../../src/shared/protocol/learnerPanel';
import { OWN_IMAGES, OWN_IMAGES_PROBE, type OwnImagesParams, type OwnImagesResult } from '../../src/shared/protocol/ownImages';
import {
  isHostToTraining,
  type HostToTraining,
  type TrainingCheck,
  type TrainingRun,
  type TrainingState,
  type TrainingToHost,
} from '../../src/shared/protocol/training';
import { chartTable, drawGroupedBars, drawLines, formatNumber, PALETTE, pixelCanvas } from '../common/chartKit';
import { card, el } from '../common/dom';
import { createBrowserGrader } from '../common/graderClient';
import { onHostMessage, pageConfig, postToHost, vscodeApi } from '../common/vscodeApi';
import { drawConfusion } from './draw';
import * as l10n from '@vscode/l10n';
import { useLanguage, withExercises } from '../common/l10n';

/**
 * The training page: curves of the check in progress (relayed by the host as the grader trains),
 * a progress bar, the confusion matrix of classifiers (click a cell → its images), and for
 * the exercise that declares the cos view the fit of the learner's regressor on noisy cos(x),
 * trained here by a probe.
 */
/** The course's exercises with panels (from `init`): the training exercises and the cos(x) one, named by their numbers. */
let exercises: readonly PanelExercise[] = [];
// The first that declares it, as on the host (trainingPanel.ts cosExercise).
const cosExercises = () => exercisesDeclaring(exercises, 'training', (d) => d.view === 'cos').slice(0, 1);

/** The page's words in the course language (`useLanguage` chose the l10n bundle). */
const t = () => ({
  status: {
    passed: l10n.t('passed'),
    failed: l10n.t('failed'),
    error: l10n.t('error'),
    timeout: l10n.t('timed out'),
    cancelled: l10n.t('cancelled'),
    running: l10n.t('running'),
    pending: l10n.t('pending'),
    finished: l10n.t('finished'),
  } as Record<string, string>,
  title: l10n.t('Training'),
  stoppedAt: l10n.t('stopped early at'),
  oneEpoch: l10n.t('Reached its target in the first epoch, so training stopped there: each curve has a single epoch.'),
  runTab: l10n.t('Last check'),
  cosTab: withExercises(l10n.t('cos(x): under- and over-fitting'), cosExercises()),
  tables: l10n.t('Data tables'),
  cancel: l10n.t('Cancel'),
  empty: l10n.t(
    'Run “DL Course: Check Exercise” on a training exercise ({0}): its loss and accuracy curves appear here while the grader trains.',
    exercisesDeclaring(exercises, 'training')
      .map((e) => exerciseNumber(e.id))
      .join(', '),
  ),
  epoch: l10n.t('epoch'),
  loss: l10n.t('loss'),
  acc: l10n.t('accuracy'),
  train: l10n.t('training'),
  validation: l10n.t('validation'),
  running: l10n.t('training…'),
  done: l10n.t('finished'),
  cancelled: l10n.t('stopped'),
  confusion: l10n.t('Confusion matrix'),
  actual: l10n.t('actual'),
  predicted: l10n.t('predicted'),
  normalised: l10n.t('Share of each row'),
  pickCell: l10n.t('Click a cell (or focus it and press Enter) to see its images.'),
  noImages: l10n.t('No images were kept for this cell.'),
  someShown: (shown: number, count: number) => l10n.t('{0} of {1} shown (the grader keeps a few images per cell).', shown, count),
  noTraining: l10n.t('did not train: the check stopped before (its message is in the results panel)'),
  accuracy: l10n.t('accuracy'),
  worst: l10n.t('most frequent mistake'),
  model: l10n.t('Model'),
  learner: l10n.t('your buildRegressor()'),
  linear: l10n.t('a straight line (under-fits)'),
  large: l10n.t('a large network (over-fits)'),
  trainButton: l10n.t('Train'),
  points: l10n.t('training points (20)'),
  valPoints: l10n.t('validation points'),
  truth: l10n.t('cos(x)'),
  fit: l10n.t('fit'),
  shownEpoch: l10n.t('epoch shown'),
  noCos: l10n.t('No exercise of this course folder fits a model to cos(x).'),
  trainingCos: l10n.t('Training on the 20 points… (same data, 500 epochs and Adam 0.01 as the check)'),
  waiting: l10n.t('waiting for its turn to train…'),
  mse: l10n.t('MSE'),
  x: l10n.t('x'),
  y: l10n.t('y'),
  params: l10n.t('parameters'),
  readingHelp: l10n.t(
    'Drag the slider to replay the three trainings: the straight line never bends, a well-sized model bends towards cos(x), and the large network starts chasing the noise while its validation loss rises.',
  ),
  finishedOwn: l10n.t('finished'),
  reading: (n: number) => l10n.t('reading and resizing your {0} images…', n),
  heldOut: l10n.t('held out'),
  ownClasses: l10n.t('Your classes'),
  className: l10n.t('class'),
  trainImages: l10n.t('training images'),
  testImages: l10n.t('held-out images'),
  right: l10n.t('held out right'),
  groupsTitle: l10n.t('Accuracy per group of the held-out images'),
  groupsHelp: l10n.t(
    'The same model, trained on each set in turn: a group near 0 % means the model decides from the background, not the animal.',
  ),
  group: l10n.t('group'),
  trainedOn: l10n.t('trained on'),
});

let lang: Lang = pageConfig('lang') === 'fr' ? 'fr' : 'en';
useLanguage(lang);
const post = (m: TrainingToHost) => postToHost(m);
const api = vscodeApi<TrainingState>();
let state: TrainingState = api.getState() ?? { tables: false, view: 'run', normalised: false };
const save = (s: Partial<TrainingState>) => {
  state = { ...state, ...s };
  api.setState(state);
};

let run: TrainingRun | undefined;
let selectedCell: { actual: number; predicted: number } | undefined;
let cos: { exerciseId: string; code: LearnerCodeMessage } | undefined;
/** Exercise 17's three fits, side by side: under-fitting, the learner's, over-fitting (trained in this order of need). */
const COS_MODELS: readonly CosModel[] = ['linear', 'learner', 'large'];
const COS_ORDER: readonly CosModel[] = ['learner', 'linear', 'large'];
let cosResults: Partial<Record<CosModel, CosFitResult>> = {};
let cosErrors: Partial<Record<CosModel, string>> = {};
/** What each result was trained from (the learner's code, or nothing for the reference models). */
let cosKeys: Partial<Record<CosModel, string>> = {};
let cosLive: TrainingProgress[] = [];
let cosBusy: CosModel | undefined;
let cosEpoch: number | undefined;
let grader: ReturnType<typeof createBrowserGrader> | undefined;
/** The last "train on my images" run: its own grader (so Cancel stops only it), its outcome. */
const OWN_CHECK = 'own-images';
let own:
  | {
      run: TrainingRun;
      count: number;
      warnings: readonly Localized[];
      notes: readonly Localized[];
      result?: OwnImagesResult;
      error?: Localized;
    }
  | undefined;
let ownGrader: ReturnType<typeof createBrowserGrader> | undefined;

// ---- skeleton ----
const root = document.getElementById('root')!;
const h2 = el('h2', 'title');
const tabs = el('div', 'tabs');
tabs.setAttribute('role', 'tablist');
const runTab = el('button', 'secondary');
runTab.id = 'tab-run';
const cosTab = el('button', 'secondary');
cosTab.id = 'tab-cos';
tabs.append(runTab, cosTab);
const toolbar = el('div', 'toolbar');
const tablesLabel = el('label');
const tablesBox = el('input');
tablesBox.type = 'checkbox';
tablesBox.id = 'tables';
const tablesText = el('span');
tablesLabel.append(tablesBox, tablesText);
toolbar.append(tablesLabel);
const content = el('div', 'content');
root.append(h2, tabs, toolbar, content);
runTab.addEventListener('click', () => {
  save({ view: 'run' });
  render();
});
cosTab.addEventListener('click', () => {
  save({ view: 'cos' });
  render();
  maybeTrainCos();
});
tablesBox.addEventListener('change', () => {
  save({ tables: tablesBox.checked });
  document.body.classList.toggle('tables', tablesBox.checked);
});

function chrome(): void {
  h2.textContent = t().title;
  runTab.textContent = t().runTab;
  cosTab.textContent = t().cosTab;
  runTab.setAttribute('aria-pressed', String(state.view === 'run'));
  cosTab.setAttribute('aria-pressed', String(state.view === 'cos'));
  tablesText.textContent = t().tables;
  tablesBox.checked = state.tables;
  document.body.classList.toggle('tables', state.tables);
}

const colours = { train: PALETTE[0]!, validation: PALETTE[1]! };
function curvesChart(
  parent: HTMLElement,
  id: string,
  series: Series[],
  yLabel: string,
  epochs: number,
  logY = false,
  marker?: number,
  validationName: string = t().validation,
  yDomain?: readonly [number, number],
): void {
  const seriesName = (s: Series) => (s.key === 'train' ? t().train : validationName);
  const box = el('div', 'chart-box');
  box.id = id;
  parent.append(box);
  drawLines(
    box,
    {
      series: series.map((s) => ({
        name: seriesName(s),
        colour: colours[s.key],
        ...(s.key === 'validation' ? { dash: '6 3' } : {}),
        points: s.points.map((p) => ({ x: p.epoch, y: p.value })),
      })),
      xLabel: t().epoch,
      yLabel,
      // From 0 when a point lies before the first epoch's end (epoch 0, or a batch of the first epoch),
      // or when there is one epoch (its point would sit on the axis).
      xDomain: [epochs < 2 || series.some((s) => s.points.some((p) => p.epoch < 1)) ? 0 : 1, Math.max(epochs, 2)],
      logY,
      ...(yDomain ? { yDomain } : {}),
      ...(marker !== undefined ? { marker } : {}),
    },
    { ariaLabel: `${yLabel} / ${t().epoch}` },
  );
  const epochsSeen = [...new Set(series.flatMap((s) => s.points.map((p) => p.epoch)))].sort((a, b) => a - b);
  chartTable(
    parent,
    `${yLabel} / ${t().epoch}`,
    [t().epoch, ...series.map(seriesName)],
    epochsSeen.map((e) => [e, ...series.map((s) => s.points.find((p) => p.epoch === e)?.value ?? '')]),
  );
}

// ---- the last check ----
function checkSection(c: TrainingCheck): void {
  const s = card(content, `${pick(c.title, lang)} — ${t().status[c.status ?? 'pending'] ?? c.status}`, `check-${c.checkId}`);
  const last = c.updates[c.updates.length - 1];
  const line = el('div', 'progress-line');
  const bar = el('progress');
  bar.id = 'progress';
  bar.max = 1;
  const finished = c.status !== undefined && !['running', 'pending'].includes(c.status);
  // A check may stop training early once it has what it needs: the bar then shows it done.
  bar.value = finished && last ? 1 : progressFraction(last);
  const text = el('span', 'progress-text');
  text.id = 'progress-text';
  text.textContent =
    !last && c.checkId === OWN_CHECK && !finished && own
      ? t().reading(own.count)
      : last
        ? `${finished && last.epoch < last.epochs ? `${t().stoppedAt} ` : ''}${t().epoch} ${last.epoch}/${last.epochs}${last.batch !== undefined && last.batches ? ` · batch ${last.batch}/${last.batches}` : ''}${last.loss !== undefined ? ` · ${t().loss} ${formatNumber(last.loss)}` : ''}${last.acc !== undefined ? ` · ${t().acc} ${Math.round(last.acc * 1000) / 10} %` : ''}`
        : finished
          ? t().noTraining
          : t().running;
  line.append(bar, text);
  if (c.status === 'running') {
    const cancel = el('button', 'secondary', t().cancel);
    cancel.id = 'cancel';
    cancel.addEventListener('click', () => (c.checkId === OWN_CHECK && own?.run === run ? ownGrader?.cancel() : post({ type: 'cancel' })));
    line.append(cancel);
  }
  s.append(line);
  if (finished && reachedInOneEpoch(last, c.status === 'passed')) {
    const note = el('p', 'note', t().oneEpoch);
    note.id = `one-epoch-${c.checkId}`;
    s.append(note);
  }
  let confusion: ConfusionReport | undefined;
  const groups: GroupAccuracyReport[] = [];
  for (const u of c.updates) {
    if (u.confusion) confusion = u.confusion;
    if (u.groups) groups.push(u.groups);
  }
  // On the learner's own images the validation data is the held-out fifth: say it with the summary's words.
  const valName = c.checkId === OWN_CHECK ? t().heldOut : t().validation;
  // A check that trains more than once (19: confounded set, then balanced) gets one pair of charts per fit.
  const segments = fitSegments(c.updates);
  segments.forEach((seg, k) => {
    const history = seg.updates.reduce<TrainingProgress[]>((h, u) => appendProgress(h, u), []);
    const curves = withBatches(curveSeries(history), seg.updates);
    // A fit that stopped early (05 at epoch 1 of 60) is drawn over the epochs it ran, not an empty 60.
    const ran = history[history.length - 1]?.epoch ?? curves.epochs;
    const epochs = finished && ran < curves.epochs ? ran : curves.epochs;
    const suffix = segments.length > 1 ? `-${k + 1}` : '';
    if (seg.fit) s.append(el('h4', undefined, pick(seg.fit, lang)));
    const grid = el('div', 'grid2');
    s.append(grid);
    if (curves.loss.length) {
      const b = el('div');
      grid.append(b);
      curvesChart(b, `loss-chart-${c.checkId}${suffix}`, curves.loss, t().loss, epochs, false, undefined, valName);
    }
    if (curves.acc.length) {
      const b = el('div');
      grid.append(b);
      curvesChart(b, `acc-chart-${c.checkId}${suffix}`, curves.acc, t().acc, epochs, false, undefined, valName, accuracyDomain(curves.acc));
    }
  });
  if (groups.length) groupSection(s, groups);
  if (confusion) confusionSection(s, confusion);
}

/** Accuracy per (animal, background) after each fit, side by side: the background shortcut, then its cure. */
function groupSection(parent: HTMLElement, reports: readonly GroupAccuracyReport[]): void {
  const data = groupAccuracyTable(reports, lang);
  const box = el('div', 'groups-box');
  box.id = 'group-accuracy';
  parent.append(box);
  box.append(el('h3', undefined, `${t().groupsTitle} — ${pick(reports[0]!.on, lang)}`), el('p', 'note', t().groupsHelp));
  const chart = el('div', 'chart-box');
  box.append(chart);
  const pct = (c: (typeof data.cells)[number]) =>
    lang === 'fr'
      ? `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(c.accuracy)}\u202f%`
      : `${Math.round(c.accuracy)} %`;
  const keys = data.fits.map((_, i) => `fit${i + 1}`);
  drawGroupedBars(
    chart,
    {
      groups: data.groups,
      keys,
      keyNames: data.fits,
      yLabel: `${t().accuracy} (%)`,
      values: data.cells.map((c) => ({ group: c.group, key: keys[data.fits.indexOf(c.fit)]!, value: c.accuracy, label: pct(c) })),
    },
    { ariaLabel: t().groupsTitle, height: 260 },
  );
  chartTable(
    box,
    t().groupsTitle,
    [t().group, ...data.fits.map((f) => `${t().trainedOn} ${f}`)],
    data.groups.map((g) => [
      g,
      ...data.fits.map((f) => {
        const c = data.cells.find((x) => x.group === g && x.fit === f);
        return c ? `${c.right}/${c.total} (${pct(c)})` : '';
      }),
    ]),
  );
}

function confusionSection(parent: HTMLElement, report: ConfusionReport): void {
  const data = confusionData(report);
  const box = el('div', 'confusion-box');
  box.id = 'confusion';
  parent.append(box);
  box.append(el('h3', undefined, `${t().confusion}${report.on ? ` — ${pick(report.on, lang)}` : ''}`));
  const summary = el('p', 'note');
  summary.textContent = `${t().accuracy} ${Math.round(data.accuracy * 1000) / 10} % (${data.total})${data.worst ? ` · ${t().worst}: ${data.labels[data.worst.actual]} → ${data.labels[data.worst.predicted]} (${data.worst.count})` : ''}`;
  box.append(summary);
  const toggle = el('label');
  const cb = el('input');
  cb.type = 'checkbox';
  cb.id = 'normalised';
  cb.checked = state.normalised ?? false;
  toggle.append(cb, el('span', undefined, t().normalised));
  cb.addEventListener('change', () => {
    save({ normalised: cb.checked });
    render();
  });
  box.append(toggle);
  const chart = el('div', 'chart-box');
  box.append(chart);
  const examples = el('div', 'examples');
  examples.id = 'cell-examples';
  drawConfusion(chart, data, {
    ariaLabel: t().confusion,
    actual: t().actual,
    predicted: t().predicted,
    normalised: state.normalised ?? false,
    ...(selectedCell ? { selected: selectedCell } : {}),
    onPick: (a, p) => {
      selectedCell = { actual: a, predicted: p };
      render();
      (document.querySelector(`rect.cell[data-actual="${a}"][data-predicted="${p}"]`) as SVGElement | null)?.focus();
    },
  });
  box.append(el('p', 'note', t().pickCell), examples);
  if (selectedCell) {
    const sel = selectedCell;
    const list = (report.examples ?? []).filter((e) => e.actual === sel.actual && e.predicted === sel.predicted);
    const count = data.cells.find((c) => c.actual === sel.actual && c.predicted === sel.predicted)?.count ?? 0;
    examples.append(
      el('p', undefined, `${t().actual} ${data.labels[sel.actual]} → ${t().predicted} ${data.labels[sel.predicted]}: ${count}`),
    );
    if (!list.length) examples.append(el('p', 'note', t().noImages));
    else if (list.length < count) examples.append(el('p', 'note', t().someShown(list.length, count)));
    const row = el('div', 'thumb-row');
    for (const e of list)
      row.append(
        pixelCanvas(toRgba(fromBase64(e.pixels), e.channels), e.width, e.height, `${data.labels[e.actual]} → ${data.labels[e.predicted]}`),
      );
    examples.append(row);
  }
  chartTable(
    box,
    t().confusion,
    [`${t().actual} \\ ${t().predicted}`, ...data.labels],
    report.matrix.map((r, i) => [data.labels[i]!, ...r]),
  );
}

function renderRun(): void {
  if (!run) {
    content.append(el('p', 'note', t().empty));
    return;
  }
  const head = el('p', 'note');
  head.id = 'run-title';
  head.textContent = `${pick(run.title, lang)} — ${run.done ? (run.cancelled ? t().cancelled : t().done) : t().running}`;
  content.append(head);
  const training = run.checks.filter((c) => c.training);
  for (const c of training) checkSection(c);
  if (own && own.run === run) renderOwn(own);
}

function renderOwn(o: NonNullable<typeof own>): void {
  const s = el('section', 'card');
  s.id = 'own-result';
  content.insertBefore(s, content.querySelector(`#check-${OWN_CHECK}`));
  if (o.result) {
    const p = el('p', 'explain', pick(o.result.summary, lang));
    p.id = 'own-summary';
    s.append(p, el('p', 'note', `${o.result.model} · ${o.result.params} ${t().params}`));
  }
  if (o.error) {
    const p = el('p', 'problem', pick(o.error, lang));
    p.id = 'own-error';
    s.append(p);
  }
  const remarks = [...o.warnings, ...o.notes];
  if (remarks.length) {
    const ul = el('ul', 'remarks');
    for (const r of remarks) ul.append(el('li', undefined, pick(r, lang)));
    s.append(ul);
  }
  if (o.result) {
    chartTable(
      s,
      t().ownClasses,
      [t().className, t().trainImages, t().testImages, t().right],
      o.result.classes.map((c) => [
        c.className,
        c.train,
        c.test,
        `${c.right} (${c.test ? Math.round((c.right / c.test) * 1000) / 10 : 0} %)`,
      ]),
    );
  }
  if (!s.childElementCount) s.remove();
}

function trainOwn(m: Extract<HostToTraining, { type: 'ownImages' }>): void {
  // In both languages, as the host's runs (trainingLog.ts): the page follows the setting live.
  const ownCheck = both(
    'Exercise {0} (preprocess + buildModel) trained on your images — a fifth of each class held out for testing',
    exerciseNumber(m.exerciseId),
  );
  const yours = both('Your images');
  const check: TrainingCheck = { checkId: OWN_CHECK, title: ownCheck, training: true, status: 'running', updates: [] };
  const ownRun: TrainingRun = {
    exerciseId: m.exerciseId,
    title: L(`${yours.en}: ${m.folder}`, `${yours.fr} : ${m.folder}`),
    checks: [check],
    done: false,
  };
  const o: NonNullable<typeof own> = { run: ownRun, count: m.images.length, warnings: m.warnings, notes: [] };
  own = o;
  run = ownRun;
  selectedCell = undefined;
  if (state.view !== 'run') save({ view: 'run' });
  render();
  ownGrader ??= createBrowserGrader();
  const g = ownGrader;
  // Everything after this point answers the host with exactly one ownImagesFinished, whatever fails.
  Promise.resolve()
    .then(() => {
      const params: OwnImagesParams = { folder: m.folder, images: m.images };
      return g.probe(
        { exerciseId: m.exerciseId, js: m.js, probe: OWN_IMAGES_PROBE, params, lang, timeoutMs: OWN_IMAGES.timeoutMs },
        (p) => {
          check.updates.push(p);
          if (own === o) schedule();
        },
      );
    })
    .then(
      (r) => {
        o.result = r.data;
        o.notes = r.notes;
        check.status = 'finished';
        post({
          type: 'ownImagesFinished',
          requestId: m.requestId,
          ok: true,
          text: pick(o.result.summary, lang),
          accuracy: o.result.accuracy,
        });
      },
      (e: unknown) => {
        o.error = (e as { text?: Localized }).text ?? { en: String((e as Error).message ?? e), fr: String((e as Error).message ?? e) };
        check.status = 'error';
        ownRun.cancelled = (e as { cancelled?: boolean }).cancelled === true;
        post({ type: 'ownImagesFinished', requestId: m.requestId, ok: false, cancelled: ownRun.cancelled, text: pick(o.error, lang) });
      },
    )
    .finally(() => {
      ownRun.done = true;
      if (own === o) render();
    });
}

// ---- exercise 17: fit of cos(x) ----
function renderCos(): void {
  const s = card(content, t().cosTab, 'cos-section');
  if (!cos) {
    s.append(el('p', 'note', t().noCos));
    return;
  }
  const bar = el('div', 'toolbar');
  const go = el('button', undefined, t().trainButton);
  go.id = 'cos-train';
  go.disabled = cosBusy !== undefined;
  go.addEventListener('click', () => {
    cosKeys = {};
    cosResults = {};
    cosErrors = {};
    maybeTrainCos();
  });
  bar.append(go);
  s.append(bar);
  if (!cos.code.ok) s.append(el('p', 'problem', cos.code.message));
  // One epoch slider for the three fits: the snapshots of every model are taken at the same epochs.
  const done = COS_MODELS.map((k) => cosResults[k]).find((r) => r !== undefined);
  let epoch: number | undefined;
  if (done) {
    const snaps = done.snapshots;
    const last = snaps[snaps.length - 1]!.epoch;
    epoch = Math.min(cosEpoch ?? last, last);
    const slider = el('input');
    slider.type = 'range';
    slider.id = 'cos-epoch';
    slider.min = '0';
    slider.max = String(last);
    slider.step = String(snaps[1] ? snaps[1].epoch - snaps[0]!.epoch : 1);
    slider.value = String(epoch);
    slider.setAttribute('aria-label', t().shownEpoch);
    const sliderLabel = el('label');
    sliderLabel.append(el('span', undefined, `${t().shownEpoch}: ${epoch}`), slider);
    slider.addEventListener('input', () => {
      cosEpoch = Number(slider.value);
      render();
      (document.getElementById('cos-epoch') as HTMLInputElement | null)?.focus();
    });
    s.append(sliderLabel, el('p', 'note', t().readingHelp));
  }
  const grid = el('div', 'grid3');
  s.append(grid);
  for (const k of COS_MODELS) grid.append(cosColumn(k, epoch));
  const r = cosResults.learner;
  if (r && epoch !== undefined) {
    const snap = nearestSnapshot(r, epoch);
    chartTable(
      s,
      `${t().learner} — ${t().fit} (${t().epoch} ${snap.epoch})`,
      [t().x, t().truth, t().fit],
      r.gridX
        .filter((_, i) => i % 10 === 0)
        .map((x, j) => [Math.round(x * 1000) / 1000, Math.round(Math.cos(x) * 1000) / 1000, Math.round(snap.y[j * 10]! * 1000) / 1000]),
    );
    chartTable(
      s,
      t().points,
      [t().x, t().y],
      r.train.x.map((x, i) => [Math.round(x * 1000) / 1000, Math.round(r.train.y[i]! * 1000) / 1000]),
    );
  }
}

function nearestSnapshot(r: CosFitResult, epoch: number): CosFitResult['snapshots'][number] {
  return r.snapshots.reduce((best, x) => (Math.abs(x.epoch - epoch) < Math.abs(best.epoch - epoch) ? x : best), r.snapshots[0]!);
}

/** One model's column: its name, its reading, its fit at the shown epoch, its two loss curves. The learner's keeps the unsuffixed ids. */
function cosColumn(k: CosModel, epoch: number | undefined): HTMLElement {
  const id = (base: string) => (k === 'learner' ? base : `${base}-${k}`);
  const col = el('div', 'cos-column');
  col.id = id('cos-column');
  col.append(el('h3', undefined, t()[k]));
  const error = cosErrors[k];
  if (error) {
    col.append(el('p', 'problem', error));
    return col;
  }
  const r = cosResults[k];
  if (!r) {
    if (cosBusy === k) {
      col.append(el('p', 'note', t().trainingCos));
      const p = el('progress');
      p.id = 'progress';
      p.max = 1;
      p.value = progressFraction(cosLive[cosLive.length - 1]);
      col.append(p);
      const curves = curveSeries(cosLive);
      if (curves.loss.length) curvesChart(col, id('cos-loss-chart'), curves.loss, `${t().loss} (${t().mse})`, curves.epochs, true);
    } else col.append(el('p', 'note', t().waiting));
    return col;
  }
  const snap = nearestSnapshot(r, epoch ?? r.snapshots[r.snapshots.length - 1]!.epoch);
  const sentence = el('p', 'explain');
  sentence.id = id('fit-reading');
  sentence.textContent = `${r.description} · ${r.params} ${t().params}. ${pick(fitSentence(readFit(r.trainMse, r.valMse), r.trainMse, r.valMse), lang)}`;
  col.append(sentence);
  const fitBox = el('div', 'chart-box');
  fitBox.id = id('cos-fit-chart');
  col.append(fitBox);
  drawLines(
    fitBox,
    {
      series: [
        { name: t().valPoints, colour: PALETTE[9]!, points: r.val.x.map((x, i) => ({ x, y: r.val.y[i]! })), dots: true, hollow: true },
        { name: t().truth, colour: PALETTE[2]!, points: r.gridX.map((x) => ({ x, y: Math.cos(x) })), dash: '4 4' },
        { name: `${t().fit} (${t().epoch} ${snap.epoch})`, colour: PALETTE[1]!, points: r.gridX.map((x, i) => ({ x, y: snap.y[i]! })) },
        { name: t().points, colour: PALETTE[0]!, points: r.train.x.map((x, i) => ({ x, y: r.train.y[i]! })), dots: true },
      ],
      xLabel: t().x,
      yLabel: t().y,
      xDomain: [-Math.PI, Math.PI],
      yDomain: [-1.8, 1.8],
    },
    { ariaLabel: `${t()[k]}: ${t().fit} cos(x)`, height: 220 },
  );
  const lossSeries: Series[] = [
    { key: 'train', points: r.loss.map((v, i) => ({ epoch: i + 1, value: v })) },
    { key: 'validation', points: r.valLoss.map((v, i) => ({ epoch: i + 1, value: v })) },
  ];
  curvesChart(col, id('cos-loss-chart'), lossSeries, `${t().loss} (${t().mse})`, r.loss.length, true, snap.epoch);
  return col;
}

/** Trains, one after the other, every model whose fit is missing or stale (the learner's code changed). */
function maybeTrainCos(): void {
  if (state.view !== 'cos' || !cos || cosBusy) return;
  const learnerKey = cos.code.ok ? cos.code.js : undefined;
  const next = COS_ORDER.find((k) => {
    const key = k === 'learner' ? learnerKey : '';
    return key !== undefined && cosKeys[k] !== key;
  });
  if (!next) return;
  const key = next === 'learner' ? learnerKey! : '';
  cosKeys[next] = key;
  cosBusy = next;
  delete cosResults[next];
  delete cosErrors[next];
  cosLive = [{ epoch: 0, epochs: 500 }];
  render();
  grader ??= createBrowserGrader();
  // The reference models need no learner code, but a probe loads some: the learner's, or an empty module.
  const js = cos.code.ok ? cos.code.js : '';
  grader
    .probe({ exerciseId: cos.exerciseId, js, probe: 'training.cosFit', params: { model: next }, lang, timeoutMs: 120_000 }, (p) => {
      cosLive = appendProgress(
        cosLive.filter((x) => x.loss !== undefined),
        p,
      );
      if (state.view === 'cos') schedule();
    })
    .then(
      (r) => {
        cosResults[next] = r.data;
      },
      (e: unknown) => {
        cosErrors[next] = (e as { text?: Localized }).text
          ? pick((e as { text: Localized }).text, lang)
          : String((e as Error).message ?? e);
      },
    )
    .finally(() => {
      cosBusy = undefined;
      render();
      maybeTrainCos();
    });
}

function render(): void {
  // A redraw (progress of another fit) replaces every element: keep the keyboard focus where it was.
  const focused = document.activeElement?.id;
  chrome();
  content.replaceChildren();
  if (state.view === 'cos') renderCos();
  else renderRun();
  document.body.dataset.rendered = state.view;
  if (focused) (document.getElementById(focused) as HTMLElement | null)?.focus();
}

// Coalesces bursts of progress messages into one redraw per frame.
let frame = 0;
function schedule(): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    render();
  });
}

onHostMessage(isHostToTraining, (m) => {
  switch (m.type) {
    case 'init':
      lang = m.lang;
      useLanguage(lang);
      exercises = m.exercises;
      // A run on the learner's own images still training stays in view (the host's log knows only checks).
      run = own && !own.run.done && run === own.run ? run : m.run;
      if (m.cosExerciseId && m.cosCode) cos = { exerciseId: m.cosExerciseId, code: m.cosCode };
      if (m.view) save({ view: m.view });
      render();
      maybeTrainCos();
      return;
    case 'runStarted':
      run = m.run;
      selectedCell = undefined;
      if (state.view !== 'run') save({ view: 'run' });
      schedule();
      return;
    case 'checkStarted': {
      const c = run?.exerciseId === m.exerciseId ? run.checks.find((x) => x.checkId === m.checkId) : undefined;
      if (c) c.status = 'running';
      schedule();
      return;
    }
    case 'progress': {
      const c = run?.exerciseId === m.exerciseId ? run.checks.find((x) => x.checkId === m.checkId) : undefined;
      if (c) c.updates.push(m.progress);
      schedule();
      return;
    }
    case 'checkFinished': {
      const c = run?.exerciseId === m.exerciseId ? run.checks.find((x) => x.checkId === m.checkId) : undefined;
      if (c) c.status = m.status;
      schedule();
      return;
    }
    case 'runFinished':
      // (A check of exercise 19 ending says nothing of a run on the learner's own images.)
      if (run?.exerciseId === m.exerciseId && run !== own?.run) {
        run.done = true;
        run.cancelled = m.cancelled;
      }
      schedule();
      return;
    case 'code':
      cos = { exerciseId: m.exerciseId, code: m.code };
      maybeTrainCos();
      if (state.view === 'cos') render();
      return;
    case 'setLang':
      lang = m.lang;
      useLanguage(lang);
      render();
      return;
    case 'ownImages':
      trainOwn(m);
      return;
  }
});

chrome();
post({ type: 'ready' });
