import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PENGUIN_FEATURES, PENGUIN_LABEL, PENGUIN_POSITIVE, trainPenguinModels, type PenguinModel, type PenguinRow } from '../fixtures/models/penguin-models.js';
import { chromiumAvailable, openKeelUi, SHOTS, type KeelUi } from '../support/browser.js';
import { api } from '../support/rest.js';

// The model registry end to end: two real ONNX models trained on the penguins are registered from
// runs over Keel's REST API, a gate policy is set and the better model promoted; then the built UI
// is driven in a real Chromium, including a promotion the gate refuses.
const MODEL = 'penguin-adelie';

const hasChromium = chromiumAvailable('registry UI e2e');


/** The model's accuracy on the complete rows, as the training script would log it. */
function accuracy(model: PenguinModel, rows: readonly PenguinRow[]): number {
  const complete = rows.filter((r) => PENGUIN_FEATURES.every((f) => typeof r[f] === 'number'));
  const correct = complete.filter((r) => {
    const z = PENGUIN_FEATURES.reduce((s, f, j) => s + (r[f] as number) * model.weights.weights[j]!, model.weights.bias);
    return z > 0 === (r[PENGUIN_LABEL] === PENGUIN_POSITIVE);
  }).length;
  return correct / complete.length;
}

interface Seeded {
  worse: number;
  better: number;
  betterRunId: string;
}

async function seed(base: string): Promise<Seeded> {
  const models = trainPenguinModels();
  const { experimentId } = await api<{ experimentId: string }>(base, 'POST', '/api/v1/experiments', { name: 'penguin-species' });
  const registerFromRun = async (runName: string, model: PenguinModel, features: string, file: string): Promise<{ version: number; runId: string }> => {
    const run = await api<{ info: { runId: string } }>(base, 'POST', '/api/v1/runs', {
      experimentId,
      runName,
      userId: 'ana',
      params: [
        { key: 'features', value: features },
        { key: 'model', value: 'logistic-regression' },
      ],
    });
    const runId = run.info.runId;
    const acc = accuracy(model, models.evaluation);
    await api(base, 'POST', `/api/v1/runs/${runId}/batch`, {
      metrics: [
        { key: 'accuracy', value: acc, step: 0, timestamp: Date.now() },
        { key: 'train_rows', value: models.trainRows, step: 0, timestamp: Date.now() },
      ],
    });
    await api(base, 'POST', `/api/v1/runs/${runId}/inputs`, {
      datasetInputs: [{ dataset: { name: 'penguins', digest: 'vega-penguins-3.2', sourceType: 'npm', source: 'vega-datasets/data/penguins.json' }, tags: [{ key: 'mlflow.data.context', value: 'training' }] }],
    });
    await api(base, 'PATCH', `/api/v1/runs/${runId}`, { status: 'FINISHED', endTime: Date.now() });
    const v = await api<{ version: number }>(base, 'PUT', `/api/v1/models/${MODEL}/versions/upload?filename=${file}&runId=${runId}`, model.onnx);
    return { version: v.version, runId };
  };

  await api(base, 'POST', '/api/v1/models', { name: MODEL, description: 'Is this penguin an Adelie? Logistic regression on raw measurements.', tags: [{ key: 'team', value: 'field-biology' }] });
  const worse = await registerFromRun('body-mass-only', models.worse, 'Body Mass (g)', 'body-mass.onnx');
  const better = await registerFromRun('all-measurements', models.good, PENGUIN_FEATURES.join(', '), 'all-measurements.onnx');
  await api(base, 'PUT', `/api/v1/models/${MODEL}/gate-policy`, {
    applyTo: ['Production'],
    evaluation: {
      dataset: { rows: models.evaluation },
      features: [...PENGUIN_FEATURES],
      label: PENGUIN_LABEL,
      positiveLabel: PENGUIN_POSITIVE,
      task: 'binary',
      prediction: { output: 'probability', kind: 'probability' },
    },
    performance: { metric: 'accuracy', minImprovement: 0.01, improvementKind: 'relative' },
    latency: { maxP99Ms: 100 },
    fairness: { metric: 'accuracy', groupColumns: ['Island'], maxDisparity: 0.1 },
    resources: { maxModelBytes: 1_000_000 },
  });
  await api(base, 'POST', `/api/v1/models/${MODEL}/versions/${better.version}/promote`, { stage: 'Production', reason: 'all four measurements separate Adelie from Chinstrap' });
  await api(base, 'PUT', `/api/v1/models/${MODEL}/aliases/challenger`, { version: worse.version });
  return { worse: worse.version, better: better.version, betterRunId: better.runId };
}

describe.skipIf(!hasChromium)('model registry through the API and the UI', () => {
  let ui: KeelUi | undefined;
  let page: Page;
  let base = '';
  let seeded: Seeded;
  let errors: string[] = [];

  let screenshot: KeelUi['screenshot'];
  const versionRow = (v: number) => page.locator(`table.versions-table tbody tr[data-version="${v}"]`);

  beforeAll(async () => {
    ui = await openKeelUi('keel-registry-ui-');
    ({ page, base, errors, screenshot } = ui);
    seeded = await seed(base);
  });

  afterAll(() => ui?.close());

  it('lists the model with its Production version and key metric', async () => {
    await page.goto(`${base}/models`);
    const row = page.locator('table.models-table tbody tr', { hasText: MODEL });
    await expect.poll(() => row.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toMatch(new RegExp(`Version ${seeded.better}[\\s\\S]*accuracy\\s+0\\.9\\d*`));
    expect(await row.innerText()).toContain('@challenger → v1');
    await screenshot('registry-models.png');
  });

  it('shows both versions with their stage badges and source runs', async () => {
    await page.getByRole('link', { name: MODEL }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/models/${MODEL}`);
    await expect.poll(() => page.locator('table.versions-table tbody tr').count(), { timeout: 10_000 }).toBe(2);
    expect(await versionRow(seeded.better).locator('[data-stage]').innerText()).toBe('Production');
    expect(await versionRow(seeded.worse).locator('[data-stage]').innerText()).toBe('no stage');
    expect(await versionRow(seeded.worse).innerText()).toContain('@challenger');
    expect(await versionRow(seeded.better).getByRole('link', { name: seeded.betterRunId.slice(0, 8) }).getAttribute('href')).toBe(`/experiments/runs/${seeded.betterRunId}`);
    await expect.poll(() => page.locator('#policy-json').inputValue(), { timeout: 10_000 }).toContain('"maxDisparity": 0.1');
    await screenshot('registry-model.png');
  });

  it('refuses promoting the worse version and lists the failed checks', async () => {
    await page.getByRole('button', { name: `Promote version ${seeded.worse}` }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByText('Production', { exact: true }).click();
    await dialog.getByLabel(/Reason/).fill('try the cheaper model');
    await dialog.getByRole('button', { name: 'Promote to Production' }).click();
    const refusal = dialog.getByRole('alert', { name: 'Refused by the validation gate' });
    await expect.poll(() => refusal.isVisible(), { timeout: 20_000 }).toBe(true);
    const failed = await refusal.locator('[data-check]').all();
    expect(await Promise.all(failed.map((c) => c.getAttribute('data-check')))).toEqual(['performance', 'fairness']);
    expect(await refusal.innerText()).toMatch(/accuracy 0\.7\d+ vs production v2 0\.9\d+/);
    await page.screenshot({ path: join(SHOTS, 'registry-promote-refused.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await versionRow(seeded.worse).locator('[data-stage]').innerText()).toBe('no stage');
  });

  it('shows the server’s validation error inline, naming the field', async () => {
    const editor = page.locator('#policy-json');
    const stored = await editor.inputValue();
    await editor.fill(stored.replace('"metric": "accuracy",\n    "minImprovement"', '"metric": "gini",\n    "minImprovement"'));
    await page.getByRole('button', { name: 'Save as new version' }).click();
    const problems = page.locator('#policy-errors');
    await expect.poll(() => problems.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await problems.innerText()).toContain('policy.performance.metric');
    await problems.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'registry-policy-error.png') });
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(() => problems.count()).toBe(0);
  });

  it('sets an alias and records everything in the audit log', async () => {
    await page.getByRole('textbox', { name: 'Alias' }).fill('champion');
    await page.getByRole('combobox', { name: 'Version' }).selectOption(String(seeded.better));
    await page.getByRole('button', { name: 'Set alias' }).click();
    await expect.poll(() => versionRow(seeded.better).innerText(), { timeout: 10_000 }).toContain('@champion');

    const audit = page.getByRole('table', { name: 'Audit log' });
    const promotion = audit.locator('tr[data-action="stage.changed"]');
    await expect.poll(() => promotion.innerText(), { timeout: 10_000 }).toMatch(/None → Production[\s\S]*all four measurements separate Adelie from Chinstrap/);
    expect(await audit.locator('tr[data-action="gate.run"]').first().innerText()).toMatch(/gate refused Production: performance, fairness/);
    expect(await audit.locator('tr[data-action="alias.set"]').first().innerText()).toContain('@champion → v2');
    await screenshot('registry-model-audit.png');
  });

  it('shows a version’s signature, gate report with its checks, and lineage', async () => {
    await versionRow(seeded.better).getByRole('link', { name: `Version ${seeded.better}` }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/models/${MODEL}/versions/${seeded.better}`);
    const inputs = page.getByRole('table', { name: 'Inputs' });
    await expect.poll(() => inputs.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await inputs.innerText()).toMatch(/features\s+float32\s+\[N, 4\]/);
    expect(await page.getByRole('table', { name: 'Outputs' }).innerText()).toMatch(/probability\s+float32\s+\[N, 1\][\s\S]*label\s+int64/);

    const checks = page.locator('details.report').first().locator('[data-check]');
    await expect.poll(() => checks.count(), { timeout: 10_000 }).toBe(5);
    const fairness = page.getByRole('article', { name: 'fairness check' }).first();
    expect(await fairness.innerText()).toMatch(/passed[\s\S]*Island/i);
    await expect.poll(() => fairness.locator('canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.getByRole('article', { name: 'latency check' }).first().getByRole('figure', { name: 'Latency percentiles' }).innerText()).toMatch(/p99/);
    expect(await page.getByRole('article', { name: 'performance check' }).first().innerText()).toMatch(/passed/i);

    const lineage = page.getByRole('list', { name: 'Lineage' });
    await expect.poll(() => lineage.innerText(), { timeout: 10_000 }).toMatch(/all-measurements[\s\S]*accuracy[\s\S]*penguins/);
    await screenshot('registry-version.png');
  });

  it('keeps the refused report on the worse version, failed checks first in view', async () => {
    await page.goto(`${base}/models/${MODEL}/versions/${seeded.worse}`);
    const report = page.locator('details.report').first();
    await expect.poll(() => report.getAttribute('data-passed'), { timeout: 10_000 }).toBe('false');
    expect(await report.locator('> summary').innerText()).toMatch(/refused[\s\S]*to Production[\s\S]*2\/4 checks passed[\s\S]*vs Production v2/);
    const fairness = report.getByRole('article', { name: 'fairness check' });
    expect(await fairness.innerText()).toMatch(/failed[\s\S]*disparity 0\.4\d+ > 0\.1/i);
    await expect.poll(() => fairness.locator('canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await screenshot('registry-version-refused.png');
    expect(errors).toEqual([]);
  });
});
