/** The gateway config saved through another server: applied on sync, and a copy this server cannot use never breaks it. */
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../core/clock.js';
import { AppError } from '../../../core/errors.js';
import { gatewayConfigSchema, type GatewayConfig } from '../../../core/gateway-config.js';
import type { UpstreamClient } from '../../../core/ports/upstream-client.js';
import type { GatewayConfigStore, StoredGatewayConfig } from './gateway-config.store.js';
import { GatewayService } from './gateway.service.js';

class SharedStore implements GatewayConfigStore {
  stored: StoredGatewayConfig | null = null;
  load = (): Promise<StoredGatewayConfig | null> => Promise.resolve(this.stored);
  save = (config: GatewayConfig, at: number): Promise<number> => {
    this.stored = { config, updatedAt: at, version: (this.stored?.version ?? 0) + 1 };
    return Promise.resolve(this.stored.version);
  };
  clear = (): Promise<void> => {
    this.stored = null;
    return Promise.resolve();
  };
}

const noUpstream: UpstreamClient = {
  endpoint: () => ({ request: () => Promise.reject(new Error('no calls in this test')), close: () => Promise.resolve() }),
};
const config = (key: string): GatewayConfig =>
  gatewayConfigSchema.parse({ providers: [{ name: 'p', type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: key }], routes: [{ model: 'bot', targets: [{ provider: 'p', model: 'm' }] }] });
// Like src/config's resolver: an env: reference to a variable this server lacks is an error.
const resolveSecrets = (c: GatewayConfig): GatewayConfig => {
  const missing = c.providers.find((p) => p.apiKey?.startsWith('env:'));
  if (missing) throw AppError.invalid(`providers.${missing.name}.apiKey: ${missing.apiKey} is not set`);
  return c;
};

function server(store: SharedStore, errors: string[] = []): GatewayService {
  const logger = { warn: () => undefined, error: (_obj: object, msg: string) => void errors.push(msg) };
  return new GatewayService({ upstream: noUpstream, store, clock: fixedClock(1_700_000_000_000), fileConfig: gatewayConfigSchema.parse({}), resolveSecrets, logger, retireAfterMs: 10 });
}

describe('gateway config across servers', () => {
  it('applies a config saved or reset through another server, once', async () => {
    const store = new SharedStore();
    const [one, two] = [server(store), server(store)];
    await Promise.all([one.start(), two.start()]);
    await one.updateConfig(config('sk-inline'));
    expect(two.models().map((m) => m.id)).not.toContain('bot');
    expect(await two.syncWithStore()).toBe(true);
    expect(two.models().map((m) => m.id)).toContain('bot');
    expect(two.getConfig()).toMatchObject({ version: 1, source: 'api' });
    expect(await two.syncWithStore()).toBe(false);
    await one.resetConfig();
    expect(await two.syncWithStore()).toBe(true);
    expect(two.getConfig()).toMatchObject({ version: 0, source: 'file' });
    await Promise.all([one.close(), two.close()]);
  });

  it('keeps its config, and starts, when the stored one names a secret this server lacks; logs it once', async () => {
    const store = new SharedStore();
    await store.save(config('env:ONLY_ON_THE_OTHER_SERVER'), 1);
    const errors: string[] = [];
    const two = server(store, errors);
    await two.start();
    expect(two.getConfig().source).toBe('file');
    expect(await two.syncWithStore()).toBe(false);
    expect(await two.syncWithStore()).toBe(false);
    expect(errors).toHaveLength(1);
    await store.save(config('sk-inline'), 2);
    expect(await two.syncWithStore()).toBe(true);
    expect(two.getConfig()).toMatchObject({ version: 2, source: 'api' });
    await two.close();
  });
});
