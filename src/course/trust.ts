import * as vscode from 'vscode';
import { l10n } from './language';

/**
 * Workspace Trust (package.json `capabilities.untrustedWorkspaces`: `limited`). In Restricted Mode
 * the theory, hints, the tree and the panels' shipped data work; nothing taken from the folder is
 * run: Check, Train on My Images and the panels that draw from an `exercise.ts` ask for trust
 * instead. The webview sandbox is built to keep a verdict out of the learner's reach, not to make
 * code from a folder nobody vouched for safe to run (docs/SECURITY.md, "Workspace Trust").
 */
export function mayRunWorkspaceCode(): boolean {
  return vscode.workspace.isTrusted;
}

/** What a restricted window says instead of running an exercise.ts. */
export function restrictedMessage(): string {
  return l10n.t(
    'Restricted Mode: DL Course does not run code from a folder you have not trusted. Trust this folder to check your exercises.',
  );
}

/** Says why nothing ran, with a button to VS Code's own trust dialog. */
export async function askForTrust(): Promise<void> {
  const manage = l10n.t('Manage Workspace Trust');
  const choice = await vscode.window.showWarningMessage(restrictedMessage(), manage);
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
}
