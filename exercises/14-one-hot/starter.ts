// Exercise 14 — Tokenisation and one-hot encoding / Tokenisation et encodage one-hot
import * as tf from '@tensorflow/tfjs';

/**
 * Splits a sentence into tokens (words):
 * - lower-case everything ("Je" and "je" are the same word);
 * - every character that is not a letter (accents included) or a digit separates words:
 *   spaces, punctuation, apostrophes, hyphens ("L'avocat" → "l", "avocat");
 * - no empty tokens.
 * "Je mange un avocat" → ["je", "mange", "un", "avocat"].
 *
 * Découpe une phrase en jetons (mots) :
 * - tout en minuscules (« Je » et « je » sont le même mot) ;
 * - tout caractère qui n'est ni une lettre (accents compris) ni un chiffre sépare les mots :
 *   espaces, ponctuation, apostrophes, traits d'union (« L'avocat » → « l », « avocat ») ;
 * - pas de jeton vide.
 */
export function tokenize(sentence: string): string[] {
  // TODO: lower-case, split, drop empty pieces / minuscules, découpage, sans morceaux vides.
  return sentence.split(' ');
}

/**
 * Gives each distinct word an index: 0 for the first new word met, 1 for the next new word…,
 * reading the sentences in order (tokenized with `tokenize`). A word seen again keeps its index.
 * Donne à chaque mot distinct un indice : 0 au premier mot nouveau rencontré, 1 au suivant…,
 * en lisant les phrases dans l'ordre (découpées avec `tokenize`). Un mot revu garde son indice.
 */
export function buildVocabulary(sentences: string[]): Map<string, number> {
  const vocabulary = new Map<string, number>();
  // TODO: fill the vocabulary / remplissez le vocabulaire.
  return vocabulary;
}

/**
 * The one-hot matrix of the tokens: shape [tokens.length, vocabulary.size], dtype float32;
 * row i holds a single 1, in column vocabulary.get(tokens[i]).
 * A token that is not in the vocabulary: throw an Error that names it.
 * La matrice one-hot des jetons : forme [tokens.length, vocabulary.size], dtype float32 ;
 * la ligne i contient un seul 1, dans la colonne vocabulary.get(tokens[i]).
 * Un jeton absent du vocabulaire : levez une Error qui le nomme.
 */
export function oneHot(tokens: string[], vocabulary: Map<string, number>): tf.Tensor2D {
  // TODO: indices of the tokens, then tf.oneHot / indices des jetons, puis tf.oneHot.
  return tf.zeros([tokens.length, vocabulary.size]);
}
