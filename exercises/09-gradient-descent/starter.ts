// Exercise 09 — Gradient descent on f(x) = x² / Descente de gradient sur f(x) = x²

/**
 * Gradient descent in one dimension, as the slides' algorithm:
 *   1. compute the gradient (slope) at x_i: g = grad(x_i)
 *   2. stop test: stop when |g| < epsilon
 *   3–4. step against the slope: x_{i+1} = x_i − learningRate · g
 * Take at most maxSteps steps. Return the final position x and the path
 * [x0, x1, …, x_k]: x0 first, then one entry per step taken (the last one is x).
 *
 * Descente de gradient en une dimension, selon l'algorithme des diapositives :
 *   1. calculer le gradient (la pente) en x_i : g = grad(x_i)
 *   2. test d'arrêt : s'arrêter quand |g| < epsilon
 *   3–4. faire un pas contre la pente : x_{i+1} = x_i − learningRate · g
 * Au plus maxSteps pas. Renvoyer la position finale x et le chemin
 * [x0, x1, …, x_k] : x0 d'abord, puis une entrée par pas effectué (la dernière est x).
 */
export function gradientDescent(
  grad: (x: number) => number,
  x0: number,
  learningRate: number,
  epsilon: number,
  maxSteps: number,
): { x: number; path: number[] } {
  const path = [x0];
  // TODO: loop at most maxSteps times: gradient, stop test, step, new position (push it to path).
  // TODO : bouclez au plus maxSteps fois : gradient, test d'arrêt, pas, nouvelle position (ajoutée à path).
  return { x: x0, path };
}
