import { join } from 'node:path';
import OpenAI from 'openai';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../support/fake-anthropic.js';
import { startFakeOpenAi } from '../support/fake-openai.js';
import type { FakeProvider } from '../support/fake-provider-server.js';
import { chromiumAvailable, openKeelUi, SHOTS, type KeelUi } from '../support/browser.js';

// The Gateway page end to end: the built server with a gateway config pointing at loopback fake
// providers, calls made through the official openai SDK, then the page read in a real Chromium.
const hasChromium = chromiumAvailable('gateway UI e2e');

describe.skipIf(!hasChromium)('the Gateway page', () => {
  let a: FakeProvider;
  let b: FakeProvider;
  let ui: KeelUi | undefined;
  let page: Page;
  let base = '';
  let errors: string[] = [];
  let screenshot: KeelUi['screenshot'];

  beforeAll(async () => {
    a = await startFakeOpenAi('a');
    b = await startFakeAnthropic('b', 'sk-ant-e2e');
    const config = {
      gateway: {
        providers: [
          { name: 'openai-main', type: 'openai', baseUrl: `${a.url}/v1`, apiKey: 'env:A_KEY' },
          { name: 'anthropic', type: 'anthropic', baseUrl: b.url, apiKey: 'env:B_KEY' },
        ],
        routes: [
          { model: 'chat-default', strategy: 'fallback', targets: [{ provider: 'openai-main', model: 'gpt-4o-mini' }, { provider: 'anthropic', model: 'claude-3-5-haiku' }], cache: { mode: 'exact', ttlSeconds: 3600 } },
          { model: 'claude', targets: [{ provider: 'anthropic', model: 'claude-3-5-haiku' }] },
        ],
      },
    };
    ui = await openKeelUi('keel-gateway-ui-', { dataSubdir: 'data', config, env: { A_KEY: 'sk-a-e2e', B_KEY: 'sk-ant-e2e' }, viewport: { width: 1440, height: 1000 } });
    ({ page, base, errors, screenshot } = ui);

    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'unused', maxRetries: 0 });
    const ask = (model: string, content: string, tags: string) => client.chat.completions.create({ model, messages: [{ role: 'user', content }] }, { headers: { 'x-keel-tags': tags } });
    await ask('chat-default', 'Summarise the release notes', 'team-search');
    await ask('chat-default', 'Draft a reply to the customer', 'team-support');
    await ask('claude', 'Classify this ticket', 'team-support');
    const s = await client.chat.completions.create({ model: 'chat-default', messages: [{ role: 'user', content: 'Stream a haiku' }], stream: true });
    for await (const _ of s);
    // The cache answers the repeat; the log records it as a hit.
    await new Promise((r) => setTimeout(r, 200));
    await ask('chat-default', 'Summarise the release notes', 'team-search');
    // One failure: the provider refuses the request (a 400 is never retried or cached).
    a.behaviour.failWith = { status: 400, times: 1 };
    await ask('chat-default', 'This one fails', 'team-search').catch(() => undefined);
  });

  afterAll(async () => {
    await ui?.close();
    await a.close();
    await b.close();
  });

  it('shows providers with their health, and the routes', async () => {
    await page.goto(`${base}/gateway`);
    const providers = page.locator('table.gateway-providers');
    await expect.poll(() => providers.isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => providers.innerText(), { timeout: 10_000 }).toMatch(/openai-main[\s\S]*gpt-4o-mini[\s\S]*healthy/i);
    expect(await providers.innerText()).toMatch(/anthropic[\s\S]*claude-3-5-haiku/);
    const routes = await page.locator('table.gateway-routes').innerText();
    expect(routes).toMatch(/chat-default\s+fallback[\s\S]*openai-main\/gpt-4o-mini[\s\S]*anthropic\/claude-3-5-haiku[\s\S]*exact, 1 h/);
    expect(routes).toMatch(/claude\s+fallback[\s\S]*off/);
  });

  it('lists the calls in the request log, with the cache hit, and opens one', async () => {
    const rows = page.locator('table.request-table tbody tr');
    // The log is written in batches after the answers: wait for all six.
    await expect
      .poll(
        async () => {
          if ((await rows.count()) < 6) await page.getByRole('button', { name: 'Refresh' }).click();
          return rows.count();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(6);
    const log = await page.locator('table.request-table').innerText();
    expect(log).toMatch(/\bhit\b/i);
    expect(log).toMatch(/400/);
    expect(log).toMatch(/claude/);
    await screenshot('gateway-page.png');

    await page.getByLabel('status').selectOption('error');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    await rows.first().getByRole('button').click();
    const viewer = page.locator('aside.request-viewer');
    await expect.poll(() => viewer.isVisible()).toBe(true);
    expect(await viewer.innerText()).toMatch(/status\s+400[\s\S]*error\s+\S+/);
    await page.locator('section[aria-labelledby="requests-title"]').screenshot({ path: join(SHOTS, 'gateway-request-viewer.png') });
    await page.getByLabel('status').selectOption('');
    await page.getByRole('button', { name: 'Apply' }).click();
  });

  it('draws spend over time with totals', async () => {
    const usage = page.locator('section[aria-labelledby="usage-title"]');
    await usage.scrollIntoViewIfNeeded();
    await expect.poll(() => usage.locator('canvas').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => usage.getByTestId('usage-spend').innerText()).toMatch(/^\$(?!0$)/);
    await usage.getByRole('radio', { name: 'Tag' }).click();
    await usage.getByRole('radio', { name: 'Tokens' }).click();
    await expect.poll(() => usage.locator('canvas').count()).toBeGreaterThan(0);
    await usage.screenshot({ path: join(SHOTS, 'gateway-usage-by-tag.png') });
    expect(errors).toEqual([]);
  });
});
