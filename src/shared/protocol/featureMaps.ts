import type { Localized } from '../i18n';
import type { FeatureMapsDeclaration } from '../manifest';
import { LEARNER_HOST_FIELDS, LEARNER_PAGE_FIELDS, type HostToLearnerPanel, type LearnerPanelToHost } from './learnerPanel';
import { messageGuard } from './message';

/**
 * Feature-maps panel: host ⇄ page messages, and the data its probe (`featureMaps.maps`, run in a
 * grader worker) returns to the page. On top of the shared code messages, the page may ask the
 * host for an image file of the workspace (picked, or by path when the panel is restored): the
 * host sends its bytes, the page decodes them.
 */
export type HostToFeatureMaps =
  | HostToLearnerPanel
  | { readonly type: 'image'; readonly path: string; readonly base64: string }
  | { readonly type: 'imageFailed'; readonly message: string };

export type FeatureMapsToHost = LearnerPanelToHost | { readonly type: 'pickImage' } | { readonly type: 'loadImage'; readonly path: string };

export const isHostToFeatureMaps = messageGuard<HostToFeatureMaps>({
  ...LEARNER_HOST_FIELDS,
  image: { path: 'string', base64: 'string' },
  imageFailed: { message: 'string' },
});

export const isFeatureMapsToHost = messageGuard<FeatureMapsToHost>({
  ...LEARNER_PAGE_FIELDS,
  pickImage: {},
  loadImage: { path: 'string' },
});

/** The input the maps are computed for. */
export type FeatureInput =
  | { readonly kind: 'photo'; readonly name: string }
  | { readonly kind: 'mnist'; readonly index: number }
  /** The slides' 5×5 pixel patch (exercise 06). */
  | { readonly kind: 'patch' }
  /** Pixels decoded on the page from a workspace image. */
  | { readonly kind: 'pixels'; readonly name: string; readonly width: number; readonly height: number; readonly rgba: Uint8ClampedArray };

export interface FeatureMapsParams {
  readonly exerciseId: string;
  /** What the exercise's exercise.json declares: the view (conv2d, filters, cnn) and buildModel's arguments. */
  readonly view: FeatureMapsDeclaration['view'];
  readonly buildModelArgs?: readonly unknown[];
  readonly input: FeatureInput;
  /** Exercise 06: the kernel to slide (a classic one, or the seed's). */
  readonly kernel?: number[][];
  /** Exercise 07: the bias added before the ReLU. */
  readonly bias?: number;
  /** CNNs: at most this many channels per layer. */
  readonly maxChannels?: number;
  /** CNNs: train the model briefly on the course data first (a few seconds), instead of showing its random initial filters. */
  readonly trained?: boolean;
}

export interface MapData {
  readonly title: Localized;
  readonly width: number;
  readonly height: number;
  readonly values: number[];
  /** The kernel that produced this map from `source` (hover shows patch × kernel). */
  readonly kernel?: number[][];
  readonly bias?: number;
  readonly padding?: 'valid' | 'same';
  /** Which grid the kernel slid over: the input (grey) or the stage's `before` map. */
  readonly source?: 'input';
  /** Activation applied after conv + bias ('relu', 'linear', …). */
  readonly activation?: string;
}

export interface StageData {
  readonly id: string;
  readonly title: Localized;
  readonly note?: Localized;
  /** Kernels drawn as small heatmaps with their values. */
  readonly kernels?: readonly { readonly title: Localized; readonly kernel: number[][] }[];
  readonly maps: readonly MapData[];
  /** Output shape of a layer, e.g. [26, 26, 8]. */
  readonly shape?: readonly number[];
  /** Channels not shown (the layer has more than maxChannels). */
  readonly hiddenChannels?: number;
  /** A learner function that threw or returned something unusable: shown in place of the maps. */
  readonly error?: Localized;
}

export interface FeatureMapsData {
  readonly kind: 'conv2d' | 'filters' | 'cnn';
  readonly input: {
    readonly title: Localized;
    readonly width: number;
    readonly height: number;
    readonly grey: number[];
    readonly rgba?: number[];
    readonly valueScale: '0-255' | '0-1';
  };
  readonly stages: readonly StageData[];
  readonly notes: readonly Localized[];
}
