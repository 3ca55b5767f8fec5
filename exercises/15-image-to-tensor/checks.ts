import * as tf from '../../src/grader/core/tf';
import { L, type Localized } from '../../src/shared/i18n';
import { call, callDetailed, expectTensor, fail, labelWith, learnerFunction, shapeText } from '../../src/grader/core/assert';
import { MNIST_SIDE } from '../../src/grader/core/datasets';
import { cropRgba, expectImageClose, greyToRgba, loadMnistDigit, loadPhoto } from '../../src/grader/core/images';
import type { RgbaImage } from '../../src/shared/images';
import type { CheckContext, ExerciseChecks } from '../../src/grader/core/types';

type ToTensor = (pixels: Uint8ClampedArray, width: number, height: number) => tf.Tensor3D;
type ToGrayscale = (image: tf.Tensor3D) => tf.Tensor3D;

/** ITU-R BT.601 luma weights, the ones the theory gives. */
const LUMA = [0.299, 0.587, 0.114];

const rgbaTensor = (img: RgbaImage): tf.Tensor3D => tf.tensor3d(Float32Array.from(img.pixels), [img.height, img.width, 4]);
const referenceToTensor = (img: RgbaImage): tf.Tensor3D =>
  tf.tidy(() => rgbaTensor(img).slice([0, 0, 0], [img.height, img.width, 3]).div(255));
const referenceGrayscale = (image: tf.Tensor3D): tf.Tensor3D => tf.tidy(() => image.mul(tf.tensor1d(LUMA)).sum(2, true));

function close(a: tf.Tensor, b: tf.Tensor, tol = 1e-3): boolean {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) return false;
  return tf.tidy(() => a.toFloat().sub(b.toFloat()).abs().max().dataSync()[0]! <= tol * Math.max(1, b.abs().max().dataSync()[0]!));
}

/** Like tf.tidy, for a computation that returns a message rather than tensors. */
function scoped<T>(fn: () => T): T {
  tf.engine().startScope();
  try {
    return fn();
  } finally {
    tf.engine().endScope();
  }
}

function toTensorMisconception(got: tf.Tensor, img: RgbaImage): Localized | undefined {
  const { width: w, height: h } = img;
  return scoped(() => {
    const want = referenceToTensor(img);
    const rgba = rgbaTensor(img);
    if (close(got, want.mul(255))) {
      return L(
        'The values go up to 255: they are still bytes. Divide by 255 to bring them into [0, 1].',
        "Les valeurs montent jusqu'à 255 : ce sont encore des octets. Divisez par 255 pour les ramener dans [0, 1].",
      );
    }
    if (close(got, want.mul(255 / 256), 1e-5)) {
      return L(
        'The values are divided by 256, so the brightest byte, 255, becomes 0.996 instead of 1. A byte goes from 0 to 255: divide by 255 to map it onto [0, 1] exactly.',
        "Les valeurs sont divisées par 256 : l'octet le plus clair, 255, devient 0,996 au lieu de 1. Un octet va de 0 à 255 : divisez par 255 pour le ramener exactement sur [0, 1].",
      );
    }
    if (
      h * w > 1 &&
      close(got, tf.tensor3d(Float32Array.from(img.pixels), [4, h, w]).slice([0, 0, 0], [3, h, w]).transpose([1, 2, 0]).div(255))
    ) {
      return L(
        'You read the buffer as channels first (all the reds, then all the greens, …), but the canvas interleaves them: R, G, B, A for pixel 0, then pixel 1, … Its shape is [height, width, 4], channels last, the layout TensorFlow.js uses for images.',
        'Vous avez lu le tampon canaux en premier (tous les rouges, puis tous les verts, …), mais le canvas les intercale : R, G, B, A pour le pixel 0, puis le pixel 1, … Sa forme est [hauteur, largeur, 4], canaux en dernier, la disposition des images dans TensorFlow.js.',
      );
    }
    if (close(got, want.reverse(2))) {
      return L(
        'The channels are in the order blue, green, red: the buffer holds R, G, B, A for each pixel, in that order; keep R, G, B.',
        "Les canaux sont dans l'ordre bleu, vert, rouge : le tampon contient R, G, B, A pour chaque pixel, dans cet ordre ; gardez R, G, B.",
      );
    }
    if (close(got, rgba.slice([0, 0, 1], [h, w, 3]).div(255))) {
      return L(
        'You kept G, B, A instead of R, G, B: each pixel is 4 bytes, R first; drop the LAST one (alpha).',
        'Vous avez gardé G, B, A au lieu de R, G, B : chaque pixel fait 4 octets, R en premier ; retirez le DERNIER (alpha).',
      );
    }
    if (close(got, tf.tensor3d(Float32Array.from(img.pixels.subarray(0, h * w * 3)), [h, w, 3]).div(255))) {
      return L(
        'You cut the buffer after h × w × 3 bytes, but the alpha bytes are interleaved (R, G, B, A, R, G, B, A, …): shape it as [h, w, 4] first, then drop channel 3.',
        "Vous avez coupé le tampon après h × w × 3 octets, mais les octets alpha sont intercalés (R, G, B, A, R, G, B, A, …) : mettez-le d'abord en forme [h, w, 4], puis retirez le canal 3.",
      );
    }
    if (close(got, tf.tensor3d(Float32Array.from(img.pixels), [w, h, 4]).slice([0, 0, 0], [w, h, 3]).div(255).transpose([1, 0, 2]))) {
      return L(
        'Width and height are swapped when reading the buffer: it is stored row by row, so its shape is [height, width, 4].',
        'Largeur et hauteur sont inversées à la lecture du tampon : il est rangé ligne par ligne, sa forme est donc [hauteur, largeur, 4].',
      );
    }
    return undefined;
  });
}

async function expectToTensor(ctx: CheckContext, img: RgbaImage, name: Localized): Promise<void> {
  const toTensor = learnerFunction<ToTensor>(ctx, 'toTensor');
  const label = labelWith(name, (n) => `toTensor(${n}, ${img.width}, ${img.height})`);
  const pixels = new Uint8ClampedArray(img.pixels);
  const got = expectTensor(await call(ctx, label, toTensor, pixels, img.width, img.height), label);
  const { width: w, height: h } = img;
  const shape = [h, w, 3];
  if (got.shape.length !== 3 || got.shape.some((d, i) => d !== shape[i])) {
    const s = got.shape;
    const eq = (o: number[]) => s.length === o.length && s.every((d, i) => d === o[i]);
    const why = eq([h, w, 4])
      ? L(
          'Four channels: the alpha (opacity) channel was kept. The network wants R, G, B only: drop channel 3, e.g. with .slice([0, 0, 0], [height, width, 3]).',
          'Quatre canaux : le canal alpha (opacité) a été gardé. Le réseau ne veut que R, G, B : retirez le canal 3, par ex. avec .slice([0, 0, 0], [hauteur, largeur, 3]).',
        )
      : eq([3, h, w]) || eq([4, h, w]) || eq([3, w, h])
        ? L(
            'The channels come before height and width ("channels first", as in PyTorch): TensorFlow.js stores images channels last, [height, width, channels], and the canvas buffer already interleaves them (R, G, B, A for each pixel), so [height, width, 4] then keep channels 0 to 2.',
            'Les canaux sont avant la hauteur et la largeur (« canaux en premier », comme dans PyTorch) : TensorFlow.js range les images canaux en dernier, [hauteur, largeur, canaux], et le tampon du canvas les intercale déjà (R, G, B, A pour chaque pixel) : donc [hauteur, largeur, 4], puis gardez les canaux 0 à 2.',
          )
        : eq([w, h, 3]) || eq([w, h, 4])
          ? L(
              'Width and height are swapped: an image tensor is [rows, columns, channels] = [height, width, 3].',
              'Largeur et hauteur sont inversées : un tenseur image est [lignes, colonnes, canaux] = [hauteur, largeur, 3].',
            )
          : s.length !== 3
            ? L(
                'An image is a rank-3 tensor: [height, width, channels].',
                'Une image est un tenseur de rang 3 : [hauteur, largeur, canaux].',
              )
            : L('Expected [height, width, 3].', 'Attendu [hauteur, largeur, 3].');
    fail(
      L(
        `${label.en} has shape ${shapeText(s)}, expected ${shapeText(shape)}.`,
        `${label.fr} a la forme ${shapeText(s)}, attendu ${shapeText(shape)}.`,
      ),
      why,
    );
  }
  if (got.dtype !== 'float32') {
    fail(
      L(
        `${label.en} has dtype ${got.dtype}, expected float32: a tensor built from a Uint8ClampedArray holds integers; divide by 255 (or tf.cast(…, 'float32')) to get floats in [0, 1].`,
        `${label.fr} a le dtype ${got.dtype}, attendu float32 : un tenseur construit à partir d'un Uint8ClampedArray contient des entiers ; divisez par 255 (ou tf.cast(…, 'float32')) pour obtenir des réels dans [0, 1].`,
      ),
    );
  }
  const want = referenceToTensor(img);
  expectImageClose(
    got,
    want,
    label,
    toTensorMisconception(got, img) ??
      L(
        'Pixel (x, y) starts at byte 4 × (y × width + x) of the buffer: R, G, B, A. The tensor holds R/255, G/255, B/255 at [y, x, 0 … 2].',
        "Le pixel (x, y) commence à l'octet 4 × (y × largeur + x) du tampon : R, G, B, A. Le tenseur contient R/255, G/255, B/255 en [y, x, 0 … 2].",
      ),
  );
  want.dispose();
}

function grayMisconception(got: tf.Tensor, image: tf.Tensor3D): Localized | undefined {
  return scoped(() => {
    const [h, w] = image.shape;
    const flatGot = got.reshape([h, w, 1]);
    if (got.size !== h * w) return undefined;
    if (close(flatGot, image.mean(2, true), 1e-4) && !close(image.mean(2, true), referenceGrayscale(image), 1e-4)) {
      return L(
        'That is the plain mean of R, G and B. The eye is far more sensitive to green than to blue: use the luminance weights 0.299 R + 0.587 G + 0.114 B.',
        "C'est la simple moyenne de R, G et B. L'œil est bien plus sensible au vert qu'au bleu : utilisez les poids de luminance 0,299 R + 0,587 G + 0,114 B.",
      );
    }
    if (close(flatGot, image.mul(tf.tensor1d([...LUMA].reverse())).sum(2, true), 1e-4)) {
      return L(
        'The weights are applied in reverse order (0.114 to red, 0.299 to blue): channel 0 is red, channel 2 is blue.',
        "Les poids sont appliqués dans l'ordre inverse (0,114 au rouge, 0,299 au bleu) : le canal 0 est le rouge, le canal 2 le bleu.",
      );
    }
    if (close(flatGot, image.sum(2, true), 1e-4)) {
      return L(
        'That is the sum of R, G and B, which goes up to 3: a weighted average has weights that add up to 1 (0.299 + 0.587 + 0.114 = 1).',
        "C'est la somme de R, G et B, qui monte jusqu'à 3 : une moyenne pondérée a des poids de somme 1 (0,299 + 0,587 + 0,114 = 1).",
      );
    }
    return undefined;
  });
}

async function expectGrayscale(ctx: CheckContext, image: tf.Tensor3D, name: Localized): Promise<void> {
  const toGrayscale = learnerFunction<ToGrayscale>(ctx, 'toGrayscale');
  const label = labelWith(name, (n) => `toGrayscale(${n} ${shapeText(image.shape)})`);
  // The learner gets a copy of the image; the copy as its call left it comes back in argsAfter.
  const d = await callDetailed(ctx, label, toGrayscale, [image], { returnArgs: true });
  const got = expectTensor(d.value, label);
  const copy = d.argsAfter?.[0];
  const [h, w] = image.shape;
  const shape = [h, w, 1];
  if (got.shape.length !== 3 || got.shape.some((d, i) => d !== shape[i])) {
    const s = got.shape;
    const why =
      s.length === 2 && s[0] === h && s[1] === w
        ? L(
            'The channel axis is gone: keep it, with size 1, so the result is still an image [height, width, 1] (sum(2, true) or expandDims(2)).',
            "L'axe des canaux a disparu : gardez-le, de taille 1, pour que le résultat reste une image [hauteur, largeur, 1] (sum(2, true) ou expandDims(2)).",
          )
        : s.length === 3 && s[2] === 3
          ? L(
              'Still three channels: the grey level combines R, G and B into a single channel.',
              'Encore trois canaux : le niveau de gris combine R, G et B en un seul canal.',
            )
          : L('Expected [height, width, 1].', 'Attendu [hauteur, largeur, 1].');
    fail(
      L(
        `${label.en} has shape ${shapeText(s)}, expected ${shapeText(shape)}.`,
        `${label.fr} a la forme ${shapeText(s)}, attendu ${shapeText(shape)}.`,
      ),
      why,
    );
  }
  const want = referenceGrayscale(image);
  expectImageClose(
    got,
    want,
    label,
    grayMisconception(got, image) ??
      L('grey = 0.299 × R + 0.587 × G + 0.114 × B for each pixel.', 'gris = 0,299 × R + 0,587 × G + 0,114 × B pour chaque pixel.'),
  );
  want.dispose();
  if (!d.disposedArgs[0] && copy instanceof tf.Tensor && !copy.isDisposed && !close(copy, image, 0)) {
    fail(L(`${label.en} modified its input tensor.`, `${label.fr} a modifié son tenseur d'entrée.`));
  }
  if (copy instanceof tf.Tensor) copy.dispose();
}

/** A small RGBA image whose four channels all differ, alpha included, so any mix-up shows. */
function syntheticRgba(ctx: CheckContext, width: number, height: number, seed: number): RgbaImage {
  const r = ctx.rng(seed);
  const pixels = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < pixels.length; i++) pixels[i] = i % 4 === 3 ? 128 + r.int(0, 128) : r.int(0, 256);
  return { pixels, width, height };
}

export const checks: ExerciseChecks = [
  {
    id: 'synthetic-rgba',
    async run(ctx) {
      await expectToTensor(ctx, syntheticRgba(ctx, 5, 3, 151), L('a 5×3 RGBA image', 'une image RGBA 5×3'));
      await expectToTensor(ctx, syntheticRgba(ctx, 2, 7, 152), L('a 2×7 RGBA image', 'une image RGBA 2×7'));
      await expectToTensor(ctx, syntheticRgba(ctx, 1, 1, 153), L('a single pixel', 'un seul pixel'));
    },
  },
  {
    id: 'photo-tensor',
    async run(ctx) {
      const photo = await loadPhoto(ctx, 'chelsea');
      await expectToTensor(ctx, photo, L('the photo "chelsea"', 'la photo « chelsea »'));
      // A wide and a tall crop: with width ≠ height, swapped axes cannot hide.
      await expectToTensor(ctx, cropRgba(photo, 0, 30, 128, 72), L('a 128×72 crop of "chelsea"', 'un recadrage 128×72 de « chelsea »'));
      await expectToTensor(
        ctx,
        cropRgba(await loadPhoto(ctx, 'coffee'), 40, 0, 50, 128),
        L('a 50×128 crop of "coffee"', 'un recadrage 50×128 de « coffee »'),
      );
    },
  },
  {
    id: 'mnist-tensor',
    async run(ctx) {
      const { grey, label } = await loadMnistDigit(ctx, 0);
      await expectToTensor(
        ctx,
        greyToRgba(grey, MNIST_SIDE, MNIST_SIDE),
        L(`MNIST digit ${label} (as RGBA)`, `chiffre MNIST ${label} (en RGBA)`),
      );
    },
  },
  {
    id: 'grayscale-random',
    async run(ctx) {
      const r = ctx.rng(1515);
      for (const [h, w] of [
        [4, 6],
        [7, 3],
        [1, 1],
      ] as [number, number][]) {
        const image = tf.tensor3d(r.array(h * w * 3, 0, 1), [h, w, 3]);
        await expectGrayscale(ctx, image, L('a random image', 'une image aléatoire'));
      }
    },
  },
  {
    id: 'grayscale-photo',
    async run(ctx) {
      const photo = await loadPhoto(ctx, 'coffee');
      await expectGrayscale(ctx, referenceToTensor(photo), L('the photo "coffee"', 'la photo « coffee »'));
      await expectGrayscale(
        ctx,
        referenceToTensor(cropRgba(await loadPhoto(ctx, 'astronaut'), 10, 20, 96, 40)),
        L('a 96×40 crop of "astronaut"', 'un recadrage 96×40 de « astronaut »'),
      );
    },
  },
  {
    id: 'grayscale-mnist',
    async run(ctx) {
      const { grey, label } = await loadMnistDigit(ctx, 1);
      const image = referenceToTensor(greyToRgba(grey, MNIST_SIDE, MNIST_SIDE));
      // R = G = B, and the weights add up to 1: the grey image is the digit itself, divided by 255.
      await expectGrayscale(ctx, image, L(`MNIST digit ${label}`, `chiffre MNIST ${label}`));
      const toGrayscale = learnerFunction<ToGrayscale>(ctx, 'toGrayscale');
      const got = expectTensor(await call(ctx, 'toGrayscale(digit)', toGrayscale, image), 'toGrayscale(digit)');
      expectImageClose(
        got,
        tf.tensor3d(
          Float32Array.from(grey, (v) => v / 255),
          [MNIST_SIDE, MNIST_SIDE, 1],
        ),
        `grey levels of MNIST digit ${label}`,
        L(
          'On a grey image R = G = B, and 0.299 + 0.587 + 0.114 = 1, so the grey level is the pixel value / 255.',
          'Sur une image grise R = G = B, et 0,299 + 0,587 + 0,114 = 1 : le niveau de gris vaut donc la valeur du pixel / 255.',
        ),
      );
    },
  },
];
