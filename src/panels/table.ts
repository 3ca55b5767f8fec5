import type * as vscode from 'vscode';
import { panelOf, PANEL_KINDS } from '../shared/manifest';
import { DatasetBalancePanel } from './datasetBalancePanel';
import { FeatureMapsPanel } from './featureMapsPanel';
import { GraderPanel } from './graderPanel';
import { GradientDescentPanel } from './gradientDescentPanel';
import { followChecks } from './learnerPanel';
import { PanelHost, type PanelDeps, type PanelType } from './panelHost';
import { TheoryPanel } from './theoryPanel';
import { TrainingPanel } from './trainingPanel';
import { panelsToClose } from '../course/courseRules';

/**
 * Every panel, by name (the way commands come from src/commands/table.ts): the host gives each
 * the same lifecycle; package.json's `onWebviewPanel:` activation events list the same viewTypes
 * (a unit test keeps the two in step).
 */
export const PANELS = {
  grader: GraderPanel.type,
  datasetBalance: DatasetBalancePanel.type,
  training: TrainingPanel.type,
  featureMaps: FeatureMapsPanel.type,
  gradientDescent: GradientDescentPanel.type,
  theory: TheoryPanel.type,
} as const;

type Hosts = { readonly [K in keyof typeof PANELS]: (typeof PANELS)[K] extends PanelType<infer P, infer O> ? PanelHost<P, O> : never };

let hosts: Hosts | undefined;
let service: PanelDeps['service'] | undefined;

/** The panels' hosts, once registerPanels has run (activation). */
export function panels(): Hosts {
  if (!hosts) throw new Error('DL Course panels are not registered yet');
  return hosts;
}

/** Creates a host per panel, with its serializer, language changes and disposal, and the panels that follow checks. */
export function registerPanels(deps: PanelDeps): vscode.Disposable[] {
  const h: Hosts = {
    grader: new PanelHost(PANELS.grader, deps),
    datasetBalance: new PanelHost(PANELS.datasetBalance, deps),
    training: new PanelHost(PANELS.training, deps),
    featureMaps: new PanelHost(PANELS.featureMaps, deps),
    gradientDescent: new PanelHost(PANELS.gradientDescent, deps),
    theory: new PanelHost(PANELS.theory, deps),
  };
  hosts = h;
  service = deps.service;
  return [
    ...Object.values(h).flatMap((host) => host.register()),
    TrainingPanel.follow(deps, h.training),
    followChecks(
      deps.runner,
      deps.service,
      'featureMaps',
      () => h.featureMaps.instance,
      (id) => h.featureMaps.show({ exerciseId: id }, true),
    ),
    followChecks(
      deps.runner,
      deps.service,
      'gradientDescent',
      () => h.gradientDescent.instance,
      (id) => h.gradientDescent.show({ exerciseId: id }, true),
    ),
    {
      dispose: () => {
        if (hosts === h) hosts = undefined;
      },
    },
  ];
}

/**
 * Opening an exercise tidies the previous one's panels: a visual panel the new exercise does not
 * list in its exercise.json closes (unless it is busy: a Train on My Images run goes on; or
 * `askedFor`: the learner asked for it while the exercise opened); one it
 * lists switches to it (Dataset Balance to its data set: MNIST for 18, cats and dogs for 19);
 * every DL Course panel left open moves into the one side group. The results panel stays (its
 * page holds the warm grader) and shows the new exercise's verdict at its next check.
 */
export function tidyPanelsFor(exerciseId: string, askedFor: readonly object[] = []): void {
  const h = hosts;
  const manifest = service?.exercise(exerciseId)?.manifest;
  if (!h || !manifest) return;
  const open = PANEL_KINDS.filter((kind) => h[kind].instance).map((kind) => ({ kind, busy: h[kind].busy || askedFor.includes(h[kind]) }));
  const close = panelsToClose((kind) => !!panelOf(manifest, kind), open);
  for (const { kind } of open) {
    if (close.includes(kind)) h[kind].dispose();
    else if (kind === 'featureMaps' || kind === 'gradientDescent') h[kind].instance?.show(exerciseId);
    else if (kind === 'datasetBalance') h[kind].instance?.reshow({ exerciseId });
  }
  for (const host of Object.values(h)) host.moveToSide();
}

/**
 * Starts the results panel, if it is not open, as a tab of the side group without the focus: its
 * page starts and warms the grader (TF.js, a worker) while the learner reads, so the first Check
 * does not pay for it. Run when an exercise opens, where code may run (a trusted folder), before
 * the theory opens over it:
 *  - resolves once its page runs (it posted `loaded`; at most 8 s): a webview tab covered before
 *    VS Code has shown it never loads (measured: the first Check then took 5.8 s), and a webview
 *    created while another is still loading can stay blank for good in the web workbench (seen
 *    for the theory and, last session, for Dataset Balance beside the Markdown preview): the
 *    theory opens after;
 *  - the grader itself (TF.js, its worker) starts once `after()` settles (the theory drawn) or 15 s
 *    after that: on a 2-core laptop, TF.js starting beside the theory made its page start 5 s late.
 * The theory first, with the results page opened once the workbench showed the theory's tab and
 * then loading behind it, was measured against this order (scripts/bench-first-screen.mjs,
 * alternated, 2 cores): Open Course → theory drawn 4.6–6.4 s against 5.8–6.0 s once the workbench
 * had settled, 6.4–9.7 s against 8.1–8.6 s just after it appeared — no clear gain, and the results
 * tab then covers the theory while the workbench shows it; not kept.
 */
export async function warmGrader(after: () => Promise<unknown>): Promise<void> {
  const h = hosts;
  if (!h) return;
  const open = h.grader.instance;
  const grader = open ?? h.grader.show({ warmLater: true }, true);
  if (!open) await Promise.race([grader.loaded, delay(8_000)]);
  void Promise.race([after(), delay(15_000)]).then(() => grader.warm());
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
