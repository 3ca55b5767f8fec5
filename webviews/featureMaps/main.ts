import { CLASSIC_KERNELS, mapStats, maxAbs, patchProduct, tileLayout } from '../../src/shared/charts/featureMaps';
import { pick, type Lang, type Localized } from '../../src/shared/i18n';
import {
  isHostToFeatureMaps,
  type FeatureInput,
  type FeatureMapsData,
  type FeatureMapsParams,
  type FeatureMapsToHost,
  type MapData,
  type StageData,
} from '../../src/shared/protocol/featureMaps';
import type { CodeMessage } from '../../src/shared/protocol/learnerPanel';
import { createBrowserGrader } from '../common/graderClient';
import { el } from '../common/dom';
import { LatestProbe, debounce, exercisePicker, labelled, range, select, toggledTable } from '../common/panelKit';
import { onHostMessage, pageConfig, postToHost, vscodeApi } from '../common/vscodeApi';
import { drawHeatmap, drawKernel, drawLegend, drawPatchDetail, type Heatmap } from './draw';
import * as l10n from '@vscode/l10n';
import { useLanguage } from '../common/l10n';

/**
 * The feature-maps page: picks an input (shipped photo, MNIST digit, the seed's patch, or an
 * image of the workspace decoded here), runs the `featureMaps.maps` probe on the learner's code
 * in its grader worker, and draws the input, the kernels and every map with hover details.
 */
type InputIntent = { kind: 'photo'; name: string } | { kind: 'mnist'; index: number } | { kind: 'patch' } | { kind: 'file'; path: string };
interface State {
  exerciseId?: string;
  input?: InputIntent;
  kernel?: string;
  bias?: number;
  maxChannels?: number;
  trained?: boolean;
}

/** The page's words in the course language (`useLanguage` chose the l10n bundle). */
const t = () => ({
  starting: l10n.t('Starting TensorFlow.js…'),
  computing: l10n.t('Computing the feature maps…'),
  input: l10n.t('Input'),
  photo: l10n.t('Photo'),
  digit: l10n.t('MNIST digit'),
  patch: l10n.t("The slides' 5×5 patch"),
  pick: l10n.t('Image from the workspace…'),
  kernel: l10n.t('Kernel'),
  bias: l10n.t('Bias b'),
  channels: l10n.t('Channels per layer'),
  legend: l10n.t('Colour scale (0 = white)'),
  hover: l10n.t('Hover a pixel (or focus a map and use the arrow keys): its value and the patch × kernel that produced it.'),
  patchT: l10n.t('input patch'),
  kernelT: l10n.t('kernel'),
  products: l10n.t('products'),
  sum: l10n.t('Σ'),
  value: l10n.t('value'),
  map: l10n.t('map'),
  shape: l10n.t('shape'),
  min: l10n.t('min'),
  max: l10n.t('max'),
  mean: l10n.t('mean'),
  zeros: l10n.t('zeros'),
  values: l10n.t('values'),
  more: (n: number) => l10n.t('{0} more channel(s) not shown', n),
  at: (r: number, c: number, v: string) => l10n.t('row {0}, column {1}: {2}', r, c, v),
  file: l10n.t('workspace image'),
  noCode: l10n.t('No code yet.'),
  stageInput: l10n.t('Input image'),
  trained: l10n.t("Train it first (a few seconds on the exercise's data)"),
  training: l10n.t('Training your network briefly, then computing the feature maps…'),
});
const PHOTOS = ['chelsea', 'coffee', 'astronaut', 'camera'];

let lang: Lang = pageConfig('lang') === 'fr' ? 'fr' : 'en';
useLanguage(lang);
const api = vscodeApi<State>();
const state: State = { ...(api.getState() ?? {}), exerciseId: api.getState()?.exerciseId ?? pageConfig('exerciseId') };
const save = () => api.setState(state);
const post = (m: FeatureMapsToHost) => postToHost(m);

const root = document.getElementById('root')!;
const header = el('div', 'panel-header');
const controls = el('div', 'controls');
const status = el('div', 'status', t().starting);
status.setAttribute('role', 'status');
const content = el('div', 'content');
root.append(header, controls, status, content);

const grader = createBrowserGrader();
const probe = new LatestProbe(grader);
let code: CodeMessage | undefined;
let fileImage: { path: string; width: number; height: number; rgba: Uint8ClampedArray } | undefined;

/** The view the exercise's exercise.json declares for this panel (sent with its code). */
const kindOf = (c: CodeMessage): FeatureMapsParams['view'] => (c.panel?.panel === 'featureMaps' ? c.panel.view : 'cnn');

function defaults(c: CodeMessage): void {
  const k = kindOf(c);
  state.input = k === 'conv2d' ? { kind: 'patch' } : k === 'filters' ? { kind: 'photo', name: 'chelsea' } : { kind: 'mnist', index: 0 };
  state.kernel = 'slide';
  state.bias = 0;
  state.maxChannels = 8;
}

function renderControls(): void {
  header.replaceChildren();
  controls.replaceChildren();
  if (!code) return;
  header.append(el('h2', 'title', `${code.exerciseId} · ${pick(code.title, lang)}`));
  if (code.exercises.length > 1) header.append(exercisePicker(code, lang, (id) => post({ type: 'selectExercise', exerciseId: id })));
  const k = kindOf(code);
  const input = state.input!;
  const inputValue =
    input.kind === 'photo' ? `photo:${input.name}` : input.kind === 'mnist' ? 'mnist' : input.kind === 'patch' ? 'patch' : 'file';
  const options = [
    ...(k === 'conv2d' ? [{ value: 'patch', label: t().patch }] : []),
    ...PHOTOS.map((p) => ({ value: `photo:${p}`, label: `${t().photo}: ${p}` })),
    { value: 'mnist', label: t().digit },
    ...(input.kind === 'file' ? [{ value: 'file', label: `${t().file}: ${input.path.split(/[\\/]/).pop()}` }] : []),
  ];
  controls.append(
    labelled(
      t().input,
      select(options, inputValue, (v) => {
        state.input =
          v === 'patch'
            ? { kind: 'patch' }
            : v === 'mnist'
              ? { kind: 'mnist', index: 0 }
              : v.startsWith('photo:')
                ? { kind: 'photo', name: v.slice(6) }
                : state.input;
        renderControls();
        refresh();
      }),
    ),
  );
  if (input.kind === 'mnist') {
    const n = el('input');
    n.type = 'number';
    n.min = '0';
    n.max = '999';
    n.value = String(input.index);
    n.className = 'digit-index';
    n.addEventListener('change', () => {
      state.input = { kind: 'mnist', index: Math.max(0, Math.min(999, Math.round(Number(n.value) || 0))) };
      refresh();
    });
    controls.append(labelled('#', n));
  }
  const pickButton = el('button', 'secondary pick-image', t().pick);
  pickButton.addEventListener('click', () => post({ type: 'pickImage' }));
  controls.append(pickButton);
  if (k === 'conv2d') {
    controls.append(
      labelled(
        t().kernel,
        select(
          Object.entries(CLASSIC_KERNELS).map(([value, d]) => ({ value, label: d[lang] })),
          state.kernel ?? 'slide',
          (v) => {
            state.kernel = v;
            refresh();
          },
        ),
      ),
    );
  }
  if (k === 'filters') {
    const out = el('output', 'value', String(state.bias ?? 0));
    const r = range(-1, 1, 0.05, state.bias ?? 0, (v) => {
      state.bias = v;
      out.textContent = String(v);
      refreshSoon();
    });
    r.className = 'bias';
    const l = labelled(t().bias, r);
    l.append(out);
    controls.append(l);
  }
  if (k === 'cnn') {
    controls.append(
      labelled(
        t().channels,
        select(
          ['4', '8', '16', '32'].map((v) => ({ value: v, label: v })),
          String(state.maxChannels ?? 8),
          (v) => {
            state.maxChannels = Number(v);
            refresh();
          },
        ),
      ),
    );
    const box = el('input');
    box.type = 'checkbox';
    box.id = 'trained';
    box.checked = state.trained ?? false;
    box.addEventListener('change', () => {
      state.trained = box.checked;
      refresh();
    });
    const l = el('label', 'control');
    l.append(box, el('span', undefined, t().trained));
    controls.append(l);
  }
}

function probeInput(): FeatureInput | undefined {
  const i = state.input!;
  if (i.kind !== 'file') return i;
  if (!fileImage || fileImage.path !== i.path) return undefined;
  return {
    kind: 'pixels',
    name: i.path.split(/[\\/]/).pop() ?? 'image',
    width: fileImage.width,
    height: fileImage.height,
    rgba: fileImage.rgba,
  };
}

async function refresh(): Promise<void> {
  save();
  if (!code) return;
  if (!code.code.ok) {
    status.textContent = code.code.message || t().noCode;
    status.className = 'status error';
    return;
  }
  const input = probeInput();
  if (!input) return;
  status.textContent = kindOf(code) === 'cnn' && state.trained ? t().training : t().computing;
  status.className = 'status running';
  const params: FeatureMapsParams = {
    exerciseId: code.exerciseId,
    view: kindOf(code),
    ...(code.panel?.panel === 'featureMaps' && code.panel.buildModelArgs ? { buildModelArgs: code.panel.buildModelArgs } : {}),
    input,
    ...(kindOf(code) === 'conv2d' ? { kernel: CLASSIC_KERNELS[state.kernel ?? 'slide']?.kernel } : {}),
    ...(kindOf(code) === 'filters' ? { bias: state.bias ?? 0 } : {}),
    maxChannels: state.maxChannels ?? 8,
    ...(kindOf(code) === 'cnn' && state.trained ? { trained: true } : {}),
  };
  const r = await probe.run(code, 'featureMaps.maps', params, lang);
  if (!r) return;
  if (!r.ok) {
    status.textContent = pick(r.error, lang);
    status.className = 'status error';
    content.replaceChildren();
    return;
  }
  status.textContent = '';
  status.className = 'status';
  render(r.data, r.notes);
}
const refreshSoon = debounce(() => void refresh(), 150);

function render(d: FeatureMapsData, probeNotes: readonly Localized[]): void {
  content.replaceChildren();
  const width = Math.max(240, root.clientWidth - 8);
  for (const n of [...d.notes, ...probeNotes]) content.append(el('p', 'note', pick(n, lang)));
  content.append(el('p', 'hint', t().hover));

  // The input, drawn as the learner's code sees it.
  const inputSection = el('section', 'stage input-stage');
  inputSection.append(el('h3', undefined, `${t().stageInput} — ${pick(d.input.title, lang)}`));
  const inputBox = el('div', 'tiles');
  inputSection.append(inputBox);
  const inScale = Math.max(1, Math.min(d.input.width <= 8 ? 44 : 4, Math.floor(Math.min(width / 2, 300) / d.input.width)));
  const is255 = d.input.valueScale === '0-255';
  const inputDetail = el('div', 'detail');
  const inputMap: Heatmap = drawHeatmap(
    inputBox,
    { width: d.input.width, height: d.input.height, values: d.input.grey },
    {
      title: `${d.input.width}×${d.input.height}`,
      scale: inScale,
      // Grey levels stretched from the darkest to the lightest pixel: the slides' patch (35…75) stays readable.
      mode:
        d.input.rgba && d.kind !== 'conv2d'
          ? { kind: 'rgba', rgba: d.input.rgba }
          : { kind: 'grey', lo: Math.min(...d.input.grey), hi: Math.max(...d.input.grey, Math.min(...d.input.grey) + (is255 ? 1 : 1e-3)) },
      showValues: (d.input.width * inScale) / Math.max(1, d.input.width) >= 30,
      onHover: (p) => {
        inputDetail.textContent = p
          ? t().at(p.row, p.col, String(Number(d.input.grey[p.row * d.input.width + p.col]!.toPrecision(4))))
          : '';
      },
    },
  );
  inputSection.append(
    inputDetail,
    toggledTable(
      `${t().stageInput}`,
      [t().shape, t().min, t().max, t().mean],
      [
        [
          `${d.input.height}×${d.input.width}`,
          ...(() => {
            const s = mapStats(d.input.grey);
            return [s.min, s.max, s.mean];
          })(),
        ],
      ],
      lang,
    ),
  );
  content.append(inputSection);

  for (const stage of d.stages) content.append(renderStage(stage, d, inputMap, width));
}

function renderStage(stage: StageData, d: FeatureMapsData, inputMap: Heatmap, width: number): HTMLElement {
  const s = el('section', 'stage');
  s.dataset.stage = stage.id;
  s.append(el('h3', undefined, `${pick(stage.title, lang)}${stage.shape ? ` — [${stage.shape.join(', ')}]` : ''}`));
  if (stage.note) s.append(el('p', 'note', pick(stage.note, lang)));
  if (stage.error) s.append(el('p', 'error', pick(stage.error, lang)));
  if (stage.kernels?.length) {
    const kb = el('div', 'kernels');
    for (const k of stage.kernels) drawKernel(kb, k.kernel, pick(k.title, lang), k.kernel.length <= 3 ? 30 : 20);
    s.append(kb);
  }
  if (!stage.maps.length) return s;
  const m = maxAbs(stage.maps.flatMap((x) => x.values));
  const legend = el('div', 'legend-box');
  drawLegend(legend, m, t().legend);
  s.append(legend);
  const first = stage.maps[0]!;
  const layout = tileLayout(stage.maps.length, first.width, first.height, width, {
    gap: 10,
    label: 16,
    maxScale: first.width <= 8 ? 44 : 6,
    minColumns: Math.min(stage.maps.length, d.kind === 'cnn' ? 4 : 2),
  });
  const tiles = el('div', 'tiles');
  const detail = el('div', 'detail');
  detail.setAttribute('aria-live', 'polite');
  const maps: Heatmap[] = [];
  stage.maps.forEach((map, i) => {
    const hm = drawHeatmap(tiles, map, {
      title: pick(map.title, lang),
      scale: layout.scale,
      mode: { kind: 'diverging', maxAbs: m },
      showValues: layout.scale >= 30,
      onHover: (p) => hover(map, p, detail, inputMap, maps, i, d),
    });
    maps.push(hm);
  });
  s.append(tiles);
  if (stage.hiddenChannels) s.append(el('p', 'hint', t().more(stage.hiddenChannels)));
  s.append(detail);
  const rows = stage.maps.map((map) => {
    const st = mapStats(map.values);
    return [
      pick(map.title, lang),
      `${map.height}×${map.width}`,
      st.min,
      st.max,
      st.mean,
      st.zeros,
      map.values.length <= 64 ? map.values.map((v) => Number(v.toPrecision(4))).join(' ') : '',
    ];
  });
  const kernelRows = (stage.kernels ?? []).map((k) => [
    `${pick(k.title, lang)} (${t().kernelT})`,
    `${k.kernel.length}×${k.kernel[0]?.length ?? 0}`,
    '',
    '',
    '',
    '',
    k.kernel.map((r) => r.map((v) => Number(v.toPrecision(3))).join(' ')).join(' / '),
  ]);
  s.append(
    toggledTable(
      pick(stage.title, lang),
      [t().map, t().shape, t().min, t().max, t().mean, t().zeros, t().values],
      [...kernelRows, ...rows],
      lang,
    ),
  );
  return s;
}

function hover(
  map: MapData,
  p: { row: number; col: number } | undefined,
  detail: HTMLElement,
  inputMap: Heatmap,
  maps: Heatmap[],
  index: number,
  d: FeatureMapsData,
): void {
  maps.forEach((h, j) => {
    if (j !== index) h.highlight(p ? { top: p.row, left: p.col, height: 1, width: 1 } : undefined);
  });
  if (!p) {
    detail.replaceChildren();
    inputMap.highlight(undefined);
    return;
  }
  const value = map.values[p.row * map.width + p.col]!;
  if (!map.kernel || map.source !== 'input') {
    detail.textContent = t().at(p.row, p.col, String(Number(value.toPrecision(5))));
    inputMap.highlight(undefined);
    return;
  }
  const pp = patchProduct(
    { width: d.input.width, height: d.input.height, values: d.input.grey },
    map.kernel,
    p.row,
    p.col,
    map.padding ?? 'valid',
  );
  inputMap.highlight({ top: pp.top, left: pp.left, height: map.kernel.length, width: map.kernel[0]!.length });
  const head = el('div', 'detail-head', t().at(p.row, p.col, String(Number(value.toPrecision(5)))));
  const body = el('div', 'patch-detail');
  drawPatchDetail(body, pp, {
    bias: map.bias,
    activation: map.activation,
    value,
    labels: { patch: t().patchT, kernel: t().kernelT, products: t().products, sum: t().sum, value: t().value },
  });
  detail.replaceChildren(head, body);
}

async function decodeImage(path: string, base64: string): Promise<void> {
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes]));
    // Large photos are shrunk to at most 128 pixels a side: maps stay readable and fast.
    const k = Math.min(1, 128 / Math.max(bitmap.width, bitmap.height));
    const w = Math.max(3, Math.round(bitmap.width * k));
    const h = Math.max(3, Math.round(bitmap.height * k));
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0, w, h);
    fileImage = { path, width: w, height: h, rgba: ctx.getImageData(0, 0, w, h).data };
    state.input = { kind: 'file', path };
    renderControls();
    void refresh();
  } catch (e) {
    status.textContent = `${path}: ${(e as Error).message ?? e}`;
    status.className = 'status error';
  }
}

onHostMessage(isHostToFeatureMaps, (m) => {
  if (m.type === 'setLang') {
    lang = m.lang;
    useLanguage(lang);
    renderControls();
    void refresh();
  } else if (m.type === 'image') {
    void decodeImage(m.path, m.base64);
  } else if (m.type === 'imageFailed') {
    status.textContent = m.message;
    status.className = 'status error';
  } else {
    const switched = !code || code.exerciseId !== m.exerciseId;
    code = m;
    if (switched && (state.exerciseId !== m.exerciseId || !state.input)) defaults(m);
    state.exerciseId = m.exerciseId;
    if (state.input?.kind === 'file' && !fileImage) post({ type: 'loadImage', path: state.input.path });
    renderControls();
    void refresh();
  }
});

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => void refresh(), 300);
});
void grader.warm().catch((e: Error) => {
  status.textContent = e.message;
});
post({ type: 'ready' });
