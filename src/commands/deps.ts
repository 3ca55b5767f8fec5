import type * as vscode from 'vscode';
import type { CheckRunner } from '../checking/checkRunner';
import type { CourseService } from '../course/courseService';

/** What command handlers may use. */
export interface CommandDeps {
  readonly context: vscode.ExtensionContext;
  readonly service: CourseService;
  readonly runner: CheckRunner;
  readonly output: vscode.OutputChannel;
}
