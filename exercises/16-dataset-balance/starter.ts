// Exercise 16 — Balance and diversity of the data / Équilibre et diversité des données
// Labels are class names, e.g. ["cat", "dog", "cat", …]. / Les étiquettes sont des noms de classes.

/** How many times each class appears. / Combien de fois chaque classe apparaît. */
export function classCounts(labels: string[]): Record<string, number> {
  // TODO: count each label. / TODO : comptez chaque étiquette.
  return {};
}

/**
 * Size of the largest class divided by the size of the smallest one (1 when balanced).
 * Throw an Error when there are no labels.
 * Taille de la plus grande classe divisée par celle de la plus petite (1 si équilibré).
 * Levez une Error s'il n'y a aucune étiquette.
 */
export function imbalanceRatio(labels: string[]): number {
  // TODO
  return 1;
}

/**
 * Inverse-frequency class weights: w_c = N / (K · n_c), with N labels, K classes, n_c labels of class c.
 * Poids de classe inverses de la fréquence : w_c = N / (K · n_c).
 */
export function classWeights(labels: string[]): Record<string, number> {
  // TODO
  return {};
}

/**
 * Indices of a balanced sample: every class downsampled, without repetition, to the size of the
 * smallest class, chosen at random from `seed` (same seed → same sample).
 * Indices d'un échantillon équilibré : chaque classe sous-échantillonnée, sans répétition, à la
 * taille de la plus petite, tirée au hasard à partir de `seed` (même graine → même échantillon).
 */
export function balancedSample(labels: string[], seed: number): number[] {
  const random = mulberry32(seed); // random() gives a number in [0, 1) / un nombre dans [0, 1)
  // TODO: group the indices by class, shuffle each group with random(), keep the first m of each.
  // TODO : groupez les indices par classe, mélangez chaque groupe avec random(), gardez les m premiers.
  return labels.map((_, i) => i);
}

/** A small seeded random generator (mulberry32). / Un petit générateur aléatoire à graine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
