import * as vscode from 'vscode';
import type { CheckRunner } from './checkRunner';
import type { CourseService } from '../course/courseService';
import { exerciseHeading } from '../shared/manifest';
import type { HostToTraining, TrainingRun } from '../shared/protocol/training';

/**
 * Follows every Check run and keeps the last one that trained something, so the training panel
 * can draw it live and replay it when it opens (or is restored) later. Runs without a training
 * check are not kept. `onDidUpdate` carries the message the panel forwards to its page.
 */
export class TrainingLog implements vscode.Disposable {
  private static readonly byRunner = new WeakMap<CheckRunner, TrainingLog>();

  /** The one log of a runner (created at activation, so it sees the first check). */
  static for(service: CourseService, runner: CheckRunner): TrainingLog {
    let log = TrainingLog.byRunner.get(runner);
    if (!log) {
      log = new TrainingLog(service, runner);
      TrainingLog.byRunner.set(runner, log);
    }
    return log;
  }

  private current: TrainingRun | undefined;
  private lastTraining: TrainingRun | undefined;
  private readonly updates = new vscode.EventEmitter<HostToTraining>();
  readonly onDidUpdate = this.updates.event;
  private readonly starts = new vscode.EventEmitter<{ exerciseId: string; checkId: string }>();
  /** A training check started (the panel opens itself for exercises that declare it). */
  readonly onDidStartTraining = this.starts.event;
  private readonly disposables: vscode.Disposable[] = [this.updates, this.starts];

  private constructor(
    private readonly service: CourseService,
    runner: CheckRunner,
  ) {
    this.disposables.push(
      runner.onDidStart(({ id }) => this.start(id)),
      runner.onDidGradeEvent(({ id, event }) => {
        const run = this.current;
        if (!run || run.exerciseId !== id || !run.checks.some((c) => c.training)) return;
        if (event.type === 'checkStarted') {
          const c = run.checks.find((x) => x.checkId === event.checkId);
          if (c) c.status = 'running';
          if (c?.training) {
            this.lastTraining = run;
            this.starts.fire({ exerciseId: id, checkId: event.checkId });
          }
          this.updates.fire({ type: 'checkStarted', exerciseId: id, checkId: event.checkId });
        } else if (event.type === 'checkFinished') {
          const c = run.checks.find((x) => x.checkId === event.outcome.id);
          if (c) c.status = event.outcome.status;
          this.updates.fire({ type: 'checkFinished', exerciseId: id, checkId: event.outcome.id, status: event.outcome.status });
        } else {
          const c = run.checks.find((x) => x.checkId === event.checkId);
          if (!c) return;
          c.updates.push(event.progress);
          this.lastTraining = run;
          this.updates.fire({ type: 'progress', exerciseId: id, checkId: event.checkId, progress: event.progress });
        }
      }),
      runner.onDidEnd(({ id, cancelled }) => {
        const run = this.current;
        if (!run || run.exerciseId !== id || !run.checks.some((c) => c.training)) return;
        run.done = true;
        run.cancelled = cancelled;
        for (const c of run.checks) if (c.status === 'running' || c.status === 'pending') c.status = cancelled ? 'error' : c.status;
        this.updates.fire({ type: 'runFinished', exerciseId: id, cancelled });
      }),
    );
  }

  /** The run to show: the one in progress if it trains, else the last run that trained. */
  get last(): TrainingRun | undefined {
    return this.current && this.current.checks.some((c) => c.training) ? this.current : this.lastTraining;
  }

  private start(id: string): void {
    const m = this.service.exercise(id)?.manifest;
    if (!m) return;
    this.current = {
      exerciseId: id,
      title: exerciseHeading(m),
      checks: m.checks.map((c) => ({
        checkId: c.id,
        title: c.title,
        training: c.training === true,
        status: 'pending',
        updates: [],
      })),
      done: false,
    };
    if (this.current.checks.some((c) => c.training)) this.updates.fire({ type: 'runStarted', run: this.current });
  }

  dispose(): void {
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
