import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLogisticRegressionOnnx } from '../fixtures/models/logistic-onnx.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';
import { api } from '../support/rest.js';
import { createPgDatabase, requirePostgres, type PgTestDatabase } from './services.js';

/**
 * Two real servers on one PostgreSQL database and one artifact store: a redeploy, a rollback and
 * a gateway config edit made through one server are in force on the other within a few seconds,
 * with no restart.
 */
const pg = await requirePostgres();

describe.skipIf(!pg.available)('state kept in memory, across two servers on PostgreSQL', () => {
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

  it('routes by the gateway config saved or reset through the other server', async () => {
    const models = async (keel: TestKeel): Promise<string[]> => (await api<{ data: { id: string }[] }>(keel.url, 'GET', '/v1/models')).data.map((m) => m.id);
    const config = { providers: [{ name: 'local', type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-inline-test-key' }], routes: [{ model: 'support-bot', targets: [{ provider: 'local', model: 'small' }] }] };
    expect(await models(two)).not.toContain('support-bot');
    const saved = await api<{ version: number }>(one.url, 'PUT', '/api/v1/gateway/config', config);
    await expect.poll(() => models(two), { timeout: 10_000, interval: 250 }).toContain('support-bot');
    expect((await api<{ version: number; source: string }>(two.url, 'GET', '/api/v1/gateway/config')).version).toBe(saved.version);
    await api(one.url, 'DELETE', '/api/v1/gateway/config');
    await expect.poll(() => models(two), { timeout: 10_000, interval: 250 }).not.toContain('support-bot');
    expect((await api<{ source: string }>(two.url, 'GET', '/api/v1/gateway/config')).source).toBe('file');
  });
});
