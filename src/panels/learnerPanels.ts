import * as vscode from 'vscode';
import type { CheckRunner } from '../checking/checkRunner';
import type { CourseService } from '../course/courseService';
import { courseLang } from '../course/language';
import { FeatureMapsPanel } from './featureMapsPanel';
import { GradientDescentPanel } from './gradientDescentPanel';
import { exercisesWithPanel, followChecks, type LearnerPanelDeps } from './learnerPanel';

/**
 * Registers the feature-maps and gradient-descent panels: their serializers (a reloaded window
 * restores them on the exercise their page remembered), following checks, and language changes.
 */
export function registerLearnerPanels(extensionUri: vscode.Uri, service: CourseService, runner: CheckRunner): vscode.Disposable[] {
  const deps: LearnerPanelDeps = { extensionUri, service };
  const remembered = (state: unknown, kind: 'featureMaps' | 'gradientDescent'): string | undefined => {
    const id = (state as { exerciseId?: unknown } | undefined)?.exerciseId;
    const choices = exercisesWithPanel(service, kind);
    return typeof id === 'string' && choices.some((c) => c.id === id) ? id : choices[0]?.id;
  };
  return [
    vscode.window.registerWebviewPanelSerializer(FeatureMapsPanel.viewType, {
      deserializeWebviewPanel: async (panel, state) => {
        const id = remembered(state, 'featureMaps');
        if (id) FeatureMapsPanel.revive(panel, deps, courseLang(), id);
        else panel.dispose();
      },
    }),
    vscode.window.registerWebviewPanelSerializer(GradientDescentPanel.viewType, {
      deserializeWebviewPanel: async (panel, state) => {
        const id = remembered(state, 'gradientDescent');
        if (id) GradientDescentPanel.revive(panel, deps, courseLang(), id);
        else panel.dispose();
      },
    }),
    followChecks(runner, service, 'featureMaps', () => FeatureMapsPanel.instance, (id) => FeatureMapsPanel.createOrShow(deps, courseLang(), id, true)),
    followChecks(runner, service, 'gradientDescent', () => GradientDescentPanel.instance, (id) => GradientDescentPanel.createOrShow(deps, courseLang(), id, true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('dlCourse.language')) return;
      FeatureMapsPanel.instance?.setLang(courseLang());
      GradientDescentPanel.instance?.setLang(courseLang());
    }),
    { dispose: () => { FeatureMapsPanel.instance?.dispose(); GradientDescentPanel.instance?.dispose(); } },
  ];
}
