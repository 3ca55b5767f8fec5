/**
 * Forward and backward pass of a two-layer network on a mini-batch, on plain arrays:
 * x (N×D) → dense (w1 D×H, b1) → ReLU → dense (w2 H×K, b2) → ŷ (N×K),
 * loss E = 1/(2N) Σᵢ Σₖ (ŷᵢₖ − yᵢₖ)².
 */
type Matrix = number[][];

const matmul = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
const transpose = (a: Matrix): Matrix => a[0]!.map((_, j) => a.map((row) => row[j]!));
const addBias = (a: Matrix, b: number[]): Matrix => a.map((row) => row.map((v, j) => v + b[j]!));
const sumRows = (a: Matrix): number[] => a[0]!.map((_, j) => a.reduce((s, row) => s + row[j]!, 0));

export function forwardBackward(
  x: number[][], y: number[][], w1: number[][], b1: number[], w2: number[][], b2: number[],
): { loss: number; dw1: number[][]; db1: number[]; dw2: number[][]; db2: number[] } {
  const n = x.length;
  // Forward: keep every intermediate value, the backward pass needs them.
  const z1 = addBias(matmul(x, w1), b1);
  const h = z1.map((row) => row.map((v) => Math.max(0, v)));
  const out = addBias(matmul(h, w2), b2);
  const diff = out.map((row, i) => row.map((v, k) => v - y[i]![k]!));
  const loss = diff.flat().reduce((s, d) => s + d * d, 0) / (2 * n);
  // Backward, from the loss to the first layer.
  const dOut = diff.map((row) => row.map((d) => d / n));
  const dw2 = matmul(transpose(h), dOut);
  const db2 = sumRows(dOut);
  const dh = matmul(dOut, transpose(w2));
  const dz1 = dh.map((row, i) => row.map((g, j) => (z1[i]![j]! > 0 ? g : 0)));
  const dw1 = matmul(transpose(x), dz1);
  const db1 = sumRows(dz1);
  return { loss, dw1, db1, dw2, db2 };
}

/** Central differences: (f(p + ε·eᵢ) − f(p − ε·eᵢ)) / 2ε for each coordinate i, p left unchanged. */
export function gradientCheck(f: (p: number[]) => number, p: number[], eps: number): number[] {
  return p.map((_, i) => {
    const plus = p.slice();
    const minus = p.slice();
    plus[i] = p[i]! + eps;
    minus[i] = p[i]! - eps;
    return (f(plus) - f(minus)) / (2 * eps);
  });
}
