import { validateExercise } from './exerciseSchemaValidator.generated';

/**
 * Validating an exercise.json: its own module, so that the pages and workers that read manifests
 * (manifest.ts) do not carry the generated validator; only the course loader (src/node) calls it.
 */

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
 * check's export among the exports, as many hints in each language, a panel listed once, a
 * prediction's answer among its choices) is
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
  if (Array.isArray(value.hints?.en) && Array.isArray(value.hints?.fr) && value.hints.en.length !== value.hints.fr.length)
    err('hints', 'en and fr must have as many hints');
  const predict = value.predict;
  if (isObject(predict) && Array.isArray(predict.choices) && typeof predict.answer === 'number' && predict.answer >= predict.choices.length)
    err('predict.answer', `is ${predict.answer}, but there are only ${predict.choices.length} choices (counted from 0)`);
  if (Array.isArray(value.panels)) {
    const kinds = value.panels.filter(isObject).map((p) => p.panel);
    kinds.forEach((k, i) => {
      if (kinds.indexOf(k) !== i) err(`panels[${i}]`, `lists the ${String(k)} panel twice`);
    });
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
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, seg) => (/^\d+$/.test(seg) ? `${path}[${seg}]` : path ? `${path}.${seg}` : seg), '');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
