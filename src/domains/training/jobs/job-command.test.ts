import { describe, expect, it } from 'vitest';
import { parseNvidiaSmi } from '../../../adapters/process/resource-probe.js';
import { paramEnvName, substituteParams } from './job-command.js';

describe('job commands', () => {
  it('fills {param} from the params, keeps unknown names and escaped braces', () => {
    const params = { lr: '0.1', 'batch.size': '32' };
    expect(substituteParams('--lr={lr}', params)).toBe('--lr=0.1');
    expect(substituteParams('{batch.size}x{lr}', params)).toBe('32x0.1');
    expect(substituteParams('{missing}', params)).toBe('{missing}');
    expect(substituteParams('{{lr}}', params)).toBe('{lr}');
    expect(substituteParams('{"a": 1}', params)).toBe('{"a": 1}');
  });

  it('names param variables KEEL_PARAM_<KEY> in upper snake case', () => {
    expect(paramEnvName('learning-rate')).toBe('KEEL_PARAM_LEARNING_RATE');
    expect(paramEnvName('model.depth')).toBe('KEEL_PARAM_MODEL_DEPTH');
  });
});

describe('nvidia-smi', () => {
  it('reads index, name and memory per GPU (--query-gpu=index,name,memory.total --format=csv,noheader,nounits)', () => {
    const out = '0, NVIDIA H100 80GB HBM3, 81559\n1, NVIDIA H100 80GB HBM3, 81559\n\n';
    expect(parseNvidiaSmi(out)).toEqual([
      { index: 0, name: 'NVIDIA H100 80GB HBM3', memoryMb: 81559 },
      { index: 1, name: 'NVIDIA H100 80GB HBM3', memoryMb: 81559 },
    ]);
    expect(parseNvidiaSmi('NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.')).toEqual([]);
  });
});
