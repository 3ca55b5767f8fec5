import * as tf from '../../src/grader/core/tf';
import { L, type Localized } from '../../src/shared/i18n';
import {
  call,
  callDetailed,
  describeThrownInfo,
  expectClose,
  expectTensor,
  fail,
  learnerFunction,
  shapeText,
  show,
} from '../../src/grader/core/assert';
import { LearnerThrow, isLearnerFunction } from '../../src/grader/core/learnerLink';
import type { ThrownInfo } from '../../src/grader/core/learnerRealm';
import { WireError } from '../../src/grader/core/wire';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';

type Tokenize = (sentence: string) => string[];
type BuildVocabulary = (sentences: string[]) => Map<string, number>;
type OneHot = (tokens: string[], vocabulary: Map<string, number>) => tf.Tensor2D;

/** The rule the theory states: lower-case; every character that is not a letter or a digit separates words. */
const referenceTokenize = (s: string): string[] =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);

function referenceVocabulary(sentences: string[]): Map<string, number> {
  const v = new Map<string, number>();
  for (const s of sentences) for (const t of referenceTokenize(s)) if (!v.has(t)) v.set(t, v.size);
  return v;
}

const SEED = 'Je mange un avocat';

async function tokens(ctx: CheckContext, sentence: string): Promise<string[]> {
  const tokenize = learnerFunction<Tokenize>(ctx, 'tokenize');
  const label = `tokenize(${JSON.stringify(sentence)})`;
  const got = await call(ctx, label, tokenize, sentence);
  if (!Array.isArray(got) || !got.every((t) => typeof t === 'string')) {
    fail(
      L(
        `${label} must return an array of strings, but it returned ${show(got)}.`,
        `${label} doit renvoyer un tableau de chaînes, mais a renvoyé ${show(got)}.`,
      ),
    );
  }
  return got as string[];
}

function tokenMisconception(got: string[], want: string[], sentence: string): Localized {
  if (got.some((t) => t === '' || /^\s+$/.test(t))) {
    return L(
      'Some tokens are empty: splitting on a single space leaves "" where there are several spaces or punctuation. Drop empty tokens (e.g. `.filter((t) => t.length > 0)`).',
      'Certains jetons sont vides : découper sur un seul espace laisse des "" quand il y a plusieurs espaces ou de la ponctuation. Retirez les jetons vides (par ex. `.filter((t) => t.length > 0)`).',
    );
  }
  if (got.some((t) => t !== t.toLowerCase())) {
    return L(
      'Some tokens still have capitals: "Je" and "je" are the same word, so lower-case the sentence first (`toLowerCase()`).',
      'Certains jetons ont encore des majuscules : « Je » et « je » sont le même mot, passez donc la phrase en minuscules (`toLowerCase()`).',
    );
  }
  if (got.some((t) => /[^\p{L}\p{N}]/u.test(t))) {
    return L(
      `Some tokens still hold punctuation or an apostrophe (${show(got.filter((t) => /[^\p{L}\p{N}]/u.test(t)))}): every character that is not a letter or a digit separates words.`,
      `Certains jetons contiennent encore de la ponctuation ou une apostrophe (${show(got.filter((t) => /[^\p{L}\p{N}]/u.test(t)))}) : tout caractère qui n'est ni une lettre ni un chiffre sépare les mots.`,
    );
  }
  if (/[À-ÿ]/.test(sentence) && got.join(' ') !== want.join(' ') && got.join('').length < want.join('').length) {
    return L(
      'Accented letters were lost: `\\w` and `[a-z]` only know ASCII letters. Use `\\p{L}` (any letter) with the `u` flag, e.g. `/[^\\p{L}\\p{N}]+/u`.',
      'Les lettres accentuées ont disparu : `\\w` et `[a-z]` ne connaissent que les lettres ASCII. Utilisez `\\p{L}` (toute lettre) avec le drapeau `u`, par ex. `/[^\\p{L}\\p{N}]+/u`.',
    );
  }
  return L(
    'Rule: lower-case the sentence, then split it wherever there is a character that is neither a letter (accents included) nor a digit, and keep the non-empty pieces in order.',
    "Règle : passez la phrase en minuscules, puis découpez-la à chaque caractère qui n'est ni une lettre (accents compris) ni un chiffre, et gardez les morceaux non vides dans l'ordre.",
  );
}

async function expectTokens(ctx: CheckContext, sentence: string): Promise<void> {
  const got = await tokens(ctx, sentence);
  const want = referenceTokenize(sentence);
  if (got.length !== want.length || got.some((t, i) => t !== want[i])) {
    fail(
      L(
        `tokenize(${JSON.stringify(sentence)}): expected ${show(want, 12)} (${want.length} tokens), got ${show(got, 12)} (${got.length}).`,
        `tokenize(${JSON.stringify(sentence)}) : attendu ${show(want, 12)} (${want.length} jetons), obtenu ${show(got, 12)} (${got.length}).`,
      ),
      tokenMisconception(got, want, sentence),
    );
  }
}

async function vocabulary(ctx: CheckContext, sentences: string[]): Promise<Map<string, number>> {
  const build = learnerFunction<BuildVocabulary>(ctx, 'buildVocabulary');
  const label = `buildVocabulary(${show(sentences, 4)})`;
  const got = await call(ctx, label, build, [...sentences]);
  if (!(got instanceof Map)) {
    fail(
      L(
        `${label} must return a Map<string, number>, but it returned ${show(got)}. Create it with \`new Map()\` and fill it with \`.set(word, index)\`.`,
        `${label} doit renvoyer une Map<string, number>, mais a renvoyé ${show(got)}. Créez-la avec \`new Map()\` et remplissez-la avec \`.set(mot, indice)\`.`,
      ),
    );
  }
  return got as Map<string, number>;
}

async function expectVocabulary(ctx: CheckContext, sentences: string[]): Promise<void> {
  const got = await vocabulary(ctx, sentences);
  const want = referenceVocabulary(sentences);
  const label = `buildVocabulary(${show(sentences, 4)})`;
  const wantText = show(want, 12);
  const gotEntries = [...got.entries()];
  const same = got.size === want.size && [...want].every(([k, v]) => got.get(k) === v);
  if (same) return;
  const keys = new Set(got.keys());
  const wantKeys = [...want.keys()];
  let why: Localized;
  if (wantKeys.some((k) => !keys.has(k)) || [...keys].some((k) => !want.has(k))) {
    const missing = wantKeys.filter((k) => !keys.has(k));
    const extra = [...keys].filter((k) => !want.has(k));
    why = L(
      `The words differ${missing.length ? `; missing: ${show(missing)}` : ''}${extra.length ? `; unexpected: ${show(extra)}` : ''}. Split each sentence with your tokenize so that words are written the same way everywhere.`,
      `Les mots diffèrent${missing.length ? ` ; manquants : ${show(missing)}` : ''}${extra.length ? ` ; en trop : ${show(extra)}` : ''}. Découpez chaque phrase avec votre tokenize pour que les mots soient écrits partout de la même façon.`,
    );
  } else if (gotEntries.every(([k, v]) => v === want.get(k)! + 1)) {
    why = L(
      'Every index is one too high: indices start at 0, like the rows of the one-hot matrix.',
      'Chaque indice est trop grand de 1 : les indices commencent à 0, comme les lignes de la matrice one-hot.',
    );
  } else if (new Set(got.values()).size !== got.size) {
    why = L(
      'Two words share an index: each word needs its own column of the one-hot matrix. Give a new word the index `vocabulary.size` and never re-set a word already there.',
      "Deux mots partagent un indice : chaque mot a besoin de sa propre colonne dans la matrice one-hot. Donnez à un nouveau mot l'indice `vocabulary.size` et ne redéfinissez jamais un mot déjà présent.",
    );
  } else if ([...wantKeys].sort().every((k, i) => got.get(k) === i)) {
    why = L(
      'The words are sorted alphabetically; here the index of a word is its order of first appearance (the first new word gets 0, the next new word 1, …).',
      "Les mots sont triés par ordre alphabétique ; ici l'indice d'un mot est son ordre de première apparition (le premier mot nouveau reçoit 0, le suivant 1, …).",
    );
  } else if (Math.max(...got.values()) >= got.size) {
    why = L(
      'Indices have gaps or count repeated words too: a word seen again keeps its first index and the next new word gets `vocabulary.size`.',
      'Les indices ont des trous ou comptent aussi les mots répétés : un mot revu garde son premier indice et le mot nouveau suivant reçoit `vocabulary.size`.',
    );
  } else {
    why = L(
      'Index the words by order of first appearance, from 0, across the sentences in order.',
      "Numérotez les mots par ordre de première apparition, à partir de 0, en parcourant les phrases dans l'ordre.",
    );
  }
  fail(L(`${label}: expected ${wantText}, got ${show(got, 12)}.`, `${label} : attendu ${wantText}, obtenu ${show(got, 12)}.`), why);
}

async function expectOneHot(ctx: CheckContext, toks: string[], vocab: Map<string, number>): Promise<void> {
  const oneHot = learnerFunction<OneHot>(ctx, 'oneHot');
  const label = L(
    `oneHot(${show(toks, 6)}, vocabulary of ${vocab.size} words)`,
    `oneHot(${show(toks, 6)}, vocabulaire de ${vocab.size} mots)`,
  );
  // The learner gets a copy of the vocabulary: what it did to it comes back in argsAfter.
  const d = await callDetailed(ctx, label, oneHot, [[...toks], new Map(vocab)], { returnArgs: true });
  const got = expectTensor(d.value, label);
  const copy = d.argsAfter?.[1];
  if (!(copy instanceof Map) || copy.size !== vocab.size || [...vocab].some(([k, v]) => copy.get(k) !== v)) {
    fail(
      L(`${label.en} modified the vocabulary: it must only read it.`, `${label.fr} a modifié le vocabulaire : il doit seulement le lire.`),
    );
  }
  const V = vocab.size;
  const want = tf.cast(
    tf.oneHot(
      tf.tensor1d(
        toks.map((t) => vocab.get(t)!),
        'int32',
      ),
      V,
    ),
    'float32',
  );
  const shape = [toks.length, V];
  if (got.shape.length !== 2 || got.shape[0] !== shape[0] || got.shape[1] !== shape[1]) {
    const s = got.shape;
    const why =
      s.length === 2 && s[0] === V && s[1] === toks.length
        ? L(
            'It is transposed: one ROW per token, one column per vocabulary word.',
            'Elle est transposée : une LIGNE par jeton, une colonne par mot du vocabulaire.',
          )
        : s.length === 2 && s[0] === toks.length && s[1] !== V
          ? L(
              `The depth must be the vocabulary size, vocabulary.size = ${V}, not ${s[1]}.`,
              `La profondeur doit être la taille du vocabulaire, vocabulary.size = ${V}, et non ${s[1]}.`,
            )
          : s.length === 1
            ? L(
                'A one-hot encoding of several tokens is a matrix: pass the array of indices to tf.oneHot (a tf.tensor1d of int32), not a single index.',
                "L'encodage one-hot de plusieurs jetons est une matrice : passez à tf.oneHot le tableau des indices (un tf.tensor1d d'int32), pas un indice seul.",
              )
            : L('Shape: [number of tokens, vocabulary size].', 'Forme : [nombre de jetons, taille du vocabulaire].');
    fail(
      L(
        `${label.en} has shape ${shapeText(s)}, expected ${shapeText(shape)}.`,
        `${label.fr} a la forme ${shapeText(s)}, attendu ${shapeText(shape)}.`,
      ),
      why,
    );
  }
  const gv = Array.from(got.dataSync());
  const rowSums = toks.map((_, i) => gv.slice(i * V, (i + 1) * V).reduce((a, b) => a + b, 0));
  const bad = rowSums.findIndex((s) => Math.abs(s - 1) > 1e-6);
  const expectedIdx = toks.map((t) => vocab.get(t)!);
  const gotIdx = toks.map((_, i) => gv.slice(i * V, (i + 1) * V).indexOf(1));
  const denormal = gv.some((v) => v !== 0 && Math.abs(v) < 1e-30);
  const why = denormal
    ? L(
        "Your 1s read as 1.4e-45: that is the integer 1's bits inside a float32 tensor. tf.oneHot's dtype argument is unreliable on the wasm backend; build the int32 one-hot matrix, then convert it with tf.cast(…, 'float32').",
        "Vos 1 valent 1,4 × 10⁻⁴⁵ : ce sont les bits de l'entier 1 dans un tenseur float32. L'argument dtype de tf.oneHot n'est pas fiable avec le backend wasm ; construisez la matrice one-hot en int32, puis convertissez-la avec tf.cast(…, 'float32').",
      )
    : bad >= 0
      ? L(
          `Row ${bad} (token ${JSON.stringify(toks[bad])}) does not hold exactly one 1: one-hot means a single 1, at the word's index, and 0 everywhere else.`,
          `La ligne ${bad} (jeton ${JSON.stringify(toks[bad])}) ne contient pas exactement un 1 : one-hot veut dire un seul 1, à l'indice du mot, et 0 partout ailleurs.`,
        )
      : gotIdx.every((g, i) => g === expectedIdx[i]! + 1)
        ? L(
            'Each 1 is one column too far right: an index i goes to column i (from 0).',
            "Chaque 1 est une colonne trop à droite : l'indice i va dans la colonne i (à partir de 0).",
          )
        : gotIdx.every((g, i) => g === i)
          ? L(
              'The 1s follow the position of the token in the sentence; they must follow the index of the word in the vocabulary, vocabulary.get(token).',
              "Les 1 suivent la position du jeton dans la phrase ; ils doivent suivre l'indice du mot dans le vocabulaire, vocabulary.get(jeton).",
            )
          : L(
              'Row i has its 1 in column vocabulary.get(tokens[i]): what tf.oneHot(indices, vocabulary.size) gives.',
              'La ligne i a son 1 dans la colonne vocabulary.get(tokens[i]) : ce que donne tf.oneHot(indices, vocabulary.size).',
            );
  expectClose(got, want, label, { misconception: why });
  if (got.dtype !== 'float32') {
    fail(
      L(
        `${label.en} has dtype ${got.dtype}, expected float32: tf.oneHot returns int32, and network layers compute in float32. Convert the result with tf.cast(…, 'float32').`,
        `${label.fr} a le dtype ${got.dtype}, attendu float32 : tf.oneHot renvoie de l'int32, et les couches du réseau calculent en float32. Convertissez le résultat avec tf.cast(…, 'float32').`,
      ),
    );
  }
}

const WORDS = [
  'je',
  'tu',
  'il',
  'elle',
  'mange',
  'manges',
  'un',
  'une',
  'avocat',
  'pomme',
  'poire',
  'gino',
  'marin',
  'arsène',
  'chien',
  'chat',
  'neige',
  'vert',
  'mûr',
  'très',
];

export const checks: ExerciseChecks = [
  {
    id: 'tokenize-seed',
    async run(ctx) {
      await expectTokens(ctx, SEED);
    },
  },
  {
    id: 'tokenize-clean',
    async run(ctx) {
      for (const s of [
        'Je mange un avocat.',
        'JE MANGE, un Avocat !',
        '  Je   mange\tun avocat  ',
        "L'avocat est mûr ; Arsène le mange.",
        'Gino a 12 en maths, Marin a 2…',
        'Aujourd’hui : un avocat-crevettes ?',
      ]) {
        await expectTokens(ctx, s);
      }
    },
  },
  {
    id: 'vocabulary-seed',
    async run(ctx) {
      await expectVocabulary(ctx, [SEED]);
    },
  },
  {
    id: 'vocabulary-order',
    async run(ctx) {
      await expectVocabulary(ctx, [SEED, 'Tu manges un avocat ?', "L'avocat mange un fruit.", 'Je, je mange.']);
      await expectVocabulary(ctx, ['Le chat et le chien.', 'Un chien dans la neige ; un chat dans l’herbe.']);
    },
  },
  {
    id: 'one-hot-seed',
    async run(ctx) {
      const vocab = referenceVocabulary([SEED]);
      await expectOneHot(ctx, referenceTokenize(SEED), vocab);
    },
  },
  {
    id: 'one-hot-random',
    async run(ctx) {
      const r = ctx.rng(1414);
      for (let t = 0; t < 6; t++) {
        const shuffled = [...WORDS];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = r.int(0, i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const vocabWords = shuffled.slice(0, 5 + r.int(0, 15));
        const vocab = new Map(vocabWords.map((w, i) => [w, i] as [string, number]));
        const toks = Array.from({ length: 1 + r.int(0, 8) }, () => vocabWords[r.int(0, vocabWords.length)]!);
        await expectOneHot(ctx, toks, vocab);
      }
    },
  },
  {
    id: 'one-hot-unknown',
    async run(ctx) {
      const oneHot = learnerFunction<OneHot>(ctx, 'oneHot');
      const vocab = referenceVocabulary([SEED]);
      const toks = ['je', 'mange', 'une', 'pomme'];
      const label = L(`oneHot(${show(toks)}, vocabulary of "${SEED}")`, `oneHot(${show(toks)}, vocabulaire de « ${SEED} »)`);
      let thrown: ThrownInfo | undefined;
      try {
        // The stub's detailed call: a throw arrives as what the learner realm saw (LearnerThrow), with its message.
        const d = isLearnerFunction(oneHot) ? await oneHot.detailed([toks, vocab]) : await callDetailed(ctx, label, oneHot, [toks, vocab]);
        if (d.value instanceof tf.Tensor) d.value.dispose();
        if (d.leaked > 0) ctx.note(L(`${label.en} left tensors in memory.`, `${label.fr} a laissé des tenseurs en mémoire.`));
      } catch (e) {
        // An answer that cannot be read back (WireError) still means the call returned without throwing.
        if (e instanceof LearnerThrow) thrown = e.info;
        else if (!(e instanceof WireError)) throw e;
      }
      if (!thrown) {
        fail(
          L(
            `${label.en} should throw an Error because "une" is not in the vocabulary, but it returned normally. vocabulary.get("une") is undefined, and tf.oneHot quietly turns such an index into a row of zeros (or a wrong column): the word would vanish without a trace.`,
            `${label.fr} devrait lever une Error car « une » n'est pas dans le vocabulaire, mais a renvoyé normalement. vocabulary.get("une") vaut undefined, et tf.oneHot transforme sans bruit un tel indice en ligne de zéros (ou en mauvaise colonne) : le mot disparaîtrait sans laisser de trace.`,
          ),
        );
      }
      if (!thrown.isError) {
        fail(
          L(
            `${label.en} threw ${describeThrownInfo(thrown)}, not an Error: use \`throw new Error("…")\`.`,
            `${label.fr} a levé ${describeThrownInfo(thrown)}, pas une Error : utilisez \`throw new Error("…")\`.`,
          ),
        );
      }
      if (!thrown.message.includes('une')) {
        fail(
          L(
            `${label.en} threw "${thrown.message}", which does not name the unknown word: put it in the message ("unknown token: une") so the reader knows which one to add.`,
            `${label.fr} a levé « ${thrown.message} », qui ne nomme pas le mot inconnu : mettez-le dans le message (« jeton inconnu : une ») pour qu'on sache lequel ajouter.`,
          ),
        );
      }
    },
  },
];
