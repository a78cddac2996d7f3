import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVER_STATS_CSV, driverDefinitions } from '../../src/domains/features/online-features.contract.js';
import { chromiumAvailable, openKeelUi, SHOTS, type KeelUi } from '../support/browser.js';
import { api } from '../support/rest.js';

// The feature store in the built UI (`npm run build` first): definitions applied and materialized
// over REST, one fresh value pushed, then the Features page shows views with lineage and
// freshness, and the lookup form answers values and statuses from the online store.
const hasChromium = chromiumAvailable('features UI e2e');

describe.skipIf(!hasChromium)('feature store in the UI', () => {
  let ui: KeelUi | undefined;
  let page: Page;
  let base = '';

  beforeAll(async () => {
    ui = await openKeelUi('keel-features-ui-', { dataSubdir: 'data' });
    ({ page, base } = ui);
    const csv = join(ui.dir, 'driver_stats.csv');
    await writeFile(csv, DRIVER_STATS_CSV);
    await api(base, 'POST', '/api/v1/features/apply', { definitions: driverDefinitions(csv) });
    await api(base, 'POST', '/api/v1/features/materialize', {});
    await api(base, 'POST', '/api/v1/features/push', { view: 'driver_stats', rows: [{ driver_id: 5, event_timestamp: new Date().toISOString(), conv_rate: 0.55, trips: 55 }] });
  });
  afterAll(() => ui?.close());

  it('lists views with lineage and freshness, entities and services', async () => {
    await page.goto(`${base}/features`);
    const row = page.locator('tr[data-view="driver_stats"]');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/file .*driver_stats\.csv → entity driver \(driver_id\)/);
    expect(await row.textContent()).toContain('used by driver_model');
    expect(await row.locator('.status-badge').textContent()).toBe('fresh');
    expect(await page.locator('tr[data-view="driver_doubled"]').textContent()).toContain('transformed: SELECT driver_id');
    expect(await page.locator('section', { has: page.locator('#entities-title') }).textContent()).toContain('driver_id: int64');
    expect(await page.locator('section', { has: page.locator('#services-title') }).textContent()).toContain('driver_stats:*');
    await page.screenshot({ path: join(SHOTS, 'features.png'), fullPage: true });
  });

  it('looks up online values with their statuses, and shows a wrong key type as the server words it', async () => {
    const form = page.getByRole('form', { name: 'Online lookup' });
    await form.getByLabel(/driver_id/).fill('5, 1, 42');
    await form.getByRole('button', { name: 'Look up' }).click();
    const table = page.getByRole('table', { name: 'Online feature values' });
    await table.waitFor();
    const cells = await Promise.all((await table.locator('tbody tr').all()).map(async (row) => (await row.locator('td').allTextContents()).map((t) => t.trim())));
    expect(cells).toEqual([
      ['5', '0.55', '55', 'not found'],
      ['1', 'outside ttl', 'outside ttl', 'outside ttl'],
      ['42', 'not found', 'not found', 'not found'],
    ]);
    await form.getByLabel(/driver_id/).fill('abc');
    await form.getByRole('button', { name: 'Look up' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('entities.driver_id.0: expected int64');
  });

  it('materializes one view in the background from its row and shows its progress, result and the recent list', async () => {
    await page.goto(`${base}/features`);
    await page.locator('tr[data-view="driver_doubled"]').waitFor();
    await page.getByRole('button', { name: 'Materialize driver_doubled' }).click();
    const dialog = page.getByRole('dialog', { name: 'Materialize driver_doubled' });
    await dialog.getByRole('radio', { name: /Time window/ }).check();
    await dialog.getByRole('button', { name: 'Materialize' }).click();
    const panel = page.locator('section', { has: page.locator('#materialization-title') });
    await expect.poll(() => panel.locator('.status-badge').textContent(), { timeout: 15_000 }).toBe('completed');
    expect(await panel.getByRole('progressbar', { name: 'driver_doubled progress' }).getAttribute('aria-valuenow')).toBe('3');
    const result = panel.getByRole('table', { name: 'Materialization result' });
    // Three entities read; none written, since beforeAll materialized the same values already.
    expect((await result.locator('tbody td').allTextContents()).slice(-2)).toEqual(['3', '0']);
    const recent = page.locator('section', { has: page.locator('#recent-materializations-title') });
    await expect.poll(() => recent.locator('tbody tr').first().textContent()).toMatch(/completed.*driver_doubled.*window/);
    await page.screenshot({ path: join(SHOTS, 'features-materialize.png'), fullPage: true });
  });
});
