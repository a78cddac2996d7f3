import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLogisticRegressionOnnx } from '../fixtures/models/logistic-onnx.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';
import { api } from '../support/rest.js';
import { createPgDatabase, requirePostgres, type PgTestDatabase } from './services.js';

/**
 * Two real servers on one PostgreSQL database and one artifact store: a redeploy and a rollback
 * made through one server are served by the other within a few seconds, with no restart.
 */
const pg = await requirePostgres();

describe.skipIf(!pg.available)('serving across two servers on PostgreSQL', () => {
  let db: PgTestDatabase;
  let artifacts: string;
  let one: TestKeel;
  let two: TestKeel;
  const servedVersion = async (keel: TestKeel): Promise<number> => (await api<{ version: number }>(keel.url, 'POST', '/api/v1/deployments/churn/predict', { instances: [{ tenure: 1, spend: 2 }] })).version;

  beforeAll(async () => {
    db = await createPgDatabase();
    artifacts = mkdtempSync(join(tmpdir(), 'keel-shared-artifacts-'));
    const config = { artifacts: { type: 'fs', path: artifacts } };
    one = await startTestKeel({ KEEL_DATABASE_URL: db.url }, { config });
    two = await startTestKeel({ KEEL_DATABASE_URL: db.url }, { config });
  });
  afterAll(async () => {
    await two?.stop();
    await one?.stop();
    await db?.drop();
    if (artifacts) rmSync(artifacts, { recursive: true, force: true });
  });

  it('serves the other server’s redeploy and rollback without a restart', async () => {
    await api(one.url, 'POST', '/api/v1/models', { name: 'churn' });
    for (const bias of [-2, 1]) await api(one.url, 'PUT', '/api/v1/models/churn/versions/upload?filename=churn.onnx', buildLogisticRegressionOnnx({ weights: [1.5, -1], bias }));
    const deploy = (version: number) => api(one.url, 'PUT', '/api/v1/deployments/churn', { model: `churn@${version}`, processing: { columns: ['tenure', 'spend'] }, settings: { cacheTtlSec: 0 } });

    await deploy(1);
    expect(await servedVersion(two)).toBe(1);
    await deploy(2);
    await expect.poll(() => servedVersion(two), { timeout: 10_000, interval: 250 }).toBe(2);
    await api(one.url, 'POST', '/api/v1/deployments/churn/rollback', { reason: 'worse on the holdout' });
    await expect.poll(() => servedVersion(two), { timeout: 10_000, interval: 250 }).toBe(1);
    expect(await servedVersion(one)).toBe(1);
  });
});
