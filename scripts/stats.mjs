// Small statistics shared by the bench scripts.

/** The median of numbers (the mean of the two middle ones for an even count); NaN for none. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
