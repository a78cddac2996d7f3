import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openKeelUi, SHOTS, type KeelUi } from '../support/browser.js';
import { api } from '../support/rest.js';

// The Training page in a real Chromium against the built server: a job queued over REST is run
// by the server's own training worker, listed with its state, opened to its live logs and run;
// the GPU sizing form posts to the API and shows the breakdown, the GPUs that fit, and errors.
const hasChromium = chromiumAvailable('training UI e2e');

interface Job {
  id: string;
  runId: string;
  state: string;
}

describe.skipIf(!hasChromium)('Training UI', () => {
  let ui: KeelUi | undefined;
  let page: Page;
  let base = '';
  let errors: string[] = [];

  beforeAll(async () => {
    ui = await openKeelUi('keel-training-ui-');
    ({ page, base, errors } = ui);
  });

  afterAll(() => ui?.close());

  it('lists a finished job and shows its logs and run', async () => {
    const job = await api<Job>(base, 'POST', '/api/v1/training/jobs', { name: 'ui-demo', params: { epochs: '3' }, command: ['sh', '-c', 'for i in 1 2 3; do echo "epoch $i loss 0.$((9 - i))"; done; echo warning >&2'] });
    const failing = await api<Job>(base, 'POST', '/api/v1/training/jobs', { name: 'ui-typo', command: ['pyhton3', 'train.py'] });
    for (let i = 0; i < 100; i++) {
      const [a, b] = await Promise.all([api<Job>(base, 'GET', `/api/v1/training/jobs/${job.id}`), api<Job>(base, 'GET', `/api/v1/training/jobs/${failing.id}`)]);
      if (a.state === 'succeeded' && b.state === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await page.goto(`${base}/training`);
    const rows = page.getByRole('table', { name: 'Training jobs' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const demoRow = rows.filter({ hasText: 'ui-demo' });
    await expect.poll(() => demoRow.locator('.status-badge').textContent()).toBe('succeeded');
    await expect.poll(() => rows.filter({ hasText: 'ui-typo' }).locator('.status-badge').textContent()).toBe('failed');
    await expect.poll(async () => (await page.getByRole('table', { name: 'Training workers' }).locator('tbody tr').count()) >= 1).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'training-jobs.png'), fullPage: true });

    await demoRow.getByRole('link', { name: 'ui-demo' }).click();
    await page.waitForURL(`${base}/training/jobs/${job.id}`);
    const logs = page.getByLabel('Run logs');
    await expect.poll(() => logs.textContent()).toContain('epoch 3 loss 0.6');
    expect(await logs.textContent()).toContain('warning');
    expect(await logs.locator('.training-log--stderr').first().textContent()).toContain('warning');
    expect(await page.locator('.meta-list').textContent()).toContain('sh -c');
    await page.getByRole('link', { name: job.runId }).click();
    await page.waitForURL(`${base}/experiments/runs/${job.runId}`);
    // The run page shows the same logs.
    await expect.poll(() => page.getByLabel('Run logs').textContent()).toContain('epoch 3 loss 0.6');

    await page.goto(`${base}/training/jobs/${failing.id}`);
    await expect.poll(() => page.locator('.meta-list').textContent()).toContain('command not found: pyhton3');
    expect(await page.getByLabel('Run logs').textContent()).toContain('could not start pyhton3');
  });

  it('sizes GPUs from the form: 7B fp16, 32 × 4096 tokens, 8 KV heads', async () => {
    await page.goto(`${base}/training`);
    const form = page.getByRole('form', { name: 'GPU estimate' });
    // The defaults are the worked example.
    await form.getByRole('button', { name: 'Estimate' }).click();
    await expect.poll(() => page.getByTestId('gpu-total').textContent()).toBe('39.54');
    const fits = page.getByRole('table', { name: 'GPUs that fit' });
    expect(await fits.locator('tr', { hasText: 'H100-80GB' }).locator('td').nth(1).textContent()).toBe('yes');
    expect(await fits.locator('tr', { hasText: 'T4' }).locator('td').nth(2).textContent()).toBe('3');
    expect(await page.getByRole('table', { name: 'Memory breakdown' }).locator('tr', { hasText: 'KV cache' }).locator('td').first().textContent()).toBe('16.00');
    await page.getByRole('heading', { name: 'GPU sizing' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'training-gpu-sizing.png'), fullPage: true });

    await form.locator('input[name="layers"]').fill('');
    await form.getByRole('button', { name: 'Estimate' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('layers is required');
    expect(errors).toEqual([]);
  });
});
