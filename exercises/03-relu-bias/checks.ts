import * as tf from '../../src/grader/core/tf';
import { L, type Label, labelOf, type Localized } from '../../src/shared/i18n';
import {
  call,
  callDetailed,
  expectClose,
  expectNumber,
  expectShape,
  expectTensor,
  fail,
  fmtFr,
  isClose,
  labelWith,
  learnerFunction,
  numeric,
  ofShape,
  shapeText,
  show,
} from '../../src/grader/core/assert';
import { GRADES, LANGUAGE_SUBJECTS, PUPILS, SPORT } from '../../src/grader/core/synthetic';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';

type Relu = (x: tf.Tensor) => tf.Tensor;
type Selector = () => { w: number[]; b: number };

const same = (got: readonly number[], want: readonly number[]): boolean =>
  got.length === want.length && got.every((g, i) => isClose(g, want[i]!));

/** Calls the learner's relu on x and returns its result as a tensor with x left intact. */
async function callRelu(ctx: CheckContext, relu: Relu, x: tf.Tensor, label: Label): Promise<tf.Tensor> {
  const d = await callDetailed(ctx, label, relu, [x]);
  const got = expectTensor(d.value, label);
  if (d.disposedArgs[0]) {
    fail(
      L(
        `${labelOf(label).en} disposed its input: relu must not dispose a tensor it does not own.`,
        `${labelOf(label).fr} a libéré (dispose) son entrée : relu ne doit pas libérer un tenseur qui ne lui appartient pas.`,
      ),
    );
  }
  return got;
}

/** What the usual wrong relus produce, compared with the learner's values. */
function reluMisconception(xs: readonly number[], got: readonly number[]): Localized {
  const nanAtZero = xs.some((x, i) => x === 0 && Number.isNaN(got[i]!));
  if (nanAtZero) {
    return L(
      'At exactly x = 0 your relu gives NaN: is there a division by x or |x| (such as x·|x|/x)? relu(0) = 0; tf.maximum(x, 0) needs no division.',
      'Pour x = 0 exactement votre relu donne NaN : divisez-vous par x ou |x| (comme x·|x|/x) ? relu(0) = 0 ; tf.maximum(x, 0) ne divise rien.',
    );
  }
  const candidates: [number[], Localized][] = [
    [
      [...xs],
      L('The result equals x: negative values were not set to 0.', "Le résultat vaut x : les valeurs négatives n'ont pas été mises à 0."),
    ],
    [
      xs.map(Math.abs),
      L(
        'The result is |x|: relu does not flip negatives to positive, it replaces them with 0.',
        'Le résultat est |x| : relu ne rend pas les négatifs positifs, elle les remplace par 0.',
      ),
    ],
    [
      xs.map((x) => (x > 0 ? 1 : 0)),
      L(
        'The result is 1 where x > 0 and 0 elsewhere: that is a step (the test x > 0), relu keeps the value x itself.',
        "Le résultat vaut 1 là où x > 0 et 0 ailleurs : c'est une marche (le test x > 0), relu garde la valeur x elle-même.",
      ),
    ],
    [
      xs.map((x) => Math.max(-x, 0)),
      L(
        'The result is relu(−x): positives are zeroed and negatives kept, the comparison is the wrong way round.',
        'Le résultat est relu(−x) : les positifs sont annulés et les négatifs gardés, la comparaison est inversée.',
      ),
    ],
    [
      xs.map(() => 0),
      L(
        'Every value is 0: positive values must pass through unchanged, only x ≤ 0 becomes 0.',
        'Toutes les valeurs valent 0 : les valeurs positives doivent passer telles quelles, seuls les x ≤ 0 deviennent 0.',
      ),
    ],
    [xs.map((x) => Math.min(x, 0)), L('The result is min(x, 0): relu is max(x, 0).', 'Le résultat est min(x, 0) : relu est max(x, 0).')],
  ];
  for (const [values, text] of candidates) if (same(got, values)) return text;
  const positivesOk = xs.every((x, i) => x <= 0 || isClose(got[i]!, x));
  if (positivesOk && xs.some((x, i) => x < 0 && got[i]! < 0)) {
    return L(
      'Positive values are right but negative ones stay negative (a leaky relu?): relu returns exactly 0 for every x ≤ 0.',
      'Les valeurs positives sont justes mais les négatives restent négatives (une leaky relu ?) : relu renvoie exactement 0 pour tout x ≤ 0.',
    );
  }
  return L(
    'relu(x) = x when x > 0, and 0 when x ≤ 0, element by element: tf.maximum(x, 0).',
    'relu(x) = x si x > 0, et 0 si x ≤ 0, élément par élément : tf.maximum(x, 0).',
  );
}

async function expectRelu(ctx: CheckContext, relu: Relu, values: number[], shape: number[]): Promise<void> {
  const x = tf.tensor(values, shape);
  const label = shape.length <= 1 ? `relu(${show(values, 8)})` : `relu(x ${shapeText(shape)} = ${show(x, 4)})`;
  const got = await callRelu(ctx, relu, x, label);
  const g = numeric(got, label);
  const misconception = reluMisconception(values, g.values);
  expectShape(
    got.shape,
    shape,
    label,
    L(
      'relu works element by element: the result has exactly the shape of its input.',
      "relu agit élément par élément : le résultat a exactement la forme de l'entrée.",
    ),
  );
  expectClose(got, tf.relu(x), label, { misconception });
}

async function selectorParams(ctx: CheckContext, name: 'sportSelector' | 'languageSelector'): Promise<{ w: number[]; b: number }> {
  const selector = learnerFunction<Selector>(ctx, name);
  const p = await call(ctx, `${name}()`, selector);
  if (typeof p !== 'object' || p === null || !('w' in p) || !('b' in p)) {
    fail(L(`${name}() must return { w, b }, but it returned ${show(p)}.`, `${name}() doit renvoyer { w, b }, mais a renvoyé ${show(p)}.`));
  }
  const w = numeric(p.w, `${name}().w`);
  if (w.shape.length !== 1 || w.values.length !== 7) {
    fail(
      L(
        `${name}().w must hold 7 numbers, one per subject (Maths, Sport, SVT, Physique, Chimie, LV1, LV2); its shape is ${shapeText(w.shape)}.`,
        `${name}().w doit contenir 7 nombres, un par matière (Maths, Sport, SVT, Physique, Chimie, LV1, LV2) ; sa forme est ${shapeText(w.shape)}.`,
      ),
    );
  }
  const b = expectNumber(p.b, `${name}().b`);
  if (![...w.values, b].every(Number.isFinite))
    fail(L(`${name}() holds a non-finite number: ${show(p)}.`, `${name}() contient un nombre non fini : ${show(p)}.`));
  return { w: w.values, b };
}

export const checks: ExerciseChecks = [
  {
    id: 'relu-values',
    async run(ctx) {
      const relu = learnerFunction<Relu>(ctx, 'relu');
      const r = ctx.rng(303);
      for (const shape of [[12], [4, 5], [2, 3, 4]]) {
        const n = shape.reduce((a, b) => a * b, 1);
        const values = r.array(n, -5, 5);
        // Exact zeros and negatives at known places, whatever the draw.
        values[0] = 0;
        values[1] = -r.uniform(0.5, 5);
        values[2] = r.uniform(0.5, 5);
        values[n - 1] = 0;
        await expectRelu(ctx, relu, values, shape);
      }
    },
  },
  {
    id: 'relu-edge-cases',
    async run(ctx) {
      const relu = learnerFunction<Relu>(ctx, 'relu');
      await expectRelu(ctx, relu, [0, -0, 1e-6, -1e-6, 1e6, -1e6, -3, 3], [8]);
      await expectRelu(ctx, relu, [-2, -1, -0.5, -1e-3], [2, 2]);
      await expectRelu(ctx, relu, [0, 0, 0], [3]);
    },
  },
  {
    id: 'relu-tensor-shape',
    async run(ctx) {
      const relu = learnerFunction<Relu>(ctx, 'relu');
      const r = ctx.rng(3030);
      for (const shape of [[], [1], [3, 1], [2, 1, 3, 2]]) {
        const n = shape.reduce((a, b) => a * b, 1);
        const x = tf.tensor(r.array(n, -2, 2), shape);
        const label = labelWith(ofShape('x', shape), (w) => `relu(${w})`);
        const got = await callRelu(ctx, relu, x, label);
        expectShape(
          got.shape,
          shape,
          label,
          L(
            'The shape of the input must be kept (a scalar stays a scalar, [2, 1, 3, 2] stays [2, 1, 3, 2]): work with tf operations on the tensor rather than on a flat array.',
            "La forme de l'entrée doit être conservée (un scalaire reste un scalaire, [2, 1, 3, 2] reste [2, 1, 3, 2]) : travaillez avec les opérations tf sur le tenseur plutôt que sur un tableau à plat.",
          ),
        );
      }
    },
  },
  {
    id: 'sport-selector',
    async run(ctx) {
      const { w, b } = await selectorParams(ctx, 'sportSelector');
      const pre = PUPILS.map((p) => GRADES[p].reduce((s, g, i) => s + g * w[i]!, b));
      const got = tf.relu(tf.tensor1d(pre)).arraySync() as number[];
      const want = [0, 5, 10];
      const sport = PUPILS.map((p) => GRADES[p][SPORT]!);
      const relu = (v: number) => Math.max(v, 0);
      const misconception = same(
        got,
        sport.map((s) => relu(s + 10)),
      )
        ? L(
            'With b = +10 every sport grade is raised by 10 and nothing is cut. To keep only what lies above 10, subtract 10: b = −10.',
            "Avec b = +10 chaque note de sport monte de 10 et rien n'est coupé. Pour ne garder que ce qui dépasse 10, retranchez 10 : b = −10.",
          )
        : same(got, sport)
          ? L(
              'That is the raw sport grade: the bias was forgotten (b = 0). The bias shifts the threshold: with b = −10, relu keeps only what lies above 10.',
              "C'est la note de sport brute : le biais a été oublié (b = 0). Le biais déplace le seuil : avec b = −10, relu ne garde que ce qui dépasse 10.",
            )
          : same(
                got,
                sport.map((s) => relu(s / 10 - 1)),
              ) ||
              same(
                got,
                sport.map((s) => relu(s - 1)),
              )
            ? L(
                'The bias is in grade points: the threshold is 10 points, so b = −10 with a weight of 1 on Sport.',
                'Le biais est en points de note : le seuil est de 10 points, donc b = −10 avec un poids de 1 sur le sport.',
              )
            : w.some((v, i) => i !== SPORT && v !== 0) || w[SPORT] !== 1
              ? L(
                  `w must select Sport alone: 1 at index ${SPORT} (the second subject), 0 elsewhere, so that w·x is the sport grade. Your w is ${show(w)}.`,
                  `w doit sélectionner le sport seul : 1 à l'indice ${SPORT} (la deuxième matière), 0 ailleurs, pour que w·x soit la note de sport. Votre w est ${show(w)}.`,
                )
              : L(
                  'With w selecting Sport, b shifts the grade so that 10 becomes 0: b = −10.',
                  'Avec w qui sélectionne le sport, b décale la note pour que 10 devienne 0 : b = −10.',
                );
      PUPILS.forEach((pupil, i) => {
        expectClose(
          got[i],
          want[i],
          L(`relu(w·x + b) for ${pupil} (sport grade ${sport[i]})`, `relu(w·x + b) pour ${pupil} (note de sport ${sport[i]})`),
          { misconception },
        );
      });
    },
  },
  {
    id: 'language-selector',
    async run(ctx) {
      const { w, b } = await selectorParams(ctx, 'languageSelector');
      const [lv1, lv2] = LANGUAGE_SUBJECTS;
      const relu = (v: number) => Math.max(v, 0);
      const neuron = (grades: readonly number[]) => relu(grades.reduce((s, g, i) => s + g * w[i]!, b));
      const mean = (grades: readonly number[]) => (grades[lv1]! + grades[lv2]!) / 2;
      // The three pupils of the table, then pupils drawn at random: a neuron that only happens to
      // give the table's three answers (LV2 alone, for instance) does not pass.
      const r = ctx.rng(3033);
      const pupils: [Localized, readonly number[]][] = [
        ...PUPILS.map((p): [Localized, readonly number[]] => [L(p, p), GRADES[p]]),
        ...Array.from({ length: 20 }, (_, k): [Localized, readonly number[]] => [
          L(`pupil ${k + 1} drawn at random`, `élève ${k + 1} tiré au hasard`),
          Array.from({ length: 7 }, () => Math.round(r.uniform(0, 20) * 2) / 2),
        ]),
      ];
      const all = pupils.map(([, g]) => g);
      const want = all.map((g) => relu(mean(g) - 15));
      const got = all.map(neuron);
      const matches = (f: (g: readonly number[]) => number) => all.every((g, i) => isClose(got[i]!, f(g)));
      const othersZero = w.every((v, i) => i === lv1 || i === lv2 || v === 0);
      const misconception = matches((g) => relu(g[lv1]! + g[lv2]! - 15))
        ? L(
            'That is the sum of the two language grades minus 15: an average of two grades weighs each by 1/2.',
            "C'est la somme des deux notes de langue moins 15 : une moyenne de deux notes pèse chacune 1/2.",
          )
        : matches((g) => relu(mean(g) + 15))
          ? L(
              'With b = +15 every average is raised by 15 and nothing is cut: the bias moves the threshold the other way.',
              "Avec b = +15 chaque moyenne monte de 15 et rien n'est coupé : le biais déplace le seuil dans l'autre sens.",
            )
          : matches(mean)
            ? L(
                'That is the plain average of the languages: the bias that puts the threshold at 15 is missing.',
                "C'est la moyenne brute des langues : il manque le biais qui place le seuil à 15.",
              )
            : !othersZero
              ? L(
                  `Only LV1 and LV2 (indices ${lv1} and ${lv2}) count in this neuron; your w is ${show(w)}.`,
                  `Seules LV1 et LV2 (indices ${lv1} et ${lv2}) comptent pour ce neurone ; votre w est ${show(w)}.`,
                )
              : w.every((v) => v === 0)
                ? L(
                    'Every weight is 0: the neuron looks at no grade. Which two subjects should it weigh, and by how much each?',
                    'Tous les poids valent 0 : le neurone ne regarde aucune note. Quelles deux matières doit-il pondérer, et de combien chacune ?',
                  )
                : isClose(w[lv1]!, 0) || isClose(w[lv2]!, 0)
                  ? L(
                      `Your neuron looks at one language only (w = ${show(w)}): the question is about the average of both.`,
                      `Votre neurone ne regarde qu'une langue (w = ${show(w)}) : la question porte sur la moyenne des deux.`,
                    )
                  : L(
                      'relu(w·x + b) must be what the average of LV1 and LV2 has above 15, for every pupil.',
                      'relu(w·x + b) doit valoir ce que la moyenne de LV1 et LV2 dépasse 15, pour chaque élève.',
                    );
      pupils.forEach(([pupil, grades], i) => {
        expectClose(
          got[i],
          want[i],
          L(
            `relu(w·x + b) for ${pupil.en} (LV1 ${grades[lv1]}, LV2 ${grades[lv2]})`,
            `relu(w·x + b) pour ${pupil.fr} (LV1 ${fmtFr(grades[lv1]!)}, LV2 ${fmtFr(grades[lv2]!)})`,
          ),
          { misconception },
        );
      });
    },
  },
];
