import * as vscode from 'vscode';
import type { CourseService } from '../course/courseService';
import { courseLang, l10n } from '../course/language';
import { askForTrust, mayRunWorkspaceCode } from '../course/trust';
import { locateExport } from '../shared/exportLocator';
import type { CheckOutcome, GradeEvent, GradeRequest, GradeResult } from '../shared/grading';
import { both, type Lang, type Localized, pick } from '../shared/i18n';
import { checkTimeoutMs, exerciseHeading, exerciseNumber, type CheckSpec } from '../shared/manifest';
import type { NextExercise, VerdictExtras } from '../shared/protocol/grader';
import { SerialQueue } from '../shared/serialQueue';
import { transpileExercise } from '../shared/transpile';
import { nextExercise, predictionView, progressSummary, ranToVerdict } from '../course/courseRules';
import { CheckStatusBar, type LastRun } from './statusBar';
import { findingsFor, syntaxFinding, type Finding } from './verdict';

/** The results panel a check run grades in (the grader webview, panels/graderPanel.ts). */
export interface GraderView {
  grade(
    title: Localized,
    request: GradeRequest,
    extras: VerdictExtras,
    onEvent: (e: GradeEvent) => void,
    timeoutMs: number,
  ): Promise<GradeResult>;
  cancel(): void;
  show(title: Localized, checks: readonly CheckSpec[], result: GradeResult, extras: VerdictExtras): void;
}

/**
 * How the runner reaches that panel; extension.ts passes the grader panel in, so checking/ never
 * imports panels/ (the panels import checking/).
 */
export interface GraderViews {
  /** Opens the panel, or brings it forward. */
  open(): GraderView;
  /** The open panel, if any (opens none). */
  current(): GraderView | undefined;
}

/**
 * Runs **Check** for an exercise: transpiles exercise.ts (the editor's text, unsaved changes
 * included; the file itself is never modified), grades it in the grader webview, and shows the
 * verdict in the Testing view (one item per check), as diagnostics, in the status bar and in
 * the learner's progress.
 */
export class CheckRunner implements vscode.Disposable {
  private readonly controller = vscode.tests.createTestController('dlCourse', 'DL Course');
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('dl-course');
  /** Each file's last diagnostics, as a function of the language (publish). */
  private readonly published = new Map<string, { uri: vscode.Uri; id: string; findings: (lang: Lang) => readonly Finding[] }>();
  private readonly statusBar = new CheckStatusBar();
  /** The latest run of each exercise, whatever its kind (a verdict, a syntax error, a cancel). */
  private readonly last = new Map<string, LastRun>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly completed = new vscode.EventEmitter<{ id: string; result: GradeResult }>();
  /** Fires after each finished check run (panels that help open from here). */
  readonly onDidComplete = this.completed.event;
  private readonly gradeStarted = new vscode.EventEmitter<{ id: string }>();
  private readonly gradeEvent = new vscode.EventEmitter<{ id: string; event: GradeEvent }>();
  private readonly gradeEnded = new vscode.EventEmitter<{ id: string; cancelled: boolean }>();
  /** A check run reached the grader (the training panel follows these three). */
  readonly onDidStart = this.gradeStarted.event;
  /** Each grader event of a run: check started/finished, training progress. */
  readonly onDidGradeEvent = this.gradeEvent.event;
  /** The run is over, whatever happened (verdict, cancel, error). */
  readonly onDidEnd = this.gradeEnded.event;
  private readonly queue = new SerialQueue();

  constructor(
    private readonly service: CourseService,
    private readonly grader: GraderViews,
    /** One line per check with where its time went (the DL Course output channel). */
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.controller.createRunProfile(
      l10n.t('Check'),
      vscode.TestRunProfileKind.Run,
      (request, token) => this.runFromTesting(request, token),
      true,
    );
    this.controller.refreshHandler = () => this.syncTestItems();
    this.disposables.push(
      this.controller,
      this.diagnostics,
      this.statusBar,
      this.completed,
      this.gradeStarted,
      this.gradeEvent,
      this.gradeEnded,
      service.onDidChange((id) => {
        if (id === undefined) this.syncTestItems();
        this.updateStatusBar();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateStatusBar()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.updateStatusBar()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('dlCourse.language')) return;
        this.updateStatusBar();
        for (const p of [...this.published.values()]) this.publish(p.uri, p.id, p.findings);
      }),
    );
    this.syncTestItems();
    this.updateStatusBar();
  }

  /** One test item per exercise (its file), one child per check (at the declaration it tests). */
  syncTestItems(): void {
    const lang = courseLang();
    const items: vscode.TestItem[] = [];
    for (const e of this.service.exercises) {
      const uri = this.service.fileOf(e.manifest.id);
      if (!uri) continue;
      const item = this.controller.createTestItem(e.manifest.id, `${e.manifest.id} · ${pick(e.manifest.title, lang)}`, uri);
      item.sortText = String(e.manifest.order).padStart(3, '0');
      for (const c of e.manifest.checks) {
        const child = this.controller.createTestItem(`${e.manifest.id}/${c.id}`, pick(c.title, lang), uri);
        child.sortText = String(e.manifest.checks.indexOf(c)).padStart(3, '0');
        item.children.add(child);
      }
      items.push(item);
    }
    this.controller.items.replace(items);
  }

  private updateStatusBar(): void {
    // With the focus in a webview beside the code (theory, results), there is no active text
    // editor: the exercise in sight is still the one the status bar speaks of.
    const active = vscode.window.activeTextEditor;
    const e = active
      ? this.service.exerciseOf(active.document.uri)
      : vscode.window.visibleTextEditors.map((x) => this.service.exerciseOf(x.document.uri)).find((x) => x);
    const id = e?.manifest.id;
    const manifests = this.service.exercises.map((x) => x.manifest);
    const summary = this.service.courseRoot
      ? progressSummary(manifests, (x) => this.service.progress(x).state === 'passed', id)
      : undefined;
    this.statusBar.showFor(id, id ? this.last.get(id) : undefined, summary);
  }

  /** The next exercise to suggest once `id` passes, and the learner's prediction, for the results panel. */
  private extrasFor(id: string): VerdictExtras {
    const prediction = predictionView(this.service.exercise(id)?.manifest, this.service.progress(id));
    const next = this.nextAfter(id);
    return { ...(next ? { next } : {}), ...(prediction ? { prediction } : {}) };
  }

  /** The exercise to suggest once `id` passes (for the results panel's "Next exercise"). */
  private nextAfter(id: string): NextExercise | undefined {
    const next = nextExercise(
      this.service.exercises.map((x) => x.manifest),
      (x) => this.service.progress(x).state === 'passed',
      id,
    );
    const m = next ? this.service.exercise(next)?.manifest : undefined;
    return m ? { id: m.id, title: exerciseHeading(m, exerciseNumber(m.id)) } : undefined;
  }

  private async runFromTesting(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const ids = new Set<string>();
    const roots = request.include ?? [...iterate(this.controller.items)];
    for (const item of roots) ids.add(item.id.split('/')[0]!);
    for (const id of ids) {
      if (token.isCancellationRequested) break;
      await this.check(id, { request, token });
    }
  }

  /** Checks one exercise; runs queue behind each other. */
  check(
    id: string,
    from?: { request: vscode.TestRunRequest; token: vscode.CancellationToken },
    timing = new CheckTiming(),
  ): Promise<GradeResult | undefined> {
    return this.queue.run(() => this.checkNow(id, from, timing));
  }

  private async checkNow(
    id: string,
    from: { request: vscode.TestRunRequest; token: vscode.CancellationToken } | undefined,
    timing: CheckTiming,
  ): Promise<GradeResult | undefined> {
    timing.mark('queued');
    const exercise = this.service.exercise(id);
    const uri = this.service.fileOf(id);
    if (!exercise || !uri) {
      void vscode.window.showErrorMessage(l10n.t('Open the course first (DL Course: Open Course).'));
      return undefined;
    }
    if (!mayRunWorkspaceCode()) {
      void askForTrust();
      return undefined;
    }
    let source: string;
    try {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      source = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      void vscode.window.showErrorMessage(
        l10n.t('{0} is missing. Run “DL Course: Reset Exercise” to get the starter back.', vscode.workspace.asRelativePath(uri)),
      );
      return undefined;
    }
    timing.mark('read');
    const lang = courseLang();
    const m = exercise.manifest;
    const item = this.controller.items.get(id);
    const run = this.controller.createTestRun(from?.request ?? new vscode.TestRunRequest(item ? [item] : undefined), `${id}`, false);
    const child = (checkId: string) => item?.children.get(`${id}/${checkId}`);
    m.checks.forEach((c) => {
      const t = child(c.id);
      if (t) run.enqueued(t);
    });
    this.statusBar.running();
    try {
      const t = transpileExercise(source);
      timing.mark('transpile');
      if (!t.ok) {
        const finding = syntaxFinding(t.error, source);
        this.publish(uri, id, () => [finding]);
        const said = both('Syntax error at line {0}: {1}', t.error.line + 1, t.error.message);
        const message = pick(said, lang);
        for (const c of m.checks) {
          const ti = child(c.id);
          if (ti) run.errored(ti, located(message, uri, finding.range.line, finding.range.column));
        }
        const outcomes: CheckOutcome[] = m.checks.map((c) => ({
          id: c.id,
          status: 'error',
          message: said,
          durationMs: 0,
        }));
        const result: GradeResult = { exerciseId: id, backend: 'none', durationMs: 0, outcomes, cancelled: false, seed: 0 };
        // An open results panel must not keep showing the previous verdict (e.g. a green 4/4).
        this.grader.current()?.show(exerciseHeading(m), m.checks, result, this.extrasFor(id));
        await this.record(id, result, 'syntax');
        return result;
      }
      const panel = this.grader.open();
      timing.mark('panel');
      const budget = m.checks.reduce((s, c) => s + checkTimeoutMs(c), 0) + 60_000;
      this.gradeStarted.fire({ id });
      let cancelled = true;
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: l10n.t('Checking {0}', pick(m.title, lang)), cancellable: true },
        async (progress, token) => {
          const cancel = () => panel.cancel();
          const subs = [token.onCancellationRequested(cancel), ...(from ? [from.token.onCancellationRequested(cancel)] : [])];
          try {
            const r = await panel.grade(
              exerciseHeading(m),
              { exerciseId: id, js: t.js, checks: m.checks, lang },
              this.extrasFor(id),
              (e) => {
                timing.once('first event');
                this.gradeEvent.fire({ id, event: e });
                if (e.type === 'checkStarted') {
                  const ti = child(e.checkId);
                  if (ti) run.started(ti);
                  progress.report({
                    message: pick(m.checks.find((c) => c.id === e.checkId)?.title ?? { en: e.checkId, fr: e.checkId }, lang),
                  });
                } else if (e.type === 'checkFinished') {
                  const ti = child(e.outcome.id);
                  if (ti) this.reportOutcome(run, ti, e.outcome, source, uri, m.checks.find((c) => c.id === e.outcome.id)?.export);
                  progress.report({ increment: 100 / m.checks.length });
                } else {
                  const p = e.progress;
                  progress.report({
                    message: l10n.t(
                      'training: epoch {0}/{1}{2}',
                      p.epoch,
                      p.epochs,
                      p.loss !== undefined ? ` · loss ${p.loss.toFixed(4)}` : '',
                    ),
                  });
                }
              },
              budget,
            );
            cancelled = r.cancelled;
            return r;
          } finally {
            subs.forEach((s) => s.dispose());
            this.gradeEnded.fire({ id, cancelled });
          }
        },
      );
      timing.mark('graded');
      // The verdict reaches the status bar (synchronously, in record) before the diagnostics are published.
      const recorded = this.record(id, result, result.cancelled ? 'cancelled' : 'verdict');
      this.publish(uri, id, (l) => findingsFor(m, source, result.outcomes, l));
      await recorded;
      timing.mark('recorded');
      const passed = result.outcomes.filter((o) => o.status === 'passed').length;
      this.log(
        `[check] ${id} ${passed}/${result.outcomes.length}: ${timing.summary()}; the page graded in ${result.durationMs} ms (checks ${result.outcomes.map((o) => o.durationMs).join(' + ')})`,
      );
      return result;
    } catch (e) {
      const message = (e as Error).message;
      for (const c of m.checks) {
        const ti = child(c.id);
        if (ti) run.errored(ti, new vscode.TestMessage(message));
      }
      void vscode.window.showErrorMessage(l10n.t('The check could not run: {0}', message));
      this.updateStatusBar();
      return undefined;
    } finally {
      run.end();
    }
  }

  /** Cancels the run in progress (the training panel's Cancel button). */
  cancelCurrent(): void {
    this.grader.current()?.cancel();
  }

  private reportOutcome(
    run: vscode.TestRun,
    item: vscode.TestItem,
    o: CheckOutcome,
    source: string,
    uri: vscode.Uri,
    exportName: string | undefined,
  ): void {
    const text = pick(o.message, courseLang());
    if (o.status === 'passed') return run.passed(item, o.durationMs);
    // A cancel is not a failure: the check never reached a verdict.
    if (o.status === 'cancelled') return run.skipped(item);
    const at = exportName ? locateExport(source, exportName) : undefined;
    const message = located(text, uri, at?.line ?? 0, at?.column ?? 0);
    if (o.status === 'failed') run.failed(item, message, o.durationMs);
    else run.errored(item, message, o.durationMs);
  }

  /**
   * Sets a file's diagnostics from its last verdict, and keeps how to write them: a change of
   * `dlCourse.language` writes them again in the new language (republish).
   */
  private publish(uri: vscode.Uri, id: string, findings: (lang: Lang) => readonly Finding[]): void {
    this.published.set(uri.toString(), { uri, id, findings });
    this.diagnostics.set(
      uri,
      findings(courseLang()).map((f) => {
        const d = new vscode.Diagnostic(
          new vscode.Range(f.range.line, f.range.column, f.range.line, f.range.endColumn),
          f.message,
          f.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
        );
        d.source = 'DL Course';
        d.code = f.checkId ? `${id}/${f.checkId}` : 'syntax';
        return d;
      }),
    );
  }

  /** Resolves once the progress is saved. */
  private async record(id: string, result: GradeResult, kind: LastRun['kind']): Promise<void> {
    const passed = result.outcomes.filter((o) => o.status === 'passed').length;
    const total = result.outcomes.length;
    this.last.set(id, { passed, total, kind });
    // The verdict first: its status-bar update then goes to the workbench ahead of the progress,
    // tree and Testing updates that follow (the course summary is updated again below).
    this.updateStatusBar();
    const before = this.service.progress(id).state;
    if (kind === 'cancelled') {
      // Nothing was decided about the code: progress (and the count towards the solution) stays as it was.
      this.updateStatusBar();
      this.completed.fire({ id, result });
      return;
    }
    const counts = ranToVerdict(result);
    const saved = this.service.updateProgress(id, (p) => {
      if (counts) p.attempts += 1;
      p.lastPassed = passed;
      p.lastTotal = total;
      p.lastCheckedAt = new Date().toISOString();
      if (passed === total && total > 0) {
        p.state = 'passed';
        p.passedAt ??= p.lastCheckedAt;
      } else if (p.state === 'notStarted') p.state = 'inProgress';
    });
    this.updateStatusBar();
    this.completed.fire({ id, result });
    if (passed === total && total > 0 && before !== 'passed') void this.congratulate(id);
    await saved;
  }

  private async congratulate(id: string): Promise<void> {
    const nextId = nextExercise(
      this.service.exercises.map((x) => x.manifest),
      (x) => this.service.progress(x).state === 'passed',
      id,
    );
    const next = nextId ? this.service.exercise(nextId) : undefined;
    const nextLabel = l10n.t('Next exercise');
    const solutionLabel = l10n.t('Compare with the solution');
    const choice = await vscode.window.showInformationMessage(
      l10n.t('All checks pass for {0}. Well done!', id),
      ...(next ? [nextLabel] : []),
      solutionLabel,
    );
    if (choice === nextLabel && next) await vscode.commands.executeCommand('dlCourse.openExercise', next.manifest.id);
    if (choice === solutionLabel) await vscode.commands.executeCommand('dlCourse.showSolution', id);
  }

  dispose(): void {
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

/**
 * Where a check's time went in the host, in ms since it was asked for (one line in the DL Course
 * output), with the wall-clock times it started and ended (to set beside the workbench's own).
 */
export class CheckTiming {
  private readonly startedAt = Date.now();
  private readonly start = performance.now();
  private last = this.start;
  private readonly parts: string[] = [];
  private readonly seen = new Set<string>();

  mark(what: string): void {
    const t = performance.now();
    this.parts.push(`${what} ${Math.round(t - this.last)}`);
    this.last = t;
  }

  once(what: string): void {
    if (this.seen.has(what)) return;
    this.seen.add(what);
    this.mark(what);
  }

  summary(): string {
    return `${Math.round(performance.now() - this.start)} ms in all (${this.parts.join(', ')}) [from ${this.startedAt} to ${Date.now()}]`;
  }
}

function located(text: string, uri: vscode.Uri, line: number, column: number): vscode.TestMessage {
  const m = new vscode.TestMessage(text);
  m.location = new vscode.Location(uri, new vscode.Position(line, column));
  return m;
}

function* iterate(c: vscode.TestItemCollection): Iterable<vscode.TestItem> {
  const all: vscode.TestItem[] = [];
  c.forEach((i) => all.push(i));
  yield* all;
}
