/**
 * Point-in-time correctness on data small enough to check by hand, then on vega-datasets
 * `stocks` against a brute-force scan written independently of the DuckDB query.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featuresHarness, type FeaturesHarness } from '../../../test/support/features-harness.js';
import { DRIVER_STATS_CSV as DRIVER_STATS, driverDefinitions } from './online-features.contract.js';

describe('point-in-time training data, by hand', () => {
  let h: FeaturesHarness;
  beforeAll(async () => {
    h = await featuresHarness();
    const path = join(h.dir, 'driver_stats.csv');
    await writeFile(path, DRIVER_STATS);
    await h.service.apply({ definitions: driverDefinitions(path) });
  });
  afterAll(() => h.close());

  // [driver, row time] → expected conv_rate, trips, trips_x2, and why.
  const cases: [number, string, number | null, number | null, number | null, string][] = [
    [1, '2024-01-02T00:00:00Z', 0.25, 25, 50, 'event exactly at the row time counts; the late row with the newer created time wins the tie'],
    [1, '2024-01-03T00:00:00Z', 0.25, 25, 50, 'the 01-04 event is in the future and must not leak'],
    [1, '2024-01-01T12:00:00Z', 0.1, 10, 20, 'latest before the row time'],
    [1, '2023-12-31T00:00:00Z', null, null, null, 'no event yet'],
    [2, '2024-01-03T00:00:00Z', 0.9, 90, 180, 'exactly the TTL old: still inside'],
    [2, '2024-01-05T00:00:00Z', null, null, 180, 'older than the 2d TTL: null in the short-TTL view, present in the 30d one'],
    [3, '2024-01-03T00:00:00Z', null, null, null, 'only event is after the row time'],
    [4, '2024-01-03T00:00:00Z', null, null, null, 'unknown entity'],
  ];

  it('returns exactly the expected value for every case, in row order', async () => {
    const rows = cases.map(([driver_id, ts]) => ({ driver_id, event_timestamp: ts }));
    const result = await h.service.getTrainingFeatures({ entities: { kind: 'rows', rows }, service: 'driver_model', out: { kind: 'rows' } });
    expect(result.columns).toEqual(['driver_id', 'event_timestamp', 'driver_stats__conv_rate', 'driver_stats__trips', 'driver_doubled__trips_x2']);
    const got = (result.data ?? []).map((r) => [r.driver_id, r.driver_stats__conv_rate, r.driver_stats__trips, r.driver_doubled__trips_x2]);
    expect(got).toEqual(cases.map(([d, , c, t, x]) => [d, c, t, x]));
  });

  it('writes the same rows to Parquet, CSV and Arrow files', async () => {
    const entities = join(h.dir, 'rows.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const values = cases.map(([d, ts]) => `(${d}, TIMESTAMP '${ts.replace('T', ' ').replace('Z', '')}')`).join(', ');
    await c.run(`COPY (SELECT * FROM (VALUES ${values}) t(driver_id, event_timestamp)) TO '${entities}' (FORMAT parquet)`);
    for (const format of ['parquet', 'csv', 'arrow'] as const) {
      const out = join(h.dir, `train.${format}`);
      const result = await h.service.getTrainingFeatures({ entities: { kind: 'file', path: entities }, features: ['driver_stats:trips'], out: { kind: 'file', path: out, format } });
      expect(result.rows).toBe(cases.length);
      let trips: unknown[];
      if (format === 'arrow') {
        const { tableFromIPC } = await import('apache-arrow');
        const column = tableFromIPC(readFileSync(out)).getChild('driver_stats__trips');
        trips = column ? [...column].map((v: unknown) => (v === null ? null : Number(v))) : [];
      } else {
        const scan = format === 'parquet' ? `read_parquet('${out}')` : `read_csv_auto('${out}')`;
        trips = (await c.runAndReadAll(`SELECT driver_stats__trips AS t FROM ${scan}`)).getRowObjectsJS().map((r) => (r.t === null ? null : Number(r.t)));
      }
      expect(trips).toEqual(cases.map(([, , , t]) => t));
    }
    c.closeSync();
  });

  it('names the missing entity column and the unknown feature', async () => {
    await expect(h.service.getTrainingFeatures({ entities: { kind: 'rows', rows: [{ event_timestamp: '2024-01-01T00:00:00Z' }] }, features: ['driver_stats:trips'], out: { kind: 'rows' } })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining("'driver_id'"),
    });
    await expect(h.service.getTrainingFeatures({ entities: { kind: 'rows', rows: [{ driver_id: 1, event_timestamp: '2024-01-01T00:00:00Z' }] }, features: ['driver_stats:nope'], out: { kind: 'rows' } })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining("unknown feature 'nope'"),
    });
  });
});

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Jan 1 2000" → epoch ms at UTC midnight, parsed by hand (not by DuckDB's strptime). */
function parseStockDate(text: string): number {
  const [mon, day, year] = text.split(' ');
  return Date.UTC(Number(year), MONTHS.indexOf(mon as string), Number(day));
}

describe('point-in-time training data on vega-datasets stocks, against brute force', () => {
  let h: FeaturesHarness;
  const stocksPath = fileURLToPath(new URL('../../../node_modules/vega-datasets/data/stocks.csv', import.meta.url));
  const TTL_DAYS = 20;
  beforeAll(async () => {
    h = await featuresHarness();
    await h.service.apply({
      definitions: {
        entities: [{ name: 'stock', joinKeys: [{ name: 'symbol', type: 'string' }] }],
        sources: [{ kind: 'file', name: 'stocks', path: stocksPath, timestampField: 'ts' }],
        views: [{ name: 'prices', entity: 'stock', source: 'stocks', ttl: `${TTL_DAYS}d`, transformation: "SELECT symbol, strptime(date, '%b %d %Y') AS ts, price FROM source", features: [{ name: 'price', type: 'float64' }] }],
      },
    });
  });
  afterAll(() => h.close());

  it('matches a brute-force scan for 2,000 random (symbol, time) rows', async () => {
    const lines = readFileSync(stocksPath, 'utf8').trim().split('\n').slice(1);
    const events = lines.map((l) => {
      const [symbol, date, price] = l.split(',') as [string, string, string];
      return { symbol, t: parseStockDate(date), price: Number(price) };
    });
    const symbols = [...new Set(events.map((e) => e.symbol)), 'NOPE'];
    const lo = Date.UTC(1999, 10, 1);
    const hi = Date.UTC(2010, 5, 1);
    let seed = 42;
    const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const rows = Array.from({ length: 2_000 }, (_, i) => {
      // Every 10th row sits exactly on an event time.
      const onEvent = i % 10 === 0 ? events[Math.floor(random() * events.length)] : undefined;
      const symbol = onEvent?.symbol ?? (symbols[Math.floor(random() * symbols.length)] as string);
      const t = onEvent?.t ?? lo + Math.floor(random() * (hi - lo));
      return { symbol, t };
    });
    const ttlMs = TTL_DAYS * 86_400_000;
    const expected = rows.map(({ symbol, t }) => {
      let best: { t: number; price: number } | undefined;
      for (const e of events) if (e.symbol === symbol && e.t <= t && e.t >= t - ttlMs && (!best || e.t > best.t)) best = e;
      return best?.price ?? null;
    });
    const result = await h.service.getTrainingFeatures({ entities: { kind: 'rows', rows: rows.map((r) => ({ symbol: r.symbol, event_timestamp: new Date(r.t).toISOString() })) }, features: ['prices:price'], out: { kind: 'rows' } });
    const got = (result.data ?? []).map((r) => r.prices__price);
    expect(got).toEqual(expected);
    // The data must exercise every branch: present, outside TTL / too early, unknown symbol.
    expect(expected.filter((v) => v !== null).length).toBeGreaterThan(500);
    expect(expected.filter((v) => v === null).length).toBeGreaterThan(200);
  });
});
