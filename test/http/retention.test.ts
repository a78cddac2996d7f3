import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertingSqlStore, GatewayRequestLogSqlStore, ServingSqlStore } from '../../src/adapters/sql/index.js';
import { newId } from '../../src/core/ids.js';
import { AppError, Keel } from '../../src/sdk/index.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

const ADMIN = 'retention-admin-key-0001';
const READER = 'retention-reader-key-0001';
const DAY = 86_400_000;

let keel: TestKeel;
beforeAll(async () => {
  keel = await startTestKeel({ KEEL_API_KEYS: `${ADMIN}:admin,${READER}:read`, KEEL_RETENTION_PREDICTION_LOG_DAYS: '30', KEEL_RETENTION_ALERT_HISTORY_DAYS: '90' });
});
afterAll(() => keel.stop());

async function seed(now: number): Promise<void> {
  const prediction = (requestId: string, at: number) => ({ requestId, deployment: 'iris', model: 'iris', version: 1, arm: 'primary', inputs: '{}', outputs: '{}', latencyMs: 1, status: 'ok' as const, cached: false, at });
  await new ServingSqlStore(keel.adapters.sql).appendPredictions([prediction('old-1', now - 31 * DAY), prediction('old-2', now - 400 * DAY), prediction('fresh', now - DAY)]);
  const request = { requestId: 'r', kind: 'chat' as const, model: 'chat', route: null, provider: 'a', providerModel: 'm', status: 200, stream: false, tokensIn: 1, tokensOut: 1, costUsd: 0, latencyMs: 1, ttftMs: null, cache: 'none', keyId: null, user: null, tags: [], attempts: 1, usageSource: 'provider' as const, error: null };
  // Gateway requests have no retention period here: even a years-old one stays.
  await new GatewayRequestLogSqlStore(keel.adapters.sql).insertMany([{ ...request, id: newId(), at: now - 1000 * DAY }]);
  await new AlertingSqlStore(keel.adapters.sql).addInboxItem({ id: newId(), notificationId: 'n', severity: 'info', status: 'firing', title: 'old', body: '', labels: {}, createdAt: now - 91 * DAY, readAt: null });
}

describe('data retention over REST and the SDK', () => {
  it('shows the policy, and no sweep before the first', async () => {
    const res = await fetch(`${keel.url}/api/v1/system/retention`, { headers: { authorization: `Bearer ${READER}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      policy: {
        enabled: true,
        sweepIntervalMs: 3_600_000,
        tables: [
          { table: 'predictionLog', keepDays: 30 },
          { table: 'gatewayRequests', keepDays: null },
          { table: 'alertHistory', keepDays: 90 },
        ],
      },
      lastSweep: null,
    });
  });

  it('sweeps on demand with the admin scope only, answering the counts per log', async () => {
    const now = Date.now();
    await seed(now);
    const reader = new Keel({ url: keel.url, apiKey: READER });
    await expect(reader.system.sweepRetention()).rejects.toSatisfy((err) => err instanceof AppError && err.code === 'PERMISSION_DENIED');

    const admin = new Keel({ url: keel.url, apiKey: ADMIN });
    const sweep = await admin.system.sweepRetention();
    expect(sweep.startedAt).toBeGreaterThanOrEqual(now);
    expect(sweep.tables).toEqual([
      { table: 'predictionLog', keepDays: 30, cutoff: sweep.startedAt - 30 * DAY, deleted: 2, durationMs: expect.any(Number) },
      { table: 'alertHistory', keepDays: 90, cutoff: sweep.startedAt - 90 * DAY, deleted: 1, durationMs: expect.any(Number) },
    ]);
    const serving = new ServingSqlStore(keel.adapters.sql);
    expect(await serving.getPrediction('old-1')).toBeNull();
    expect(await serving.getPrediction('fresh')).not.toBeNull();
    expect((await keel.services.gatewayUsage.requests({})).requests).toHaveLength(1);

    expect((await reader.system.retention()).lastSweep).toEqual(sweep);
    // Deletes are idempotent: a second sweep finds nothing more.
    expect((await admin.system.sweepRetention()).tables.map((t) => t.deleted)).toEqual([0, 0]);
  });

  it('documents both routes in OpenAPI', async () => {
    const doc = (await (await fetch(`${keel.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { summary?: string }>> };
    expect(doc.paths['/api/v1/system/retention']?.get?.summary).toMatch(/retention policy/);
    expect(doc.paths['/api/v1/system/retention/sweep']?.post?.summary).toMatch(/Delete rows older/);
  });
});
