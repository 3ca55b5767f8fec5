import type { GraderSupervisor } from '../../src/grader/core/supervisor';
import type { ProbeName, ProbeParams, ProbeResult } from '../../src/grader/core/probes/registry';
import { ProbeError } from '../../src/grader/core/supervisor';
import { both, pick, type Lang, type Localized } from '../../src/shared/i18n';
import { exerciseNumber } from '../../src/shared/manifest';
import type { CodeMessage } from '../../src/shared/protocol/learnerPanel';
import { dataTable, el, type TableCell } from './dom';
import { pageLang } from './l10n';

/* Controls shared by the feature-maps and gradient-descent pages. */

/** A labelled control: <label>text <control></label>. */
export function labelled(text: string, control: HTMLElement, cls = 'control'): HTMLLabelElement {
  const l = el('label', cls);
  const span = el('span', 'control-label', text);
  l.append(span, control);
  return l;
}

export function select(
  options: readonly { value: string; label: string }[],
  value: string,
  onChange: (v: string) => void,
): HTMLSelectElement {
  const s = el('select');
  for (const o of options) {
    const opt = el('option', undefined, o.label);
    opt.value = o.value;
    s.append(opt);
  }
  s.value = value;
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

export function range(min: number, max: number, step: number, value: number, onInput: (v: number) => void): HTMLInputElement {
  const r = el('input');
  r.type = 'range';
  r.min = String(min);
  r.max = String(max);
  r.step = String(step);
  r.value = String(value);
  r.addEventListener('input', () => onInput(Number(r.value)));
  return r;
}

/** A table of rows under a chart, hidden until its toggle is pressed (every chart has one). */
export function toggledTable(
  caption: string,
  header: readonly string[],
  rows: readonly (readonly TableCell[])[],
  lang: Lang,
  open = false,
): HTMLElement {
  const wrap = el('div', 'data-table');
  const toggle = el('button', 'table-toggle secondary', pick(both('Data table'), lang));
  toggle.setAttribute('aria-expanded', String(open));
  const table = dataTable(caption, header, rows, (v) => fmtNum(v));
  table.hidden = !open;
  toggle.addEventListener('click', () => {
    table.hidden = !table.hidden;
    toggle.setAttribute('aria-expanded', String(!table.hidden));
  });
  wrap.append(toggle, table);
  return wrap;
}

export function fmtNum(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e5 || a < 1e-3 ? v.toExponential(2) : String(Number(v.toPrecision(digits)));
  // In French the decimal separator is a comma ("0,25").
  return pageLang() === 'fr' ? s.replace('.', ',') : s;
}

/**
 * Runs probes so that only the latest request's answer is drawn: the learner moves a slider
 * faster than the worker answers, and a stale answer must never overwrite a newer one.
 */
export class LatestProbe {
  private seq = 0;
  constructor(private readonly grader: GraderSupervisor) {}

  async run<N extends ProbeName>(
    code: CodeMessage,
    probe: N,
    params: ProbeParams<N>,
    lang: Lang,
  ): Promise<{ ok: true; data: ProbeResult<N>; notes: readonly Localized[] } | { ok: false; error: Localized } | undefined> {
    const mine = ++this.seq;
    if (!code.code.ok) return { ok: false, error: { en: code.code.message || 'No code.', fr: code.code.message || 'Pas de code.' } };
    try {
      const r = await this.grader.probe({ exerciseId: code.exerciseId, js: code.code.js, probe, params, lang, timeoutMs: 20_000 });
      return mine === this.seq ? { ok: true, data: r.data, notes: r.notes } : undefined;
    } catch (e) {
      if (mine !== this.seq) return undefined;
      return {
        ok: false,
        error: e instanceof ProbeError ? e.text : { en: String((e as Error).message ?? e), fr: String((e as Error).message ?? e) },
      };
    }
  }
}

/** The exercise picker shown when several exercises declare the panel. */
export function exercisePicker(code: CodeMessage, lang: Lang, onPick: (id: string) => void): HTMLElement {
  const s = select(
    code.exercises.map((e) => ({ value: e.id, label: `${exerciseNumber(e.id)} · ${pick(e.title, lang)}` })),
    code.exerciseId,
    onPick,
  );
  s.className = 'exercise-picker';
  return labelled(pick(both('Exercise'), lang), s);
}

/** Debounces calls (slider drags) to one every `ms`. */
export function debounce<A extends unknown[]>(fn: (...a: A) => void, ms: number): (...a: A) => void {
  let t: ReturnType<typeof setTimeout> | undefined;
  return (...a: A) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...a), ms);
  };
}
