import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keel, type Trial } from '../../src/sdk/index.js';
import { chromiumAvailable, openKeelUi, SHOTS, type KeelUi } from '../support/browser.js';

// Studies end to end: a TPE study and a two-objective study run through the SDK's ask/tell
// against the built server, then the Tuning page is driven in a real Chromium: the list, the
// best trial, the charts (history, importance, parallel coordinates, Pareto front), the trials.
const hasChromium = chromiumAvailable('tuning UI e2e');

describe.skipIf(!hasChromium)('Tuning page', () => {
  let ui: KeelUi | undefined;
  let page: Page;
  let base = '';
  let errors: string[] = [];
  let best: Trial;

  beforeAll(async () => {
    ui = await openKeelUi('keel-tuning-ui-');
    ({ page, base, errors } = ui);
    const keel = new Keel({ url: base });
    await keel.studies.create({
      name: 'branin-ui',
      space: { x1: { type: 'float', low: -5, high: 10 }, x2: { type: 'float', low: 0, high: 15 }, noise: { type: 'categorical', choices: ['a', 'b'] } },
      sampler: { type: 'tpe' },
      metrics: ['branin'],
      seed: 1,
    });
    for (let i = 0; i < 30; i++) {
      const t = await keel.studies.ask('branin-ui');
      const x1 = t.params.x1 as number;
      const x2 = t.params.x2 as number;
      const v = (x2 - (5.1 / (4 * Math.PI ** 2)) * x1 * x1 + (5 / Math.PI) * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
      await keel.studies.tell('branin-ui', t.number, i === 7 ? { state: 'failed', reason: 'out of memory (simulated)' } : { values: [v] });
    }
    best = (await keel.studies.analysis('branin-ui')).best as Trial;
    await keel.studies.create({ name: 'tradeoff-ui', space: { x: { type: 'float', low: -1, high: 3 } }, directions: ['minimize', 'minimize'], metrics: ['error', 'latency'], sampler: { type: 'random' }, seed: 2 });
    for (let i = 0; i < 15; i++) {
      const t = await keel.studies.ask('tradeoff-ui');
      const x = t.params.x as number;
      await keel.studies.tell('tradeoff-ui', t.number, { values: [x * x, (x - 2) ** 2] });
    }
  });

  afterAll(() => ui?.close());

  it('lists the studies with their sampler and trial counts', async () => {
    await page.goto(`${base}/tuning`);
    const row = page.locator('table tbody tr', { hasText: 'branin-ui' });
    await expect.poll(() => row.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await row.innerText()).toMatch(/running\s+tpe\s+none\s+minimize branin\s+29\s+0\s+1\s+0/);
    expect(await page.locator('nav').getByRole('link', { name: 'Tuning' }).getAttribute('aria-current')).toBe('page');
    await page.screenshot({ path: join(SHOTS, 'tuning-studies.png'), fullPage: true });
  });

  it('shows the best trial, the charts and the trials of a study', async () => {
    await page.getByRole('link', { name: 'branin-ui' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/tuning/branin-ui');
    const bestPanel = page.locator('section', { has: page.getByRole('heading', { name: 'Best trial' }) });
    await expect.poll(() => bestPanel.innerText(), { timeout: 10_000 }).toContain(`Trial ${best.number}`);
    for (const chart of ['Objective of each trial', 'Parameter importance:', 'Parallel coordinates of 29 complete trials']) {
      const el = page.locator(`[role="img"][aria-label^="${chart}"]`);
      await expect.poll(() => el.locator('canvas').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    }
    expect(await page.locator('[role="img"][aria-label^="Parameter importance:"]').getAttribute('aria-label')).toMatch(/x1 \d+%.*x2 \d+%|x2 \d+%.*x1 \d+%/);
    const failed = page.locator('table tbody tr', { hasText: 'out of memory (simulated)' });
    expect(await failed.innerText()).toMatch(/^7\s+failed/);
    expect(await page.locator('table tbody tr').count()).toBe(30);
    await page.screenshot({ path: join(SHOTS, 'tuning-study.png'), fullPage: true });
  });

  it('draws the Pareto front of a two-objective study', async () => {
    await page.goto(`${base}/tuning/tradeoff-ui`);
    const chart = page.locator('[role="img"][aria-label^="Pareto front:"]');
    await expect.poll(() => chart.locator('canvas').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const front = (await new Keel({ url: base }).studies.analysis('tradeoff-ui')).paretoFront.length;
    expect(await chart.getAttribute('aria-label')).toBe(`Pareto front: ${front} non-dominated trials`);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'tuning-pareto.png'), fullPage: true });
  });
});
