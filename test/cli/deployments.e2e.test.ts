import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMlpOnnx, mlpWeights } from '../fixtures/models/mlp-onnx.js';
import { api } from '../support/rest.js';
import { runKeel, spawnServer, type ServerProcess } from '../support/spawn-keel.js';

/** `keel deployments` on the built binary (run `npm run build:server` first) against a real server. */
const dir = mkdtempSync(join(tmpdir(), 'keel-deployments-cli-'));
const COLUMNS = ['a', 'b', 'c', 'd'];

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer(['--port', '0', '--data', join(dir, 'data')]);
  await api(server.url, 'POST', '/api/v1/models', { name: 'mlp' });
  await api(server.url, 'PUT', '/api/v1/models/mlp/versions/upload?filename=mlp.onnx', buildMlpOnnx(mlpWeights(4, 16, 3, 42)));
  await api(server.url, 'PUT', '/api/v1/deployments/scorer', { model: 'mlp@1', processing: { columns: COLUMNS } });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const keel = (...args: string[]) => runKeel([...args, '--url', server.url]);

describe('keel deployments', () => {
  it('lists a deployment’s batch jobs with their progress', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [i / 10, 1, -i / 10, 0.5].join(','));
    const input = await api<{ sha256: string }>(server.url, 'PUT', '/api/v1/batch-jobs/inputs', new TextEncoder().encode([COLUMNS.join(','), ...rows].join('\n')));
    const job = await api<{ id: string }>(server.url, 'POST', '/api/v1/batch-jobs', { target: 'scorer', input: { sha256: input.sha256, format: 'csv' }, output: { format: 'csv' }, batchSize: 8 });
    await expect.poll(async () => (await api<{ state: string }>(server.url, 'GET', `/api/v1/batch-jobs/${job.id}`)).state, { timeout: 20_000 }).toBe('completed');

    const table = await keel('deployments', 'jobs', 'scorer');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`${job.id}\\s+completed\\s+30/30\\s+0\\s`));
    const json = JSON.parse((await keel('deployments', 'jobs', 'scorer', '--json')).stdout) as { id: string; state: string; totalRows: number }[];
    expect(json).toEqual([expect.objectContaining({ id: job.id, state: 'completed', totalRows: 30 })]);
    expect(JSON.parse((await keel('deployments', 'jobs', 'nobody', '--json')).stdout)).toEqual([]);
  });

  it('explains a bad limit', async () => {
    const bad = await keel('deployments', 'jobs', 'scorer', '--limit', '0');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/limit/);
  });
});
