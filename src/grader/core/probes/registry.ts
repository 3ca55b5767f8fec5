import { balanceProbe } from './datasetBalance';
import { featureMapsProbe } from './featureMaps';
import { neuronProbe, path1dProbe, paths2dProbe, trainProbe } from './gradientDescent';
import { ownImagesProbe } from './ownImages';
import { cosFitProbe } from './training';

/**
 * Every probe a panel may run in a grader worker, by name "<panel>.<what>". Each probe lives in
 * its own file beside this one and is environment-free (it runs in the webview's Web Worker).
 */
export const PROBES = {
  'datasetBalance.learner': balanceProbe,
  'featureMaps.maps': featureMapsProbe,
  'gradientDescent.path1d': path1dProbe,
  'gradientDescent.paths2d': paths2dProbe,
  'gradientDescent.neuron': neuronProbe,
  'gradientDescent.train': trainProbe,
  'training.cosFit': cosFitProbe,
  'training.ownImages': ownImagesProbe,
} as const;

/**
 * Each probe's params and result, by name, read off PROBES: a caller (GraderSupervisor.probe,
 * LatestProbe.run) that passes params of another shape, or reads another result, fails to compile.
 */
export type ProbeMap = {
  readonly [N in keyof typeof PROBES]: { params: Parameters<(typeof PROBES)[N]>[1]; result: Awaited<ReturnType<(typeof PROBES)[N]>> };
};
export type ProbeName = keyof ProbeMap;
export type ProbeParams<N extends ProbeName> = ProbeMap[N]['params'];
export type ProbeResult<N extends ProbeName> = ProbeMap[N]['result'];
