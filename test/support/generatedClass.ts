import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository (out/test/support/ → ../../..), without loading the in-process grader. */
const repoRoot = path.resolve(__dirname, '../../..');

/** Non-training exercises whose submissions grade in well under a second each. */
export const CLASS_EXERCISES = ['01-weighted-sum', '02-dense-layer', '03-relu-bias'] as const;
/** Five exercises, one with a training check (05: XOR), for the full loop of scripts/demo-class.mjs. */
export const DEMO_EXERCISES = [...CLASS_EXERCISES, '04-activations', '05-nonlinearity'] as const;

const P = '(globalThis as any).process';
/** Cheats that must not pass and must not break the grading of the others (see hostile.integration.test.ts). */
const HOSTILE_PREAMBLES = [
  `Math.abs = () => 0; (Number as any).isFinite = () => true; (Array.prototype as any).every = () => true;\n`,
  `(Object.prototype as any).status = 'passed'; (Object.prototype as any).passed = true;\n`,
  `try { ${P}.getBuiltinModule('fs').writeFileSync('/tmp/dl-course-ESCAPED', 'x'); } catch { /* denied */ }\n`,
  `${P}.kill(${P}.pid);\n`,
];

export type Kind = 'right' | 'wrong' | 'misconception' | 'hostile' | 'missing';

/**
 * A class of `learners` learners, `<dir>/learner-NNN/<exercise-id>/exercise.ts`: right answers
 * (the solution), wrong ones (the starter), a classic misconception (01: the bias forgotten),
 * hostile ones (a cheat before a wrong answer), and exercises not submitted. Deterministic.
 * Returns what each submission deserves: passed or not (undefined: not submitted).
 */
export function generateClass(
  dir: string,
  learners: number,
  exercises: readonly string[] = CLASS_EXERCISES,
): Map<string, { kind: Kind; passes: boolean }> {
  const expected = new Map<string, { kind: Kind; passes: boolean }>();
  const kinds: Kind[] = ['right', 'wrong', 'right', 'misconception', 'hostile', 'right', 'missing', 'wrong'];
  for (let l = 0; l < learners; l++) {
    const learner = `learner-${String(l).padStart(3, '0')}`;
    exercises.forEach((id, e) => {
      const kind = kinds[(l * 3 + e * 5) % kinds.length]!;
      expected.set(`${learner}/${id}`, { kind, passes: kind === 'right' });
      if (kind === 'missing') return;
      const exDir = path.join(repoRoot, 'exercises', id);
      const solution = fs.readFileSync(path.join(exDir, 'solution.ts'), 'utf8');
      const starter = fs.readFileSync(path.join(exDir, 'starter.ts'), 'utf8');
      const source =
        kind === 'right'
          ? solution
          : kind === 'wrong'
            ? starter
            : kind === 'misconception'
              ? id === '01-weighted-sum'
                ? solution.replace('let sum = b;', 'let sum = 0;')
                : starter.replace(/\/\/ TODO.*\n/g, '')
              : `${HOSTILE_PREAMBLES[l % HOSTILE_PREAMBLES.length]}${starter}`;
      const file = path.join(dir, learner, id, 'exercise.ts');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, source);
    });
  }
  return expected;
}
