import * as l10n from '@vscode/l10n';
import type { Lang } from '../../shared/i18n';
import { exerciseNumber } from '../../shared/manifest';
import type { BookRow, GradeBook } from './gradeBook';
import { useLanguage } from './l10n';

/**
 * The HTML class report of a grade book: what an instructor looks at before the next lesson.
 * One self-contained page (inline CSS and SVG, no script, nothing fetched), in English or French;
 * every chart has its data table. Statistics are computed apart from drawing (classStats).
 */

export interface ExerciseStat {
  readonly id: string;
  readonly title: string;
  readonly learners: number;
  readonly submitted: number;
  readonly passed: number;
  readonly meanPoints: number;
  readonly maxPoints: number;
}

export interface CheckStat {
  readonly exercise: string;
  readonly id: string;
  readonly title: string;
  readonly graded: number;
  readonly passed: number;
  readonly failed: number;
}

export interface MessageStat {
  readonly exercise: string;
  readonly check: string;
  readonly checkTitle: string;
  readonly count: number;
  /** One of the messages of this group, as a learner saw it. */
  readonly example: string;
}

export interface ClassStats {
  readonly learners: number;
  readonly graded: number;
  readonly missing: number;
  readonly pending: number;
  readonly exercises: readonly ExerciseStat[];
  readonly checks: readonly CheckStat[];
  /** Failing checks, most frequent first. */
  readonly topFailing: readonly (CheckStat & { readonly topMessage?: MessageStat })[];
  /** Failure messages grouped (numbers set aside), most frequent first: the class's misconceptions. */
  readonly messages: readonly MessageStat[];
  /** Learners by share of the points, in ten bins: [0, 10 %), …, [90 %, 100 %]. */
  readonly distribution: readonly number[];
  readonly learnerTotals: readonly {
    readonly learner: string;
    readonly points: number;
    readonly maxPoints: number;
    readonly passed: number;
  }[];
}

/** A message with its numbers and listed values set aside, so that one misconception is one group. */
export function messageKey(message: string): string {
  return message
    .replace(/-?\d+(?:[.,]\d+)?(?:e[+-]?\d+)?/gi, '#')
    .replace(/\[[#,\s[\]…]*\]/g, '[…]')
    .replace(/\s+/g, ' ')
    .trim();
}

export function classStats(book: GradeBook): ClassStats {
  const learners = [...new Set(book.rows.map((r) => r.learner))].sort();
  const graded = book.rows.filter((r) => r.status === 'graded');
  const exercises = book.exercises.map((e): ExerciseStat => {
    const rows = graded.filter((r) => r.exercise === e.id);
    return {
      id: e.id,
      title: e.title,
      learners: book.rows.filter((r) => r.exercise === e.id).length,
      submitted: rows.length,
      passed: rows.filter((r) => r.passed).length,
      meanPoints: rows.length ? rows.reduce((n, r) => n + r.points, 0) / rows.length : 0,
      maxPoints: e.maxPoints,
    };
  });
  const checks = book.exercises.flatMap((e) =>
    e.checks.map((c): CheckStat => {
      const outcomes = graded.filter((r) => r.exercise === e.id).map((r) => r.checks.find((x) => x.id === c.id));
      const passed = outcomes.filter((o) => o?.status === 'passed').length;
      return { exercise: e.id, id: c.id, title: c.title, graded: outcomes.length, passed, failed: outcomes.length - passed };
    }),
  );
  const groups = new Map<string, { exercise: string; check: string; checkTitle: string; count: number; example: string }>();
  for (const r of graded) {
    for (const c of r.checks) {
      if (c.status === 'passed') continue;
      const k = `${r.exercise}\u0000${c.id}\u0000${messageKey(c.message)}`;
      const g = groups.get(k);
      if (g) g.count++;
      else groups.set(k, { exercise: r.exercise, check: c.id, checkTitle: c.title, count: 1, example: c.message });
    }
  }
  const byCount = <T extends { count: number; exercise: string; check: string }>(a: T, b: T) =>
    b.count - a.count || a.exercise.localeCompare(b.exercise) || a.check.localeCompare(b.check);
  const messages = [...groups.values()].sort(byCount);
  const topFailing = checks
    .filter((c) => c.failed > 0)
    .sort((a, b) => b.failed - a.failed || a.exercise.localeCompare(b.exercise) || a.id.localeCompare(b.id))
    .map((c) => ({ ...c, topMessage: messages.find((m) => m.exercise === c.exercise && m.check === c.id) }));
  const byLearner = new Map<string, BookRow[]>();
  for (const r of book.rows) byLearner.set(r.learner, [...(byLearner.get(r.learner) ?? []), r]);
  const learnerTotals = learners.map((learner) => {
    const rows = byLearner.get(learner) ?? [];
    return {
      learner,
      points: rows.reduce((n, r) => n + r.points, 0),
      maxPoints: rows.reduce((n, r) => n + r.maxPoints, 0),
      passed: rows.filter((r) => r.passed).length,
    };
  });
  const distribution = new Array<number>(10).fill(0);
  for (const t of learnerTotals) distribution[t.maxPoints ? Math.min(9, Math.floor((t.points / t.maxPoints) * 10)) : 0]!++;
  return {
    learners: learners.length,
    graded: graded.length,
    missing: book.rows.length - graded.length,
    pending: book.pending.length,
    exercises,
    checks,
    topFailing,
    messages,
    distribution,
    learnerTotals,
  };
}

// ── drawing ────────────────────────────────────────────────────────────────────────────────────

/** The report's words in the language `useLanguage` chose (l10n/bundle.l10n.fr.json). */
function words() {
  return {
    title: l10n.t('Class report'),
    summary: l10n.t('Summary'),
    learners: l10n.t('learners'),
    graded: l10n.t('submissions graded'),
    missing: l10n.t('not submitted'),
    pending: l10n.t('not graded yet'),
    seed: l10n.t('seed'),
    incomplete: l10n.t('This grade book is incomplete'),
    missingShards: l10n.t('shards without a report'),
    perExercise: l10n.t('Pass rate per exercise'),
    perCheck: l10n.t('Pass rate per check'),
    failing: l10n.t('Most frequent failing checks'),
    misconceptions: l10n.t('Most frequent failure messages (misconceptions)'),
    distribution: l10n.t('Distribution of points'),
    learnersTable: l10n.t('Points per learner'),
    exercise: l10n.t('Exercise'),
    check: l10n.t({ message: 'Check', comment: ['a table header: one check (noun)'] }),
    submitted: l10n.t('Submitted'),
    passed: l10n.t('Passed'),
    rate: l10n.t('Pass rate'),
    meanPoints: l10n.t('Mean points'),
    failed: l10n.t('Failed'),
    message: l10n.t('Most frequent message'),
    times: l10n.t('Times'),
    points: l10n.t('Points'),
    share: l10n.t('Share of the points'),
    learner: l10n.t('Learner'),
    exercisesPassed: l10n.t('Exercises passed'),
    dataTable: l10n.t({ message: 'Data table', comment: ['the class report'] }),
    none: l10n.t('No failing check.'),
    of: l10n.t('of'),
    chartOf: l10n.t('Bar chart:'),
    rateOfSubmitted: l10n.t('share of the submissions that pass every check'),
  };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function numberFormat(lang: Lang, digits = 1): (x: number) => string {
  const f = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-US', { maximumFractionDigits: digits });
  return (x) => f.format(x);
}

function percentFormat(lang: Lang): (x: number) => string {
  const f = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-US', { style: 'percent', maximumFractionDigits: 1 });
  return (x) => f.format(x);
}

/** French typography: a no-break space before : ; ? ! and inside « ». */
function label(lang: Lang, text: string, colon = false): string {
  return colon ? `${text}${lang === 'fr' ? '\u00a0:' : ':'}` : text;
}

interface Bar {
  readonly label: string;
  readonly value: number;
  readonly text: string;
}

/** Horizontal bars for values in [0, max]; the figures are written on the bars (the table says the same). */
function barChart(bars: readonly Bar[], max: number, caption: string, colour = '#0072B2'): string {
  const rowH = 22;
  const labelW = 330;
  const barW = 560;
  const h = bars.length * rowH + 8;
  const rows = bars.map((b, i) => {
    const y = i * rowH + 4;
    const w = max > 0 ? Math.max(0, (b.value / max) * barW) : 0;
    return (
      `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" class="lbl">${esc(b.label.length > 48 ? `${b.label.slice(0, 47)}…` : b.label)}</text>` +
      `<rect x="${labelW}" y="${y + 2}" width="${barW}" height="${rowH - 6}" class="track"/>` +
      `<rect x="${labelW}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${colour}"/>` +
      `<text x="${(labelW + w + 6).toFixed(1)}" y="${y + 15}" class="val">${esc(b.text)}</text>`
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(caption)}" viewBox="0 0 ${labelW + barW + 130} ${h}" width="${labelW + barW + 130}" height="${h}">${rows.join('')}</svg>`;
}

function table(caption: string, head: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = []): string {
  const th = head.map((h, i) => `<th scope="col"${numeric.includes(i) ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`)
    .join('\n');
  return `<details><summary>${esc(caption)}</summary><table><caption>${esc(caption)}</caption><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></details>`;
}

const CSS = `
:root { color-scheme: light dark; --fg: #1a1a1a; --bg: #fff; --muted: #5a5a5a; --track: #e8e8e8; --line: #ccc; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8e8e8; --bg: #1e1e1e; --muted: #b0b0b0; --track: #333; --line: #555; } }
body { font: 15px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 2rem auto; max-width: 1000px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
.muted { color: var(--muted); }
.warn { border-left: 4px solid #D55E00; padding: .4rem .8rem; background: rgba(213, 94, 0, .08); }
.kpis { display: flex; gap: 1.5rem; flex-wrap: wrap; } .kpis div { font-size: 1.4rem; font-weight: 600; } .kpis span { display: block; font-size: .85rem; font-weight: 400; color: var(--muted); }
svg { max-width: 100%; height: auto; display: block; margin: .5rem 0; }
svg .lbl, svg .val { font: 12px system-ui, sans-serif; fill: var(--fg); } svg .track { fill: var(--track); }
table { border-collapse: collapse; margin: .4rem 0 1rem; width: 100%; font-size: .9rem; } caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; } .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
details summary { cursor: pointer; color: var(--muted); } code, .msg { font-family: ui-monospace, monospace; font-size: .85rem; white-space: pre-wrap; word-break: break-word; }
`;

export function renderClassReport(book: GradeBook, lang: Lang): string {
  useLanguage(lang);
  const t = words();
  const s = classStats(book);
  const num = numberFormat(lang);
  const pct = percentFormat(lang);
  const rate = (p: number, n: number) => (n ? p / n : 0);
  const parts: string[] = [];
  parts.push(`<h1>${esc(t.title)}</h1>`);
  parts.push(`<p class="muted">${esc(book.exercises.map((e) => e.id).join(', '))} · ${esc(t.seed)} ${book.seed}</p>`);
  if (book.pending.length || book.missingShards?.length) {
    parts.push(
      `<p class="warn" role="alert"><strong>${esc(label(lang, t.incomplete, true))}</strong> ${book.missingShards?.length ? `${esc(t.missingShards)} ${book.missingShards.join(', ')}; ` : ''}${num(book.pending.length)} ${esc(t.pending)}.</p>`,
    );
  }
  const allPassed = book.rows.filter((r) => r.passed).length;
  parts.push(
    `<h2>${esc(t.summary)}</h2><div class="kpis">` +
      `<div>${num(s.learners)}<span>${esc(t.learners)}</span></div>` +
      `<div>${num(s.graded)}<span>${esc(t.graded)}</span></div>` +
      `<div>${num(s.missing)}<span>${esc(t.missing)}</span></div>` +
      `<div>${pct(rate(allPassed, s.graded))}<span>${esc(t.rate)}</span></div></div>`,
  );

  parts.push(`<h2>${esc(t.perExercise)}</h2><p class="muted">${esc(t.rateOfSubmitted)}</p>`);
  parts.push(
    barChart(
      s.exercises.map((e) => ({
        label: `${e.id} ${e.title}`,
        value: rate(e.passed, e.submitted),
        text: `${pct(rate(e.passed, e.submitted))} (${num(e.passed)}/${num(e.submitted)})`,
      })),
      1,
      `${t.chartOf} ${t.perExercise}`,
    ),
  );
  parts.push(
    table(
      `${t.dataTable} — ${t.perExercise}`,
      [t.exercise, t.submitted, t.passed, t.rate, t.meanPoints],
      s.exercises.map((e) => [
        `<code>${esc(e.id)}</code> ${esc(e.title)}`,
        `${num(e.submitted)} ${esc(t.of)} ${num(e.learners)}`,
        num(e.passed),
        pct(rate(e.passed, e.submitted)),
        `${num(e.meanPoints)} / ${num(e.maxPoints)}`,
      ]),
      [1, 2, 3, 4],
    ),
  );

  parts.push(`<h2>${esc(t.perCheck)}</h2>`);
  parts.push(
    barChart(
      s.checks.map((c) => ({
        label: `${exerciseNumber(c.exercise)} · ${c.title}`,
        value: rate(c.passed, c.graded),
        text: `${pct(rate(c.passed, c.graded))} (${num(c.passed)}/${num(c.graded)})`,
      })),
      1,
      `${t.chartOf} ${t.perCheck}`,
    ),
  );
  parts.push(
    table(
      `${t.dataTable} — ${t.perCheck}`,
      [t.exercise, t.check, t.submitted, t.passed, t.rate],
      s.checks.map((c) => [
        `<code>${esc(c.exercise)}</code>`,
        `<code>${esc(c.id)}</code> ${esc(c.title)}`,
        num(c.graded),
        num(c.passed),
        pct(rate(c.passed, c.graded)),
      ]),
      [2, 3, 4],
    ),
  );

  parts.push(`<h2>${esc(t.failing)}</h2>`);
  const top = s.topFailing.slice(0, 10);
  if (!top.length) parts.push(`<p>${esc(t.none)}</p>`);
  else {
    const maxFailed = Math.max(...top.map((c) => c.failed));
    parts.push(
      barChart(
        top.map((c) => ({ label: `${exerciseNumber(c.exercise)} · ${c.title}`, value: c.failed, text: `${num(c.failed)}` })),
        maxFailed,
        `${t.chartOf} ${t.failing}`,
        '#D55E00',
      ),
    );
    parts.push(
      `<table><caption>${esc(t.failing)}</caption><thead><tr><th scope="col">${esc(t.check)}</th><th scope="col" class="num">${esc(t.failed)}</th><th scope="col">${esc(t.message)}</th></tr></thead><tbody>\n${top
        .map(
          (c) =>
            `<tr><td><code>${esc(c.exercise)}</code><br><code>${esc(c.id)}</code> ${esc(c.title)}</td><td class="num">${num(c.failed)} ${esc(t.of)} ${num(c.graded)}</td><td><div class="msg">${esc(c.topMessage?.example ?? '')}</div>${c.topMessage ? `<span class="muted">(${num(c.topMessage.count)}×)</span>` : ''}</td></tr>`,
        )
        .join('\n')}\n</tbody></table>`,
    );
  }

  parts.push(`<h2>${esc(t.misconceptions)}</h2>`);
  const msgs = s.messages.slice(0, 12);
  if (!msgs.length) parts.push(`<p>${esc(t.none)}</p>`);
  else {
    parts.push(
      barChart(
        msgs.map((m, i) => ({ label: `${i + 1}. ${exerciseNumber(m.exercise)} · ${m.checkTitle}`, value: m.count, text: num(m.count) })),
        msgs[0]!.count,
        `${t.chartOf} ${t.misconceptions}`,
        '#E69F00',
      ),
    );
    parts.push(
      `<table><caption>${esc(t.misconceptions)}</caption><thead><tr><th scope="col">#</th><th scope="col">${esc(t.check)}</th><th scope="col" class="num">${esc(t.times)}</th><th scope="col">${esc(t.message)}</th></tr></thead><tbody>\n${msgs
        .map(
          (m, i) =>
            `<tr><td>${i + 1}</td><td><code>${esc(m.exercise)}</code><br>${esc(m.checkTitle)}</td><td class="num">${num(m.count)}</td><td><div class="msg">${esc(m.example)}</div></td></tr>`,
        )
        .join('\n')}\n</tbody></table>`,
    );
  }

  parts.push(`<h2>${esc(t.distribution)}</h2>`);
  const bins = s.distribution.map((n, i) => ({
    label: `${pct(i / 10)} – ${i === 9 ? pct(1) : `< ${pct((i + 1) / 10)}`}`,
    value: n,
    text: num(n),
  }));
  parts.push(barChart(bins, Math.max(1, ...s.distribution), `${t.chartOf} ${t.distribution}`, '#009E73'));
  parts.push(
    table(
      `${t.dataTable} — ${t.distribution}`,
      [t.share, t.learners],
      bins.map((b) => [esc(b.label), num(b.value)]),
      [1],
    ),
  );
  parts.push(
    table(
      t.learnersTable,
      [t.learner, t.points, t.exercisesPassed],
      s.learnerTotals.map((l) => [
        esc(l.learner),
        `${num(l.points)} / ${num(l.maxPoints)}`,
        `${num(l.passed)} / ${num(book.exercises.length)}`,
      ]),
      [1, 2],
    ),
  );
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(t.title)} — ${esc(book.exercises.map((e) => e.id).join(', '))}</title>
<style>${CSS}</style>
</head>
<body>
${parts.join('\n')}
</body>
</html>
`;
}
