// Exercise 10 — Step, momentum, Adam / Pas, momentum, Adam
// Pure update rules: they return new values and never modify their arguments.
// Règles de mise à jour pures : elles renvoient de nouvelles valeurs et ne modifient jamais leurs arguments.

export type Vec2 = [number, number];

/** Adam's state: the moving averages m and v, and t = the number of steps already taken (0 at the start). */
export interface AdamState {
  m: Vec2;
  v: Vec2;
  t: number;
}

/**
 * Plain gradient descent (tf.train.sgd): p ← p − α·g.
 * Descente de gradient simple (tf.train.sgd) : p ← p − α·g.
 */
export function sgdStep(params: Vec2, grad: Vec2, learningRate: number): Vec2 {
  // TODO: one step against the gradient / un pas contre le gradient.
  return [params[0], params[1]];
}

/**
 * Momentum, with tf.train.momentum's convention: v ← μ·v + g, then p ← p − α·v.
 * Start with velocity [0, 0]; return the new params and the new velocity.
 * Momentum, avec la convention de tf.train.momentum : v ← μ·v + g, puis p ← p − α·v.
 * Commencez avec une vitesse [0, 0] ; renvoyez les nouveaux paramètres et la nouvelle vitesse.
 */
export function momentumStep(params: Vec2, grad: Vec2, velocity: Vec2, learningRate: number, momentum: number): { params: Vec2; velocity: Vec2 } {
  // TODO: update the velocity, then the parameters / mettez à jour la vitesse, puis les paramètres.
  return { params: [params[0], params[1]], velocity: [velocity[0], velocity[1]] };
}

/**
 * Adam, as tf.train.adam (start with { m: [0, 0], v: [0, 0], t: 0 }):
 *   t ← t + 1;  m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²
 *   m̂ = m / (1 − β1^t);  v̂ = v / (1 − β2^t);  p ← p − α · m̂ / (√v̂ + ε)
 * Adam, comme tf.train.adam (départ : { m: [0, 0], v: [0, 0], t: 0 }) : mêmes formules.
 */
export function adamStep(
  params: Vec2,
  grad: Vec2,
  state: AdamState,
  learningRate: number,
  beta1 = 0.9,
  beta2 = 0.999,
  epsilon = 1e-7,
): { params: Vec2; state: AdamState } {
  // TODO: new moments, bias correction, step; return a NEW state.
  // TODO : nouveaux moments, correction du biais, pas ; renvoyez un NOUVEL état.
  return { params: [params[0], params[1]], state: { m: [state.m[0], state.m[1]], v: [state.v[0], state.v[1]], t: state.t } };
}
