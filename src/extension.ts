import * as vscode from 'vscode';
import { ExerciseCodeLens } from './checking/codeLens';
import { CheckRunner } from './checking/checkRunner';
import { SOLUTION_SCHEME, solutionProvider } from './commands/showSolution';
import type { CommandDeps } from './commands/deps';
import { COMMANDS } from './commands/table';
import { CourseService } from './course/courseService';
import { CourseTree } from './course/courseTree';
import { loadL10n, l10n } from './course/language';
import type { Platform } from './env/platform';
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

/**
 * Activates the extension on a platform: src/extension.node.ts (desktop) and src/extension.web.ts
 * (browser) are the two entries, and this is everything they share.
 */
export async function activateOn(context: vscode.ExtensionContext, platform: Platform): Promise<DlCourseApi> {
  const started = Date.now();
  await loadL10n(platform.folder(context.extensionUri));
  const output = vscode.window.createOutputChannel('DL Course');
  const service = await CourseService.create(platform, context.extensionUri);
  for (const problem of service.course.errors) output.appendLine(`[course] ${problem}`);
  if (!service.exercises.length) void vscode.window.showErrorMessage(courseUnreadable(platform, service.course.errors[0] ?? ''));
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
      { language: 'typescript', scheme: platform.courseScheme, pattern: '**/exercise.ts' },
      new ExerciseCodeLens(service),
    ),
    vscode.workspace.registerTextDocumentContentProvider(SOLUTION_SCHEME, solutionProvider(deps)),
    trainingLog,
    new WatchMode(service, runner),
    ...registerPanels({ extensionUri: context.extensionUri, service, runner, log: trainingLog }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void service.refreshRoot()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('dlCourse.language')) return;
      tree.refresh();
      runner.syncTestItems();
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      const e = service.exerciseOf(doc.uri);
      if (e && service.progress(e.manifest.id).state === 'notStarted')
        void service.updateProgress(e.manifest.id, (p) => {
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
    `[activate] ${activatedInMs} ms on ${platform.kind}, ${service.exercises.length} exercises, course folder: ${service.courseRoot ?? '(none)'}`,
  );
  return { service, runner, activatedInMs, extendMarkdownIt };
}

/**
 * Says why the course is empty, instead of an empty tree. In a browser, the likely cause is VS Code
 * for the Web without a server (vscode.dev), where an extension's folder cannot be listed (docs/WEB.md).
 */
function courseUnreadable(platform: Platform, problem: string): string {
  return platform.kind === 'web'
    ? l10n.t(
        'DL Course could not read its exercises ({0}). In a browser it needs a VS Code server behind the page (code-server, Codespaces); vscode.dev and github.dev are not supported yet.',
        problem,
      )
    : l10n.t('DL Course could not read its exercises ({0}). Reinstall the extension.', problem);
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
