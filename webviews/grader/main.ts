import type { GradeEvent, GradeResult } from '../../src/grader/core/supervisor';
import type { TrainingProgress } from '../../src/grader/core/types';
import { pick, type Lang } from '../../src/shared/i18n';
import type { CheckSpec } from '../../src/shared/manifest';
import { isHostToGrader, type GradeRequestMessage, type GraderToHost } from '../../src/shared/protocol/grader';
import { createBrowserGrader } from '../common/graderClient';
import { onHostMessage, pageConfig, postToHost } from '../common/vscodeApi';

/**
 * The grader page: it owns a Web Worker (the learner's code runs there, never here nor in the
 * extension host), supervises it through GraderSupervisor (time-outs kill and replace it), and
 * shows the verdict of the last check as a list.
 */
const TEXT = {
  en: { waiting: 'Run “DL Course: Check Exercise” to grade exercise.ts.', running: 'Checking…', cancel: 'Cancel', backend: 'backend', passed: 'passed', failed: 'failed', error: 'error', timeout: 'timed out', pending: 'pending', runningCheck: 'running', checks: 'checks', epoch: 'epoch', starting: 'Starting TensorFlow.js…' },
  fr: { waiting: 'Lancez « DL Course : Vérifier l\'exercice » pour corriger exercise.ts.', running: 'Vérification…', cancel: 'Annuler', backend: 'moteur', passed: 'réussi', failed: 'échoué', error: 'erreur', timeout: 'temps dépassé', pending: 'en attente', runningCheck: 'en cours', checks: 'vérifications', epoch: 'époque', starting: 'Démarrage de TensorFlow.js…' },
} as const;

let lang: Lang = pageConfig('lang') === 'fr' ? 'fr' : 'en';
const t = () => TEXT[lang];
const post = (m: GraderToHost) => postToHost(m);

const root = document.getElementById('root')!;
const header = el('h2', 'title');
const status = el('div', 'status');
const progress = el('progress', 'progress') as HTMLProgressElement;
const progressText = el('div', 'progress-text');
const cancel = el('button', 'cancel') as HTMLButtonElement;
const list = el('ol', 'checks');
root.append(header, status, progress, progressText, cancel, list);
progress.hidden = true;
cancel.hidden = true;
cancel.addEventListener('click', () => {
  supervisor.cancel();
  post({ type: 'cancelRequested' });
});
status.textContent = t().starting;

function el(tag: string, cls: string): HTMLElement {
  const e = document.createElement(tag);
  e.className = cls;
  return e;
}

const supervisor = createBrowserGrader();

interface Row { li: HTMLElement; state: HTMLElement; message: HTMLElement }
let rows = new Map<string, Row>();
let current: GradeRequestMessage | undefined;

function render(req: GradeRequestMessage): void {
  header.textContent = req.title;
  list.replaceChildren();
  rows = new Map();
  for (const c of req.request.checks) {
    const li = el('li', 'check pending');
    li.dataset.checkId = c.id;
    const state = el('span', 'state');
    state.textContent = t().pending;
    const title = el('span', 'check-title');
    title.textContent = pick(c.title, lang);
    const message = el('pre', 'message');
    li.append(state, title, message);
    list.append(li);
    rows.set(c.id, { li, state, message });
  }
}

function onEvent(req: GradeRequestMessage, e: GradeEvent): void {
  post({ type: 'event', requestId: req.requestId, event: e });
  if (e.type === 'checkStarted') {
    const r = rows.get(e.checkId);
    if (r) { r.li.className = 'check running'; r.state.textContent = t().runningCheck; }
    const spec = req.request.checks.find((c) => c.id === e.checkId);
    progress.hidden = !spec?.training;
    progressText.textContent = '';
    progress.removeAttribute('value');
  } else if (e.type === 'checkFinished') {
    const r = rows.get(e.outcome.id);
    if (r) {
      r.li.className = `check ${e.outcome.status}`;
      r.state.textContent = t()[e.outcome.status];
      r.message.textContent = e.outcome.status === 'passed' && /^(Passed|Réussi)\.$/.test(pick(e.outcome.message, lang)) ? '' : pick(e.outcome.message, lang);
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

function summarise(result: GradeResult, checks: readonly CheckSpec[]): void {
  const passed = result.outcomes.filter((o) => o.status === 'passed').length;
  status.textContent = `${passed}/${checks.length} ${t().checks} · ${t().backend}: ${result.backend} · ${(result.durationMs / 1000).toFixed(2)} s`;
  status.className = `status ${passed === checks.length ? 'all-passed' : 'some-failed'}`;
  progress.hidden = true;
  progressText.textContent = '';
  cancel.hidden = true;
}

let queue: Promise<void> = Promise.resolve();
onHostMessage(isHostToGrader, (m) => {
  if (m.type === 'cancel') return supervisor.cancel();
  if (m.type === 'setLang') { lang = m.lang; return; }
  queue = queue.then(async () => {
    current = m;
    render(m);
    status.textContent = t().running;
    status.className = 'status running';
    cancel.textContent = t().cancel;
    cancel.hidden = false;
    try {
      const result = await supervisor.grade(m.request, (e) => onEvent(m, e));
      summarise(result, m.request.checks);
      post({ type: 'graded', requestId: m.requestId, result });
    } catch (e) {
      status.textContent = String((e as Error).message ?? e);
      post({ type: 'gradeFailed', requestId: m.requestId, message: String((e as Error).message ?? e) });
    }
  });
});

supervisor.warm().then(
  (backend) => {
    if (!current) status.textContent = `${t().waiting} (${t().backend}: ${backend})`;
    post({ type: 'ready', backend });
  },
  (e: Error) => {
    status.textContent = e.message;
    // Still ready: a later grade retries a fresh worker and reports the failure per check.
    post({ type: 'ready', backend: 'none' });
  },
);
