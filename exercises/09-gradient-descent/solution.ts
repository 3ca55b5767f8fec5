export function gradientDescent(
  grad: (x: number) => number,
  x0: number,
  learningRate: number,
  epsilon: number,
  maxSteps: number,
): { x: number; path: number[] } {
  let x = x0;
  const path = [x0];
  for (let step = 0; step < maxSteps; step++) {
    const g = grad(x); // 1. the slope at x_i
    if (Math.abs(g) < epsilon) break; // 2. stop test: flat enough
    x = x - learningRate * g; // 3–4. step against the slope: x_{i+1} = x_i − α·∇f(x_i)
    path.push(x);
  }
  return { x, path };
}
