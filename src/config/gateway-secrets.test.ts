import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './index.js';

const gateway = {
  providers: [
    { name: 'a', type: 'openai', baseUrl: 'http://127.0.0.1:9001/v1', apiKey: 'env:A_KEY' },
    { name: 'b', type: 'anthropic', baseUrl: 'http://127.0.0.1:9002', apiKey: 'env:B_KEY' },
  ],
  routes: [{ model: 'chat-default', strategy: 'fallback', targets: [{ provider: 'a', model: 'gpt-4o-mini' }, { provider: 'b', model: 'claude-3-5-haiku' }] }],
};

function withFile(content: unknown): string {
  const cwd = mkdtempSync(join(tmpdir(), 'keel-gw-config-'));
  writeFileSync(join(cwd, 'keel.config.json'), JSON.stringify(content));
  return cwd;
}

describe('gateway config', () => {
  it('takes the issue example as is and resolves env: keys at load time, keeping the references aside', () => {
    const c = loadConfig({ env: { A_KEY: 'sk-a', B_KEY: 'sk-b' }, cwd: withFile({ gateway }) });
    expect(c.gateway.providers.map((p) => p.apiKey)).toEqual(['sk-a', 'sk-b']);
    expect(c.gatewaySource.providers.map((p) => p.apiKey)).toEqual(['env:A_KEY', 'env:B_KEY']);
    expect(c.gateway.routes[0]?.targets[0]).toMatchObject({ provider: 'a', model: 'gpt-4o-mini', weight: 1 });
    expect(c.resolveGatewaySecrets(c.gatewaySource).providers[1]?.apiKey).toBe('sk-b');
  });

  it('names a missing variable, an unknown provider and an unknown field', () => {
    expect(() => loadConfig({ env: { A_KEY: 'x' }, cwd: withFile({ gateway }) })).toThrow(/B_KEY.*provider 'b'/);
    const badTarget = { ...gateway, routes: [{ model: 'r', targets: [{ provider: 'zz', model: 'm' }] }] };
    expect(() => loadConfig({ env: { A_KEY: 'x', B_KEY: 'y' }, cwd: withFile({ gateway: badTarget }) })).toThrow(/gateway\.routes\.0\.targets\.0\.provider: unknown provider 'zz'/);
    expect(() => loadConfig({ env: {}, cwd: withFile({ gateway: { providers: [], routs: [] } }) })).toThrow(/gateway \(routs\)/);
  });

  it('defaults to no providers and no routes', () => {
    const c = loadConfig({ env: {}, cwd: mkdtempSync(join(tmpdir(), 'keel-gw-empty-')) });
    expect(c.gateway).toMatchObject({ providers: [], routes: [], timeoutMs: 120_000 });
  });
});
