import type { Kysely } from 'kysely';
import type { MaterializationRun } from '../../../domains/features/features.schema.js';
import type { MaterializationRunStore } from '../../../domains/features/materialization-runs.store.js';
import type { SqlDatabase } from '../database.js';
import type { DatabaseSchema } from '../schema/index.js';

/** Background materialization runs, each stored whole as JSON (a run is small: one progress entry per view). */
export class MaterializationRunSqlStore implements MaterializationRunStore {
  private readonly db: Kysely<DatabaseSchema>;

  constructor(database: SqlDatabase) {
    this.db = database.db;
  }

  async create(run: MaterializationRun): Promise<void> {
    await this.db.insertInto('feature_materialization_runs').values({ id: run.id, state: run.state, created_at: run.createdAt, record: JSON.stringify(run) }).execute();
  }

  async update(run: MaterializationRun): Promise<void> {
    await this.db.updateTable('feature_materialization_runs').set({ state: run.state, record: JSON.stringify(run) }).where('id', '=', run.id).execute();
  }

  async get(id: string): Promise<MaterializationRun | null> {
    const row = await this.db.selectFrom('feature_materialization_runs').select('record').where('id', '=', id).executeTakeFirst();
    return row ? (JSON.parse(row.record) as MaterializationRun) : null;
  }

  async list(limit: number): Promise<MaterializationRun[]> {
    const rows = await this.db.selectFrom('feature_materialization_runs').select('record').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => JSON.parse(r.record) as MaterializationRun);
  }
}
