// Exercise 01 — A neuron: the weighted sum / Un neurone : somme pondérée
// Grades, in order / Notes, dans l'ordre : Maths, Sport, SVT, Physique, Chimie, LV1, LV2

/**
 * One artificial neuron: y = Σ wᵢ·xᵢ + b.
 * Throw an Error when x and w do not have the same length.
 * Un neurone : y = Σ wᵢ·xᵢ + b. Levez une Error si x et w n'ont pas la même longueur.
 */
export function neuron(x: number[], w: number[], b: number): number {
  // TODO: return the weighted sum of x by w, plus the bias b.
  return 0;
}

// TODO: weights that give the science average (Maths, SVT, Physique, Chimie).
// TODO : des poids qui donnent la moyenne des matières scientifiques.
export const scienceWeights: number[] = [0, 0, 0, 0, 0, 0, 0];

// TODO: the bias of this neuron / le biais de ce neurone.
export const scienceBias: number = 0;
