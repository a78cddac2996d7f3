import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMlpOnnx, mlpForward, mlpWeights } from '../fixtures/models/mlp-onnx.js';
import { chromiumAvailable, openKeelUi, SHOTS, type KeelUi } from '../support/browser.js';
import { api } from '../support/rest.js';

// Serving end to end: two real ONNX MLPs are registered and deployed over Keel's REST API (one
// direct, one canary), predictions flow through both, then the built UI is driven in Chromium:
// the list, a deployment's split and statistics, a split change, and the try-it form.
const MODEL = 'iris-mlp';
const COLUMNS = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
const LABELS = ['setosa', 'versicolor', 'virginica'];
const ROW = [5.1, 3.5, 1.4, 0.2];

const hasChromium = chromiumAvailable('deployments UI e2e');


const instance = (row: readonly number[]): Record<string, number> => Object.fromEntries(COLUMNS.map((c, j) => [c, row[j] ?? 0]));

async function seed(base: string): Promise<void> {
  await api(base, 'POST', '/api/v1/models', { name: MODEL, description: 'Iris species, 4→16→3 MLP' });
  await api(base, 'PUT', `/api/v1/models/${MODEL}/versions/upload?filename=mlp-v1.onnx`, buildMlpOnnx(mlpWeights(4, 16, 3, 42)));
  await api(base, 'PUT', `/api/v1/models/${MODEL}/versions/upload?filename=mlp-v2.onnx`, buildMlpOnnx(mlpWeights(4, 16, 3, 7)));
  await api(base, 'PUT', '/api/v1/deployments/iris-direct', {
    model: `${MODEL}@1`,
    processing: { columns: COLUMNS, argmax: { output: 'probabilities', labels: LABELS } },
    reason: 'first release',
  });
  // A large minRequests keeps the canary on its first step while the test looks at it.
  await api(base, 'PUT', '/api/v1/deployments/iris-canary', { strategy: 'canary', model: `${MODEL}@1`, candidate: `${MODEL}@2`, weight: 25, canary: { minRequests: 100_000 } });
  await api(base, 'PUT', '/api/v1/deployments/iris-ab', { strategy: 'ab', model: `${MODEL}@1`, candidate: `${MODEL}@2`, weight: 50, settings: { cacheTtlSec: 0 } });
  // Sticky users; arm a succeeds 3 times in 4, arm b 1 time in 3.
  for (let i = 0; i < 60; i++) {
    const answer = await api<{ requestId: string; arm: string }>(base, 'POST', '/api/v1/deployments/iris-ab/predict', { instances: [instance(ROW)], key: `user-${i}` });
    const reward = answer.arm === 'a' ? (i % 4 === 0 ? 0 : 1) : i % 3 === 0 ? 1 : 0;
    await api(base, 'POST', '/api/v1/deployments/iris-ab/feedback', { requestId: answer.requestId, reward });
  }
  for (let i = 0; i < 12; i++) {
    const row = ROW.map((v, j) => v + i * 0.1 * (j + 1));
    await api(base, 'POST', '/api/v1/deployments/iris-direct/predict', { instances: [instance(row)] });
    await api(base, 'POST', '/api/v1/deployments/iris-canary/predict', { instances: [instance(row)] });
  }
}

describe.skipIf(!hasChromium)('deployments through the API and the UI', () => {
  let ui: KeelUi | undefined;
  let page: Page;
  let base = '';
  let errors: string[] = [];

  let screenshot: KeelUi['screenshot'];

  beforeAll(async () => {
    ui = await openKeelUi('keel-deployments-ui-');
    ({ page, base, errors, screenshot } = ui);
    await seed(base);
  });

  afterAll(() => ui?.close());

  it('lists both deployments with their strategy, split and live numbers', async () => {
    await page.goto(`${base}/deployments`);
    const row = (name: string) => page.locator(`table.deployments-table tbody tr[data-deployment="${name}"]`);
    await expect.poll(() => row('iris-ab').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await row('iris-direct').locator('[data-strategy]').getAttribute('data-strategy')).toBe('direct');
    expect(await row('iris-canary').locator('[data-strategy]').getAttribute('data-strategy')).toBe('canary');
    expect(await row('iris-canary').innerText()).toMatch(/iris-mlp@1\s+stable\s+75%[\s\S]*iris-mlp@2\s+canary\s+25%/);
    expect(await row('iris-direct').innerText()).toMatch(/iris-mlp@1\s+primary\s+100%/);
    // 12 requests served, none failed: p99 is a latency, the error rate is 0.
    await expect.poll(() => row('iris-direct').innerText(), { timeout: 10_000 }).toMatch(/\d+(\.\d+)? ms\s+0\.0%/);
    await screenshot('deployments-list.png');
  });

  it('shows the canary’s split, progress and per-arm statistics', async () => {
    await page.getByRole('link', { name: 'iris-canary' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/deployments/iris-canary');
    const split = page.getByRole('table', { name: 'Versions and weights' });
    await expect.poll(() => split.innerText(), { timeout: 10_000 }).toMatch(/stable\s+iris-mlp@1\s+75%[\s\S]*canary\s+iris-mlp@2\s+25%/);
    expect(await page.getByRole('list', { name: 'Canary steps' }).locator('[aria-current="step"]').innerText()).toBe('25%');
    const arms = page.getByRole('table', { name: 'Arm statistics' });
    await expect.poll(() => arms.locator('tbody tr').count(), { timeout: 10_000 }).toBe(2);
    const served = (await arms.locator('tbody tr td:nth-of-type(2)').allInnerTexts()).map(Number);
    expect(served.reduce((s, n) => s + n, 0)).toBe(12);
    await expect.poll(() => page.getByTestId('live-p99').innerText(), { timeout: 10_000 }).toMatch(/ms$/);
    await screenshot('deployment-canary.png');
  });

  it('saves a new split as a new revision after confirmation', async () => {
    await page.locator('.split-number').fill('50');
    await page.getByRole('button', { name: 'Save split' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByLabel('Reason').fill('clean first hour');
    await dialog.getByRole('button', { name: 'Save as new revision' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved revision 2' }).count(), { timeout: 10_000 }).toBe(1);
    const split = page.getByRole('table', { name: 'Versions and weights' });
    await expect.poll(() => split.innerText(), { timeout: 10_000 }).toMatch(/stable\s+iris-mlp@1\s+50%[\s\S]*canary\s+iris-mlp@2\s+50%/);
    const audit = page.getByRole('table', { name: 'Deployment audit log' });
    await expect.poll(() => audit.locator('tr[data-action="deployment.updated"]').innerText(), { timeout: 10_000 }).toContain('clean first hour');
    expect(await page.getByRole('table', { name: 'Revisions' }).locator('tbody tr').count()).toBe(2);
  });

  it('draws A/B success rates with Wilson intervals and the z-test', async () => {
    await page.goto(`${base}/deployments/iris-ab`);
    const arms = page.getByRole('table', { name: 'Arm statistics' });
    await expect.poll(() => arms.locator('tbody tr[data-arm="a"]').innerText(), { timeout: 10_000 }).toMatch(/\d+\/\d+\s+\d+\.\d%\s+\[\d+\.\d%, \d+\.\d%\]/);
    expect(await page.getByTestId('ab-significance').innerText()).toMatch(/z = -?[\d.]+, p = [\d.e-]+/);
    const chart = page.getByRole('figure', { name: 'A/B success rates' });
    await expect.poll(() => chart.locator('canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await screenshot('deployment-ab.png');
  });

  it('answers a prediction from the try-it form, prefilled from the signature', async () => {
    await page.goto(`${base}/deployments/iris-direct`);
    const editor = page.locator('#try-body');
    await expect.poll(() => editor.inputValue(), { timeout: 10_000 }).toContain('"sepal_length": 0');
    await editor.fill(JSON.stringify({ instances: [instance(ROW)] }, null, 2));
    await page.getByRole('button', { name: 'Send request' }).click();
    const answer = page.getByRole('status', { name: 'Prediction' });
    await expect.poll(() => answer.isVisible(), { timeout: 10_000 }).toBe(true);
    const probs = mlpForward(mlpWeights(4, 16, 3, 42), ROW);
    const label = LABELS[probs.indexOf(Math.max(...probs))] ?? '';
    const text = await answer.innerText();
    expect(text).toMatch(/\d+(\.\d+)? ms round trip · answered by primary \(iris-mlp@1\)/);
    expect(text).toContain(`"label": "${label}"`);
    expect(text).toContain((probs[0] ?? 0).toFixed(3).slice(0, 4));
    await screenshot('deployment-try-it.png');
  });

  it('shows the server’s 400 inline, naming the bad input', async () => {
    const editor = page.locator('#try-body');
    await editor.fill(JSON.stringify({ instances: [{ ...instance(ROW), sepal_width: 'wide' }] }, null, 2));
    await page.getByRole('button', { name: 'Send request' }).click();
    const problem = page.locator('#try-error');
    await expect.poll(() => problem.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await problem.innerText()).toMatch(/sepal_width is "wide", not a number \(input 'x' column 1\)/);
    expect(await page.getByRole('status', { name: 'Prediction' }).count()).toBe(0);
    await problem.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'deployment-try-it-error.png') });
    expect(errors).toEqual([]);
  });

  it('shows a batch job started over REST reach completed with its row count, and its result links', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => ROW.map((v, j) => (v + i * 0.05 * (j + 1)).toFixed(2)).join(','));
    const input = await api<{ sha256: string }>(base, 'PUT', '/api/v1/batch-jobs/inputs', new TextEncoder().encode([COLUMNS.join(','), ...rows].join('\n')));
    const job = await api<{ id: string }>(base, 'POST', '/api/v1/batch-jobs', { target: 'iris-direct', input: { sha256: input.sha256, format: 'csv' }, output: { format: 'csv' }, batchSize: 5, shardRows: 10 });
    await page.goto(`${base}/deployments/iris-direct`);
    const panel = page.getByRole('region', { name: 'Batch jobs' });
    const row = panel.locator(`tr[data-job="${job.id}"]`);
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 20_000 }).toBe('completed');
    expect(await row.getByTestId('batch-rows').innerText()).toBe('25 / 25 rows');
    expect(await row.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');
    expect(await row.getByRole('link', { name: 'Predictions (.csv)' }).getAttribute('href')).toBe(`/api/v1/batch-jobs/${job.id}/output`);
    expect(await row.getByRole('link', { name: /Failed rows/ }).count()).toBe(0);
    const download = page.waitForEvent('download');
    await row.getByRole('link', { name: 'Predictions (.csv)' }).click();
    expect((await download).suggestedFilename()).toBe(`${job.id}-output.csv`);
    expect(await page.getByRole('region', { name: 'Streams' }).innerText()).toContain('No stream bindings run for iris-direct');
    await panel.scrollIntoViewIfNeeded();
    await screenshot('deployment-batch-jobs.png');
    expect(errors).toEqual([]);
  });
});
