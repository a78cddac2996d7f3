import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { createPgDatabase, requirePostgres, type PgTestDatabase } from './services.js';

/**
 * Two real servers on one PostgreSQL database: signals published to both at once, from many
 * clients, still fire one notification per alert, and the resolve is sent once too.
 */
const pg = await requirePostgres();

describe.skipIf(!pg.available)('alerting across two servers on PostgreSQL', () => {
  let db: PgTestDatabase;
  let one: TestKeel;
  let two: TestKeel;
  let hook: WebhookReceiver;
  const publish = (keel: TestKeel, value: number, deployment: string) =>
    fetch(`${keel.url}/api/v1/alerts/signals`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ signals: [{ metric: 'service_up', value, labels: { deployment } }] }) }).then((r) => {
      expect(r.status).toBe(200);
    });

  beforeAll(async () => {
    db = await createPgDatabase();
    hook = await startWebhookReceiver();
    [one, two] = await Promise.all([startTestKeel({ KEEL_DATABASE_URL: db.url }), startTestKeel({ KEEL_DATABASE_URL: db.url })]);
  });
  afterAll(async () => {
    await two?.stop();
    await one?.stop();
    await hook?.close();
    await db?.drop();
  });

  it('installs the defaults once and notifies each alert once', async () => {
    const rules = (await (await fetch(`${two.url}/api/v1/alerts/rules`)).json()) as { rules: { name: string }[] };
    expect(rules.rules.filter((r) => r.name === 'ServiceDown')).toHaveLength(1);
    await fetch(`${one.url}/api/v1/alerts/channels`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'webhook', name: 'hook', url: hook.url }) });
    await fetch(`${two.url}/api/v1/alerts/rules/ServiceDown`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ forSeconds: 0, channels: ['hook'], groupBy: ['deployment'], groupWaitSeconds: 0, groupIntervalSeconds: 0 }) });

    const deployments = ['a', 'b', 'c'];
    await Promise.all(Array.from({ length: 12 }, (_, i) => publish(i % 2 ? one : two, 0, deployments[i % 3] as string)));
    await hook.waitFor(3);
    await new Promise((r) => setTimeout(r, 1000));
    expect(hook.received).toHaveLength(3);
    expect(hook.received.map((r) => (r.body as { groupLabels: { deployment: string } }).groupLabels.deployment).sort()).toEqual(deployments);

    await Promise.all(Array.from({ length: 12 }, (_, i) => publish(i % 2 ? two : one, 1, deployments[i % 3] as string)));
    await hook.waitFor(6);
    await new Promise((r) => setTimeout(r, 1000));
    expect(hook.received).toHaveLength(6);
    expect(hook.received.slice(3).map((r) => (r.body as { status: string }).status)).toEqual(['resolved', 'resolved', 'resolved']);
  });
});
