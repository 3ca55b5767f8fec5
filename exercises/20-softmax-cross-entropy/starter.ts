// Exercise 20 — Softmax and cross-entropy by hand / Softmax et entropie croisée, à la main

/**
 * `logits[i]` are the raw scores of example i, one per class (the last dense layer's output
 * before its activation). Return the probabilities, row by row: pᵢⱼ = e^(zᵢⱼ) / Σₖ e^(zᵢₖ).
 * Each row must sum to 1, and stay finite for logits as large as 1000 (e^1000 is Infinity).
 *
 * `logits[i]` sont les scores bruts de l'exemple i, un par classe (la sortie de la dernière
 * couche dense avant son activation). Renvoyez les probabilités, ligne par ligne :
 * pᵢⱼ = e^(zᵢⱼ) / Σₖ e^(zᵢₖ). Chaque ligne doit sommer à 1 et rester finie pour des scores
 * aussi grands que 1000 (e^1000 vaut Infinity).
 */
export function softmax(logits: number[][]): number[][] {
  // TODO: for each row, exponentiate and divide by the row's sum (kept finite for large logits).
  // TODO : pour chaque ligne, exponentiez et divisez par la somme de la ligne (finie même pour de grands scores).
  return logits.map((row) => row.map(() => 1 / row.length));
}

/**
 * The cross-entropy of predicted probabilities `probs` against one-hot labels `yOneHot`
 * (same shape), averaged over the batch: E = −(1/N) Σᵢ Σⱼ yᵢⱼ log pᵢⱼ.
 *
 * L'entropie croisée des probabilités prédites `probs` par rapport aux étiquettes one-hot
 * `yOneHot` (même forme), en moyenne sur le lot : E = −(1/N) Σᵢ Σⱼ yᵢⱼ log pᵢⱼ.
 */
export function crossEntropy(probs: number[][], yOneHot: number[][]): number {
  // TODO: sum −y · log(p) over each row, then average over the rows.
  // TODO : sommez −y · log(p) sur chaque ligne, puis faites la moyenne sur les lignes.
  return 0;
}

/**
 * The gradient of crossEntropy(softmax(logits), yOneHot) with respect to each logit:
 * same shape as `logits`. The checks compare it with tf.grad.
 *
 * Le gradient de crossEntropy(softmax(logits), yOneHot) par rapport à chaque score :
 * même forme que `logits`. Les vérifications le comparent à tf.grad.
 */
export function gradLogits(logits: number[][], yOneHot: number[][]): number[][] {
  // TODO: combine softmax(logits) and yOneHot (mind the mean over the batch).
  // TODO : combinez softmax(logits) et yOneHot (attention à la moyenne sur le lot).
  return logits.map((row) => row.map(() => 0));
}
