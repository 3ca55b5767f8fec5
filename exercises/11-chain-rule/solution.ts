export function neuronGradients(x: number[], w: number[], b: number, yTrue: number): { dw: number[]; db: number } {
  if (x.length !== w.length) throw new Error(`neuronGradients: x has ${x.length} values but w has ${w.length} weights`);
  // Forward pass: z = w·x + b, y = σ(z), E = ½(y − yTrue)².
  let z = b;
  for (let i = 0; i < x.length; i++) z += w[i]! * x[i]!;
  const y = 1 / (1 + Math.exp(-z));
  // Backward pass, link by link.
  const dEdy = y - yTrue; // ∂E/∂y
  const dydz = y * (1 - y); // ∂y/∂z = σ'(z) = σ(z)(1 − σ(z))
  const dEdz = dEdy * dydz;
  return { dw: x.map((xi) => dEdz * xi), db: dEdz }; // ∂z/∂wᵢ = xᵢ, ∂z/∂b = 1
}
