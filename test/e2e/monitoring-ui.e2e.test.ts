import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLogisticRegressionOnnx } from '../fixtures/models/logistic-onnx.js';
import { chromiumAvailable, openKeelUi, SHOTS, type KeelUi } from '../support/browser.js';
import { api } from '../support/rest.js';

// Monitoring end to end on the built server and UI (`npm run build` first): a deployment serves
// predictions whose first column has shifted, a monitor created over REST runs before any label
// exists (performance estimated), feedback then arrives, and a run started from the UI reports
// the drift and the measured performance in place of the estimate. Then the "New monitor" form:
// a bad window comes back from the server beside its field, and the minimal form (name, deployment,
// window) creates a monitor against the served version's training data.
const hasChromium = chromiumAvailable('monitoring UI e2e');
const spread = (n: number, lo: number, hi: number): number[] => Array.from({ length: n }, (_, i) => lo + (((i * 7919) % n) / n) * (hi - lo));

describe.skipIf(!hasChromium)('monitoring through the API and the UI', () => {
  let ui: KeelUi | undefined;
  let page: Page;
  let base = '';
  let errors: string[] = [];
  const served: { requestId: string; label: number }[] = [];

  beforeAll(async () => {
    ui = await openKeelUi('keel-monitoring-ui-', { viewport: { width: 1440, height: 1000 } });
    ({ page, base, errors } = ui);
    await api(base, 'POST', '/api/v1/models', { name: 'churn' });
    await api(base, 'PUT', '/api/v1/models/churn/versions/upload?filename=churn.onnx', buildLogisticRegressionOnnx({ weights: [1.5, -1], bias: -2 }));
    await api(base, 'PUT', '/api/v1/deployments/churn', { model: 'churn@1', processing: { columns: ['tenure', 'spend'] }, settings: { cacheTtlSec: 0 } });
    const bs = spread(80, -1, 1);
    for (const [i, tenure] of spread(80, 1, 3).entries()) {
      const answer = await api<{ requestId: string; predictions: { label: number }[] }>(base, 'POST', '/api/v1/deployments/churn/predict', { instances: [{ tenure, spend: bs[(i * 13) % 80] }] });
      served.push({ requestId: answer.requestId, label: i % 4 === 0 ? 1 - (answer.predictions[0]?.label ?? 0) : (answer.predictions[0]?.label ?? 0) });
    }
    const reference = spread(300, -1, 1).map((tenure, i) => ({ tenure, spend: spread(300, -1, 1)[(i * 7) % 300] }));
    await api(base, 'POST', '/api/v1/monitoring/monitors', { name: 'churn-drift', source: { deployment: 'churn' }, reference: { rows: reference }, window: { seconds: 3600 } });
    await api(base, 'POST', '/api/v1/monitoring/monitors/churn-drift/run', {});
  });

  /** Opens "New monitor" on the list, names it, and waits for the deployments to fill their select. */
  async function openNewMonitorForm(name: string): Promise<Locator> {
    await page.goto(`${base}/monitoring`);
    await page.getByRole('button', { name: 'New monitor' }).click();
    const form = page.getByRole('form', { name: 'New monitor' });
    await form.getByLabel('Name', { exact: true }).fill(name);
    await expect.poll(() => form.getByLabel('Deployment').inputValue(), { timeout: 10_000 }).toBe('churn');
    return form;
  }

  afterAll(() => ui?.close());

  it('lists the monitor with its drift status', async () => {
    await page.goto(`${base}/monitoring`);
    const row = page.locator('table.monitors-table tbody tr[data-monitor="churn-drift"]');
    await expect.poll(() => row.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('drift');
    expect(await row.innerText()).toMatch(/deployment churn\s+every 1 h/);
    await page.screenshot({ path: join(SHOTS, 'monitoring-list.png'), fullPage: true });
  });

  it('shows drift per column, histograms and an estimated performance before labels arrive', async () => {
    await page.getByRole('link', { name: 'churn-drift' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/monitoring/monitors/churn-drift');
    const columns = page.getByRole('table', { name: 'Drift per column' });
    await expect.poll(() => columns.locator('tr[data-column="tenure"]').innerText(), { timeout: 10_000 }).toMatch(/ks[\s\S]*drifted/i);
    expect(await columns.locator('tr[data-column="spend"]').innerText()).toMatch(/ok$/i);
    expect(await page.getByTestId('dataset-drift').innerText()).toMatch(/dataset drift\s+1 of 2 columns drifted/i);
    for (const name of ['Drift statistic per column over time', 'Histogram of tenure: reference and current shares', 'Model performance per window: measured and estimated']) {
      await expect.poll(() => page.getByRole('img', { name }).locator('canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    }
    const perf = page.getByRole('table', { name: 'Performance per window' });
    expect(await perf.locator('tbody tr').getAttribute('data-basis')).toBe('estimated');
    expect(await page.getByRole('table', { name: 'Infrastructure' }).innerText()).toMatch(/requests\s+80[\s\S]*error rate\s+0\.00%[\s\S]*p99\s+[\d.]+ ms/);
    await page.screenshot({ path: join(SHOTS, 'monitor-estimated.png'), fullPage: true });
  });

  it('replaces the estimate with measured accuracy once feedback lands and the monitor runs again from the UI', async () => {
    for (const s of served.slice(0, 60)) await api(base, 'POST', '/api/v1/deployments/churn/feedback', s);
    await page.getByRole('button', { name: 'Run now' }).click();
    const perf = page.getByRole('table', { name: 'Performance per window' });
    await expect.poll(() => perf.locator('tbody tr[data-basis="measured"]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await perf.locator('tbody tr').first().innerText()).toMatch(/60\/80\s+0\.\d+\s+measured/i);
    expect(await perf.locator('tbody tr[data-basis="estimated"]').count()).toBe(0);
    await expect.poll(() => page.getByRole('img', { name: /Reliability diagram/ }).locator('canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.getByRole('combobox', { name: 'Column' }).selectOption('spend');
    await expect.poll(() => page.getByRole('img', { name: 'Histogram of spend: reference and current shares' }).count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'monitor-measured.png'), fullPage: true });
    await page.getByRole('button', { name: 'Pause schedule' }).click();
    await expect.poll(() => page.getByTestId('schedule').innerText(), { timeout: 10_000 }).toBe('Paused: runs on demand only.');
    expect(await api<{ enabled: boolean; nextRunAt: number | null }>(base, 'GET', '/api/v1/monitoring/monitors/churn-drift')).toMatchObject({ enabled: false, nextRunAt: null });
    await page.getByRole('button', { name: 'Resume schedule' }).click();
    await expect.poll(() => page.getByTestId('schedule').innerText(), { timeout: 10_000 }).toMatch(/^Next run /);
    expect(errors).toEqual([]);
  });

  it('shows the server’s message by the field when the form holds a bad value', async () => {
    const form = await openNewMonitorForm('churn-fast');
    await form.getByLabel('Window size').selectOption({ label: 'Every N seconds' });
    const seconds = form.getByLabel('Seconds');
    await seconds.fill('5');
    await form.getByRole('button', { name: 'Create monitor' }).click();
    await expect.poll(() => seconds.getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
    const describedBy = await seconds.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${describedBy}"]`).innerText()).toMatch(/>=\s*10/);
    expect(await form.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBeNull();
    await page.screenshot({ path: join(SHOTS, 'monitor-form-error.png'), fullPage: true });
    expect(await api<{ monitors: { name: string }[] }>(base, 'GET', '/api/v1/monitoring/monitors')).toMatchObject({ monitors: [{ name: 'churn-drift' }] });
  });

  it('creates a monitor from the form with a name, a deployment and a window, and opens it', async () => {
    const form = await openNewMonitorForm('churn-hourly');
    expect(await form.getByLabel('Compare with').inputValue()).toBe('registry');
    expect([await form.getByLabel('Model').inputValue(), await form.getByLabel('Version').inputValue()]).toEqual(['churn', '1']);
    await form.getByLabel('Window size').selectOption({ label: 'Hourly' });
    await form.getByRole('button', { name: 'Create monitor' }).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 10_000 }).toBe('/monitoring/monitors/churn-hourly');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText(), { timeout: 10_000 }).toMatch(/churn-hourly/);
    expect(await api<{ config: unknown; enabled: boolean }>(base, 'GET', '/api/v1/monitoring/monitors/churn-hourly')).toMatchObject({
      enabled: true,
      config: { source: { deployment: 'churn' }, reference: { registry: { model: 'churn', version: 1 } }, window: { every: 'hourly' } },
    });
    await page.goto(`${base}/monitoring`);
    const row = page.locator('table.monitors-table tbody tr[data-monitor="churn-hourly"]');
    await expect.poll(() => row.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await row.innerText()).toMatch(/deployment churn\s+hourly/);
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('never run');
    expect(errors).toEqual([]);
  });
});
