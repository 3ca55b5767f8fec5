export type Vec2 = [number, number];

export interface AdamState {
  m: Vec2;
  v: Vec2;
  t: number;
}

export function sgdStep(params: Vec2, grad: Vec2, learningRate: number): Vec2 {
  return [params[0] - learningRate * grad[0], params[1] - learningRate * grad[1]];
}

export function momentumStep(params: Vec2, grad: Vec2, velocity: Vec2, learningRate: number, momentum: number): { params: Vec2; velocity: Vec2 } {
  const v: Vec2 = [momentum * velocity[0] + grad[0], momentum * velocity[1] + grad[1]];
  return { params: [params[0] - learningRate * v[0], params[1] - learningRate * v[1]], velocity: v };
}

export function adamStep(
  params: Vec2,
  grad: Vec2,
  state: AdamState,
  learningRate: number,
  beta1 = 0.9,
  beta2 = 0.999,
  epsilon = 1e-7,
): { params: Vec2; state: AdamState } {
  const t = state.t + 1;
  const m: Vec2 = [beta1 * state.m[0] + (1 - beta1) * grad[0], beta1 * state.m[1] + (1 - beta1) * grad[1]];
  const v: Vec2 = [beta2 * state.v[0] + (1 - beta2) * grad[0] ** 2, beta2 * state.v[1] + (1 - beta2) * grad[1] ** 2];
  const update = (i: 0 | 1): number => {
    const mHat = m[i] / (1 - beta1 ** t);
    const vHat = v[i] / (1 - beta2 ** t);
    return params[i] - learningRate * mHat / (Math.sqrt(vHat) + epsilon);
  };
  return { params: [update(0), update(1)], state: { m, v, t } };
}
