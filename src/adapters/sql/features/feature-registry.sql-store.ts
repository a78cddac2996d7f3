import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import type { FeatureObjectKind, MaterializationRecord, VersionedObject } from '../../../domains/features/features.schema.js';
import type { FeatureRegistryStore, StoredObject } from '../../../domains/features/features.store.js';
import type { SqlDatabase } from '../database.js';
import { isUniqueViolation } from '../dialect.js';
import type { DatabaseSchema } from '../schema/index.js';

/** Feature definitions as append-only versions; the current state is the newest non-deleted version of each object. */
export class FeatureRegistrySqlStore implements FeatureRegistryStore {
  private readonly db: Kysely<DatabaseSchema>;

  constructor(database: SqlDatabase) {
    this.db = database.db;
  }

  async listCurrent(): Promise<StoredObject[]> {
    const rows = await this.db
      .selectFrom('feature_objects as o')
      .selectAll()
      .where('o.version', '=', (eb) => eb.selectFrom('feature_objects as n').select((n) => n.fn.max('n.version').as('v')).whereRef('n.kind', '=', 'o.kind').whereRef('n.name', '=', 'o.name'))
      .where('o.spec', 'is not', null)
      .orderBy('o.kind')
      .orderBy('o.name')
      .execute();
    return rows.map((r) => ({ kind: r.kind as FeatureObjectKind, name: r.name, version: Number(r.version), createdAt: Number(r.created_at), spec: JSON.parse(r.spec as string) as unknown }));
  }

  async latestVersions(): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom('feature_objects').select((eb) => ['kind', 'name', eb.fn.max('version').as('version')]).groupBy(['kind', 'name']).execute();
    return new Map(rows.map((r) => [`${r.kind}/${r.name}`, Number(r.version)]));
  }

  async history(kind: FeatureObjectKind, name: string): Promise<VersionedObject<unknown>[]> {
    const rows = await this.db.selectFrom('feature_objects').selectAll().where('kind', '=', kind).where('name', '=', name).orderBy('version').execute();
    return rows.map((r) => ({ version: Number(r.version), createdAt: Number(r.created_at), spec: r.spec === null ? null : (JSON.parse(r.spec) as unknown) }));
  }

  async appendVersions(objects: readonly StoredObject[]): Promise<void> {
    if (objects.length === 0) return;
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const o of objects) {
          await trx.insertInto('feature_objects').values({ kind: o.kind, name: o.name, version: o.version, created_at: o.createdAt, spec: o.spec === null ? null : JSON.stringify(o.spec) }).execute();
        }
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('ALREADY_EXISTS', 'the feature definitions changed while this apply ran; show the diff again and re-apply', { cause: err });
      throw err;
    }
  }

  async recordMaterialization(r: MaterializationRecord): Promise<void> {
    await this.db.insertInto('feature_materializations').values({ view: r.view, at: r.at, start_ms: r.start, end_ms: r.end, rows: r.rows, written: r.written }).execute();
  }

  async lastMaterializations(): Promise<MaterializationRecord[]> {
    const rows = await this.db
      .selectFrom('feature_materializations as m')
      .selectAll()
      .where('m.at', '=', (eb) => eb.selectFrom('feature_materializations as n').select((n) => n.fn.max('n.at').as('at')).whereRef('n.view', '=', 'm.view'))
      .orderBy('m.view')
      .execute();
    // Two records of one view in the same millisecond: keep one.
    const byView = new Map<string, MaterializationRecord>();
    for (const r of rows) byView.set(r.view, { view: r.view, at: Number(r.at), start: Number(r.start_ms), end: Number(r.end_ms), rows: Number(r.rows), written: Number(r.written) });
    return [...byView.values()];
  }

  async materializedUntil(): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom('feature_materializations').select((eb) => ['view', eb.fn.max('end_ms').as('until')]).groupBy('view').execute();
    return new Map(rows.map((r) => [r.view, Number(r.until)]));
  }
}
