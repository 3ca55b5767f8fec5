import * as vscode from 'vscode';
import type { CourseService } from '../course/courseService';
import { courseLang, l10n } from '../course/language';
import { mayRunWorkspaceCode } from '../course/trust';
import { pick } from '../shared/i18n';
import { exerciseNumber } from '../shared/manifest';
import type { CheckRunner } from './checkRunner';
import { WatchStatusBar } from './statusBar';
import { trainsAModel, WatchScheduler } from './watchRules';

/** The setting `dlCourse.watch`. */
export function watchEnabled(): boolean {
  return vscode.workspace.getConfiguration('dlCourse').get<boolean>('watch', false);
}

/**
 * Watch mode (rustlings' `watch`): with `dlCourse.watch` on, saving an exercise's exercise.ts checks
 * it, except exercises that train a model (said once per exercise and session). The rules are in
 * watchRules.ts; this class wires them to saves, the setting, Workspace Trust and the status bar.
 */
export class WatchMode implements vscode.Disposable {
  private readonly explained = new Set<string>();
  private readonly item = new WatchStatusBar();
  private readonly scheduler: WatchScheduler;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly service: CourseService,
    runner: CheckRunner,
  ) {
    this.scheduler = new WatchScheduler({
      context: (id) => ({
        watch: watchEnabled(),
        trusted: mayRunWorkspaceCode(),
        checks: service.exercise(id)?.manifest.checks,
        trainingExplained: this.explained.has(id),
      }),
      check: (id) => runner.check(id),
      explainTraining: (id) => {
        this.explained.add(id);
        const m = service.exercise(id)?.manifest;
        void vscode.window.showInformationMessage(
          l10n.t(
            'Watch mode does not check {0} on save: its checks train a model, which takes a while. Run Check when you are ready.',
            m ? `${exerciseNumber(m.id)} · ${pick(m.title, courseLang())}` : id,
          ),
        );
      },
    });
    this.disposables.push(
      this.item,
      { dispose: () => this.scheduler.dispose() },
      vscode.workspace.onDidSaveTextDocument((doc) => {
        const e = service.exerciseOf(doc.uri);
        if (e) this.scheduler.saved(e.manifest.id);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('dlCourse.watch') || e.affectsConfiguration('dlCourse.language')) this.update();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      service.onDidChange(() => this.update()),
    );
    this.update();
  }

  private update(): void {
    const active = vscode.window.activeTextEditor;
    const e = active ? this.service.exerciseOf(active.document.uri) : undefined;
    this.item.show({
      courseOpen: this.service.courseRoot !== undefined,
      on: watchEnabled(),
      trusted: mayRunWorkspaceCode(),
      training: e ? trainsAModel(e.manifest.checks) : false,
    });
  }

  dispose(): void {
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
