export function neuron(x: number[], w: number[], b: number): number {
  if (x.length !== w.length) {
    throw new Error(`neuron: x has ${x.length} values but w has ${w.length} weights`);
  }
  let sum = b;
  for (let i = 0; i < x.length; i++) sum += w[i]! * x[i]!;
  return sum;
}

export const scienceWeights: number[] = [0.25, 0, 0.25, 0.25, 0.25, 0, 0];

export const scienceBias: number = 0;
