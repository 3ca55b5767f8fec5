export function classCounts(labels: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

export function imbalanceRatio(labels: string[]): number {
  if (labels.length === 0) throw new Error('imbalanceRatio: no labels, so no classes to compare');
  const sizes = Object.values(classCounts(labels));
  return Math.max(...sizes) / Math.min(...sizes);
}

export function classWeights(labels: string[]): Record<string, number> {
  const counts = classCounts(labels);
  const k = Object.keys(counts).length;
  const weights: Record<string, number> = {};
  for (const [label, n] of Object.entries(counts)) weights[label] = labels.length / (k * n);
  return weights;
}

export function balancedSample(labels: string[], seed: number): number[] {
  const random = mulberry32(seed);
  const groups = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const g = groups.get(label);
    if (g) g.push(i);
    else groups.set(label, [i]);
  });
  if (groups.size === 0) return [];
  const m = Math.min(...[...groups.values()].map((g) => g.length));
  const sample: number[] = [];
  for (const g of groups.values()) {
    // Fisher–Yates shuffle, then keep the first m.
    for (let i = g.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [g[i], g[j]] = [g[j]!, g[i]!];
    }
    sample.push(...g.slice(0, m));
  }
  return sample;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
