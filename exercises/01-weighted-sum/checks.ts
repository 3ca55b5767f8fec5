import { L } from '../../src/shared/i18n';
import {
  call,
  expectClose,
  expectNumber,
  expectThrows,
  fail,
  fmt,
  learnerFunction,
  learnerValue,
  numeric,
  show,
} from '../../src/grader/core/assert';
import { GRADES, PUPILS, SCIENCE_SUBJECTS, averageOf } from '../../src/grader/core/synthetic';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';

type Neuron = (x: number[], w: number[], b: number) => number;

const reference = (x: readonly number[], w: readonly number[], b: number): number => x.reduce((s, xi, i) => s + xi * w[i]!, b);

function scienceParams(ctx: CheckContext): { w: number[]; b: number } {
  const w = numeric(learnerValue(ctx, 'scienceWeights'), 'scienceWeights');
  if (w.shape.length !== 1 || w.values.length !== 7) {
    fail(
      L(
        `scienceWeights must hold 7 numbers, one per subject (Maths, Sport, SVT, Physique, Chimie, LV1, LV2); it has shape [${w.shape.join(', ')}].`,
        `scienceWeights doit contenir 7 nombres, un par matière (Maths, Sport, SVT, Physique, Chimie, LV1, LV2) ; sa forme est [${w.shape.join(', ')}].`,
      ),
    );
  }
  return { w: w.values, b: expectNumber(learnerValue(ctx, 'scienceBias'), 'scienceBias') };
}

export const checks: ExerciseChecks = [
  {
    id: 'neuron-random',
    async run(ctx) {
      const neuron = learnerFunction<Neuron>(ctx, 'neuron');
      const r = ctx.rng(101);
      for (let trial = 0; trial < 20; trial++) {
        const n = 1 + r.int(0, 9);
        const x = r.array(n, -10, 10);
        const w = r.array(n, -2, 2);
        const b = r.uniform(-5, 5);
        const got = expectNumber(await call(ctx, `neuron(${show(x, 3)}, ${show(w, 3)}, ${fmt(b)})`, neuron, x, w, b), 'neuron(...)');
        const want = reference(x, w, b);
        const noBias = reference(x, w, 0);
        const mean = reference(x, w, 0) / n + b;
        const misconception =
          Math.abs(got - noBias) < 1e-6 && Math.abs(b) > 1e-3
            ? L('The result equals the sum without b: the bias was forgotten.', 'Le résultat vaut la somme sans b : le biais a été oublié.')
            : Math.abs(got - mean) < 1e-6 && n > 1
              ? L(
                  'The result is the mean of the products: a neuron sums them, it does not divide by n.',
                  'Le résultat est la moyenne des produits : un neurone les additionne, sans diviser par n.',
                )
              : L(
                  'A neuron multiplies each xᵢ by wᵢ, sums the products and adds b.',
                  'Un neurone multiplie chaque xᵢ par wᵢ, additionne les produits et ajoute b.',
                );
        expectClose(got, want, `neuron(${show(x, 3)}, ${show(w, 3)}, ${fmt(b)})`, { misconception });
      }
    },
  },
  {
    id: 'neuron-lengths',
    async run(ctx) {
      const neuron = learnerFunction<Neuron>(ctx, 'neuron');
      await expectThrows(
        'neuron([1, 2, 3], [0.5, 0.5], 0)',
        () => neuron([1, 2, 3], [0.5, 0.5], 0),
        L(
          'With 3 inputs and 2 weights there is no weighted sum: check `x.length !== w.length` and `throw new Error(...)`. Silently ignoring a value hides bugs.',
          "Avec 3 entrées et 2 poids il n'y a pas de somme pondérée : testez `x.length !== w.length` et faites `throw new Error(...)`. Ignorer une valeur en silence cache des bogues.",
        ),
      );
    },
  },
  {
    id: 'science-gino',
    async run(ctx) {
      const neuron = learnerFunction<Neuron>(ctx, 'neuron');
      const { w, b } = scienceParams(ctx);
      const got = expectNumber(
        await call(ctx, 'neuron(Gino, scienceWeights, scienceBias)', neuron, [...GRADES.Gino], w, b),
        'neuron(Gino, …)',
      );
      const sum = averageOf(GRADES.Gino, SCIENCE_SUBJECTS) * 4;
      const misconception =
        Math.abs(got - sum) < 1e-6
          ? L(
              'That is the sum of the four science grades: an average divides it by 4, so each weight is 1/4.',
              "C'est la somme des quatre notes scientifiques : une moyenne la divise par 4, donc chaque poids vaut 1/4.",
            )
          : L(
              'Science is Maths, SVT, Physique and Chimie: weight 1/4 each, 0 for Sport and the languages, bias 0.',
              'Les sciences sont Maths, SVT, Physique et Chimie : poids 1/4 chacune, 0 pour le sport et les langues, biais 0.',
            );
      expectClose(got, 13.75, L("Gino's science average", 'La moyenne scientifique de Gino'), { misconception });
    },
  },
  {
    id: 'science-all',
    async run(ctx) {
      const neuron = learnerFunction<Neuron>(ctx, 'neuron');
      const { w, b } = scienceParams(ctx);
      for (const pupil of PUPILS) {
        const got = expectNumber(
          await call(ctx, `neuron(${pupil}, scienceWeights, scienceBias)`, neuron, [...GRADES[pupil]], w, b),
          `neuron(${pupil}, …)`,
        );
        expectClose(
          got,
          averageOf(GRADES[pupil], SCIENCE_SUBJECTS),
          L(`${pupil}'s science average`, `La moyenne scientifique de ${pupil}`),
          {
            misconception: L(
              "Weights that only fit Gino's grades are not an average: the same weights must work for every pupil.",
              'Des poids ajustés aux seules notes de Gino ne font pas une moyenne : les mêmes poids doivent marcher pour chaque élève.',
            ),
          },
        );
      }
    },
  },
];
