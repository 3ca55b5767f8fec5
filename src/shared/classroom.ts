/**
 * `classroom.json`: what an instructor's class counts. Environment-free (the CLI reads it; a
 * JSON schema, media/schema/classroom.schema.json, gives completion in the editor — keep the two
 * in step).
 *
 *   {
 *     "$schema": "…/classroom.schema.json",
 *     "pointsPerCheck": 1,                       default points of each passed check
 *     "lateFactor": 0.5,                         points kept by a late submission (1: late is only flagged)
 *     "exercises": {                             the exercises that count, and only those
 *       "01-weighted-sum": {},
 *       "06-convolution": { "pointsPerCheck": 2, "checks": { "conv-same": 4 }, "deadline": "2027-01-15T23:59:00+01:00" }
 *     }
 *   }
 *
 * Without `exercises`, every exercise of the course counts.
 */
export interface ClassroomConfig {
  readonly pointsPerCheck?: number;
  readonly lateFactor?: number;
  readonly exercises?: Readonly<Record<string, ClassroomExercise>>;
}

export interface ClassroomExercise {
  readonly pointsPerCheck?: number;
  /** Points of named checks (the others get `pointsPerCheck`). */
  readonly checks?: Readonly<Record<string, number>>;
  /** ISO 8601 date-time; a submission last changed after it is late. */
  readonly deadline?: string;
}

/** The course as far as points go: exercise ids and their check ids. */
export interface CourseOutline {
  readonly exercises: readonly { readonly id: string; readonly checks: readonly string[] }[];
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/** Every problem found, as messages that name the field; empty when valid. */
export function validateClassroom(value: unknown, course: CourseOutline, where = 'classroom.json'): string[] {
  const errors: string[] = [];
  const err = (p: string, m: string) => errors.push(`${where}: ${p}: ${m}`);
  if (!isObject(value)) return [`${where}: must be a JSON object`];
  for (const k of Object.keys(value)) if (!['$schema', 'pointsPerCheck', 'lateFactor', 'exercises'].includes(k)) err(k, 'unknown property');
  const points = (v: unknown, p: string) => {
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) err(p, 'must be a number ≥ 0');
  };
  points(value.pointsPerCheck, 'pointsPerCheck');
  if (value.lateFactor !== undefined && (typeof value.lateFactor !== 'number' || value.lateFactor < 0 || value.lateFactor > 1))
    err('lateFactor', 'must be a number between 0 and 1');
  if (value.exercises !== undefined) {
    if (!isObject(value.exercises)) err('exercises', 'must be an object whose keys are exercise ids');
    else
      for (const [id, e] of Object.entries(value.exercises)) {
        const known = course.exercises.find((x) => x.id === id);
        if (!known) {
          err(`exercises.${id}`, 'no such exercise in the course (see `dl-course list`)');
          continue;
        }
        if (!isObject(e)) {
          err(`exercises.${id}`, 'must be an object ({} for the defaults)');
          continue;
        }
        for (const k of Object.keys(e))
          if (!['pointsPerCheck', 'checks', 'deadline'].includes(k)) err(`exercises.${id}.${k}`, 'unknown property');
        points(e.pointsPerCheck, `exercises.${id}.pointsPerCheck`);
        if (e.checks !== undefined) {
          if (!isObject(e.checks)) err(`exercises.${id}.checks`, 'must map check ids to points');
          else
            for (const [c, p] of Object.entries(e.checks)) {
              if (!known.checks.includes(c)) err(`exercises.${id}.checks.${c}`, `no such check (${known.checks.join(', ')})`);
              points(p, `exercises.${id}.checks.${c}`);
            }
        }
        if (
          e.deadline !== undefined &&
          (typeof e.deadline !== 'string' || !ISO_DATE_TIME.test(e.deadline) || Number.isNaN(Date.parse(e.deadline)))
        ) {
          err(`exercises.${id}.deadline`, 'must be an ISO 8601 date-time such as "2027-01-15T23:59:00+01:00"');
        }
      }
  }
  return errors;
}

/** The exercises that count, in course order. */
export function countedExercises(config: ClassroomConfig | undefined, course: CourseOutline): string[] {
  const listed = config?.exercises;
  return course.exercises.map((e) => e.id).filter((id) => !listed || id in listed);
}

export function checkPoints(config: ClassroomConfig | undefined, exerciseId: string, checkId: string): number {
  const e = config?.exercises?.[exerciseId];
  return e?.checks?.[checkId] ?? e?.pointsPerCheck ?? config?.pointsPerCheck ?? 1;
}

export function deadlineOf(config: ClassroomConfig | undefined, exerciseId: string): string | undefined {
  return config?.exercises?.[exerciseId]?.deadline;
}

export function lateFactor(config: ClassroomConfig | undefined): number {
  return config?.lateFactor ?? 1;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
