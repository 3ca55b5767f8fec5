import type { ChecksRegistry } from '../src/grader/core/workerRunner';
import { checks as weightedSum } from './01-weighted-sum/checks';
import { checks as denseLayer } from './02-dense-layer/checks';
import { checks as reluBias } from './03-relu-bias/checks';
import { checks as activations } from './04-activations/checks';
import { checks as nonlinearity } from './05-nonlinearity/checks';
import { checks as convolution } from './06-convolution/checks';
import { checks as imageFilters } from './07-image-filters/checks';
import { checks as assembleCnn } from './08-assemble-cnn/checks';
import { checks as gradientDescent } from './09-gradient-descent/checks';
import { checks as optimizers } from './10-optimizers/checks';
import { checks as chainRule } from './11-chain-rule/checks';
import { checks as trainingLoop } from './12-training-loop/checks';
import { checks as tensors } from './13-tensors/checks';
import { checks as oneHot } from './14-one-hot/checks';
import { checks as imageToTensor } from './15-image-to-tensor/checks';
import { checks as datasetBalance } from './16-dataset-balance/checks';
import { checks as overfitting } from './17-overfitting/checks';
import { checks as mnist } from './18-mnist/checks';
import { checks as catsVsDogs } from './19-cats-vs-dogs/checks';
import { checks as softmaxCrossEntropy } from './20-softmax-cross-entropy/checks';
import { checks as backpropTwoLayers } from './21-backprop-two-layers/checks';

/**
 * The hidden checks of every exercise, by exercise id. Bundled into the grader workers only
 * (webview worker, Node worker); never copied into a learner's folder. Adding an exercise:
 * add its folder, then one line here; `dl-course validate` checks both sides agree.
 */
export const CHECKS: ChecksRegistry = {
  '01-weighted-sum': weightedSum,
  '02-dense-layer': denseLayer,
  '03-relu-bias': reluBias,
  '04-activations': activations,
  '05-nonlinearity': nonlinearity,
  '06-convolution': convolution,
  '07-image-filters': imageFilters,
  '08-assemble-cnn': assembleCnn,
  '09-gradient-descent': gradientDescent,
  '10-optimizers': optimizers,
  '11-chain-rule': chainRule,
  '12-training-loop': trainingLoop,
  '13-tensors': tensors,
  '14-one-hot': oneHot,
  '15-image-to-tensor': imageToTensor,
  '16-dataset-balance': datasetBalance,
  '17-overfitting': overfitting,
  '18-mnist': mnist,
  '19-cats-vs-dogs': catsVsDogs,
  '20-softmax-cross-entropy': softmaxCrossEntropy,
  '21-backprop-two-layers': backpropTwoLayers,
};
