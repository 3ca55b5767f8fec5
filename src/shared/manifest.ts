import type { Localized } from './i18n';

/**
 * An exercise is data: `exercises/<id>/exercise.json`, defined by `media/schema/exercise.schema.json`
 * (completion and errors for course authors in the editor) and validated by `validateManifest` (manifestValidation.ts)
 * below (the extension, the command-line grader and `dl-course validate`) with code generated
 * from that schema. The types here describe the same shape (a unit test keeps them in step).
 */
export interface ExerciseManifest {
  readonly id: string;
  readonly order: number;
  readonly chapter: 1 | 2 | 3;
  readonly title: Localized;
  readonly summary: Localized;
  /** Exported names and their TypeScript signatures, as the curriculum states them. */
  readonly exports: readonly ExportSpec[];
  readonly checks: readonly CheckSpec[];
  /** At least three per language, in order: each one gives away a little more. */
  readonly hints: { readonly en: readonly string[]; readonly fr: readonly string[] };
  /**
   * Panels that help with this exercise, each with the view it shows (and its data set); the
   * first is the exercise's main panel (opened by itself after a check that passes something).
   */
  readonly panels?: readonly PanelDeclaration[];
  /** Tries after which the solution can be shown without a pass. */
  readonly solutionAfterAttempts?: number;
  /** Predict before you run: one multiple-choice question asked before the first check. */
  readonly predict?: Prediction;
}

export interface ExportSpec {
  readonly name: string;
  readonly signature: string;
}

export interface CheckSpec {
  readonly id: string;
  readonly title: Localized;
  /** The export a failure points at (its declaration gets the diagnostic). */
  readonly export?: string;
  /** Per-check time budget; the worker is killed and replaced past it. */
  readonly timeoutMs?: number;
  /** A check that trains a model: shown with progress, longer budget. */
  readonly training?: boolean;
}

export type PanelKind = 'featureMaps' | 'gradientDescent' | 'datasetBalance' | 'training';
export const PANEL_KINDS: readonly PanelKind[] = ['featureMaps', 'gradientDescent', 'datasetBalance', 'training'];

/** What an exercise.json says of one panel (`panels` items; the schema lists the same fields). */
export type PanelDeclaration = FeatureMapsDeclaration | GradientDescentDeclaration | DatasetBalanceDeclaration | TrainingDeclaration;

export interface FeatureMapsDeclaration {
  readonly panel: 'featureMaps';
  /** conv2d: a kernel slid over an image; filters: the learner's filters + ReLU; cnn: the layers of buildModel/buildCnn. */
  readonly view: 'conv2d' | 'filters' | 'cnn';
  /** cnn: the arguments buildModel is called with (default [[32, 32, 3]]). */
  readonly buildModelArgs?: readonly unknown[];
}

export interface GradientDescentDeclaration {
  readonly panel: 'gradientDescent';
  readonly view: '1d' | '2d' | 'neuron' | 'train';
}

export type BalanceDataset = 'catsdogs' | 'mnist';

export interface DatasetBalanceDeclaration {
  readonly panel: 'datasetBalance';
  /** The shipped data set the panel shows first for this exercise. */
  readonly dataset: BalanceDataset;
  /** The panel runs this exercise's classCounts, imbalanceRatio, classWeights and balancedSample. */
  readonly runsLearnerCode?: boolean;
}

export interface TrainingDeclaration {
  readonly panel: 'training';
  /** run (default): the curves of the last training check; cos: the panel trains this exercise's regressor on cos(x). */
  readonly view?: 'run' | 'cos';
  /** Train on My Images trains this exercise's preprocess + buildModel. */
  readonly ownImages?: boolean;
}

type DeclarationOf<K extends PanelKind> = Extract<PanelDeclaration, { readonly panel: K }>;

/** The exercise's declaration of a panel, if it has that panel. */
export function panelOf<K extends PanelKind>(m: Pick<ExerciseManifest, 'panels'> | undefined, kind: K): DeclarationOf<K> | undefined {
  return m?.panels?.find((p): p is DeclarationOf<K> => p.panel === kind);
}

/**
 * The first exercise (in the order given) whose declaration of `kind` satisfies `test`: e.g. the one whose functions the balance
 * panel runs.
 */
export function exerciseWithPanel<K extends PanelKind, M extends Pick<ExerciseManifest, 'panels'>>(
  manifests: readonly M[],
  kind: K,
  test: (d: DeclarationOf<K>) => boolean = () => true,
): M | undefined {
  return exercisesDeclaring(manifests, kind, test)[0];
}

/** Every exercise (in the order given) whose declaration of `kind` satisfies `test`: e.g. those that show the cat/dog set. */
export function exercisesDeclaring<K extends PanelKind, M extends Pick<ExerciseManifest, 'panels'>>(
  manifests: readonly M[],
  kind: K,
  test: (d: DeclarationOf<K>) => boolean = () => true,
): M[] {
  return manifests.filter((m) => {
    const d = panelOf(m, kind);
    return d !== undefined && test(d);
  });
}

/**
 * An exercise as a page sees it: its id and its panels. A page names the exercises behind its sections from these (no exercise
 * number written in its strings), so renumbering an exercise touches its folder and the registry only.
 */
export type PanelExercise = Pick<ExerciseManifest, 'id' | 'panels'>;

/** The course's exercises that declare a panel, in course order, as the pages get them. */
export function panelExercises(manifests: readonly ExerciseManifest[]): PanelExercise[] {
  return manifests.filter((m) => m.panels?.length).map((m) => ({ id: m.id, panels: m.panels }));
}

/** The number an exercise goes by: its id's leading digits ("06-convolution" → "06"). */
export function exerciseNumber(id: string): string {
  return /^\d+/.exec(id)?.[0] ?? id;
}

/**
 * An exercise's heading, "01-weighted-sum · A neuron: …" (or another `label`: "01 · …"), in both
 * languages, so that a panel showing it follows `dlCourse.language` live.
 */
export function exerciseHeading(m: { readonly id: string; readonly title: Localized }, label = m.id): Localized {
  return { en: `${label} · ${m.title.en}`, fr: `${label} · ${m.title.fr}` };
}

export const CHAPTER_TITLES: Readonly<Record<1 | 2 | 3, Localized>> = {
  1: { en: 'Transforming how data is represented (layers)', fr: 'Transformer la représentation des données (couches)' },
  2: { en: 'Training: gradient descent', fr: 'Entraînement : descente de gradient' },
  3: { en: 'Data', fr: 'Les données' },
};

export const DEFAULT_CHECK_TIMEOUT_MS = 10_000;
export const DEFAULT_TRAINING_TIMEOUT_MS = 120_000;
export const DEFAULT_SOLUTION_AFTER_ATTEMPTS = 5;

export function checkTimeoutMs(check: CheckSpec): number {
  return check.timeoutMs ?? (check.training ? DEFAULT_TRAINING_TIMEOUT_MS : DEFAULT_CHECK_TIMEOUT_MS);
}

/** A question the learner answers before a check reveals the answer (exercise.json `predict`). */
export interface Prediction {
  readonly question: Localized;
  readonly choices: readonly Localized[];
  /** Index of the right choice. */
  readonly answer: number;
  /** Why, shown with the answer. */
  readonly explain: Localized;
}
