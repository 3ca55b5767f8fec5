import * as tf from '../../src/grader/core/tf';
import { L, type Localized } from '../../src/shared/i18n';
import { callDetailed, expectClose, expectShape, fail, fmt, fmtFr, learnerFunction, show } from '../../src/grader/core/assert';
import type { CallDetails } from '../../src/grader/core/learnerLink';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';

type Train = (
  xs: tf.Tensor2D,
  ys: tf.Tensor2D,
  epochs: number,
  learningRate: number,
) => { kernel: tf.Tensor2D; bias: tf.Tensor1D; losses: number[] };

/** A seeded linear relation ys = xs·W + b + noise, with xs uniform in [-1, 1]. */
interface Relation {
  readonly xs: number[][];
  readonly ys: number[][];
  readonly W: number[][];
  readonly b: number[];
  readonly text: Localized;
}

const NOISE = 0.05;

function relation(ctx: CheckContext, seed: number, n: number, inputs: number, units: number): Relation {
  const r = ctx.rng(seed);
  const W = r.matrix(inputs, units, -3, 3).map((row) => row.map((v) => Number(v.toFixed(1))));
  const b = r.array(units, -2, 2).map((v) => Number(v.toFixed(1)));
  const xs = r.matrix(n, inputs, -1, 1);
  const ys = xs.map((x) => b.map((bj, j) => x.reduce((s, xi, i) => s + xi * W[i]![j]!, bj) + NOISE * r.normal()));
  return {
    xs,
    ys,
    W,
    b,
    text: L(
      `ys = xs·W + b + noise, W = ${show(W)}, b = ${show(b)}, ${n} examples`,
      `ys = xs·W + b + bruit, W = ${show(W)}, b = ${show(b)}, ${n} exemples`,
    ),
  };
}

interface Trained {
  readonly kernel: tf.Tensor;
  readonly bias: tf.Tensor;
  readonly losses: number[];
  /** Tensors left in memory by the call, beyond the ones it returned (measured in the learner's realm). */
  readonly leaked: number;
}

function label(data: Relation, epochs: number, lr: number): string {
  return `train(xs [${data.xs.length}, ${data.W.length}], ys [${data.ys.length}, ${data.b.length}], ${epochs}, ${fmt(lr)})`;
}

/** Calls the learner's train, counting the tensors it leaves behind; validates what it returns. */
async function runTrain(ctx: CheckContext, data: Relation, epochs: number, lr: number): Promise<Trained> {
  const fn = learnerFunction<Train>(ctx, 'train');
  const what = label(data, epochs, lr);
  const xs = tf.tensor2d(data.xs);
  const ys = tf.tensor2d(data.ys);
  let d: CallDetails;
  try {
    // No ctx: leaks are reported by the no-leaks check, in this exercise's words, not noted on every check.
    d = await callDetailed(undefined, what, fn, [xs, ys, epochs, lr], { allowAsync: true });
  } finally {
    tf.dispose([xs, ys]);
  }
  if (d.async) {
    fail(
      L(
        `${what} returned a Promise: train must return its result directly (remove \`async\`; read losses with dataSync()).`,
        `${what} a renvoyé une Promise : train doit renvoyer son résultat directement (retirez \`async\` ; lisez les pertes avec dataSync()).`,
      ),
    );
  }
  const [xsDisposed, ysDisposed] = [d.disposedArgs[0] === true, d.disposedArgs[1] === true];
  if (xsDisposed || ysDisposed) {
    fail(
      L(
        `${what} disposed its input ${xsDisposed ? 'xs' : 'ys'}: the data belongs to the caller, dispose only the tensors you create.`,
        `${what} a libéré son entrée ${xsDisposed ? 'xs' : 'ys'} : les données appartiennent à l'appelant, ne libérez que les tenseurs que vous créez.`,
      ),
    );
  }
  const result = d.value;
  if (typeof result !== 'object' || result === null || Array.isArray(result) || result instanceof tf.Tensor) {
    fail(
      L(
        `${what} returned ${show(result)}: it must return { kernel, bias, losses }.`,
        `${what} a renvoyé ${show(result)} : la fonction doit renvoyer { kernel, bias, losses }.`,
      ),
    );
  }
  const out = result as { kernel?: unknown; bias?: unknown; losses?: unknown };
  const tensorOut = (t: unknown, name: string): tf.Tensor => {
    if (!(t instanceof tf.Tensor)) {
      fail(
        L(
          `${what}.${name} should be a tf.Tensor, but it is ${show(t)}.`,
          `${what}.${name} devrait être un tf.Tensor, mais c'est ${show(t)}.`,
        ),
      );
    }
    if (t.isDisposed) {
      fail(
        L(
          `${what}.${name} is a disposed tensor: dispose the OLD parameters after an update, never the ones you return.`,
          `${what}.${name} est un tenseur libéré : libérez les ANCIENS paramètres après une mise à jour, jamais ceux que vous renvoyez.`,
        ),
      );
    }
    return t;
  };
  const kernel = tensorOut(out.kernel, 'kernel');
  const bias = tensorOut(out.bias, 'bias');
  const losses = out.losses;
  if (!Array.isArray(losses) || !losses.every((v) => typeof v === 'number')) {
    fail(
      L(
        `${what}.losses should be an array of numbers (one per epoch), but it is ${show(losses)}. Read a scalar tensor's value with loss.dataSync()[0].`,
        `${what}.losses devrait être un tableau de nombres (un par époque), mais c'est ${show(losses)}. Lisez la valeur d'un tenseur scalaire avec loss.dataSync()[0].`,
      ),
    );
  }
  if (losses.length !== epochs) {
    fail(
      L(
        `${what}.losses has ${losses.length} values for ${epochs} epochs: push exactly one loss per epoch.`,
        `${what}.losses a ${losses.length} valeurs pour ${epochs} époques : ajoutez exactement une perte par époque.`,
      ),
    );
  }
  // The learner's realm counts what the call left in memory minus the distinct tensors it returned.
  return { kernel, bias, losses, leaked: d.leaked };
}

function reportProgress(ctx: CheckContext, losses: readonly number[]): void {
  const every = Math.max(1, Math.ceil(losses.length / 100));
  losses.forEach((loss, i) => {
    if (i % every === 0 || i === losses.length - 1) ctx.progress({ epoch: i + 1, epochs: losses.length, loss });
  });
}

const rounded = (losses: readonly number[]): number[] => losses.map((v) => Number(v.toPrecision(4)));

/** Loss falls, and if it does not, says whether the step climbs or is too large. */
async function expectFalling(ctx: CheckContext, data: Relation, epochs: number, lr: number, t: Trained): Promise<void> {
  const what = label(data, epochs, lr);
  const { losses } = t;
  const first = losses[0]!;
  const last = losses[losses.length - 1]!;
  if (!Number.isFinite(first) || !Number.isFinite(last) || last > first) {
    // Diverging: retry with a tiny learning rate to tell a sign error from a step too large.
    const probe = await runTrain(ctx, data, 20, 1e-3);
    tf.dispose([probe.kernel, probe.bias]);
    const probeLast = probe.losses[probe.losses.length - 1]!;
    const stillGrows = probe.losses.length > 1 && (!Number.isFinite(probeLast) || probeLast > probe.losses[0]!);
    fail(
      L(
        `${what}: the loss ${Number.isFinite(last) ? 'GROWS' : 'EXPLODES'}, from ${fmt(first)} to ${fmt(last)} (${show(rounded(losses), 8)}): the training diverges.`,
        `${what} : la perte ${Number.isFinite(last) ? 'AUGMENTE' : 'EXPLOSE'}, de ${fmtFr(first)} à ${fmtFr(last)} (${show(rounded(losses), 8)}) : l'entraînement diverge.`,
      ),
      stillGrows
        ? L(
            'It grows even with a tiny learning rate (0.001): your update climbs the error. Subtract the gradient: w ← w − α·∂E/∂w.',
            "Elle augmente même avec un taux minuscule (0,001) : votre mise à jour fait monter l'erreur. Soustrayez le gradient : w ← w − α·∂E/∂w.",
          )
        : L(
            `With a tiny learning rate (0.001) it falls, so the steps are probably too large: learning rate ${fmt(lr)} suits the MSE (a MEAN over all entries), but a loss SUMMED over the examples makes the gradients ${data.xs.length * data.b.length} times larger (N × units), as if the learning rate were far too high. Otherwise, check that every parameter, kernel AND bias, moves against its gradient (w ← w − α·∂E/∂w).`,
            `Avec un taux minuscule (0,001) elle baisse, les pas sont donc sans doute trop grands : le taux ${fmtFr(lr)} convient à la MSE (une MOYENNE sur toutes les valeurs), mais une perte SOMMÉE sur les exemples rend les gradients ${data.xs.length * data.b.length} fois plus grands (N × unités), comme un taux d'apprentissage bien trop élevé. Sinon, vérifiez que chaque paramètre, kernel ET bias, va contre son gradient (w ← w − α·∂E/∂w).`,
          ),
    );
  }
  if (!(last < first / 20)) {
    fail(
      L(
        `${what}: the loss barely falls, from ${fmt(first)} to ${fmt(last)} (${show(rounded(losses), 8)}); after ${epochs} epochs it should be at least 20 times smaller.`,
        `${what} : la perte baisse à peine, de ${fmtFr(first)} à ${fmtFr(last)} (${show(rounded(losses), 8)}) ; après ${epochs} époques elle devrait être au moins 20 fois plus petite.`,
      ),
      first === last
        ? L(
            'The loss never changes: are kernel and bias updated (and is the NEW value used at the next epoch)?',
            "La perte ne change jamais : kernel et bias sont-ils mis à jour (et la NOUVELLE valeur est-elle utilisée à l'époque suivante) ?",
          )
        : L(
            'Use the learning rate you are given, the MEAN squared error, and update both kernel and bias at every epoch.',
            "Utilisez le taux d'apprentissage reçu, l'erreur quadratique MOYENNE, et mettez à jour kernel et bias à chaque époque.",
          ),
    );
  }
  let rises = 0;
  for (let i = 1; i < losses.length; i++) if (losses[i]! > losses[i - 1]! * (1 + 1e-3) + 1e-6) rises++;
  if (rises > losses.length / 10) {
    fail(
      L(
        `${what}: the loss goes up at ${rises} of ${losses.length - 1} epochs (${show(rounded(losses), 8)}); full-batch gradient descent with a suitable learning rate makes it fall at (nearly) every epoch. Do you use another optimizer than plain gradient descent (Adam and momentum overshoot and oscillate), shuffle or subsample the data, or record the loss of something else than the current parameters?`,
        `${what} : la perte remonte à ${rises} époques sur ${losses.length - 1} (${show(rounded(losses), 8)}) ; la descente de gradient sur tout le lot avec un taux adapté la fait baisser à (presque) chaque époque. Utilisez-vous un autre optimiseur que la descente de gradient simple (Adam et le momentum dépassent et oscillent), mélangez-vous ou sous-échantillonnez-vous les données, ou enregistrez-vous la perte d'autre chose que des paramètres courants ?`,
      ),
    );
  }
}

function leakMessage(what: string, leaked: number, epochs: number): Localized {
  const perEpoch = leaked >= epochs && leaked % epochs === 0 ? leaked / epochs : undefined;
  return L(
    `${what} left ${leaked} tensor(s) in memory besides the kernel and bias it returns${perEpoch ? ` — ${perEpoch} per epoch` : ''}. In a real training loop (thousands of epochs, big tensors) that exhausts memory.` +
      (perEpoch
        ? ' Wrap each epoch in tf.tidy(() => …) and dispose() the old kernel and bias (and the loss tensor) once replaced.'
        : ' Something created once is never freed: call optimizer.dispose() if you use a tf.train optimizer; tf.variable(tf.zeros(…)) keeps the tf.zeros tensor alive too (create it inside tf.tidy(() => tf.variable(…)) or dispose it); dispose variables you do not return.'),
    `${what} a laissé ${leaked} tenseur(s) en mémoire en plus du kernel et du bias renvoyés${perEpoch ? ` — ${perEpoch} par époque` : ''}. Dans un vrai entraînement (des milliers d'époques, de gros tenseurs), la mémoire s'épuise.` +
      (perEpoch
        ? " Enveloppez chaque époque dans tf.tidy(() => …) et libérez avec dispose() l'ancien kernel, l'ancien bias (et le tenseur de perte) une fois remplacés."
        : " Quelque chose créé une fois n'est jamais libéré : appelez optimizer.dispose() si vous utilisez un optimiseur tf.train ; tf.variable(tf.zeros(…)) garde aussi le tenseur tf.zeros en vie (créez-le dans tf.tidy(() => tf.variable(…)) ou libérez-le) ; libérez les variables que vous ne renvoyez pas."),
  );
}

export const checks: ExerciseChecks = [
  {
    id: 'loss-falls',
    async run(ctx) {
      const data = relation(ctx, 1201, 64, 3, 1);
      const epochs = 100;
      const lr = 0.3;
      const t = await runTrain(ctx, data, epochs, lr);
      reportProgress(ctx, t.losses);
      await expectFalling(ctx, data, epochs, lr, t);
    },
  },
  {
    id: 'recovers-relation',
    async run(ctx) {
      const data = relation(ctx, 1202, 128, 3, 2);
      const epochs = 150;
      const lr = 0.3;
      const t = await runTrain(ctx, data, epochs, lr);
      reportProgress(ctx, t.losses);
      const what = label(data, epochs, lr);
      expectShape(
        t.kernel.shape,
        [3, 2],
        `${what}.kernel`,
        L(
          'kernel maps 3 inputs to 2 outputs: shape [inputs, units] = [xs.shape[1], ys.shape[1]].',
          'kernel envoie 3 entrées sur 2 sorties : forme [inputs, units] = [xs.shape[1], ys.shape[1]].',
        ),
      );
      expectShape(
        t.bias.shape,
        [2],
        `${what}.bias`,
        L(
          'bias holds one value per output: a 1-D tensor of shape [units].',
          'bias contient une valeur par sortie : un tenseur 1-D de forme [units].',
        ),
      );
      const kernel = t.kernel.arraySync() as number[][];
      const bias = t.bias.arraySync() as number[];
      if (bias.every((v) => v === 0)) {
        fail(
          L(
            `${what}.bias is still ${show(bias)} after ${epochs} epochs, but the relation's b is ${show(data.b)}.`,
            `${what}.bias vaut encore ${show(bias)} après ${epochs} époques, mais le b de la relation vaut ${show(data.b)}.`,
          ),
          L(
            'The bias is never updated: it has its own gradient ∂E/∂b; update it like the kernel, b ← b − α·∂E/∂b.',
            "Le biais n'est jamais mis à jour : il a son propre gradient ∂E/∂b ; mettez-le à jour comme le kernel, b ← b − α·∂E/∂b.",
          ),
        );
      }
      await expectFalling(ctx, data, epochs, lr, t);
      const tolerance = { rtol: 0, atol: 0.05 };
      expectClose(bias, data.b, L(`${what}.bias (the relation's b)`, `${what}.bias (le b de la relation)`), {
        ...tolerance,
        misconception: L(
          "The bias should converge to the relation's b. Is the prediction xs·kernel + bias (bias added to every row)?",
          'Le biais devrait converger vers le b de la relation. La prédiction est-elle xs·kernel + bias (biais ajouté à chaque ligne) ?',
        ),
      });
      expectClose(
        kernel,
        data.W,
        L(`${what}.kernel (the relation's W, ${data.text.en})`, `${what}.kernel (le W de la relation, ${data.text.fr})`),
        {
          ...tolerance,
          misconception: L(
            'The kernel should converge to W: predict with tf.matMul(xs, kernel), not its transpose, and update it with its own gradient.',
            'Le kernel devrait converger vers W : prédisez avec tf.matMul(xs, kernel), pas sa transposée, et mettez-le à jour avec son propre gradient.',
          ),
        },
      );
      // losses must be the MSE: compare the last one with the MSE of the returned parameters.
      const n = data.xs.length;
      let sq = 0;
      data.xs.forEach((x, i) =>
        bias.forEach((bj, j) => {
          sq += (x.reduce((s, xk, k) => s + xk * kernel[k]![j]!, bj) - data.ys[i]![j]!) ** 2;
        }),
      );
      const mse = sq / (n * bias.length);
      const ratio = t.losses[t.losses.length - 1]! / mse;
      if (!(ratio > 0.7 && ratio < 1.4)) {
        const why: [number, Localized][] = [
          [n * bias.length, L('a SUM of squared errors', 'une SOMME des erreurs au carré')],
          [bias.length, L('a sum over the outputs, mean over the examples', 'une somme sur les sorties, moyenne sur les exemples')],
          [n, L('a sum over the examples, mean over the outputs', 'une somme sur les exemples, moyenne sur les sorties')],
          [
            0.5,
            L(
              "half the MSE (the ½ of exercise 11's error is not part of the MSE)",
              "la moitié de la MSE (le ½ de l'erreur de l'exercice 11 ne fait pas partie de la MSE)",
            ),
          ],
          [
            1 / Math.sqrt(mse),
            L(
              'the ROOT of the MSE (RMSE): the errors are squared, not square-rooted',
              'la RACINE de la MSE (RMSE) : les erreurs sont mises au carré, pas sous une racine',
            ),
          ],
        ];
        const guess = why.find(([f]) => Math.abs(ratio / f - 1) < 0.3);
        fail(
          L(
            `${what}: the last loss is ${fmt(t.losses[t.losses.length - 1]!)}, but the mean squared error of the kernel and bias you return is ${fmt(mse)} (ratio ${fmt(ratio)}).`,
            `${what} : la dernière perte vaut ${fmtFr(t.losses[t.losses.length - 1]!)}, mais l'erreur quadratique moyenne du kernel et du bias renvoyés vaut ${fmtFr(mse)} (rapport ${fmtFr(ratio)}).`,
          ),
          guess ? L(`Your loss looks like ${guess[1].en}.`, `Votre perte ressemble à ${guess[1].fr}.`) : undefined,
          L(
            'losses[e] is the MSE at epoch e: the mean of (prediction − ys)² over all N × units entries, as tf.losses.meanSquaredError(ys, prediction).',
            "losses[e] est la MSE de l'époque e : la moyenne de (prédiction − ys)² sur les N × units valeurs, comme tf.losses.meanSquaredError(ys, prediction).",
          ),
        );
      }
    },
  },
  {
    id: 'no-leaks',
    async run(ctx) {
      const data = relation(ctx, 1203, 32, 3, 2);
      const epochs = 20;
      const t = await runTrain(ctx, data, epochs, 0.3);
      reportProgress(ctx, t.losses);
      if (t.leaked > 0) fail(leakMessage(label(data, epochs, 0.3), t.leaked, epochs));
    },
  },
  {
    id: 'diverges-when-lr-too-high',
    async run(ctx) {
      const data = relation(ctx, 1204, 64, 3, 2);
      const epochs = 15;
      const lr = 5;
      const t = await runTrain(ctx, data, epochs, lr);
      reportProgress(
        ctx,
        t.losses.map((v) => (Number.isFinite(v) ? v : Number.MAX_VALUE)),
      );
      const first = t.losses[0]!;
      const last = t.losses[t.losses.length - 1]!;
      const diverged = !Number.isFinite(last) || last > 100 * first;
      if (!diverged) {
        fail(
          L(
            `${label(data, epochs, lr)}: with a learning rate of 5, far too high for this problem, each step overshoots the minimum further and the loss should explode; your losses go from ${fmt(first)} to ${fmt(last)} (${show(rounded(t.losses), 8)}).`,
            `${label(data, epochs, lr)} : avec un taux d'apprentissage de 5, bien trop grand pour ce problème, chaque pas dépasse le minimum un peu plus et la perte devrait exploser ; vos pertes vont de ${fmtFr(first)} à ${fmtFr(last)} (${show(rounded(t.losses), 8)}).`,
          ),
          L(
            'Use the learningRate argument as is, in plain gradient descent (w ← w − learningRate·∂E/∂w, or tf.train.sgd(learningRate)): no fixed rate, no Adam, no clipping. Seeing a too-high rate diverge is part of the lesson — the same happens in exercise 09 with α > 1.',
            "Utilisez l'argument learningRate tel quel, en descente de gradient simple (w ← w − learningRate·∂E/∂w, ou tf.train.sgd(learningRate)) : pas de taux fixé, pas d'Adam, pas d'écrêtage. Voir un taux trop grand diverger fait partie de la leçon — comme dans l'exercice 09 avec α > 1.",
          ),
        );
      }
    },
  },
];
