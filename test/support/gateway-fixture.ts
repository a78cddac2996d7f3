import OpenAI from 'openai';
import { startFakeAnthropic } from './fake-anthropic.js';
import { startFakeOpenAi } from './fake-openai.js';
import type { FakeProvider } from './fake-provider-server.js';
import { startTestKeel, type TestKeel } from './keel-server.js';

export const ANTHROPIC_KEY = 'sk-ant-test-key';
export const OPENAI_KEY = 'sk-openai-test-key';

export interface GatewayFixture {
  keel: TestKeel;
  a: FakeProvider;
  b: FakeProvider;
  client: OpenAI;
  stop(): Promise<void>;
}

/** Keel with two fake providers: `a` speaks OpenAI, `b` Anthropic; keys come from the environment. */
export async function startGatewayFixture(gateway: (a: FakeProvider, b: FakeProvider) => Record<string, unknown>, env: Record<string, string> = {}): Promise<GatewayFixture> {
  const a = await startFakeOpenAi('a');
  const b = await startFakeAnthropic('b', ANTHROPIC_KEY);
  const keel = await startTestKeel({ A_KEY: OPENAI_KEY, B_KEY: ANTHROPIC_KEY, ...env }, { config: { gateway: gateway(a, b) } });
  const client = new OpenAI({ baseURL: `${keel.url}/v1`, apiKey: 'unused-when-auth-is-off', maxRetries: 0, timeout: 10_000 });
  return {
    keel,
    a,
    b,
    client,
    stop: async () => {
      // fetch (under the SDK) may open a spare connection after a stream is aborted; a connection
      // that never sent a request is not "idle" to node:http, so close() would wait for its timeout.
      keel.http.server.closeAllConnections();
      await keel.stop();
      await a.close();
      await b.close();
    },
  };
}

export function providers(a: FakeProvider, b: FakeProvider): Record<string, unknown>[] {
  return [
    { name: 'a', type: 'openai', baseUrl: `${a.url}/v1`, apiKey: 'env:A_KEY' },
    { name: 'b', type: 'anthropic', baseUrl: b.url, apiKey: 'env:B_KEY' },
  ];
}
