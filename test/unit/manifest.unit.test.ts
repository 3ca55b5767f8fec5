import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import Ajv from 'ajv';
import {
  exerciseHeading,
  exerciseNumber,
  exercisesDeclaring,
  exerciseWithPanel,
  panelExercises,
  panelOf,
  type ExerciseManifest,
} from '../../src/shared/manifest';
import { validateManifest } from '../../src/shared/manifestValidation';
import { course, repoRoot } from '../support/inProcessGrader';

const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'media/schema/exercise.schema.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true });
// VS Code's own annotations (the editor shows them as the error).
ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
const schemaValidate = ajv.compile(schema);

function manifests(): { id: string; value: Record<string, unknown> }[] {
  return fs
    .readdirSync(path.join(repoRoot, 'exercises'))
    .filter((d) => fs.existsSync(path.join(repoRoot, 'exercises', d, 'exercise.json')))
    .map((d) => ({
      id: d,
      value: JSON.parse(fs.readFileSync(path.join(repoRoot, 'exercises', d, 'exercise.json'), 'utf8')) as Record<string, unknown>,
    }));
}

describe('exercise manifests', () => {
  it('every shipped manifest passes both the validator and the JSON schema', () => {
    for (const { id, value } of manifests()) {
      assert.deepEqual(validateManifest(value, id), [], id);
      assert.ok(schemaValidate(value), `${id}: ${ajv.errorsText(schemaValidate.errors)}`);
    }
  });
  it('at least 8 exercises ask the learner to predict before they run, with an answer among the choices', () => {
    const asking = manifests().filter(({ value }) => value.predict !== undefined);
    assert.ok(asking.length >= 8, `only ${asking.map((a) => a.id).join(', ')}`);
    for (const { id, value } of asking) {
      const p = value.predict as { choices: unknown[]; answer: number };
      assert.ok(p.answer >= 0 && p.answer < p.choices.length, id);
    }
  });
  it('ids are unique and orders are unique', () => {
    const ids = course.exercises.map((e) => e.manifest.id);
    const orders = course.exercises.map((e) => e.manifest.order);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(new Set(orders).size, orders.length);
  });
  const base = manifests()[0]!.value;
  const broken: [string, (m: Record<string, unknown>) => void, RegExp][] = [
    [
      'a bad id',
      (m) => {
        m.id = 'Weighted Sum';
      },
      /id/,
    ],
    [
      'two hints only',
      (m) => {
        m.hints = { en: ['a', 'b'], fr: ['a', 'b'] };
      },
      /hints\.en/,
    ],
    [
      'a missing French title',
      (m) => {
        m.title = { en: 'x' };
      },
      /title\.fr/,
    ],
    [
      'a duplicate check id',
      (m) => {
        const c = (m.checks as object[])[0];
        m.checks = [c, c];
      },
      /duplicate/,
    ],
    [
      'an unknown property',
      (m) => {
        m.colour = 'red';
      },
      /unknown property/,
    ],
    [
      'a check pointing at an unknown export',
      (m) => {
        m.checks = [{ id: 'x', title: { en: 'x', fr: 'x' }, export: 'nope' }];
      },
      /not in exports/,
    ],
    [
      'an unknown panel',
      (m) => {
        m.panels = [{ panel: 'confusion' }];
      },
      /panels\[0\]\.panel: must be one of featureMaps, gradientDescent, datasetBalance, training/,
    ],
    [
      'a panel without its view',
      (m) => {
        m.panels = [{ panel: 'featureMaps' }];
      },
      /panels\[0\]\.view: is missing/,
    ],
    [
      'a wrong view',
      (m) => {
        m.panels = [{ panel: 'gradientDescent', view: '3d' }];
      },
      /panels\[0\]\.view: must be 1d, 2d, neuron or train/,
    ],
    [
      'a field of another panel',
      (m) => {
        m.panels = [{ panel: 'training', dataset: 'mnist' }];
      },
      /panels\[0\]\.dataset: unknown property/,
    ],
    [
      'a prediction whose answer is not among its choices',
      (m) => {
        const l = (x: string) => ({ en: x, fr: x });
        m.predict = { question: l('q?'), choices: [l('a'), l('b')], answer: 2, explain: l('why') };
      },
      /predict\.answer: is 2, but there are only 2 choices/,
    ],
    [
      'a prediction with one choice',
      (m) => {
        const l = (x: string) => ({ en: x, fr: x });
        m.predict = { question: l('q?'), choices: [l('a')], answer: 0, explain: l('why') };
      },
      /predict\.choices: must list 2 to 6 choices/,
    ],
    [
      'the old list of panel names',
      (m) => {
        m.panels = ['training'];
      },
      /panels\[0\]/,
    ],
  ];
  for (const [what, mutate, pattern] of broken) {
    it(`rejects ${what}`, () => {
      const m = structuredClone(base);
      mutate(m);
      const errors = validateManifest(m);
      assert.ok(
        errors.some((e) => pattern.test(e)),
        errors.join('\n'),
      );
      // The schema authors see in the editor agrees, except for cross-field rules only the validator knows.
      if (!/duplicate|not in exports|only \d+ choices/.test(pattern.source)) assert.equal(schemaValidate(m), false, what);
    });
  }
  it("says what is wrong in the words an author reads (field path and the schema's message), once per problem", () => {
    const m = structuredClone(base);
    m.id = 'Weighted Sum';
    m.order = 0;
    (m.title as Record<string, unknown>).fr = ' ';
    m.checks = [{ id: 'Bad Id', title: { en: 'x', fr: 'x' }, timeoutMs: 5 }];
    delete m.summary;
    assert.deepEqual(validateManifest(m, 'exercises/x/exercise.json'), [
      'exercises/x/exercise.json: summary: is missing',
      'exercises/x/exercise.json: id: must look like "01-weighted-sum" (two digits, a dash, lowercase words)',
      'exercises/x/exercise.json: order: must be a positive integer',
      'exercises/x/exercise.json: title.fr: must be a non-empty string',
      'exercises/x/exercise.json: checks[0].id: must be lowercase words joined by dashes',
      'exercises/x/exercise.json: checks[0].timeoutMs: must be a number of milliseconds between 100 and 600000',
    ]);
    assert.deepEqual(validateManifest([], 'e.json'), ['e.json: must be a JSON object']);
  });
  it('the generated validator is up to date with the schema (node scripts/build-manifest-validator.mjs)', () => {
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build-manifest-validator.mjs'), '--check'], { stdio: 'pipe' });
  });
});

describe('panels declared in exercise.json', () => {
  const all = course.exercises.map((e) => e.manifest);
  const byId = (id: string): ExerciseManifest => all.find((m) => m.id === id)!;
  it('one exercise per course-wide role: the balance panel runs one, the cos(x) fit trains one, Train on My Images trains one', () => {
    assert.equal(exerciseWithPanel(all, 'datasetBalance', (d) => d.runsLearnerCode === true)?.id, '16-dataset-balance');
    assert.equal(exerciseWithPanel(all, 'training', (d) => d.view === 'cos')?.id, '17-overfitting');
    assert.equal(exerciseWithPanel(all, 'training', (d) => d.ownImages === true)?.id, '19-cats-vs-dogs');
    for (const role of [
      (m: ExerciseManifest) => panelOf(m, 'datasetBalance')?.runsLearnerCode,
      (m: ExerciseManifest) => panelOf(m, 'training')?.view === 'cos',
      (m: ExerciseManifest) => panelOf(m, 'training')?.ownImages,
    ]) {
      assert.equal(all.filter((m) => role(m)).length, 1);
    }
  });
  it('the views and data sets the panels showed before the declarations (by exercise number)', () => {
    assert.deepEqual(
      ['06-convolution', '07-image-filters', '08-assemble-cnn', '18-mnist'].map((id) => panelOf(byId(id), 'featureMaps')?.view),
      ['conv2d', 'filters', 'cnn', 'cnn'],
    );
    assert.deepEqual(panelOf(byId('18-mnist'), 'featureMaps')?.buildModelArgs, []);
    assert.equal(panelOf(byId('08-assemble-cnn'), 'featureMaps')?.buildModelArgs, undefined);
    assert.deepEqual(
      ['09-gradient-descent', '10-optimizers', '11-chain-rule', '12-training-loop'].map((id) => panelOf(byId(id), 'gradientDescent')?.view),
      ['1d', '2d', 'neuron', 'train'],
    );
    assert.deepEqual(
      ['16-dataset-balance', '18-mnist', '19-cats-vs-dogs', '17-overfitting'].map((id) => panelOf(byId(id), 'datasetBalance')?.dataset),
      ['catsdogs', 'mnist', 'catsdogs', undefined],
    );
    // The main panel (opened by itself after a check) is the first listed, as before.
    assert.deepEqual(
      ['08-assemble-cnn', '12-training-loop', '18-mnist', '19-cats-vs-dogs'].map((id) => byId(id).panels?.[0]?.panel),
      ['featureMaps', 'training', 'training', 'datasetBalance'],
    );
  });
  it('the pages name the exercises their strings used to write (16, 19 for the cat/dog set, 05 … 19 for training) from the declarations', () => {
    // What the balance and training pages receive (`init.exercises`) and read their numbers from.
    const sent = panelExercises(all);
    assert.ok(sent.every((e) => e.panels?.length));
    assert.equal(sent.length, all.filter((m) => m.panels?.length).length);
    const numbers = (ms: readonly { id: string }[]) => ms.map((m) => exerciseNumber(m.id));
    assert.deepEqual(numbers(exercisesDeclaring(sent, 'datasetBalance', (d) => d.dataset === 'catsdogs')), ['16', '19']);
    assert.deepEqual(numbers(exercisesDeclaring(sent, 'datasetBalance', (d) => d.dataset === 'mnist')), ['18']);
    assert.deepEqual(numbers(exercisesDeclaring(sent, 'training')), ['05', '08', '12', '17', '18', '19']);
    assert.deepEqual(numbers(exercisesDeclaring(sent, 'training', (d) => d.view === 'cos')), ['17']);
    assert.deepEqual(numbers(exercisesDeclaring(sent, 'training', (d) => d.ownImages === true)), ['19']);
    // The training panel's "training exercises" are the ones whose checks train a model.
    assert.deepEqual(
      exercisesDeclaring(all, 'training').map((m) => m.id),
      all.filter((m) => m.checks.some((c) => c.training)).map((m) => m.id),
    );
    assert.equal(exerciseWithPanel(sent, 'datasetBalance', (d) => d.runsLearnerCode === true)?.id, '16-dataset-balance');
  });
  it('an exercise goes by the leading digits of its id', () => {
    assert.deepEqual(['06-convolution', '21-backprop-two-layers', '100-next'].map(exerciseNumber), ['06', '21', '100']);
    assert.equal(exerciseNumber('no-number'), 'no-number');
  });
  it("an exercise's heading comes in both languages, with its id or another label", () => {
    const m = { id: '01-weighted-sum', title: { en: 'A neuron: the weighted sum', fr: 'Un neurone : somme pondérée' } };
    assert.deepEqual(exerciseHeading(m), {
      en: '01-weighted-sum · A neuron: the weighted sum',
      fr: '01-weighted-sum · Un neurone : somme pondérée',
    });
    assert.deepEqual(exerciseHeading(m, exerciseNumber(m.id)).fr, '01 · Un neurone : somme pondérée');
  });
  it('a panel listed twice is refused', () => {
    const m = structuredClone(manifests()[0]!.value);
    m.panels = [{ panel: 'training' }, { panel: 'training', view: 'cos' }];
    assert.ok(validateManifest(m).some((e) => /panels\[1\]: lists the training panel twice/.test(e)));
  });
});
