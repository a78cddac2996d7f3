/**
 * Materialization and online lookup over a KvStore: SQLite beside the code, Redis in
 * test/integration. The same hand-checkable driver data as the point-in-time test.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KvStore } from '../../core/ports/kv-store.js';
import { featuresHarness, type FeaturesHarness } from '../../../test/support/features-harness.js';

export const DRIVER_STATS_CSV = `driver_id,event_timestamp,created,conv_rate,trips
1,2024-01-01T00:00:00Z,2024-01-01T00:00:00Z,0.1,10
1,2024-01-02T00:00:00Z,2024-01-02T00:00:00Z,0.2,20
1,2024-01-02T00:00:00Z,2024-01-05T00:00:00Z,0.25,25
1,2024-01-04T00:00:00Z,2024-01-04T00:00:00Z,0.4,40
2,2024-01-01T00:00:00Z,2024-01-01T00:00:00Z,0.9,90
3,2024-01-03T12:00:00Z,2024-01-03T12:00:00Z,0.3,30
`;

export function driverDefinitions(path: string) {
  return {
    entities: [{ name: 'driver', joinKeys: [{ name: 'driver_id', type: 'int64' as const }] }],
    sources: [{ kind: 'file' as const, name: 'driver_stats', path, timestampField: 'event_timestamp', createdTimestampField: 'created' }],
    views: [
      {
        name: 'driver_stats',
        entity: 'driver',
        source: 'driver_stats',
        ttl: '2d',
        freshness: '1d',
        owner: 'ml-team',
        features: [
          { name: 'conv_rate', type: 'float64' as const },
          { name: 'trips', type: 'int64' as const },
        ],
      },
      {
        name: 'driver_doubled',
        entity: 'driver',
        source: 'driver_stats',
        ttl: '30d',
        transformation: 'SELECT driver_id, event_timestamp, created, trips * 2 AS trips_x2 FROM source',
        features: [{ name: 'trips_x2', type: 'int64' as const }],
      },
    ],
    services: [{ name: 'driver_model', features: ['driver_stats:*', 'driver_doubled:trips_x2'] }],
  };
}

/** Counts reads, to check that one lookup is one round trip whatever the number of views. */
export function countingKv(kv: KvStore): { kv: KvStore; reads: () => number } {
  let reads = 0;
  const counted = new Proxy(kv, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (prop === 'get' || prop === 'mget' || prop === 'scan') reads++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { kv: counted, reads: () => reads };
}

export function runOnlineFeaturesContract(name: string, openKv: () => Promise<{ kv: KvStore; cleanup(): Promise<void> }>): void {
  describe(`online features: ${name}`, () => {
    let h: FeaturesHarness;
    let cleanup: () => Promise<void>;
    let reads: () => number;
    beforeEach(async () => {
      const opened = await openKv();
      const counting = countingKv(opened.kv);
      reads = counting.reads;
      cleanup = opened.cleanup;
      h = await featuresHarness({ kv: counting.kv });
      const path = join(h.dir, 'driver_stats.csv');
      await writeFile(path, DRIVER_STATS_CSV);
      await h.service.apply({ definitions: driverDefinitions(path) });
      h.clock.set('2024-01-05T00:00:00Z');
    });
    afterEach(async () => {
      await h.close();
      await cleanup();
    });

    const lookup = (entities: Record<string, (number | string)[]>, body: Record<string, unknown> = { service: 'driver_model' }) => h.service.getOnlineFeatures({ ...body, entities });

    it('answers values, statuses and event times for every view in one read', async () => {
      const result = await h.service.materialize({});
      expect(result.views.map((v) => [v.view, v.rows, v.written])).toEqual([
        ['driver_doubled', 3, 3],
        ['driver_stats', 3, 3],
      ]);
      const before = reads();
      const answer = await lookup({ driver_id: [1, 2, 3, 9] });
      expect(reads() - before).toBe(1);
      expect(answer.metadata.feature_names).toEqual(['driver_id', 'driver_stats:conv_rate', 'driver_stats:trips', 'driver_doubled:trips_x2']);
      const [keys, conv, trips, doubled] = answer.results;
      expect(keys?.values).toEqual([1, 2, 3, 9]);
      expect(conv?.values).toEqual([0.4, null, 0.3, null]);
      expect(trips?.values).toEqual([40, null, 30, null]);
      expect(conv?.statuses).toEqual(['PRESENT', 'OUTSIDE_TTL', 'PRESENT', 'NOT_FOUND']);
      expect(conv?.event_timestamps).toEqual(['2024-01-04T00:00:00.000Z', '2024-01-01T00:00:00.000Z', '2024-01-03T12:00:00.000Z', null]);
      expect(doubled?.values).toEqual([80, 180, 60, null]);
      expect(doubled?.statuses).toEqual(['PRESENT', 'PRESENT', 'PRESENT', 'NOT_FOUND']);
    });

    it('materializes idempotently: re-running writes nothing, an older window never regresses a value', async () => {
      await h.service.materialize({ views: ['driver_stats'], end: '2024-01-02T00:00:00Z' });
      // The late row (created 01-05) for event time 01-02 wins over the first one (read a day later, inside the 2d TTL).
      h.clock.set('2024-01-03T00:00:00Z');
      expect((await lookup({ driver_id: [1] }, { features: ['driver_stats:conv_rate'] })).results[1]?.values).toEqual([0.25]);
      h.clock.set('2024-01-05T00:00:00Z');
      const full = await h.service.materialize({ views: ['driver_stats'] });
      expect(full.views[0]?.written).toBe(2);
      const again = await h.service.materialize({ views: ['driver_stats'] });
      expect(again.views[0]).toMatchObject({ rows: 3, written: 0 });
      const older = await h.service.materialize({ views: ['driver_stats'], start: '2024-01-01T00:00:00Z', end: '2024-01-02T00:00:00Z' });
      expect(older.views[0]?.written).toBe(0);
      expect((await lookup({ driver_id: [1, 2] }, { features: ['driver_stats:trips'] })).results[1]?.values).toEqual([40, null]);
      const incremental = await h.service.materialize({ views: ['driver_stats'], incremental: true });
      expect(incremental.views[0]).toMatchObject({ start: Date.parse('2024-01-05T00:00:00Z'), written: 0 });
    });

    it('takes pushed rows, keeps the newest, and reports freshness', async () => {
      expect((await h.service.freshness()).find((f) => f.view === 'driver_stats')?.status).toBe('never');
      await h.service.materialize({});
      expect(await h.service.push({ view: 'driver_stats', rows: [{ driver_id: 1, event_timestamp: '2024-01-04T12:00:00Z', conv_rate: 0.5, trips: 50 }] })).toEqual({ rows: 1, written: 1 });
      expect(await h.service.push({ view: 'driver_stats', rows: [{ driver_id: 1, event_timestamp: '2024-01-03T00:00:00Z', conv_rate: 0.0, trips: 0 }] })).toEqual({ rows: 1, written: 0 });
      expect((await lookup({ driver_id: [1] }, { features: ['driver_stats:trips'] })).results[1]?.values).toEqual([50]);
      const fresh = (await h.service.freshness()).find((f) => f.view === 'driver_stats');
      expect(fresh).toMatchObject({ lastEventAt: Date.parse('2024-01-04T12:00:00Z'), ageSeconds: 12 * 3600, expectationSeconds: 86_400, status: 'fresh' });
      h.clock.set('2024-01-07T00:00:00Z');
      expect((await h.service.freshness()).find((f) => f.view === 'driver_stats')?.status).toBe('stale');
    });

    it('rejects unknown features and keys of the wrong type, naming them', async () => {
      await expect(lookup({ driver_id: [1] }, { features: ['driver_stats:nope'] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("unknown feature 'nope'") });
      await expect(lookup({ driver_id: [1] }, { features: ['ghost:x'] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("unknown feature view 'ghost'") });
      await expect(lookup({ driver_id: [1, 'two'] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('entities.driver_id.1: expected int64') });
      await expect(lookup({ rider_id: [1] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('entities.driver_id: missing') });
      await expect(lookup({ driver_id: [1] }, { service: 'ghost' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining("unknown feature service 'ghost'") });
      await expect(h.service.push({ view: 'driver_stats', rows: [{ driver_id: 1, event_timestamp: 'yesterday', trips: 1 }] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('rows.0.event_timestamp') });
      await expect(h.service.push({ view: 'driver_stats', rows: [{ driver_id: 1, event_timestamp: '2024-01-01T00:00:00Z', trips: 1.5 }] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('rows.0.trips: expected int64') });
    });
  });
}
