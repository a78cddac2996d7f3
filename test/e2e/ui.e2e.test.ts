import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openKeelUi, SHOTS, type KeelUi } from '../support/browser.js';

// The real thing end to end: the built CLI binary serves the built UI to a real Chromium.
const SCREENSHOT = join(SHOTS, 'ui-overview.png');
const SECTIONS = ['Overview', 'Experiments', 'Training', 'Tuning', 'Models', 'Deployments', 'Monitoring', 'Alerts', 'Data', 'Features', 'Gateway', 'Prompts', 'Traces'];

const hasChromium = chromiumAvailable('browser e2e');

describe.skipIf(!hasChromium)('web UI in a real browser', () => {
  let ui: KeelUi | undefined;
  let baseUrl = '';
  let page: Page;
  let version: string;

  beforeAll(async () => {
    ui = await openKeelUi('keel-ui-e2e-', { viewport: { width: 1280, height: 800 } });
    ({ page, base: baseUrl } = ui);
    const health = (await (await fetch(`${baseUrl}/healthz`)).json()) as { version: string };
    version = health.version;
  });

  afterAll(() => ui?.close());

  it('shows the overview with the server version, engines and every section', async () => {
    await page.goto(`${baseUrl}/`);
    const main = page.getByRole('main');
    await expect.poll(() => main.getByText(version, { exact: true }).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => main.getByRole('heading', { name: 'Storage engines' }).isVisible()).toBe(true);
    expect(await main.getByRole('row', { name: /Database/ }).innerText()).toMatch(/SQLite|PostgreSQL/);

    const nav = page.getByRole('navigation', { name: 'Sections' });
    const labels = (await nav.getByRole('link').allInnerTexts()).map((t) => t.trim());
    expect(labels).toEqual(SECTIONS);
    expect(await nav.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page');

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('navigates client-side to Experiments', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Experiments' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/experiments');
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Experiments' }).isVisible()).toBe(true);
    // A fresh server has no runs yet: the page shows its list, or how to log a first run.
    await expect.poll(() => page.getByRole('heading', { name: /All experiments|Log your first run/ }).isVisible(), { timeout: 10_000 }).toBe(true);
    const current = page.getByRole('navigation', { name: 'Sections' }).locator('[aria-current="page"]');
    expect(await current.innerText()).toBe('Experiments');
  });

  it('serves a deep link on reload (SPA fallback)', async () => {
    const response = await page.goto(`${baseUrl}/experiments`);
    expect(response?.status()).toBe(200);
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Experiments' }).isVisible()).toBe(true);
  });

  it('answers an unknown API path with a JSON 404, not the UI', async () => {
    const res = await fetch(`${baseUrl}/api/v1/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as { error?: { code?: string } };
    expect(body.error?.code).toBe('NOT_FOUND');
  });
});
