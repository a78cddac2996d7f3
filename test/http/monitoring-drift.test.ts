import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keel } from '../../src/sdk/index.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

let keel: TestKeel;
let sdk: Keel;
beforeAll(async () => {
  keel = await startTestKeel();
  sdk = new Keel({ url: keel.url });
});
afterAll(() => keel.stop());

function csv(n: number, shift: number): string {
  const lines = ['x,color,empty'];
  for (let i = 0; i < n; i++) lines.push(`${((i * 7919) % n) / n + shift},${['red', 'green', 'blue'][i % 3]},`);
  return `${lines.join('\n')}\n`;
}

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${keel.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('POST /api/v1/monitoring/drift', () => {
  it('compares an uploaded dataset with inline rows', async () => {
    const up = await fetch(`${keel.url}/api/v1/monitoring/datasets`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv(400, 0) });
    expect(up.status).toBe(201);
    const { sha256 } = (await up.json()) as { sha256: string };
    const rows = Array.from({ length: 300 }, (_, i) => ({ x: ((i * 31) % 300) / 300 + 0.5, color: ['red', 'green', 'blue'][i % 3], empty: null }));
    const res = await post('/api/v1/monitoring/drift', { reference: { sha256 }, current: { rows } });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { dataset_drift: boolean; drift_share: number; columns: Record<string, Record<string, unknown>> };
    expect(report.columns.x).toMatchObject({ type: 'numeric', test: 'ks', drifted: true, threshold: 0.05 });
    expect(typeof report.columns.x?.psi).toBe('number');
    expect(report.columns.color).toMatchObject({ type: 'categorical', test: 'chi2', drifted: false });
    expect(report.columns.empty?.not_computable).toBe('all values missing in reference');
    expect(report).toMatchObject({ dataset_drift: true, drift_share: 0.5 });
  });

  it('answers the HTML page with ?format=html', async () => {
    const rows = [{ a: 1 }, { a: 2 }, { a: 3 }];
    const res = await post('/api/v1/monitoring/drift?format=html', { reference: { rows }, current: { rows }, test: 'psi' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('<svg');
  });

  it('rejects bad input with 4xx and a clear message', async () => {
    const rows = [{ a: 1 }, { a: 2 }];
    const cases: [unknown, number, RegExp][] = [
      [{ reference: { rows }, current: { rows }, columns: ['a', 'b'] }, 400, /missing columns: reference lacks b; current lacks b/],
      [{ reference: { rows }, current: { rows: [] } }, 400, /body\.current/],
      [{ reference: { rows }, current: { rows }, test: 'anova' }, 400, /body\.test/],
      [{ reference: { sha256: 'a'.repeat(64) }, current: { rows } }, 404, /dataset 'a{64}' not found/],
      [{ reference: { rows }, current: { rows }, options: { perColumn: { zz: { test: 'ks' } } } }, 400, /perColumn names columns not in the report: zz/],
    ];
    for (const [body, status, message] of cases) {
      const res = await post('/api/v1/monitoring/drift', body);
      const text = await res.text();
      expect(res.status, text).toBe(status);
      expect(text).toMatch(message);
    }
  });

  it('rejects an empty upload and an unreadable file', async () => {
    const empty = await fetch(`${keel.url}/api/v1/monitoring/datasets`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: '' });
    expect(empty.status).toBe(400);
    const up = await sdk.monitoring.uploadDataset(new Uint8Array([0x50, 0x41, 0x52, 0x31, 1, 2, 3]));
    const res = await post('/api/v1/monitoring/drift', { reference: { sha256: up.sha256 }, current: { rows: [{ a: 1 }] } });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/cannot read parquet file/);
  });

  it('is reachable from the SDK, uploading raw data first', async () => {
    const report = await sdk.monitoring.drift({ reference: { data: csv(200, 0) }, current: { data: csv(200, 0) }, columns: ['x', 'color'] });
    expect(report.dataset_drift).toBe(false);
    expect(report.columns.x?.p_value).toBe(1);
    const html = await sdk.monitoring.driftHtml({ reference: { data: csv(50, 0), format: 'csv' }, current: { rows: [{ x: 5, color: 'red' }] }, columns: ['x'] });
    expect(html).toContain('<!doctype html>');
  });
});
