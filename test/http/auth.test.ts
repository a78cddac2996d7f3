import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, Keel } from '../../src/sdk/index.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

let keel: TestKeel;
beforeAll(async () => {
  keel = await startTestKeel();
});
afterAll(() => keel.stop());

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
}

describe('API keys and scopes', () => {
  it('is open until the first key exists, then needs a key with enough scope', async () => {
    const anonymous = new Keel({ url: keel.url });
    expect((await anonymous.system.status()).auth.enabled).toBe(false);

    const admin = await anonymous.keys.create({ name: 'bootstrap', scope: 'admin' });
    expect(admin.secret).toMatch(/^keel_/);
    expect(admin.key.prefix).toBe(admin.secret.slice(0, 11));

    // The cache of "do keys exist" is dropped on create, so auth is on at once.
    expect(await code(anonymous.system.status())).toBe('UNAUTHENTICATED');
    const res = await fetch(`${keel.url}/api/v1/status`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/requires an API key/);

    const asAdmin = new Keel({ url: keel.url, apiKey: admin.secret });
    const reader = await asAdmin.keys.create({ name: 'dashboards', scope: 'read' });
    const asReader = new Keel({ url: keel.url, apiKey: reader.secret });
    expect((await asReader.system.status()).auth.enabled).toBe(true);
    expect(await code(asReader.keys.list())).toBe('PERMISSION_DENIED');
    expect(await code(new Keel({ url: keel.url, apiKey: 'keel_wrong' }).system.status())).toBe('UNAUTHENTICATED');

    // Health probes stay open for load balancers.
    expect((await fetch(`${keel.url}/healthz`)).status).toBe(200);

    const listed = await asAdmin.keys.list();
    expect(listed.map((k) => k.name).sort()).toEqual(['bootstrap', 'dashboards']);
    expect(JSON.stringify(listed)).not.toContain(reader.secret);

    await asAdmin.keys.revoke(reader.key.id);
    expect(await code(asReader.system.status())).toBe('UNAUTHENTICATED');
    expect(await code(asAdmin.keys.revoke(reader.key.id))).toBe('NOT_FOUND');
  });

  it('rejects a malformed Authorization header with a clear message', async () => {
    const res = await fetch(`${keel.url}/api/v1/status`, { headers: { authorization: 'Basic abc' } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Bearer/);
  });
});
