import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DataFormat, Dataset, DatasetFile, DatasetVersion, QualityReport, RunLink } from '../../../domains/data/data.schema.js';
import type { DatasetStore, NewVersion } from '../../../domains/data/data.store.js';
import type { SqlDatabase } from '../database.js';
import { fromDbBool, isUniqueViolation, toDbBool } from '../dialect.js';
import type { DatabaseSchema, DataVersionsTable } from '../schema/index.js';

type Db = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

/** Two writers numbering a version of the same dataset at once: the loser retries. */
const ADD_ATTEMPTS = 5;

export class DatasetSqlStore implements DatasetStore {
  private readonly db: Kysely<DatabaseSchema>;

  constructor(sql: SqlDatabase) {
    this.db = sql.db;
  }

  async addVersion(dataset: { id: string; name: string; description: string; createdBy: string; createdAt: number }, v: NewVersion): Promise<{ version: DatasetVersion; created: boolean }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('data_datasets')
            .values({ id: dataset.id, name: dataset.name, description: dataset.description, created_by: dataset.createdBy, created_at: dataset.createdAt })
            .onConflict((oc) => oc.column('name').doNothing())
            .execute();
          const ds = await trx.selectFrom('data_datasets').select(['id', 'name']).where('name', '=', dataset.name).executeTakeFirstOrThrow();
          const same = await trx.selectFrom('data_versions').select('version').where('dataset_id', '=', ds.id).where('digest', '=', v.digest).executeTakeFirst();
          if (same) return { version: (await this.getVersion(ds.id, same.version, trx)) as DatasetVersion, created: false };
          const max = await trx.selectFrom('data_versions').select((eb) => eb.fn.max('version').as('max')).where('dataset_id', '=', ds.id).executeTakeFirst();
          const number = Number(max?.max ?? 0) + 1;
          await trx
            .insertInto('data_versions')
            .values({
              id: v.id,
              dataset_id: ds.id,
              version: number,
              digest: v.digest,
              format: v.format,
              size: v.size,
              row_count: v.rowCount,
              schema: JSON.stringify(v.schema),
              profile: JSON.stringify(v.profile),
              message: v.message,
              source: v.source,
              created_by: v.createdBy,
              created_at: v.createdAt,
            })
            .execute();
          // Chunked: SQLite caps bound parameters per statement.
          for (let i = 0; i < v.files.length; i += 200) {
            await trx
              .insertInto('data_files')
              .values(v.files.slice(i, i + 200).map((f) => ({ version_id: v.id, path: f.path, sha256: f.sha256, size: f.size })))
              .execute();
          }
          return { version: (await this.getVersion(ds.id, number, trx)) as DatasetVersion, created: true };
        });
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= ADD_ATTEMPTS) throw err;
      }
    }
  }

  async getDataset(name: string): Promise<Dataset | null> {
    const row = await this.datasetQuery().where('d.name', '=', name).executeTakeFirst();
    return row ? toDataset(row) : null;
  }

  async listDatasets(): Promise<Dataset[]> {
    return (await this.datasetQuery().orderBy('d.name').execute()).map(toDataset);
  }

  async listVersions(datasetId: string): Promise<DatasetVersion[]> {
    const rows = await this.versionQuery(this.db).where('v.dataset_id', '=', datasetId).orderBy('v.version', 'desc').execute();
    return this.withFiles(this.db, rows);
  }

  async getVersion(datasetId: string, version: number, db: Db = this.db): Promise<DatasetVersion | null> {
    const rows = await this.versionQuery(db).where('v.dataset_id', '=', datasetId).where('v.version', '=', version).execute();
    return (await this.withFiles(db, rows))[0] ?? null;
  }

  async findVersionsByDigest(datasetId: string, prefix: string): Promise<DatasetVersion[]> {
    // A range, not LIKE: digests are lowercase hex, and a range uses the (dataset_id, digest) index on both engines.
    const rows = await this.versionQuery(this.db)
      .where('v.dataset_id', '=', datasetId)
      .where('v.digest', '>=', prefix)
      .where('v.digest', '<', `${prefix}g`)
      .orderBy('v.version', 'desc')
      .execute();
    return this.withFiles(this.db, rows);
  }

  async countFileReferences(sha256s: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const unique = [...new Set(sha256s)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await this.db
        .selectFrom('data_files')
        .select(['sha256', (eb) => eb.fn.countAll().as('n')])
        .where('sha256', 'in', unique.slice(i, i + 500))
        .groupBy('sha256')
        .execute();
      for (const r of rows) out.set(r.sha256, Number(r.n));
    }
    return out;
  }

  async saveReport(report: QualityReport): Promise<void> {
    await this.db
      .insertInto('data_quality_reports')
      .values({ id: report.id, version_id: report.versionId, suite: report.suite, passed: toDbBool(report.passed), report: JSON.stringify(report), created_at: report.createdAt })
      .execute();
  }

  async listReports(versionId: string): Promise<QualityReport[]> {
    const rows = await this.db.selectFrom('data_quality_reports').select(['report', 'passed']).where('version_id', '=', versionId).orderBy('created_at', 'desc').orderBy('id').execute();
    return rows.map((r) => ({ ...(JSON.parse(r.report) as QualityReport), passed: fromDbBool(r.passed) }));
  }

  async linkRun(versionId: string, link: RunLink): Promise<void> {
    await this.db
      .insertInto('data_run_links')
      .values({ version_id: versionId, run_id: link.runId, context: link.context, linked_at: link.linkedAt })
      .onConflict((oc) => oc.columns(['version_id', 'run_id']).doNothing())
      .execute();
  }

  async listRunLinks(versionId: string): Promise<RunLink[]> {
    const rows = await this.db.selectFrom('data_run_links').selectAll().where('version_id', '=', versionId).orderBy('linked_at').orderBy('run_id').execute();
    return rows.map((r) => ({ runId: r.run_id, context: r.context, linkedAt: Number(r.linked_at) }));
  }

  private datasetQuery() {
    return this.db
      .selectFrom('data_datasets as d')
      .leftJoin('data_versions as v', 'v.dataset_id', 'd.id')
      .select(['d.id', 'd.name', 'd.description', 'd.created_by', 'd.created_at', sql<number | string | null>`max(v.version)`.as('latest'), sql<number | string>`count(v.id)`.as('versions')])
      .groupBy(['d.id', 'd.name', 'd.description', 'd.created_by', 'd.created_at']);
  }

  private versionQuery(db: Db) {
    return db.selectFrom('data_versions as v').innerJoin('data_datasets as d', 'd.id', 'v.dataset_id').selectAll('v').select('d.name as dataset_name');
  }

  private async withFiles(db: Db, rows: (Selectable<DataVersionsTable> & { dataset_name: string })[]): Promise<DatasetVersion[]> {
    if (rows.length === 0) return [];
    const files = new Map<string, DatasetFile[]>();
    const ids = rows.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 500) {
      const fileRows = await db.selectFrom('data_files').selectAll().where('version_id', 'in', ids.slice(i, i + 500)).orderBy('version_id').orderBy('path').execute();
      for (const f of fileRows) {
        const list = files.get(f.version_id) ?? [];
        list.push({ path: f.path, sha256: f.sha256, size: Number(f.size) });
        files.set(f.version_id, list);
      }
    }
    return rows.map((r) => ({
      id: r.id,
      dataset: r.dataset_name,
      datasetId: r.dataset_id,
      version: Number(r.version),
      digest: r.digest,
      format: r.format as DataFormat,
      files: files.get(r.id) ?? [],
      size: Number(r.size),
      rowCount: Number(r.row_count),
      schema: JSON.parse(r.schema) as DatasetVersion['schema'],
      profile: JSON.parse(r.profile) as DatasetVersion['profile'],
      message: r.message,
      source: r.source,
      createdBy: r.created_by,
      createdAt: Number(r.created_at),
    }));
  }
}

function toDataset(r: { id: string; name: string; description: string; created_by: string; created_at: number; latest: number | string | null; versions: number | string }): Dataset {
  return { id: r.id, name: r.name, description: r.description, createdBy: r.created_by, createdAt: Number(r.created_at), latestVersion: r.latest === null ? null : Number(r.latest), versionCount: Number(r.versions) };
}
