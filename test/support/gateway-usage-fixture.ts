import OpenAI from 'openai';
import type { GatewayKeyLimits } from '../../src/domains/access/index.js';
import { startFakeOpenAi } from './fake-openai.js';
import type { FakeProvider } from './fake-provider-server.js';
import { OPENAI_KEY } from './gateway-fixture.js';
import { startTestKeel, type TestKeel } from './keel-server.js';

export const ADMIN_SECRET = 'admin-secret-for-gateway-usage-tests';

/** USD per 1M tokens the fixture's `chat` route is priced at: the fake answers 11 prompt + 7 completion tokens. */
export const PRICE = { inputPer1M: 100, outputPer1M: 200 };
/** What one answered call costs at PRICE: 11 × 100 + 7 × 200 micro-dollars. */
export const CALL_COST_USD = (11 * PRICE.inputPer1M + 7 * PRICE.outputPer1M) / 1e6;

export interface UsageFixture {
  keel: TestKeel;
  a: FakeProvider;
  /** An OpenAI SDK client on a fresh Keel key with these gateway limits. */
  clientWith(limits: GatewayKeyLimits | undefined, scope?: 'write' | 'admin'): Promise<{ client: OpenAI; keyId: string }>;
  /** Keel's REST API as the admin. */
  api<T>(path: string): Promise<T>;
  stop(): Promise<void>;
}

/** Keel with auth on (a static admin key), one fake OpenAI provider and priced routes. */
export async function startUsageFixture(extraConfig: Record<string, unknown> = {}): Promise<UsageFixture> {
  const a = await startFakeOpenAi('a');
  const keel = await startTestKeel(
    { A_KEY: OPENAI_KEY, KEEL_API_KEYS: `${ADMIN_SECRET}:admin` },
    {
      config: {
        ...extraConfig,
        gateway: {
          providers: [{ name: 'a', type: 'openai', baseUrl: `${a.url}/v1`, apiKey: 'env:A_KEY' }],
          routes: [
            { model: 'chat', targets: [{ provider: 'a', model: 'gpt-4o-mini' }] },
            { model: 'chat-b', targets: [{ provider: 'a', model: 'unpriced-model' }] },
            { model: 'embed', targets: [{ provider: 'a', model: 'text-embedding-3-small' }] },
          ],
          pricing: { 'gpt-4o-mini': PRICE },
        },
      },
    },
  );
  return {
    keel,
    a,
    async clientWith(limits, scope = 'write') {
      const created = await keel.services.access.create({ name: 'gateway-usage-test', scope, ...(limits ? { limits } : {}) });
      return { client: new OpenAI({ baseURL: `${keel.url}/v1`, apiKey: created.secret, maxRetries: 0, timeout: 20_000 }), keyId: created.key.id };
    },
    async api<T>(path: string): Promise<T> {
      const res = await fetch(`${keel.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_SECRET}` } });
      const body = (await res.json()) as T;
      if (!res.ok) throw new Error(`${path} → ${res.status} ${JSON.stringify(body)}`);
      return body;
    },
    stop: async () => {
      keel.http.server.closeAllConnections();
      await keel.stop();
      await a.close();
    },
  };
}

export function statusOf(err: unknown): { status: number | undefined; code: string | null | undefined; retryAfter: string | null | undefined } {
  if (err instanceof OpenAI.APIError) return { status: err.status, code: err.code, retryAfter: err.headers?.get('retry-after') };
  throw err;
}
