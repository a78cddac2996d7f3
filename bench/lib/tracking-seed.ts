import path from 'node:path';
import { migrateToLatest, openDatabase } from '../../src/adapters/sql/index.js';

/**
 * Seeds the search case: `runs` runs in one new experiment, each with two params, two
 * metrics and the system tags the API would set. Written through Keel's SQL layer
 * (Kysely, multi-row inserts in one transaction) into the server's own database before
 * it starts: creating 100k runs one request at a time would take minutes and measure
 * nothing the suite reports.
 */
export interface SearchSeed {
  experimentId: string;
  runs: number;
}

const T0 = 1_760_000_000_000;
const CHUNK = 500;

export async function seedSearchRuns(dataDir: string, runs: number): Promise<SearchSeed> {
  const database = await openDatabase({ type: 'sqlite', path: path.join(dataDir, 'keel.db') });
  try {
    await migrateToLatest(database);
    const db = database.db;
    const experimentId = await db.transaction().execute(async (trx) => {
      const exp = await trx
        .insertInto('experiments')
        .values({ name: 'search-100k', artifact_location: 'mlflow-artifacts:/search', lifecycle_stage: 'active', creation_time: T0, last_update_time: T0 })
        .returning('experiment_id')
        .executeTakeFirstOrThrow();
      const id = Number(exp.experiment_id);
      // A fixed-seed generator: every run of the suite searches the same data.
      let seed = 42;
      const rand = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
      for (let from = 0; from < runs; from += CHUNK) {
        const ids = Array.from({ length: Math.min(CHUNK, runs - from) }, (_, i) => (from + i).toString(16).padStart(32, '0'));
        const at = (i: number): number => T0 + (from + i) * 1000;
        await trx
          .insertInto('runs')
          .values(ids.map((run_id, i) => ({ run_id, experiment_id: id, run_name: `run-${from + i}`, user_id: 'bench', status: 'FINISHED', start_time: at(i), end_time: at(i) + 500, lifecycle_stage: 'active', artifact_uri: `mlflow-artifacts:/${id}/${run_id}/artifacts`, deleted_time: null })))
          .execute();
        await trx.insertInto('run_params').values(ids.flatMap((run_id, i) => [{ run_id, key: 'lr', value: String((from + i) % 10) }, { run_id, key: 'optimizer', value: i % 2 ? 'adam' : 'sgd' }])).execute();
        await trx.insertInto('run_tags').values(ids.flatMap((run_id, i) => [{ run_id, key: 'mlflow.runName', value: `run-${from + i}` }, { run_id, key: 'mlflow.user', value: 'bench' }])).execute();
        await trx
          .insertInto('metric_series')
          .values(
            ids.flatMap((run_id, i) =>
              ['acc', 'loss'].map((key) => {
                const value = rand();
                return { run_id, key, step: 99, timestamp: at(i) + 400, value, is_nan: 0, min_value: value / 2, max_value: value };
              }),
            ),
          )
          .execute();
      }
      return String(id);
    });
    return { experimentId, runs };
  } finally {
    await database.close();
  }
}
