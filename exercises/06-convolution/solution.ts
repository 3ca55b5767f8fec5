/**
 * 'valid' cross-correlation with stride 1, the convention of tf.conv2d: the kernel slides over
 * every position where it fits entirely inside the image, as it is (not flipped).
 */
export function conv2d(image: number[][], kernel: number[][]): number[][] {
  const kh = kernel.length;
  const kw = kernel[0]!.length;
  const outH = image.length - kh + 1;
  const outW = image[0]!.length - kw + 1;
  const out: number[][] = [];
  for (let i = 0; i < outH; i++) {
    const row: number[] = [];
    for (let j = 0; j < outW; j++) {
      let sum = 0;
      for (let u = 0; u < kh; u++) {
        for (let v = 0; v < kw; v++) sum += image[i + u]![j + v]! * kernel[u]![v]!;
      }
      row.push(sum);
    }
    out.push(row);
  }
  return out;
}
