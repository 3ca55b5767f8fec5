import type { ProbeRegistry } from '../types';
import { balanceProbe } from './datasetBalance';
import { featureMapsProbe } from './featureMaps';
import { neuronProbe, path1dProbe, paths2dProbe, trainProbe } from './gradientDescent';
import { ownImagesProbe } from './ownImages';
import { cosFitProbe } from './training';

/**
 * Every probe a panel may run in a grader worker, by name "<panel>.<what>". Each probe lives in
 * its own file beside this one and is environment-free (it runs in the webview's Web Worker).
 */
export const PROBES: ProbeRegistry = {
  'datasetBalance.learner': balanceProbe,
  'featureMaps.maps': featureMapsProbe,
  'gradientDescent.path1d': path1dProbe,
  'gradientDescent.paths2d': paths2dProbe,
  'gradientDescent.neuron': neuronProbe,
  'gradientDescent.train': trainProbe,
  'training.cosFit': cosFitProbe,
  'training.ownImages': ownImagesProbe,
};
