import * as tf from '@tensorflow/tfjs';

/** Lower-case, then split wherever a character is neither a letter (accents included) nor a digit. */
export function tokenize(sentence: string): string[] {
  return sentence
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0);
}

/** Each word gets the next free index, in order of first appearance across the sentences. */
export function buildVocabulary(sentences: string[]): Map<string, number> {
  const vocabulary = new Map<string, number>();
  for (const sentence of sentences) {
    for (const token of tokenize(sentence)) {
      if (!vocabulary.has(token)) vocabulary.set(token, vocabulary.size);
    }
  }
  return vocabulary;
}

/** One row per token, a single 1 in the column of its word; float32. Unknown words throw. */
export function oneHot(tokens: string[], vocabulary: Map<string, number>): tf.Tensor2D {
  const indices = tokens.map((token) => {
    const index = vocabulary.get(token);
    if (index === undefined) throw new Error(`oneHot: unknown token "${token}" (not in the vocabulary)`);
    return index;
  });
  // tf.oneHot gives int32; layers compute in float32. (Its dtype argument is unreliable on the
  // wasm backend, hence the cast.)
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(indices, 'int32'), vocabulary.size), 'float32') as tf.Tensor2D);
}
