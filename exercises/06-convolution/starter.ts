// Exercise 06 — Convolution by hand / Convolution à la main

/**
 * Slides `kernel` over `image` and returns the feature map.
 * - 'valid': the kernel only visits positions where it fits entirely inside the image,
 *   so an h×w image and a kh×kw kernel give (h − kh + 1) rows × (w − kw + 1) columns.
 * - stride 1: the kernel moves one pixel at a time.
 * - like tf.conv2d, the kernel is NOT flipped: out[i][j] = Σᵤ Σᵥ image[i+u][j+v] × kernel[u][v].
 *
 * Fait glisser `kernel` sur `image` et renvoie la carte de caractéristiques.
 * - 'valid' : le noyau ne visite que les positions où il tient entièrement dans l'image,
 *   donc une image h×w et un noyau kh×kw donnent (h − kh + 1) lignes × (w − kw + 1) colonnes.
 * - pas (stride) de 1 : le noyau avance d'un pixel à la fois.
 * - comme tf.conv2d, le noyau n'est PAS retourné : out[i][j] = Σᵤ Σᵥ image[i+u][j+v] × kernel[u][v].
 *
 * image[row][column] / image[ligne][colonne]; do not modify the inputs / ne modifiez pas les entrées.
 */
export function conv2d(image: number[][], kernel: number[][]): number[][] {
  const out: number[][] = [];
  // TODO: compute the output size from image.length, image[0].length, kernel.length, kernel[0].length.
  // TODO : calculez la taille de la sortie.
  // TODO: for each output position (i, j), sum image[i + u][j + v] * kernel[u][v] over the kernel.
  // TODO : pour chaque position (i, j) de la sortie, sommez image[i + u][j + v] * kernel[u][v] sur le noyau.
  return out;
}
