import { L, type Localized } from '../../src/shared/i18n';
import {
  call,
  callDetailed,
  expectClose,
  expectNumber,
  expectThrows,
  fail,
  fmt,
  fmtFr,
  isClose,
  learnerFunction,
  show,
} from '../../src/grader/core/assert';
import { courseData, labelNames, loadCatsDogsLabels } from '../../src/grader/core/datasets';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';

type Labels = string[];

// ---- references ----
function counts(labels: readonly string[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const l of labels) c[l] = (c[l] ?? 0) + 1;
  return c;
}
function ratio(labels: readonly string[]): number {
  const s = Object.values(counts(labels));
  return Math.max(...s) / Math.min(...s);
}
function weights(labels: readonly string[]): Record<string, number> {
  const c = counts(labels);
  const k = Object.keys(c).length;
  return Object.fromEntries(Object.entries(c).map(([l, n]) => [l, labels.length / (k * n)]));
}

/** Seeded label lists with 2–4 classes and uneven sizes. */
function randomLabels(ctx: CheckContext, seed: number): string[] {
  const r = ctx.rng(seed);
  const names = ['cat', 'dog', 'bird', 'fish'].slice(0, 2 + r.int(0, 3));
  const out: string[] = [];
  names.forEach((name, i) => {
    for (let k = 0, n = 1 + r.int(0, 12 * (i + 1)); k < n; k++) out.push(name);
  });
  // shuffle so classes are interleaved
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.int(0, i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const label = (labels: readonly string[]): string =>
  labels.length > 10 ? `[${labels.length} labels: ${show(counts(labels))}]` : show(labels);

/** A plain object of numbers, or a failure that says what came instead. */
function record(v: unknown, what: string): Record<string, number> {
  if (v instanceof Map) {
    fail(
      L(
        `${what} returned a Map; return a plain object such as { cat: 3, dog: 1 } (\`const out: Record<string, number> = {}; out[label] = …\`).`,
        `${what} a renvoyé une Map ; renvoyez un objet simple comme { cat: 3, dog: 1 } (\`const out: Record<string, number> = {}; out[label] = …\`).`,
      ),
    );
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    fail(
      L(
        `${what} should return an object { className: number }, but it returned ${show(v)}.`,
        `${what} devrait renvoyer un objet { nomDeClasse: nombre }, mais a renvoyé ${show(v)}.`,
      ),
    );
  }
  for (const [k, x] of Object.entries(v as object)) {
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      fail(L(`${what}["${k}"] is ${show(x)}, not a finite number.`, `${what}["${k}"] vaut ${show(x)}, pas un nombre fini.`));
    }
  }
  return v as Record<string, number>;
}

function expectSameKeys(got: Record<string, number>, want: Record<string, number>, what: string): void {
  const g = Object.keys(got).sort();
  const w = Object.keys(want).sort();
  const missing = w.filter((k) => !g.includes(k));
  const extra = g.filter((k) => !w.includes(k));
  if (missing.length || extra.length) {
    fail(
      L(
        `${what} has the classes ${show(g)}, expected ${show(w)}${missing.length ? ` (missing: ${missing.join(', ')})` : ''}${extra.length ? ` (unexpected: ${extra.join(', ')})` : ''}. There is one entry per distinct label, and only those.`,
        `${what} a les classes ${show(g)}, attendu ${show(w)}${missing.length ? ` (manquantes : ${missing.join(', ')})` : ''}${extra.length ? ` (en trop : ${extra.join(', ')})` : ''}. Il y a une entrée par étiquette distincte, et seulement celles-là.`,
      ),
    );
  }
}

function sameMap(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(b);
  return Object.keys(a).length === keys.length && keys.every((k) => a[k] !== undefined && isClose(a[k]!, b[k]!, 1e-6, 1e-9));
}

function weightMistake(got: Record<string, number>, labels: readonly string[]): Localized | undefined {
  const c = counts(labels);
  const n = labels.length;
  const k = Object.keys(c).length;
  const map = (f: (nc: number) => number) => Object.fromEntries(Object.entries(c).map(([l, nc]) => [l, f(nc)]));
  if (
    sameMap(
      got,
      map((nc) => 1 / nc),
    )
  ) {
    return L(
      'These are 1 / n_c: inverse frequency, but not normalised. Multiply by N / K so that an average example weighs 1.',
      "Ce sont des 1 / n_c : l'inverse de la fréquence, mais non normalisé. Multipliez par N / K pour qu'un exemple moyen pèse 1.",
    );
  }
  if (
    sameMap(
      got,
      map((nc) => n / nc),
    )
  ) {
    return L(
      `These are N / n_c: the division by the number of classes K = ${k} is missing.`,
      `Ce sont des N / n_c : il manque la division par le nombre de classes K = ${k}.`,
    );
  }
  if (
    sameMap(
      got,
      map((nc) => nc / n),
    ) ||
    sameMap(
      got,
      map((nc) => (k * nc) / n),
    )
  ) {
    return L(
      'These weights grow with the class size: that is the frequency, not its inverse. The rare class must weigh MORE, so w_c = N / (K · n_c).',
      "Ces poids grandissent avec la taille de la classe : c'est la fréquence, pas son inverse. La classe rare doit peser PLUS, donc w_c = N / (K · n_c).",
    );
  }
  const sum = Object.values(map((nc) => 1 / nc)).reduce((s, x) => s + x, 0);
  if (
    sameMap(
      got,
      map((nc) => 1 / nc / sum),
    )
  ) {
    return L(
      'These weights sum to 1: this exercise normalises them so that the weighted total of each class is N / K (an average example weighs 1): w_c = N / (K · n_c).',
      'Ces poids ont pour somme 1 : cet exercice les normalise pour que le total pondéré de chaque classe soit N / K (un exemple moyen pèse 1) : w_c = N / (K · n_c).',
    );
  }
  return undefined;
}

export const checks: ExerciseChecks = [
  {
    id: 'class-counts',
    async run(ctx) {
      const fn = learnerFunction<(l: Labels) => Record<string, number>>(ctx, 'classCounts');
      const cases: string[][] = [['cat', 'dog', 'cat', 'cat'], ['dog'], [], ...[1, 2, 3, 4, 5].map((s) => randomLabels(ctx, 1600 + s))];
      for (const labels of cases) {
        const what = `classCounts(${label(labels)})`;
        const got = record(await call(ctx, what, fn, [...labels]), what);
        const want = counts(labels);
        expectSameKeys(got, want, what);
        for (const k of Object.keys(want)) {
          if (got[k] !== want[k]) {
            fail(
              L(
                `${what}: "${k}" appears ${want[k]} time(s), got ${fmt(got[k]!)}.`,
                `${what} : « ${k} » apparaît ${want[k]} fois, obtenu ${fmtFr(got[k]!)}.`,
              ),
              got[k] === want[k]! - 1
                ? L(
                    'One short: is the first occurrence of each class counted (start at 1, or add 1 when the class is new)?',
                    'Il en manque un : la première occurrence de chaque classe est-elle comptée (commencez à 1, ou ajoutez 1 quand la classe est nouvelle) ?',
                  )
                : undefined,
            );
          }
        }
      }
    },
  },
  {
    id: 'imbalance-ratio',
    async run(ctx) {
      const fn = learnerFunction<(l: Labels) => number>(ctx, 'imbalanceRatio');
      const catsDogs = [...Array<string>(300).fill('cat'), ...Array<string>(100).fill('dog')];
      const cases: string[][] = [catsDogs, ['cat', 'dog'], ['cat', 'cat', 'cat'], ...[1, 2, 3, 4].map((s) => randomLabels(ctx, 1610 + s))];
      for (const labels of cases) {
        const what = `imbalanceRatio(${label(labels)})`;
        const got = expectNumber(await call(ctx, what, fn, [...labels]), what);
        const want = ratio(labels);
        const s = Object.values(counts(labels));
        const max = Math.max(...s);
        const min = Math.min(...s);
        const misconception =
          isClose(got, min / max) && want !== 1
            ? L(
                'That is smallest / largest, a number below 1: the ratio is the LARGEST class over the SMALLEST (3 cats per dog gives 3).',
                "C'est plus petite / plus grande, un nombre inférieur à 1 : le rapport est la PLUS GRANDE classe sur la PLUS PETITE (3 chats par chien donne 3).",
              )
            : isClose(got, max - min) && want !== 1
              ? L(
                  'That is a difference of counts: the ratio divides them, so it does not depend on the size of the data set.',
                  "C'est une différence d'effectifs : le rapport les divise, il ne dépend donc pas de la taille du jeu de données.",
                )
              : isClose(got, max / labels.length)
                ? L(
                    'That is the share of the largest class in the data set; the ratio compares it with the SMALLEST class.',
                    "C'est la part de la plus grande classe dans le jeu de données ; le rapport la compare à la PLUS PETITE classe.",
                  )
                : L(
                    'imbalanceRatio = (size of the largest class) / (size of the smallest class); 1 when every class has the same size.',
                    'imbalanceRatio = (taille de la plus grande classe) / (taille de la plus petite) ; 1 quand toutes les classes ont la même taille.',
                  );
        expectClose(got, want, what, { misconception });
      }
      await expectThrows(
        'imbalanceRatio([])',
        () => fn([]),
        L(
          'With no labels there is no class to compare (Math.max() of nothing is -Infinity, 0 / 0 is NaN): throw an Error with a clear message instead.',
          "Sans étiquette, il n'y a pas de classe à comparer (Math.max() de rien vaut -Infinity, 0 / 0 vaut NaN) : levez plutôt une Error avec un message clair.",
        ),
      );
    },
  },
  {
    id: 'class-weights',
    async run(ctx) {
      const fn = learnerFunction<(l: Labels) => Record<string, number>>(ctx, 'classWeights');
      const catsDogs = [...Array<string>(300).fill('cat'), ...Array<string>(100).fill('dog')];
      const cases: string[][] = [catsDogs, ['cat', 'dog'], ['cat', 'cat'], ...[1, 2, 3, 4, 5].map((s) => randomLabels(ctx, 1620 + s))];
      for (const labels of cases) {
        const what = `classWeights(${label(labels)})`;
        const got = record(await call(ctx, what, fn, [...labels]), what);
        const want = weights(labels);
        expectSameKeys(got, want, what);
        for (const k of Object.keys(want)) {
          expectClose(got[k], want[k], `${what}["${k}"]`, {
            misconception:
              weightMistake(got, labels) ??
              L(
                `w_c = N / (K · n_c): here N = ${labels.length}, K = ${Object.keys(want).length}, n_${k} = ${counts(labels)[k]}.`,
                `w_c = N / (K · n_c) : ici N = ${labels.length}, K = ${Object.keys(want).length}, n_${k} = ${counts(labels)[k]}.`,
              ),
          });
        }
        // The defining property: every class then weighs the same in total, N / K.
        const c = counts(labels);
        const k = Object.keys(c).length;
        for (const cls of Object.keys(c)) {
          expectClose(
            c[cls]! * got[cls]!,
            labels.length / k,
            L(`${what}: total weight of class "${cls}" (n_c · w_c)`, `${what} : poids total de la classe « ${cls} » (n_c · w_c)`),
          );
        }
      }
    },
  },
  {
    id: 'balanced-sample',
    async run(ctx) {
      const fn = learnerFunction<(l: Labels, seed: number) => number[]>(ctx, 'balancedSample');
      for (const [i, labels] of [
        [...Array<string>(30).fill('cat'), ...Array<string>(10).fill('dog')],
        ...[1, 2, 3].map((s) => randomLabels(ctx, 1630 + s)),
      ].entries()) {
        const seed = 7 + i;
        const what = `balancedSample(${label(labels)}, ${seed})`;
        // The learner gets a copy of the labels; the copy as its call left it comes back in argsAfter.
        const d = await callDetailed(ctx, what, fn, [[...labels], seed], { returnArgs: true });
        const got = d.value;
        const copy = d.argsAfter?.[0];
        if (!Array.isArray(copy) || copy.some((x, j) => x !== labels[j]) || copy.length !== labels.length) {
          fail(
            L(
              `${what} changed the labels array it was given: sort or shuffle a copy, or the indices no longer point at the right labels.`,
              `${what} a modifié le tableau d'étiquettes reçu : triez ou mélangez une copie, sinon les indices ne désignent plus les bonnes étiquettes.`,
            ),
          );
        }
        if (!Array.isArray(got))
          fail(
            L(
              `${what} should return an array of indices, got ${show(got)}.`,
              `${what} devrait renvoyer un tableau d'indices, obtenu ${show(got)}.`,
            ),
          );
        const bad = got.find((x) => typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= labels.length);
        if (bad !== undefined) {
          fail(
            L(
              `${what} contains ${show(bad)}, which is not an index of the labels (integers 0 to ${labels.length - 1}).`,
              `${what} contient ${show(bad)}, qui n'est pas un indice des étiquettes (entiers de 0 à ${labels.length - 1}).`,
            ),
            typeof bad === 'string'
              ? L(
                  'Return the positions of the chosen examples, not their labels.',
                  'Renvoyez les positions des exemples choisis, pas leurs étiquettes.',
                )
              : undefined,
          );
        }
        const c = counts(labels);
        const m = Math.min(...Object.values(c));
        const dup = got.length !== new Set(got).size;
        const gotCounts = counts(got.map((j) => labels[j]!));
        const wantText = Object.keys(c)
          .map((k) => `${k}: ${m}`)
          .join(', ');
        if (Object.keys(c).some((k) => gotCounts[k] !== m) || dup) {
          const oversampled = Object.values(gotCounts).every((v) => v === Math.max(...Object.values(c)));
          fail(
            L(
              `${what} picks ${show(gotCounts)}; expected every class downsampled to the smallest class: { ${wantText} }, each index at most once.`,
              `${what} choisit ${show(gotCounts)} ; attendu chaque classe sous-échantillonnée à la taille de la plus petite : { ${wantText} }, chaque indice au plus une fois.`,
            ),
            oversampled && dup
              ? L(
                  'You over-sampled the small classes (repeating indices). That is another way to balance, but this exercise downsamples: keep m = the smallest class size from every class, without repetition.',
                  "Vous avez sur-échantillonné les petites classes (indices répétés). C'est une autre façon d'équilibrer, mais cet exercice sous-échantillonne : gardez m = la taille de la plus petite classe dans chaque classe, sans répétition.",
                )
              : dup
                ? L(
                    'Some indices appear twice: shuffle each class, then take its first m indices, rather than drawing indices at random with replacement.',
                    'Des indices apparaissent deux fois : mélangez chaque classe puis prenez ses m premiers indices, plutôt que de tirer des indices au hasard avec remise.',
                  )
                : undefined,
          );
        }
        const again = await call<number[]>(ctx, what, fn, [...labels], seed);
        if (
          !Array.isArray(again) ||
          again.length !== got.length ||
          [...again].sort((a, b) => a - b).some((x, j) => x !== [...got].sort((a, b) => a - b)[j])
        ) {
          fail(
            L(
              `Two calls of ${what} with the same seed gave different samples: draw every random number from mulberry32(seed), never from Math.random(), so a sample can be reproduced.`,
              `Deux appels de ${what} avec la même graine ont donné des échantillons différents : tirez chaque nombre aléatoire de mulberry32(seed), jamais de Math.random(), pour qu'un échantillon soit reproductible.`,
            ),
          );
        }
      }
      // Different seeds must give different samples (30 cats → 10: C(30,10) possibilities).
      const labels = [...Array<string>(30).fill('cat'), ...Array<string>(10).fill('dog')];
      const key = (s: number[]) => [...s].sort((a, b) => a - b).join(',');
      const samples: string[] = [];
      for (const seed of [1, 2, 3]) samples.push(key(await call<number[]>(ctx, `balancedSample(…, ${seed})`, fn, [...labels], seed)));
      if (new Set(samples).size === 1) {
        const firstCats = Array.from({ length: 10 }, (_, i) => i)
          .concat(Array.from({ length: 10 }, (_, i) => 30 + i))
          .join(',');
        fail(
          L(
            `balancedSample gives the same cats for the seeds 1, 2 and 3: the sample must be random (drawn from the seed), otherwise it is always the same part of the data.`,
            `balancedSample donne les mêmes chats pour les graines 1, 2 et 3 : l'échantillon doit être aléatoire (tiré de la graine), sinon c'est toujours la même partie des données.`,
          ),
          samples[0] === firstCats
            ? L(
                'It keeps the first m examples of each class: if the data is sorted (all the photos of one day, of one source first), that keeps a biased part. Shuffle each class first.',
                "Il garde les m premiers exemples de chaque classe : si les données sont triées (les photos d'un même jour, d'une même source d'abord), on garde une partie biaisée. Mélangez d'abord chaque classe.",
              )
            : undefined,
        );
      }
      const empty = await call(ctx, 'balancedSample([], 1)', fn, [], 1);
      if (!Array.isArray(empty) || empty.length !== 0) {
        fail(
          L(
            `balancedSample([], 1) should return [] (nothing to sample), got ${show(empty)}.`,
            `balancedSample([], 1) devrait renvoyer [] (rien à échantillonner), obtenu ${show(empty)}.`,
          ),
        );
      }
    },
  },
  {
    id: 'shipped-cats-dogs',
    async run(ctx) {
      const set = await courseData('cat/dog labels', loadCatsDogsLabels(ctx.loadAsset, 'default'));
      const labels = labelNames(set);
      const want = counts(labels);
      const countsFn = learnerFunction<(l: Labels) => Record<string, number>>(ctx, 'classCounts');
      const got = record(await call(ctx, 'classCounts(cat/dog labels)', countsFn, [...labels]), 'classCounts(cat/dog labels)');
      expectSameKeys(got, want, 'classCounts(cat/dog labels)');
      for (const k of Object.keys(want)) expectClose(got[k], want[k], `classCounts(cat/dog labels).${k}`);
      const ratioFn = learnerFunction<(l: Labels) => number>(ctx, 'imbalanceRatio');
      const r = expectNumber(await call(ctx, 'imbalanceRatio(cat/dog labels)', ratioFn, [...labels]), 'imbalanceRatio(cat/dog labels)');
      expectClose(r, ratio(labels), 'imbalanceRatio(cat/dog labels)');
      const sampleFn = learnerFunction<(l: Labels, seed: number) => number[]>(ctx, 'balancedSample');
      const sample = await call(ctx, 'balancedSample(cat/dog labels, 2024)', sampleFn, [...labels], 2024);
      const m = Math.min(...Object.values(want));
      const sc = Array.isArray(sample) ? counts(sample.map((i) => labels[i as number] ?? '?')) : {};
      if (Object.keys(want).some((k) => sc[k] !== m)) {
        fail(
          L(
            `balancedSample on the cat/dog set picks ${show(sc)}, expected ${m} of each class.`,
            `balancedSample sur le jeu chats/chiens choisit ${show(sc)}, attendu ${m} de chaque classe.`,
          ),
        );
      }
      const bg = set.backgrounds;
      const dogs = labels.map((l, i) => (l === 'dog' ? bg?.[i] : undefined)).filter((b): b is string => b !== undefined);
      const dogSnow = dogs.filter((b) => b === 'snow').length;
      const base = L(
        `The shipped set: ${show(want)}, ratio ${fmt(ratio(labels))}.`,
        `Le jeu fourni : ${show(want)}, rapport ${fmtFr(ratio(labels))}.`,
      );
      if (!dogs.length || !Array.isArray(sample)) {
        ctx.note(base);
        return;
      }
      // Class weights give every dog the same weight, so whatever they are, the share of the dogs' weight
      // on snow is the share of dogs on snow; the learner's own sample shows the same bias, counted.
      const picked = (cls: string) => (sample as number[]).filter((i) => labels[i] === cls);
      const on = (idx: readonly number[], b: string) => idx.filter((i) => bg?.[i] === b).length;
      const sDogs = picked('dog');
      const sCats = picked('cat');
      const pct = (k: number, n: number) => Math.round((100 * k) / n);
      ctx.note(
        L(
          `${base.en} And ${dogSnow} of its ${dogs.length} dogs are on snow. Class weights give every dog the same weight, so ${pct(dogSnow, dogs.length)} % of the dogs' weight stays on snow whatever the weights; your balanced sample (seed 2024) has ${on(sDogs, 'snow')} of its ${sDogs.length} dogs on snow and ${on(sCats, 'grass')} of its ${sCats.length} cats on grass. Balancing the classes does not remove that bias: exercise 19 trains your network on this set and shows what it does to dogs on grass; the balance panel shows both variants side by side.`,
          `${base.fr} Et ${dogSnow} de ses ${dogs.length} chiens sont sur la neige. Les poids de classe donnent le même poids à chaque chien : quels que soient les poids, ${pct(dogSnow, dogs.length)}\u202f% du poids des chiens reste sur la neige ; votre échantillon équilibré (graine 2024) a ${on(sDogs, 'snow')} de ses ${sDogs.length} chiens sur la neige et ${on(sCats, 'grass')} de ses ${sCats.length} chats sur l'herbe. Équilibrer les classes n'enlève pas ce biais : l'exercice 19 entraîne votre réseau sur ce jeu et montre ce qu'il fait des chiens sur l'herbe ; le panneau d'équilibre montre les deux variantes côte à côte.`,
        ),
      );
    },
  },
];
