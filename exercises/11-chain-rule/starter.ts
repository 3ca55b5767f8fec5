// Exercise 11 — Backpropagation: the chain rule / Rétropropagation : la règle de la chaîne

/**
 * One neuron with a sigmoid: z = w·x + b, y = σ(z) = 1 / (1 + e^(−z)), error E = ½(y − yTrue)².
 * Return the gradient of E: dw[i] = ∂E/∂wᵢ and db = ∂E/∂b, with the chain rule
 *   ∂E/∂wᵢ = ∂E/∂y · ∂y/∂z · ∂z/∂wᵢ
 * Un neurone sigmoïde : z = w·x + b, y = σ(z), erreur E = ½(y − yTrue)².
 * Renvoyez le gradient de E : dw[i] = ∂E/∂wᵢ et db = ∂E/∂b, avec la règle de la chaîne.
 */
export function neuronGradients(x: number[], w: number[], b: number, yTrue: number): { dw: number[]; db: number } {
  // TODO: forward pass — z, then y / passe avant — z, puis y.
  // TODO: backward pass — ∂E/∂y, ∂y/∂z, then ∂z/∂wᵢ and ∂z/∂b / passe arrière.
  return { dw: x.map(() => 0), db: 0 };
}
