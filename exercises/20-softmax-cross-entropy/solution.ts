/**
 * Softmax, cross-entropy and the gradient of the loss with respect to the logits, on plain
 * arrays: one row per example of the batch, one column per class.
 */
export function softmax(logits: number[][]): number[][] {
  return logits.map((row) => {
    // Subtracting the row's maximum changes nothing mathematically and keeps exp() finite.
    const max = Math.max(...row);
    const exps = row.map((z) => Math.exp(z - max));
    const sum = exps.reduce((s, e) => s + e, 0);
    return exps.map((e) => e / sum);
  });
}

/** Mean over the batch of −Σⱼ yⱼ log pⱼ; terms with yⱼ = 0 contribute nothing (and 0 · log 0 would be NaN). */
export function crossEntropy(probs: number[][], yOneHot: number[][]): number {
  let total = 0;
  probs.forEach((row, i) => {
    row.forEach((p, j) => {
      const y = yOneHot[i]![j]!;
      if (y !== 0) total -= y * Math.log(p);
    });
  });
  return total / probs.length;
}

/** ∂(mean loss)/∂logits = (softmax(logits) − y) / batch size. */
export function gradLogits(logits: number[][], yOneHot: number[][]): number[][] {
  const batch = logits.length;
  return softmax(logits).map((row, i) => row.map((p, j) => (p - yOneHot[i]![j]!) / batch));
}
