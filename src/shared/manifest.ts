import { validateExercise } from './exerciseSchemaValidator.generated';
import type { Localized } from './i18n';

/**
 * An exercise is data: `exercises/<id>/exercise.json`, defined by `media/schema/exercise.schema.json`
 * (completion and errors for course authors in the editor) and validated by `validateManifest`
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

/** The first exercise (in the order given) whose declaration of `kind` satisfies `test`: e.g. the one whose functions the balance panel runs. */
export function exerciseWithPanel<K extends PanelKind>(manifests: readonly ExerciseManifest[], kind: K, test: (d: DeclarationOf<K>) => boolean = () => true): ExerciseManifest | undefined {
  return manifests.find((m) => {
    const d = panelOf(m, kind);
    return d !== undefined && test(d);
  });
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

/** One problem the schema's validator found, as ajv reports it (verbose: with the failing schema node). */
interface SchemaError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
  readonly parentSchema?: { readonly errorMessage?: string; readonly patternErrorMessage?: string };
}

/**
 * Returns every problem found, as messages that name the field; empty when valid. The shape is
 * media/schema/exercise.schema.json's, checked by code generated from it at build time
 * (scripts/build-manifest-validator.mjs); what a JSON schema cannot say (unique check ids, a
 * check's export among the exports, as many hints in each language, a panel listed once) is
 * checked here.
 */
export function validateManifest(value: unknown, where = 'exercise.json'): string[] {
  if (!isObject(value)) return [`${where}: must be a JSON object`];
  const errors: string[] = [];
  const err = (path: string, msg: string) => {
    const line = `${where}: ${path}: ${msg}`;
    if (!errors.includes(line)) errors.push(line);
  };
  if (!validateExercise(value)) for (const e of schemaErrors(validateExercise.errors)) err(...e);
  const exportNames = new Set(Array.isArray(value.exports) ? value.exports.filter(isObject).map((e) => e.name) : []);
  if (Array.isArray(value.checks)) {
    const seen = new Set<unknown>();
    value.checks.forEach((c, i) => {
      if (!isObject(c)) return;
      if (typeof c.id === 'string' && seen.has(c.id)) err(`checks[${i}].id`, `duplicate check id "${c.id}"`);
      seen.add(c.id);
      if (c.export !== undefined && !exportNames.has(c.export)) err(`checks[${i}].export`, `"${String(c.export)}" is not in exports`);
    });
  }
  if (Array.isArray(value.hints?.en) && Array.isArray(value.hints?.fr) && value.hints.en.length !== value.hints.fr.length) err('hints', 'en and fr must have as many hints');
  if (Array.isArray(value.panels)) {
    const kinds = value.panels.filter(isObject).map((p) => p.panel);
    kinds.forEach((k, i) => { if (kinds.indexOf(k) !== i) err(`panels[${i}]`, `lists the ${String(k)} panel twice`); });
  }
  return errors;
}

/** ajv's errors as [field path, message]: the schema's own wording (errorMessage) where it has one. */
function schemaErrors(raw: unknown): [string, string][] {
  const out: [string, string][] = [];
  const list = (Array.isArray(raw) ? raw : []) as SchemaError[];
  for (const e of list) {
    // if/then only says "must match then": the failing keyword inside the then is reported too.
    if (e.keyword === 'if') continue;
    const base = fieldPath(e.instancePath);
    const join = (k: string) => (base ? `${base}.${k}` : k);
    if (e.keyword === 'additionalProperties') out.push([join(String(e.params.additionalProperty)), 'unknown property']);
    else if (e.keyword === 'required') out.push([join(String(e.params.missingProperty)), 'is missing']);
    else {
      const own = (e.keyword === 'pattern' ? e.parentSchema?.patternErrorMessage : undefined) ?? e.parentSchema?.errorMessage;
      out.push([base || '(root)', own ?? e.message ?? e.keyword]);
    }
  }
  return out;
}

/** "/checks/0/title/fr" → "checks[0].title.fr", the way the messages have always named fields. */
function fieldPath(pointer: string): string {
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, seg) => (/^\d+$/.test(seg) ? `${path}[${seg}]` : path ? `${path}.${seg}` : seg), '');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
