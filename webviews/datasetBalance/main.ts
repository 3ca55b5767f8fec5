import { ownImagesRefusal } from '../../src/shared/protocol/ownImages';
import type { BalanceProbeResult, Outcome } from '../../src/grader/core/probes/datasetBalance';
import {
  confounderSentence,
  confounderTable,
  countLabels,
  imbalanceRatio,
  inverseFrequencyWeights,
  summariseSample,
  weightedMass,
  type Confounder,
  type FolderReport,
} from '../../src/shared/charts/datasetBalance';
import { toRgba } from '../../src/shared/charts/training';
import { typeset } from '../../src/shared/frenchText';
import { pick, type Lang, type Localized } from '../../src/shared/i18n';
import { exerciseNumber, exercisesDeclaring, exerciseWithPanel, type PanelExercise } from '../../src/shared/manifest';
import {
  isHostToBalance,
  type BalanceSource,
  type BalanceState,
  type BalanceToHost,
  type FolderClass,
} from '../../src/shared/protocol/datasetBalance';
import type { LearnerCodeMessage } from '../../src/shared/protocol/learnerPanel';
import { chartTable, drawGroupedBars, formatNumber, pixelCanvas, type BarDatum } from '../common/chartKit';
import { card, el } from '../common/dom';
import { createBrowserGrader } from '../common/graderClient';
import { onHostMessage, pageConfig, postToHost, vscodeApi } from '../common/vscodeApi';
import { drawConfounder } from './draw';
import * as l10n from '@vscode/l10n';
import { useLanguage, withExercises } from '../common/l10n';

/**
 * The dataset-balance page. Counts come from the shipped files (fetched from the extension's
 * media folder) or from the host's listing of the learner's folder; the balance exercise's functions run
 * in this page's grader worker (probe datasetBalance.learner). Drawing only: the numbers come
 * from src/shared/charts/datasetBalance.
 */
/** The course's exercises with panels (from `init`): which exercise each data set and section is about. */
let exercises: readonly PanelExercise[] = [];
const showing = (dataset: BalanceSource) => exercisesDeclaring(exercises, 'datasetBalance', (d) => d.dataset === dataset);

/** The learner section's title: the exercise whose functions it runs, by its number. */
function beforeAfterTitle(): string {
  const e = exerciseWithPanel(exercises, 'datasetBalance', (d) => d.runsLearnerCode === true);
  return e ? l10n.t('Before / after: your exercise {0} code', exerciseNumber(e.id)) : l10n.t('Before / after: your code');
}

/** The label of the button that trains on a folder: the exercise that declares `ownImages`; none, no button. */
function trainFolderLabel(): string | undefined {
  const e = exerciseWithPanel(exercises, 'training', (d) => d.ownImages === true);
  return e ? l10n.t('Train exercise {0} on these images', exerciseNumber(e.id)) : undefined;
}

/** The page's words in the course language (`useLanguage` chose the l10n bundle). */
const t = () => ({
  splits: { default: l10n.t('training'), balanced: l10n.t('balanced variant'), test: l10n.t('test'), train: l10n.t('training') } as Record<
    string,
    string
  >,
  title: l10n.t('Dataset balance'),
  source: l10n.t('Data set'),
  catsdogs: withExercises(l10n.t('Cats and dogs'), showing('catsdogs')),
  mnist: withExercises(l10n.t('MNIST digits'), showing('mnist')),
  folder: l10n.t('My images (a folder)'),
  tables: l10n.t('Data tables'),
  choose: l10n.t('Choose a folder…'),
  counts: l10n.t('Class counts per split'),
  count: l10n.t('images'),
  ratio: l10n.t('imbalance ratio'),
  split: l10n.t('split'),
  cls: l10n.t('class'),
  share: l10n.t('share'),
  beforeAfter: beforeAfterTitle(),
  noExercise: l10n.t(
    'No exercise of this course folder has the functions this section runs (classCounts, imbalanceRatio, classWeights, balancedSample).',
  ),
  running: l10n.t('Running your classCounts, imbalanceRatio, classWeights and balancedSample…'),
  before: l10n.t('counts (before)'),
  yours: l10n.t('your classCounts'),
  weighted: l10n.t('counts × your classWeights'),
  sample: l10n.t('your balancedSample'),
  weightedNote: l10n.t(
    'With the weights, each class weighs the same in the loss: the model can no longer win by favouring the largest class.',
  ),
  weightedNotYet: l10n.t(
    'Your classWeights do not balance the classes yet: once right, the bars “counts × your classWeights” are all the same height.',
  ),
  confounder: l10n.t('What is in the background?'),
  samples: l10n.t('Samples per class'),
  loading: l10n.t('Loading…'),
  value: l10n.t('value'),
  fn: l10n.t('function'),
  result: l10n.t('result'),
  expected: l10n.t('expected'),
  folderNone: l10n.t("Choose a folder with one sub-folder per class (e.g. cat/, dog/), each holding that class's images."),
  yourFolder: l10n.t('your folder'),
  cancelled: l10n.t('No folder chosen.'),
  digit: l10n.t('digit'),
  background: l10n.t('background'),
  trainFolder: trainFolderLabel(),
  trainFolderHelp: l10n.t(
    "Your preprocess + buildModel, trained by the grader with the check's recipe; the curves and the confusion matrix appear in the training panel.",
  ),
});
const NAMES: Record<string, Localized> = {
  cat: { en: 'cat', fr: 'chat' },
  dog: { en: 'dog', fr: 'chien' },
  snow: { en: 'snow', fr: 'neige' },
  grass: { en: 'grass', fr: 'herbe' },
};

let lang: Lang = pageConfig('lang') === 'fr' ? 'fr' : 'en';
useLanguage(lang);
const nameOf = (k: string) => (NAMES[k] ? pick(NAMES[k]!, lang) : k);
const post = (m: BalanceToHost) => postToHost(m);
const api = vscodeApi<BalanceState>();
let state: BalanceState = api.getState() ?? { source: 'catsdogs', tables: false };
const save = (s: Partial<BalanceState>) => {
  state = { ...state, ...s };
  api.setState(state);
};

let code: { exerciseId: string; code: LearnerCodeMessage } | undefined;
let exercisePresent = false;
let folderResult: { path: string; report: FolderReport; classes: readonly FolderClass[] } | { error: string } | undefined;
let nextRequest = 1;
let grader: ReturnType<typeof createBrowserGrader> | undefined;
let renderToken = 0;

// ---- page skeleton ----
const root = document.getElementById('root')!;
const h2 = el('h2', 'title');
const toolbar = el('div', 'toolbar');
const sourceLabel = el('label');
const sourceText = el('span');
const sourceSelect = el('select');
sourceSelect.id = 'source';
sourceLabel.append(sourceText, sourceSelect);
const tablesLabel = el('label');
const tablesBox = el('input');
tablesBox.type = 'checkbox';
tablesBox.id = 'tables';
const tablesText = el('span');
tablesLabel.append(tablesBox, tablesText);
const chooseButton = el('button', 'secondary');
chooseButton.id = 'choose-folder';
toolbar.append(sourceLabel, chooseButton, tablesLabel);
const content = el('div', 'content');
root.append(h2, toolbar, content);

sourceSelect.addEventListener('change', () => {
  save({ source: sourceSelect.value as BalanceSource });
  void render();
});
tablesBox.addEventListener('change', () => {
  save({ tables: tablesBox.checked });
  document.body.classList.toggle('tables', tablesBox.checked);
});
chooseButton.addEventListener('click', () => {
  post({ type: 'pickFolder', requestId: nextRequest++ });
});

function chrome(): void {
  h2.textContent = t().title;
  sourceText.textContent = t().source;
  sourceSelect.replaceChildren(
    ...(['catsdogs', 'mnist', 'folder'] as const).map((s) => {
      const o = el('option', undefined, t()[s]);
      o.value = s;
      return o;
    }),
  );
  sourceSelect.value = state.source;
  tablesText.textContent = t().tables;
  tablesBox.checked = state.tables;
  document.body.classList.toggle('tables', state.tables);
  chooseButton.textContent = t().choose;
  chooseButton.hidden = state.source !== 'folder';
}

// ---- data from the extension's media folder ----
const media = pageConfig('mediaBase');
const cache = new Map<string, Promise<Uint8Array>>();
function bytes(path: string): Promise<Uint8Array> {
  let p = cache.get(path);
  if (!p) {
    p = fetch(`${media}/${path}`).then(async (r) => {
      if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
      return new Uint8Array(await r.arrayBuffer());
    });
    cache.set(path, p);
  }
  return p;
}
async function json(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(new TextDecoder().decode(await bytes(path))) as Record<string, unknown>;
}

interface CatsDogsSplit {
  variant: string;
  labels: Uint8Array;
  backgrounds: string[];
  classNames: string[];
}
async function catsDogs(variant: string): Promise<CatsDogsSplit> {
  const [labels, meta] = await Promise.all([bytes(`data/catsdogs/${variant}/labels.u8`), json(`data/catsdogs/${variant}/meta.json`)]);
  const images = (meta.images as { background?: string }[] | undefined) ?? [];
  return {
    variant,
    labels,
    backgrounds: images.map((i) => i.background ?? 'unknown'),
    classNames: (meta.classNames as string[] | undefined) ?? ['cat', 'dog'],
  };
}

// ---- sections ----
function countsSection(splits: { name: string; counts: number[] }[], classes: string[], classLabel: (c: string) => string): void {
  const s = card(content, t().counts);
  const chart = el('div', 'chart-box');
  chart.id = 'counts-chart';
  s.append(chart);
  const values: BarDatum[] = splits.flatMap((sp) => classes.map((c, i) => ({ group: sp.name, key: c, value: sp.counts[i] ?? 0 })));
  drawGroupedBars(
    chart,
    { groups: splits.map((x) => x.name), keys: classes, keyNames: classes.map(classLabel), values, yLabel: t().count },
    { ariaLabel: t().counts },
  );
  const ratios = el('p', 'note ratios');
  ratios.textContent = typeset(splits.map((sp) => `${sp.name}: ${t().ratio} ${ratioText(imbalanceRatio(sp.counts))}`).join(' · '), lang);
  s.append(ratios);
  chartTable(
    s,
    t().counts,
    [t().split, ...classes.map(classLabel), t().ratio],
    splits.map((sp) => [sp.name, ...sp.counts, ratioText(imbalanceRatio(sp.counts))]),
  );
}

function ratioText(r: number): string {
  if (!Number.isFinite(r)) return String(r);
  const s = r.toFixed(2);
  return `${lang === 'fr' ? s.replace('.', ',') : s} : 1`;
}

function outcomeText<T>(o: Outcome<T>, show: (v: T) => string): string {
  return o.ok ? show(o.value) : `✗ ${pick(o.error, lang)}`;
}

async function learnerSection(train: CatsDogsSplit, token: number): Promise<void> {
  const s = card(content, t().beforeAfter);
  s.id = 'learner-section';
  if (!exercisePresent) {
    s.append(el('p', 'note', t().noExercise));
    return;
  }
  if (!code) {
    s.append(el('p', 'note', t().loading));
    return;
  }
  if (!code.code.ok) {
    s.append(el('p', 'problem', code.code.message));
    return;
  }
  const status = el('p', 'note', t().running);
  s.append(status);
  grader ??= createBrowserGrader();
  let result: BalanceProbeResult;
  try {
    const r = await grader.probe({
      exerciseId: code.exerciseId,
      js: code.code.js,
      probe: 'datasetBalance.learner',
      params: { variant: 'default' },
      lang,
      timeoutMs: 20_000,
    });
    result = r.data;
  } catch (e) {
    if (token !== renderToken) return;
    status.className = 'problem';
    status.textContent = (e as { text?: Localized }).text ? pick((e as { text: Localized }).text, lang) : String((e as Error).message ?? e);
    return;
  }
  if (token !== renderToken) return;
  status.remove();
  const classes = train.classNames;
  const before = countLabels(train.labels, classes.length);
  const groups: { name: string; counts: number[] }[] = [{ name: t().before, counts: before }];
  if (result.classCounts.ok) {
    const v = result.classCounts.value;
    groups.push({ name: t().yours, counts: classes.map((c) => v[c] ?? 0) });
  }
  let weights: number[] | undefined;
  if (result.classWeights.ok) {
    const w = result.classWeights.value;
    weights = classes.map((c) => w[c] ?? 0);
    groups.push({ name: t().weighted, counts: weightedMass(before, weights) });
  }
  let sample: ReturnType<typeof summariseSample> | undefined;
  if (result.balancedSample.ok) {
    sample = summariseSample(result.balancedSample.value, result.labels, classes.length);
    groups.push({ name: t().sample, counts: sample.counts });
  }
  const chart = el('div', 'chart-box');
  chart.id = 'before-after-chart';
  s.append(chart);
  drawGroupedBars(
    chart,
    {
      groups: groups.map((g) => g.name),
      keys: classes,
      keyNames: classes.map(nameOf),
      values: groups.flatMap((g) =>
        classes.map((c, i) => ({
          group: g.name,
          key: c,
          value: g.counts[i] ?? 0,
          label: formatNumber(Math.round((g.counts[i] ?? 0) * 100) / 100),
        })),
      ),
      yLabel: t().count,
    },
    { ariaLabel: t().beforeAfter },
  );
  const ref = { ratio: imbalanceRatio(before), weights: inverseFrequencyWeights(before) };
  const list = el('ul', 'problems');
  const line = (fn: string, got: string, ok: boolean | undefined, expected?: string) => {
    const li = el('li', ok === false ? 'problem' : ok ? 'ok' : 'note');
    li.textContent = `${fn} → ${got}${ok === false && expected ? ` (${t().expected} ${expected})` : ''}`;
    list.append(li);
  };
  const countsText = (v: Record<string, number>) =>
    Object.entries(v)
      .map(([k, n]) => `${k}: ${formatNumber(n)}`)
      .join(', ');
  line(
    'classCounts(labels)',
    outcomeText(result.classCounts, countsText),
    result.classCounts.ok ? classes.every((c, i) => result.classCounts.ok && result.classCounts.value[c] === before[i]) : false,
    classes.map((c, i) => `${c}: ${before[i]}`).join(', '),
  );
  line(
    'imbalanceRatio(labels)',
    outcomeText(result.imbalanceRatio, (v) => formatNumber(v)),
    result.imbalanceRatio.ok ? Math.abs(result.imbalanceRatio.value - ref.ratio) < 1e-6 : false,
    formatNumber(ref.ratio),
  );
  line(
    'classWeights(labels)',
    outcomeText(result.classWeights, countsText),
    weights ? weights.every((w, i) => Math.abs(w - ref.weights[i]!) < 1e-4) : false,
    classes.map((c, i) => `${c}: ${formatNumber(ref.weights[i]!)}`).join(', '),
  );
  line(
    `balancedSample(labels, ${result.seed})`,
    outcomeText(
      result.balancedSample,
      (v) =>
        `${v.length} indices · ${classes.map((c, i) => `${c}: ${sample?.counts[i] ?? 0}`).join(', ')}${sample?.invalid ? ` · ${sample.invalid} invalid` : ''}${sample?.duplicates ? ` · ${sample.duplicates} duplicates` : ''}`,
    ),
    sample ? sample.invalid === 0 && sample.duplicates === 0 && new Set(sample.counts).size === 1 : false,
  );
  s.append(list);
  // Said only of weights that do balance the classes: the starter's classWeights returns {} (all zero).
  const weightsOk = weights?.every((w, i) => Math.abs(w - ref.weights[i]!) < 1e-4);
  if (weights) s.append(el('p', weightsOk ? 'explain' : 'note', weightsOk ? t().weightedNote : t().weightedNotYet));
  chartTable(
    s,
    t().beforeAfter,
    ['', ...classes.map(nameOf)],
    groups.map((g) => [g.name, ...g.counts.map((v) => Math.round(v * 1000) / 1000)]),
  );
}

function confounderSection(splits: CatsDogsSplit[]): void {
  const s = card(content, t().confounder);
  s.id = 'confounder-section';
  const tables: { split: string; table: Confounder }[] = splits.map((sp) => ({
    split: t().splits[sp.variant] ?? sp.variant,
    table: confounderTable(sp.labels, sp.backgrounds, sp.classNames),
  }));
  const main = tables[0]!;
  const sentence = el('p', 'explain');
  sentence.id = 'confounder-sentence';
  sentence.textContent = pick(confounderSentence(main.table), lang);
  s.append(sentence);
  const chart = el('div', 'chart-box');
  chart.id = 'confounder-chart';
  s.append(chart);
  drawConfounder(chart, tables, { ariaLabel: t().confounder, classLabel: nameOf, bgLabel: nameOf });
  for (const x of tables.slice(1)) s.append(el('p', 'note', `${x.split}: ${pick(confounderSentence(x.table), lang)}`));
  chartTable(
    s,
    t().confounder,
    [t().split, t().cls, t().background, t().count, t().share],
    tables.flatMap((x) =>
      x.table.cells.map((c) => [x.split, nameOf(c.cls), nameOf(c.background), c.count, `${Math.round(c.shareOfClass * 100)} %`]),
    ),
  );
}

async function catsDogsThumbs(split: CatsDogsSplit): Promise<void> {
  const s = card(content, t().samples);
  s.id = 'samples-section';
  const images = await bytes(`data/catsdogs/${split.variant}/images.u8`);
  const per = 32 * 32 * 3;
  const wrap = el('div', 'thumbs');
  for (let c = 0; c < split.classNames.length; c++) {
    for (const bg of [...new Set(split.backgrounds)].sort()) {
      const idx: number[] = [];
      for (let i = 0; i < split.labels.length && idx.length < 4; i++) if (split.labels[i] === c && split.backgrounds[i] === bg) idx.push(i);
      const count = split.labels.reduce((n, l, i) => n + (l === c && split.backgrounds[i] === bg ? 1 : 0), 0);
      const g = el('div', 'thumb-group');
      g.append(el('span', undefined, `${nameOf(split.classNames[c]!)} · ${nameOf(bg)} (${count})`));
      const row = el('div', 'thumb-row');
      for (const i of idx)
        row.append(
          pixelCanvas(toRgba(images.subarray(i * per, (i + 1) * per), 3), 32, 32, `${nameOf(split.classNames[c]!)} · ${nameOf(bg)} #${i}`),
        );
      g.append(row);
      wrap.append(g);
    }
  }
  s.append(wrap);
}

async function renderCatsDogs(token: number): Promise<void> {
  const splits = await Promise.all(['default', 'balanced', 'test'].map(catsDogs));
  if (token !== renderToken) return;
  const classes = splits[0]!.classNames;
  countsSection(
    splits.map((sp) => ({ name: t().splits[sp.variant] ?? sp.variant, counts: countLabels(sp.labels, classes.length) })),
    classes,
    nameOf,
  );
  confounderSection(splits);
  const learner = learnerSection(splits[0]!, token);
  await catsDogsThumbs(splits[0]!);
  await learner;
}

async function renderMnist(token: number): Promise<void> {
  const [train, test] = await Promise.all([bytes('data/mnist/train-labels.u8'), bytes('data/mnist/test-labels.u8')]);
  if (token !== renderToken) return;
  const classes = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
  countsSection(
    [
      { name: t().splits.train!, counts: countLabels(train, 10) },
      { name: t().splits.test!, counts: countLabels(test, 10) },
    ],
    classes,
    (c) => c,
  );
  const s = card(content, t().samples);
  s.id = 'samples-section';
  const images = await bytes('data/mnist/test-images.u8');
  if (token !== renderToken) return;
  const wrap = el('div', 'thumbs');
  for (let d = 0; d < 10; d++) {
    const g = el('div', 'thumb-group');
    g.append(el('span', undefined, `${t().digit} ${d}`));
    const row = el('div', 'thumb-row');
    let n = 0;
    for (let i = 0; i < test.length && n < 4; i++) {
      if (test[i] !== d) continue;
      n++;
      row.append(pixelCanvas(toRgba(images.subarray(i * 784, (i + 1) * 784), 1), 28, 28, `${t().digit} ${d} #${i}`));
    }
    g.append(row);
    wrap.append(g);
  }
  s.append(wrap);
}

function renderFolder(): void {
  if (!folderResult) {
    card(content, t().folder).append(el('p', 'note', t().folderNone));
    return;
  }
  if ('error' in folderResult) {
    card(content, t().folder).append(el('p', 'problem', folderResult.error || t().cancelled));
    return;
  }
  const { path, report, classes } = folderResult;
  // Empty class folders are listed below but not counted (a ratio against 0 images says nothing).
  const counted = report.classes.map((_, i) => i).filter((i) => report.counts[i]! > 0);
  if (counted.length)
    countsSection(
      [{ name: `${t().yourFolder} (${path})`, counts: counted.map((i) => report.counts[i]!) }],
      counted.map((i) => report.classes[i]!),
      (c) => c,
    );
  const s = card(content, `${t().folder}: ${path}`);
  s.id = 'folder-section';
  if (report.problems.length) {
    const ul = el('ul', 'problems');
    for (const p of report.problems) ul.append(el('li', 'problem', pick(p, lang)));
    s.append(ul);
  }
  const wrap = el('div', 'thumbs');
  classes.forEach((c, i) => {
    const g = el('div', 'thumb-group');
    g.append(el('span', undefined, `${c.className} (${report.counts[i] ?? 0})`));
    const row = el('div', 'thumb-row');
    for (const uri of c.thumbnails) {
      const img = el('img', 'thumb');
      img.src = uri;
      img.alt = c.className;
      row.append(img);
    }
    g.append(row);
    wrap.append(g);
  });
  s.append(wrap);
  const trainFolder = t().trainFolder;
  // Only an exercise that declares `ownImages` trains on a folder.
  if (trainFolder && !ownImagesRefusal(report)) {
    const bar = el('div', 'toolbar');
    const train = el('button', undefined, trainFolder);
    train.id = 'train-folder';
    train.addEventListener('click', () => post({ type: 'trainFolder', path }));
    bar.append(train, el('span', 'note', t().trainFolderHelp));
    s.append(bar);
  }
}

async function render(): Promise<void> {
  const token = ++renderToken;
  chrome();
  content.replaceChildren();
  try {
    if (state.source === 'catsdogs') await renderCatsDogs(token);
    else if (state.source === 'mnist') await renderMnist(token);
    else renderFolder();
  } catch (e) {
    if (token === renderToken) content.append(el('p', 'problem', String((e as Error).message ?? e)));
  }
  if (token === renderToken) document.body.dataset.rendered = state.source;
}

onHostMessage(isHostToBalance, (m) => {
  switch (m.type) {
    case 'init':
      lang = m.lang;
      useLanguage(lang);
      exercises = m.exercises;
      exercisePresent = m.code !== undefined;
      if (m.exerciseId && m.code) code = { exerciseId: m.exerciseId, code: m.code };
      if (m.source) {
        save({ source: m.source });
        post({ type: 'shown', source: m.source });
      }
      if (state.source === 'folder' && state.folder && !folderResult)
        post({ type: 'loadFolder', requestId: nextRequest++, path: state.folder });
      void render();
      return;
    case 'code':
      exercisePresent = true;
      code = { exerciseId: m.exerciseId, code: m.code };
      if (state.source === 'catsdogs') void render();
      return;
    case 'show':
      save({ source: m.source });
      post({ type: 'shown', source: m.source });
      void render();
      return;
    case 'folder':
      folderResult = { path: m.path, report: m.report, classes: m.classes };
      save({ source: 'folder', folder: m.path });
      void render();
      return;
    case 'folderFailed':
      if (m.message || !folderResult) folderResult = { error: m.message };
      void render();
      return;
    case 'setLang':
      lang = m.lang;
      useLanguage(lang);
      void render();
      return;
  }
});

chrome();
post({ type: 'ready' });
