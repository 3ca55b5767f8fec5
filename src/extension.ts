import * as vscode from 'vscode';
import { ExerciseCodeLens } from './checking/codeLens';
import { CheckRunner } from './checking/checkRunner';
import { refreshTheory } from './commands/openExercise';
import { SOLUTION_SCHEME, solutionProvider } from './commands/showSolution';
import type { CommandDeps } from './commands/deps';
import { COMMANDS } from './commands/table';
import { CourseService } from './course/courseService';
import { CourseTree } from './course/courseTree';
import { initL10n, l10n } from './course/language';
import { panels, registerPanels } from './panels/table';
import { TrainingLog } from './checking/trainingLog';
import { WatchMode } from './checking/watch';
import { extendMarkdownIt } from './course/theoryTypography';

/** What activate() returns: used by the in-host tests, harmless for anyone else. */
export interface DlCourseApi {
  readonly service: CourseService;
  readonly runner: CheckRunner;
  readonly activatedInMs: number;
  /** The Markdown preview's plugin: French typography in the French theory (course/theoryTypography.ts). */
  readonly extendMarkdownIt: typeof extendMarkdownIt;
}

export function activate(context: vscode.ExtensionContext): DlCourseApi {
  const started = Date.now();
  initL10n(context.extensionPath);
  const output = vscode.window.createOutputChannel('DL Course');
  const service = new CourseService(context.extensionPath);
  for (const problem of service.course.errors) output.appendLine(`[course] ${problem}`);
  const runner = new CheckRunner(
    service,
    { open: () => panels().grader.show(undefined, true), current: () => panels().grader.instance },
    (line) => output.appendLine(line),
  );
  const tree = new CourseTree(service);
  const deps: CommandDeps = { context, service, runner, output };
  const trainingLog = TrainingLog.for(service, runner);
  context.subscriptions.push(
    output,
    service,
    runner,
    tree,
    tree.attach(vscode.window.createTreeView('dlCourse.exercises', { treeDataProvider: tree, showCollapseAll: true })),
    runner.onDidComplete(({ result }) => {
      if (result.outcomes.length > 0 && result.outcomes.every((o) => o.status === 'passed')) void tree.revealNext();
    }),
    vscode.languages.registerCodeLensProvider(
      { language: 'typescript', scheme: 'file', pattern: '**/exercise.ts' },
      new ExerciseCodeLens(service),
    ),
    vscode.workspace.registerTextDocumentContentProvider(SOLUTION_SCHEME, solutionProvider(deps)),
    trainingLog,
    new WatchMode(service, runner),
    ...registerPanels({ extensionUri: context.extensionUri, service, runner, log: trainingLog }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => service.refreshRoot()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('dlCourse.language')) return;
      tree.refresh();
      runner.syncTestItems();
      void refreshTheory(deps);
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      const e = service.exerciseOf(doc.uri);
      if (e && service.progress(e.manifest.id).state === 'notStarted')
        service.updateProgress(e.manifest.id, (p) => {
          p.state = 'inProgress';
        });
    }),
    ...Object.entries(COMMANDS).map(([id, handler]) =>
      vscode.commands.registerCommand(id, (arg?: unknown) =>
        handler(deps, arg).catch((e: unknown) => {
          output.appendLine(`[${id}] ${e instanceof Error ? e.stack : String(e)}`);
          void vscode.window.showErrorMessage(l10n.t('{0} failed: {1}', id, e instanceof Error ? e.message : String(e)));
        }),
      ),
    ),
  );
  const activatedInMs = Date.now() - started;
  output.appendLine(
    `[activate] ${activatedInMs} ms, ${service.exercises.length} exercises, course folder: ${service.courseRoot ?? '(none)'}`,
  );
  return { service, runner, activatedInMs, extendMarkdownIt };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
