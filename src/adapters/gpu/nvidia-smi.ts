import { execFile } from 'node:child_process';

/**
 * GPU utilisation (0..1, mean over the GPUs) from `nvidia-smi`, cached for `ttlMs`; null when the
 * machine has no NVIDIA GPU or the tool is missing, remembered so a GPU-less machine asks once.
 */
export function nvidiaSmiUtilization(ttlMs = 10_000, binary = 'nvidia-smi'): () => Promise<number | null> {
  let cached: { at: number; value: number | null } | undefined;
  let absent = false;
  const query = (): Promise<number | null> =>
    new Promise((resolve) => {
      execFile(binary, ['--query-gpu=utilization.gpu', '--format=csv,noheader,nounits'], { timeout: 2000 }, (err, stdout) => {
        if (err) {
          absent = true;
          return resolve(null);
        }
        const values = stdout
          .split('\n')
          .map((l) => Number.parseFloat(l))
          .filter((v) => Number.isFinite(v));
        resolve(values.length ? values.reduce((a, b) => a + b, 0) / values.length / 100 : null);
      });
    });
  return async () => {
    if (absent) return null;
    const now = Date.now();
    if (!cached || now - cached.at > ttlMs) cached = { at: now, value: await query() };
    return cached.value;
  };
}
