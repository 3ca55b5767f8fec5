import type { Localized } from './i18n';

/**
 * An exercise is data: `exercises/<id>/exercise.json`, validated here (used by the extension,
 * the command-line grader and `dl-course validate`) and by `media/schema/exercise.schema.json`
 * (completion and errors for course authors in the editor). Keep the two in step: a unit test
 * runs both over every manifest.
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
  /** Panels that help with this exercise (opened from the tree and after a check). */
  readonly panels?: readonly PanelKind[];
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

const ID = /^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CHECK_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const IDENT = /^[A-Za-z_$][\w$]*$/;

/** Returns every problem found, as messages that name the field; empty when valid. */
export function validateManifest(value: unknown, where = 'exercise.json'): string[] {
  const errors: string[] = [];
  const err = (path: string, msg: string) => errors.push(`${where}: ${path}: ${msg}`);
  if (!isObject(value)) return [`${where}: must be a JSON object`];
  const allowed = new Set(['$schema', 'id', 'order', 'chapter', 'title', 'summary', 'exports', 'checks', 'hints', 'panels', 'solutionAfterAttempts']);
  for (const k of Object.keys(value)) if (!allowed.has(k)) err(k, 'unknown property');
  if (typeof value.id !== 'string' || !ID.test(value.id)) err('id', 'must look like "01-weighted-sum" (two digits, a dash, lowercase words)');
  if (typeof value.order !== 'number' || !Number.isInteger(value.order) || value.order < 1) err('order', 'must be a positive integer');
  if (value.chapter !== 1 && value.chapter !== 2 && value.chapter !== 3) err('chapter', 'must be 1, 2 or 3');
  checkLocalized(value.title, 'title', err);
  checkLocalized(value.summary, 'summary', err);
  if (!Array.isArray(value.exports) || value.exports.length === 0) err('exports', 'must list at least one export');
  else value.exports.forEach((e, i) => {
    if (!isObject(e) || typeof e.name !== 'string' || !IDENT.test(e.name)) err(`exports[${i}].name`, 'must be an identifier');
    if (!isObject(e) || typeof e.signature !== 'string' || !e.signature) err(`exports[${i}].signature`, 'must be a non-empty string');
  });
  const exportNames = new Set(Array.isArray(value.exports) ? value.exports.filter(isObject).map((e) => e.name) : []);
  if (!Array.isArray(value.checks) || value.checks.length === 0) err('checks', 'must list at least one check');
  else {
    const seen = new Set<string>();
    value.checks.forEach((c, i) => {
      if (!isObject(c)) { err(`checks[${i}]`, 'must be an object'); return; }
      if (typeof c.id !== 'string' || !CHECK_ID.test(c.id)) err(`checks[${i}].id`, 'must be lowercase words joined by dashes');
      else if (seen.has(c.id)) err(`checks[${i}].id`, `duplicate check id "${c.id}"`);
      else seen.add(c.id);
      checkLocalized(c.title, `checks[${i}].title`, err);
      if (c.export !== undefined && !exportNames.has(c.export)) err(`checks[${i}].export`, `"${String(c.export)}" is not in exports`);
      if (c.timeoutMs !== undefined && (typeof c.timeoutMs !== 'number' || c.timeoutMs < 100 || c.timeoutMs > 600_000)) err(`checks[${i}].timeoutMs`, 'must be a number of milliseconds between 100 and 600000');
      if (c.training !== undefined && typeof c.training !== 'boolean') err(`checks[${i}].training`, 'must be true or false');
      for (const k of Object.keys(c)) if (!['id', 'title', 'export', 'timeoutMs', 'training'].includes(k)) err(`checks[${i}].${k}`, 'unknown property');
    });
  }
  if (!isObject(value.hints)) err('hints', 'must have "en" and "fr" lists');
  else for (const lang of ['en', 'fr'] as const) {
    const h = value.hints[lang];
    if (!Array.isArray(h) || h.length < 3 || !h.every((s) => typeof s === 'string' && s.trim().length > 0)) err(`hints.${lang}`, 'must list at least three non-empty hints');
  }
  if (Array.isArray(value.hints?.en) && Array.isArray(value.hints?.fr) && value.hints.en.length !== value.hints.fr.length) err('hints', 'en and fr must have as many hints');
  if (value.panels !== undefined && (!Array.isArray(value.panels) || !value.panels.every((p) => (PANEL_KINDS as readonly unknown[]).includes(p)))) err('panels', `must be a list of ${PANEL_KINDS.join(', ')}`);
  if (value.solutionAfterAttempts !== undefined && (typeof value.solutionAfterAttempts !== 'number' || value.solutionAfterAttempts < 1)) err('solutionAfterAttempts', 'must be a positive number');
  return errors;
}

function checkLocalized(v: unknown, path: string, err: (p: string, m: string) => void): void {
  if (!isObject(v)) return err(path, 'must be { "en": "…", "fr": "…" }');
  for (const lang of ['en', 'fr']) if (typeof v[lang] !== 'string' || !(v[lang] as string).trim()) err(`${path}.${lang}`, 'must be a non-empty string');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
