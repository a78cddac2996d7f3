import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/rest.js';
import { chromiumAvailable, openKeelUi, SHOTS, type KeelUi } from '../support/browser.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

// The Alerts page end to end: the built server, signals published over REST, the page read and
// used (inbox, rule editor) in a real Chromium.
const hasChromium = chromiumAvailable('alerts UI e2e');

describe.skipIf(!hasChromium)('the Alerts page', () => {
  let ui: KeelUi | undefined;
  let page: Page;
  let base = '';
  let hook: WebhookReceiver;
  let errors: string[] = [];
  const publish = (metric: string, value: number, labels: Record<string, string>) => api(base, 'POST', '/api/v1/alerts/signals', { signals: [{ metric, value, labels }] });

  beforeAll(async () => {
    hook = await startWebhookReceiver();
    ui = await openKeelUi('keel-alerts-ui-', { dataSubdir: 'data', viewport: { width: 1440, height: 1000 } });
    ({ page, base, errors } = ui);
    await api(base, 'PATCH', '/api/v1/alerts/rules/DataDrift', { groupWaitSeconds: 0, groupIntervalSeconds: 0 });
    await api(base, 'PATCH', '/api/v1/alerts/rules/HighErrorRate', { forSeconds: 0, groupWaitSeconds: 0, groupIntervalSeconds: 0 });
    await publish('drift_detected', 1, { monitor: 'churn-daily', deployment: 'churn' });
    await publish('error_rate', 0.3, { deployment: 'fraud' });
    await publish('error_rate', 0.01, { deployment: 'fraud' });
  });

  afterAll(async () => {
    await ui?.close();
    await hook?.close();
  });

  it('shows the firing alert, the inbox and the history', async () => {
    await page.goto(`${base}/alerts`);
    const firing = page.locator('section[aria-labelledby="firing-title"] table');
    await expect.poll(() => firing.isVisible(), { timeout: 15_000 }).toBe(true);
    const text = await firing.innerText();
    expect(text).toMatch(/DataDrift[\s\S]*Data drift detected by monitor churn-daily[\s\S]*warning[\s\S]*firing[\s\S]*monitor=churn-daily deployment=churn/i);
    expect(text).not.toContain('HighErrorRate');
    const history = page.locator('section[aria-labelledby="history-title"] table');
    expect(await history.innerText()).toMatch(/HighErrorRate[\s\S]*critical[\s\S]*resolved[\s\S]*deployment=fraud/i);
    // One notification each: DataDrift firing, HighErrorRate firing, then HighErrorRate resolved.
    await expect.poll(() => page.locator('#inbox-title').innerText(), { timeout: 10_000 }).toMatch(/3 unread/);
    const inbox = await page.locator('.inbox-list').innerText();
    for (const title of ['[FIRING:1] DataDrift', '[FIRING:1] HighErrorRate', '[RESOLVED] HighErrorRate']) expect(inbox).toContain(title);
    await page.locator('.inbox-item').first().getByRole('button', { name: 'Mark read' }).click();
    await expect.poll(() => page.locator('#inbox-title').innerText()).toMatch(/2 unread/);
    await page.screenshot({ path: join(SHOTS, 'alerts-page.png'), fullPage: true });
  });

  it('creates a rule in the editor, showing the server’s message for a bad expression', async () => {
    await page.getByRole('button', { name: 'New rule' }).click();
    const form = page.getByRole('form', { name: 'New rule' });
    await form.getByLabel('Name').fill('SlowP95');
    await form.getByLabel('Expression').fill('latency_p95_seconds > ');
    await form.getByRole('button', { name: 'Create rule' }).click();
    await expect.poll(() => form.getByRole('alert').innerText()).toMatch(/^expr: ends too early/);
    await form.getByLabel('Expression').fill('latency_p95_seconds{deployment="churn"} > 2');
    await form.getByLabel('For (seconds)').fill('300');
    await form.getByLabel('Trigger retraining when it fires').check();
    await page.locator('.rule-editor').screenshot({ path: join(SHOTS, 'alerts-rule-editor.png') });
    await form.getByRole('button', { name: 'Create rule' }).click();
    const row = page.locator('tr[data-rule="SlowP95"]');
    await expect.poll(() => row.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await row.innerText()).toMatch(/SlowP95[\s\S]*retrains[\s\S]*warning[\s\S]*latency_p95_seconds\{deployment="churn"\} > 2[\s\S]*5m[\s\S]*inbox/i);
    const saved = await api<{ forSeconds: number; actions: unknown[] }>(base, 'GET', '/api/v1/alerts/rules/SlowP95');
    expect(saved).toMatchObject({ forSeconds: 300, actions: [{ type: 'retraining' }] });
  });

  it('adds a webhook channel and sends it a test; silences a monitor and ends the silence', async () => {
    const form = page.getByRole('form', { name: 'New channel' });
    await form.getByLabel('Channel name').fill('receiver');
    await form.getByLabel('URL').fill(`${hook.url}/hooks/T0/B0/secret-part`);
    await form.getByRole('button', { name: 'Add channel' }).click();
    const row = page.locator('tr[data-channel="receiver"]');
    await expect.poll(() => row.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await row.innerText()).toContain(`${hook.url}/…`);
    expect(await row.innerText()).not.toContain('secret-part');
    await row.getByRole('button', { name: 'Test receiver' }).click();
    await expect.poll(() => row.getByRole('status').innerText(), { timeout: 10_000 }).toBe('sent (1 attempt)');
    expect(hook.received[0]?.path).toBe('/hooks/T0/B0/secret-part');

    const silence = page.getByRole('form', { name: 'New silence' });
    await silence.getByLabel('Value').fill('churn-daily');
    await silence.getByLabel('Comment').fill('backfill');
    await silence.getByRole('button', { name: 'Silence' }).click();
    const list = page.locator('.silence-list');
    await expect.poll(() => list.innerText(), { timeout: 10_000 }).toMatch(/monitor=churn-daily[\s\S]*backfill/);
    await page.locator('section[aria-labelledby="channels-title"]').screenshot({ path: join(SHOTS, 'alerts-channels.png') });
    await list.getByRole('button', { name: 'End now' }).click();
    await expect.poll(() => page.locator('section[aria-labelledby="silences-title"]').innerText()).toContain('No active silence.');
  });

  it('edits a default rule', async () => {
    await page.getByRole('button', { name: 'Edit CostBudgetApproaching' }).click();
    const form = page.getByRole('form', { name: 'Edit rule CostBudgetApproaching' });
    await form.getByLabel('Expression').fill('cost_budget_fraction > 0.9');
    await form.getByLabel('Enabled').uncheck();
    await form.getByRole('button', { name: 'Save rule' }).click();
    const row = page.locator('tr[data-rule="CostBudgetApproaching"]');
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toMatch(/disabled[\s\S]*cost_budget_fraction > 0\.9/i);
    expect(errors).toEqual([]);
  });
});
