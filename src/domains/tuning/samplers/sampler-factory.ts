import type { PrunerConfig, SamplerConfig } from '../tuning.schema.js';
import { HyperbandPruner } from '../pruners/hyperband-pruner.js';
import { MedianPruner } from '../pruners/median-pruner.js';
import type { Pruner } from '../pruners/pruner.js';
import { SuccessiveHalvingPruner } from '../pruners/successive-halving.js';
import { CmaEsSampler } from './cmaes-sampler.js';
import { GridSampler } from './grid-sampler.js';
import { Nsga2Sampler } from './nsga2-sampler.js';
import { PbtSampler } from './pbt-sampler.js';
import { RandomSampler } from './random-sampler.js';
import type { Sampler } from './sampler.js';
import { TpeSampler } from './tpe-sampler.js';

/** The sampler a study's stored configuration names. */
export function createSampler(config: SamplerConfig): Sampler {
  switch (config.type) {
    case 'random':
      return new RandomSampler();
    case 'grid':
      return new GridSampler();
    case 'tpe':
      return new TpeSampler({ nStartupTrials: config.nStartupTrials, nEiCandidates: config.nEiCandidates, multivariate: config.multivariate, priorWeight: config.priorWeight });
    case 'nsga2':
      return new Nsga2Sampler(config);
    case 'pbt':
      return new PbtSampler(config);
    case 'cmaes':
      return new CmaEsSampler(config);
  }
}

export function createPruner(config: PrunerConfig): Pruner | null {
  switch (config.type) {
    case 'none':
      return null;
    case 'median':
      return new MedianPruner(config);
    case 'asha':
      return new SuccessiveHalvingPruner(config);
    case 'hyperband':
      return new HyperbandPruner(config);
  }
}
