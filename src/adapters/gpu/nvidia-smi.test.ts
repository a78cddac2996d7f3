import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nvidiaSmiUtilization } from './nvidia-smi.js';

const dir = mkdtempSync(join(tmpdir(), 'keel-nvidia-smi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('GPU utilisation from nvidia-smi', () => {
  it('averages the GPUs’ percentages into 0..1 and caches the answer', async () => {
    const calls = join(dir, 'calls');
    const tool = join(dir, 'nvidia-smi');
    // Stands in for the real tool on machines without a GPU: prints what `--query-gpu=utilization.gpu` prints for two GPUs.
    writeFileSync(tool, `#!/bin/sh\necho x >> ${calls}\nprintf '40\\n61\\n'\n`);
    chmodSync(tool, 0o755);
    const gpu = nvidiaSmiUtilization(60_000, tool);
    expect(await gpu()).toBeCloseTo(0.505, 12);
    expect(await gpu()).toBeCloseTo(0.505, 12);
    expect(readFileSync(calls, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('is null where the tool is missing', async () => {
    expect(await nvidiaSmiUtilization(0, join(dir, 'absent'))()).toBeNull();
  });
});
