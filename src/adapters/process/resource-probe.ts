/** This machine's CPUs and memory (os) and NVIDIA GPUs (nvidia-smi, when installed). */
import { execFile } from 'node:child_process';
import os from 'node:os';
import type { WorkerResources } from '../../domains/training/training-job.schema.js';
import type { ResourceProbe } from '../../domains/training/training.store.js';

export class SystemResourceProbe implements ResourceProbe {
  async detect(): Promise<WorkerResources> {
    return { cpus: os.availableParallelism(), memoryMb: Math.floor(os.totalmem() / 1024 / 1024), gpus: await nvidiaGpus() };
  }
}

/** Parses `nvidia-smi --query-gpu=index,name,memory.total --format=csv,noheader,nounits`. */
export function parseNvidiaSmi(output: string): WorkerResources['gpus'] {
  return output
    .split('\n')
    .map((line) => line.split(',').map((s) => s.trim()))
    .filter((cells) => cells.length >= 3 && /^\d+$/.test(cells[0]!))
    .map(([index, name, memory]) => ({ index: Number(index), name: name!, memoryMb: Number(memory) || 0 }));
}

function nvidiaGpus(): Promise<WorkerResources['gpus']> {
  return new Promise((resolve) => {
    execFile('nvidia-smi', ['--query-gpu=index,name,memory.total', '--format=csv,noheader,nounits'], { timeout: 10_000 }, (err, stdout) => {
      // No driver, no GPU, or no nvidia-smi: a CPU-only worker.
      resolve(err ? [] : parseNvidiaSmi(stdout));
    });
  });
}
