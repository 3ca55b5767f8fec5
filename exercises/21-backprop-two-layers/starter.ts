// Exercise 21 — Backpropagation through a two-layer network / Rétropropagation dans un réseau à deux couches

/**
 * A mini-batch `x` (N rows of D inputs) goes through dense (w1: D×H, b1: H) → ReLU →
 * dense (w2: H×K, b2: K) and gives ŷ (N×K); `y` (N×K) are the targets. Return the loss
 * E = 1/(2N) Σᵢ Σₖ (ŷᵢₖ − yᵢₖ)² and its gradient with respect to each parameter, each with the
 * shape of its parameter (dw1 like w1, db1 like b1, …). The checks compare them with tf.grads.
 *
 * Un mini-lot `x` (N lignes de D entrées) traverse dense (w1 : D×H, b1 : H) → ReLU →
 * dense (w2 : H×K, b2 : K) et donne ŷ (N×K) ; `y` (N×K) sont les cibles. Renvoyez la perte
 * E = 1/(2N) Σᵢ Σₖ (ŷᵢₖ − yᵢₖ)² et son gradient par rapport à chaque paramètre, chacun de la
 * forme de son paramètre (dw1 comme w1, db1 comme b1…). Les vérifications les comparent à tf.grads.
 */
export function forwardBackward(
  x: number[][], y: number[][], w1: number[][], b1: number[], w2: number[][], b2: number[],
): { loss: number; dw1: number[][]; db1: number[]; dw2: number[][]; db2: number[] } {
  // TODO: the forward pass, keeping the values the backward pass will need.
  // TODO : la passe avant, en gardant les valeurs dont la passe arrière aura besoin.
  // TODO: the backward pass, from the loss back to the first layer.
  // TODO : la passe arrière, de la perte jusqu'à la première couche.
  return {
    loss: 0,
    dw1: w1.map((row) => row.map(() => 0)),
    db1: b1.map(() => 0),
    dw2: w2.map((row) => row.map(() => 0)),
    db2: b2.map(() => 0),
  };
}

/**
 * Estimates the gradient of `f` at `p` numerically, one coordinate at a time, by central
 * differences with a step `eps`. Leave `p` as it was.
 *
 * Estime numériquement le gradient de `f` en `p`, une coordonnée à la fois, par différences
 * centrées de pas `eps`. Laissez `p` tel qu'il était.
 */
export function gradientCheck(f: (p: number[]) => number, p: number[], eps: number): number[] {
  // TODO: for each coordinate i, compare f slightly above and slightly below p[i].
  // TODO : pour chaque coordonnée i, comparez f un peu au-dessus et un peu au-dessous de p[i].
  return p.map(() => 0);
}
