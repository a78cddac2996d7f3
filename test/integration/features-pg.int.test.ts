import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../../src/adapters/sql/index.js';
import { featuresHarness, type FeaturesHarness } from '../support/features-harness.js';
import { openPgSchemaDatabase, requirePostgres, type PgSchemaDatabase } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('feature store on PostgreSQL', () => {
  let pgdb: PgSchemaDatabase;
  let database: SqlDatabase;
  let h: FeaturesHarness;
  beforeAll(async () => {
    pgdb = await openPgSchemaDatabase({ prefix: 'feat', poolSize: 4 });
    database = pgdb.database;
    h = await featuresHarness({ sql: database });
    await sql`create table trips (driver_id bigint, ts timestamptz, created timestamptz, fare double precision)`.execute(database.db);
    await sql`insert into trips values (1, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 10), (1, '2024-01-02T00:00:00Z', '2024-01-02T00:00:00Z', 20), (1, '2024-01-02T00:00:00Z', '2024-01-03T00:00:00Z', 21), (2, '2024-01-05T00:00:00Z', null, 50)`.execute(database.db);
  });
  afterAll(async () => {
    await h.close();
    await pgdb.close();
  });

  const definitions = (ttl: string) => ({
    entities: [{ name: 'driver', joinKeys: [{ name: 'driver_id', type: 'int64' as const }] }],
    sources: [{ kind: 'postgres' as const, name: 'trips', table: 'trips', timestampField: 'ts', createdTimestampField: 'created' }],
    views: [{ name: 'fares', entity: 'driver', source: 'trips', ttl, features: [{ name: 'fare', type: 'float64' as const }] }],
  });

  it('versions definitions, shows the diff, and refuses a stale concurrent apply', async () => {
    expect((await h.service.apply({ definitions: definitions('7d') })).changes.map((c) => `${c.action} ${c.kind} ${c.name} v${c.version}`)).toEqual(['create entity driver v1', 'create source trips v1', 'create view fares v1']);
    expect(await h.service.apply({ definitions: definitions('7d') })).toEqual({ applied: false, changes: [] });
    const dry = await h.service.apply({ definitions: definitions('3d'), dryRun: true });
    expect(dry).toEqual({ applied: false, changes: [{ kind: 'view', name: 'fares', action: 'update', version: 2, fields: ['ttl'] }] });
    await h.service.apply({ definitions: definitions('3d') });
    expect((await h.service.history('view', 'fares')).map((v) => (v.spec as { ttl: string }).ttl)).toEqual(['7d', '3d']);
  });

  it('joins point-in-time from a PostgreSQL table and records materializations', async () => {
    const result = await h.service.getTrainingFeatures({
      entities: { kind: 'rows', rows: [{ driver_id: 1, event_timestamp: '2024-01-02T00:00:00Z' }, { driver_id: 2, event_timestamp: '2024-01-04T00:00:00Z' }] },
      features: ['fares:fare'],
      out: { kind: 'rows' },
    });
    expect(result.data?.map((r) => r.fares__fare)).toEqual([21, null]);
    h.clock.set('2024-01-06T00:00:00Z');
    const run = await h.service.materialize({});
    expect(run.views[0]).toMatchObject({ view: 'fares', rows: 2, written: 2 });
    expect((await h.service.materialize({ incremental: true })).views[0]).toMatchObject({ start: Date.parse('2024-01-06T00:00:00Z'), written: 0 });
    const online = await h.service.getOnlineFeatures({ features: ['fares:fare'], entities: { driver_id: [1, 2] } });
    expect(online.results[1]).toMatchObject({ values: [null, 50], statuses: ['OUTSIDE_TTL', 'PRESENT'] });
  });
});
