import type { CheckOutcome, GradeEvent, GradeResult, TrainingProgress } from '../../src/shared/grading';
import { pick, type Lang, type Localized } from '../../src/shared/i18n';
import type { CheckSpec } from '../../src/shared/manifest';
import { isHostToGrader, type GraderToHost, type PredictionView, type VerdictExtras } from '../../src/shared/protocol/grader';
import { SerialQueue } from '../../src/shared/serialQueue';
import { el } from '../common/dom';
import { createBrowserGrader } from '../common/graderClient';
import { onHostMessage, pageConfig, postToHost } from '../common/vscodeApi';
import * as l10n from '@vscode/l10n';
import { useLanguage } from '../common/l10n';

/**
 * The grader page: it owns a Web Worker (the learner's code runs there, never here nor in the
 * extension host), supervises it through GraderSupervisor (time-outs kill and replace it), and
 * shows the verdict of the last check as a list.
 */
/** The page's words in the course language (`useLanguage` chose the l10n bundle). */
const t = () => ({
  waiting: l10n.t('Run “DL Course: Check Exercise” to grade exercise.ts.'),
  running: l10n.t('Checking…'),
  cancel: l10n.t('Cancel'),
  passed: l10n.t('passed'),
  failed: l10n.t('failed'),
  error: l10n.t('error'),
  timeout: l10n.t('timed out'),
  cancelled: l10n.t('cancelled'),
  pending: l10n.t('pending'),
  runningCheck: l10n.t('running'),
  checks: l10n.t('checks'),
  epoch: l10n.t('epoch'),
  starting: l10n.t('Starting TensorFlow.js…'),
  cancelledRun: l10n.t('Check cancelled: nothing was decided about your code, and it does not count as a check.'),
  syntaxRun: l10n.t('Syntax error: exercise.ts could not run (see Problems).'),
  allPassed: l10n.t('Every check passes. Well done!'),
  next: l10n.t('Next exercise: '),
  courseDone: l10n.t('That was the last exercise of the course not yet passed.'),
  predicted: l10n.t('Your prediction'),
  predictedRight: l10n.t('right'),
  predictedWrong: l10n.t('not this time'),
  predictionSkipped: l10n.t('skipped'),
  answer: l10n.t('Answer:'),
});

let lang: Lang = pageConfig('lang') === 'fr' ? 'fr' : 'en';
useLanguage(lang);
const post = (m: GraderToHost) => postToHost(m);

const root = document.getElementById('root')!;
const header = el('h2', 'title');
const status = el('div', 'status');
const progress = el('progress', 'progress');
const progressText = el('div', 'progress-text');
const cancel = el('button', 'cancel');
const list = el('ol', 'checks');
const predictionBox = el('section', 'prediction');
const nextBox = el('div', 'next');
const nextButton = el('button', 'next-exercise');
const nextNote = el('p', 'next-note');
nextBox.append(nextNote, nextButton);
root.append(header, predictionBox, status, progress, progressText, cancel, nextBox, list);
predictionBox.hidden = true;
progress.hidden = true;
cancel.hidden = true;
nextBox.hidden = true;
nextButton.addEventListener('click', () => {
  if (shown?.next) post({ type: 'openExercise', exerciseId: shown.next.id });
});
cancel.addEventListener('click', () => {
  supervisor.cancel();
  post({ type: 'cancelRequested' });
});
status.textContent = t().starting;

const supervisor = createBrowserGrader();

interface Row {
  li: HTMLElement;
  state: HTMLElement;
  title: HTMLElement;
  message: HTMLElement;
  spec: CheckSpec;
  outcome?: CheckOutcome;
  running?: boolean;
}
let rows = new Map<string, Row>();
/** What the page shows (kept so a language change redraws it at once). */
let shown:
  | (VerdictExtras & { title: Localized; checks: readonly CheckSpec[]; result?: GradeResult; syntax?: boolean; running: boolean })
  | undefined;

function render(title: Localized, checks: readonly CheckSpec[], extras: VerdictExtras): void {
  shown = { title, checks, ...extras, running: true };
  header.textContent = pick(title, lang);
  paintPrediction(extras.prediction);
  nextBox.hidden = true;
  list.replaceChildren();
  rows = new Map();
  for (const c of checks) {
    const li = el('li', 'check pending');
    li.dataset.checkId = c.id;
    const state = el('span', 'state');
    state.textContent = t().pending;
    const title = el('span', 'check-title');
    title.textContent = pick(c.title, lang);
    const message = el('pre', 'message');
    li.append(state, title, message);
    list.append(li);
    rows.set(c.id, { li, state, title, message, spec: c });
  }
}

/** Predict before you run: the question, the learner's choice (right or not), the answer and why. */
function paintPrediction(p: PredictionView | undefined): void {
  predictionBox.hidden = !p;
  if (!p) return predictionBox.replaceChildren();
  const verdict = p.chosen ? (p.correct ? t().predictedRight : t().predictedWrong) : t().predictionSkipped;
  predictionBox.className = `prediction ${p.chosen ? (p.correct ? 'right' : 'wrong') : 'skipped'}`;
  const head = el('p', 'prediction-head');
  head.textContent = `${t().predicted} (${verdict}) · ${pick(p.question, lang)}`;
  const chosen = el('p', 'prediction-chosen');
  chosen.textContent = p.chosen ? `→ ${pick(p.chosen, lang)}` : '';
  const answer = el('p', 'prediction-answer');
  answer.textContent = `${t().answer} ${pick(p.answer, lang)} — ${pick(p.explain, lang)}`;
  predictionBox.replaceChildren(head, ...(p.chosen ? [chosen] : []), answer);
}

function paintRow(r: Row): void {
  r.title.textContent = pick(r.spec.title, lang);
  const o = r.outcome;
  if (o) {
    r.li.className = `check ${o.status}`;
    r.state.textContent = t()[o.status];
    r.message.textContent = o.status === 'passed' && /^(Passed|Réussi)\.$/.test(pick(o.message, lang)) ? '' : pick(o.message, lang);
  } else {
    r.li.className = `check ${r.running ? 'running' : 'pending'}`;
    r.state.textContent = r.running ? t().runningCheck : t().pending;
  }
}

function onEvent(requestId: number, checks: readonly CheckSpec[], e: GradeEvent): void {
  post({ type: 'event', requestId, event: e });
  if (e.type === 'checkStarted') {
    const r = rows.get(e.checkId);
    if (r) {
      r.running = true;
      paintRow(r);
    }
    const spec = checks.find((c) => c.id === e.checkId);
    progress.hidden = !spec?.training;
    progressText.textContent = '';
    progress.removeAttribute('value');
  } else if (e.type === 'checkFinished') {
    const r = rows.get(e.outcome.id);
    if (r) {
      r.running = false;
      r.outcome = e.outcome;
      paintRow(r);
    }
  } else {
    showProgress(e.progress);
  }
}

function showProgress(p: TrainingProgress): void {
  progress.hidden = false;
  const frac = (p.epoch - 1 + (p.batch && p.batches ? p.batch / p.batches : 1)) / Math.max(1, p.epochs);
  progress.max = 1;
  progress.value = Math.min(1, Math.max(0, frac));
  const parts = [`${t().epoch} ${p.epoch}/${p.epochs}`];
  if (p.loss !== undefined) parts.push(`loss ${p.loss.toFixed(4)}`);
  if (p.acc !== undefined) parts.push(`acc ${(100 * p.acc).toFixed(1)} %`);
  if (p.valLoss !== undefined) parts.push(`val_loss ${p.valLoss.toFixed(4)}`);
  if (p.valAcc !== undefined) parts.push(`val_acc ${(100 * p.valAcc).toFixed(1)} %`);
  progressText.textContent = parts.join(' · ');
}

function summarise(result: GradeResult, syntax = false): void {
  if (!shown) return;
  shown.result = result;
  shown.syntax = syntax;
  shown.running = false;
  for (const o of result.outcomes) {
    const r = rows.get(o.id);
    if (r) {
      r.running = false;
      r.outcome = o;
    }
  }
  paintSummary();
  progress.hidden = true;
  progressText.textContent = '';
  cancel.hidden = true;
}

/** The line above the list and the "Next exercise" offer, in the page's current language. */
function paintSummary(): void {
  const result = shown?.result;
  if (!shown || !result) return;
  const total = shown.checks.length;
  const passed = result.outcomes.filter((o) => o.status === 'passed').length;
  const all = passed === total && total > 0;
  const count = `${passed}/${total} ${t().checks}`;
  if (shown.syntax) status.textContent = `${count} · ${t().syntaxRun}`;
  else if (result.cancelled) status.textContent = `${t().cancelledRun} (${count})`;
  else
    status.textContent = `${count} · ${l10n.t('backend: {0}', result.backend)} · ${new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(result.durationMs / 1000)} s`;
  status.className = `status ${all ? 'all-passed' : result.cancelled ? 'cancelled' : 'some-failed'}`;
  nextBox.hidden = !all;
  nextNote.textContent = all && !shown.next ? `${t().allPassed} ${t().courseDone}` : t().allPassed;
  nextButton.hidden = !shown.next;
  nextButton.textContent = shown.next ? `${t().next}${pick(shown.next.title, lang)} →` : '';
}

/** Redraws every label in the page's language (the `dlCourse.language` setting changed). */
function repaint(): void {
  cancel.textContent = t().cancel;
  if (shown) header.textContent = pick(shown.title, lang);
  paintPrediction(shown?.prediction);
  for (const r of rows.values()) paintRow(r);
  if (!shown) status.textContent = t().waiting;
  else if (shown.running) status.textContent = t().running;
  else paintSummary();
}

/** Shows and grades in the order the host asked, one at a time. */
const queue = new SerialQueue();
onHostMessage(isHostToGrader, (m) => {
  if (m.type === 'cancel') return supervisor.cancel();
  if (m.type === 'warm') return startGrader();
  if (m.type === 'setLang') {
    lang = m.lang;
    useLanguage(lang);
    document.documentElement.lang = lang;
    repaint();
    return;
  }
  if (m.type === 'show') {
    void queue.run(() => {
      render(m.title, m.checks, { next: m.next, prediction: m.prediction });
      summarise(m.result, true);
    });
    return;
  }
  void queue.run(async () => {
    render(m.title, m.request.checks, { next: m.next, prediction: m.prediction });
    status.textContent = t().running;
    status.className = 'status running';
    cancel.textContent = t().cancel;
    cancel.hidden = false;
    try {
      const result = await supervisor.grade(m.request, (e) => onEvent(m.requestId, m.request.checks, e));
      summarise(result);
      post({ type: 'graded', requestId: m.requestId, result });
    } catch (e) {
      if (shown) shown.running = false;
      status.textContent = String((e as Error).message ?? e);
      post({ type: 'gradeFailed', requestId: m.requestId, message: String((e as Error).message ?? e) });
    }
  });
});

/**
 * Kept warm: restarted in the background after a cancel, a time-out or a crash. Started at once,
 * or, in a page opened ahead of need behind the theory (data-warm="later"), when the host says
 * `warm` (GraderPanel.warm: the theory is drawn, or a check is coming).
 */
let started = false;
function startGrader(): void {
  if (started) return;
  started = true;
  supervisor.keepWarm().then(
    (backend) => {
      if (!shown) status.textContent = `${t().waiting} (${l10n.t('backend: {0}', backend)})`;
      post({ type: 'ready', backend });
    },
    (e: Error) => {
      status.textContent = e.message;
      // Still ready: a later grade retries a fresh worker and reports the failure per check.
      post({ type: 'ready', backend: 'none' });
    },
  );
}
post({ type: 'loaded' });
if (document.body.dataset.warm !== 'later') startGrader();
