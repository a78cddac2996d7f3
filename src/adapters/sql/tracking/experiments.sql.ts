import { sql, type RawBuilder, type Selectable } from 'kysely';
import { AppError } from '../../../core/errors.js';
import type { Experiment, Tag } from '../../../domains/tracking/tracking.schema.js';
import type { ExperimentSearchQuery, FilterClause, NewExperiment } from '../../../domains/tracking/tracking.store.js';
import { isUniqueViolation, type SqlDialect } from '../dialect.js';
import type { ExperimentsTable } from '../schema/index.js';
import { compare, viewCondition } from './run-search.sql.js';
import { experimentIdNumber, loadExperiments, type Db } from './tracking-rows.js';

export function nameTaken(name: string, cause: unknown): AppError {
  return new AppError('ALREADY_EXISTS', `experiment '${name}' already exists`, { details: { resource: 'experiment', name }, cause });
}

export async function insertExperiment(db: Db, input: NewExperiment, defaultArtifactLocation: (id: string) => string): Promise<Experiment> {
  try {
    return await db.transaction().execute(async (trx) => {
      const { experiment_id } = await trx
        .insertInto('experiments')
        .values({
          name: input.name,
          // Filled in below once the id exists; the row is invisible until commit.
          artifact_location: input.artifactLocation ?? '',
          lifecycle_stage: 'active',
          creation_time: input.creationTime,
          last_update_time: input.creationTime,
        })
        .returning('experiment_id')
        .executeTakeFirstOrThrow();
      const id = String(experiment_id);
      if (input.artifactLocation === undefined) {
        await trx.updateTable('experiments').set({ artifact_location: defaultArtifactLocation(id) }).where('experiment_id', '=', experiment_id).execute();
      }
      if (input.tags.length > 0) await trx.insertInto('experiment_tags').values(input.tags.map((t) => ({ experiment_id, key: t.key, value: t.value }))).execute();
      const row = await trx.selectFrom('experiments').selectAll().where('experiment_id', '=', experiment_id).executeTakeFirstOrThrow();
      return (await loadExperiments(trx, [row]))[0] as Experiment;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name, err);
    throw err;
  }
}

const EXPERIMENT_COLUMNS: Readonly<Record<string, string>> = {
  name: 'name',
  experiment_id: 'experiment_id',
  creation_time: 'creation_time',
  last_update_time: 'last_update_time',
};

function column(attribute: string): RawBuilder<unknown> {
  const c = EXPERIMENT_COLUMNS[attribute];
  if (!c) throw new AppError('INTERNAL', `unknown experiment attribute ${attribute}`);
  // Ids are integers in SQL but strings on the wire; compare them as text.
  return c === 'experiment_id' ? sql`cast(e.experiment_id as varchar(20))` : sql.ref(`e.${c}`);
}

function clauseSql(dialect: SqlDialect, c: FilterClause): RawBuilder<boolean> {
  if (c.kind === 'in') return sql<boolean>`${column(c.key)} ${sql.raw(c.negated ? 'not in' : 'in')} (${sql.join(c.values.map((v) => sql`${v}`))})`;
  if (c.kind === 'null') {
    return sql<boolean>`e.experiment_id ${sql.raw(c.negated ? 'in' : 'not in')} (select experiment_id from experiment_tags where "key" = ${c.key})`;
  }
  if (c.entity === 'tag') {
    return sql<boolean>`e.experiment_id in (select experiment_id from experiment_tags where "key" = ${c.key} and ${compare(dialect, sql.ref('value'), c.op, c.value)})`;
  }
  return compare(dialect, column(c.key), c.op, c.value);
}

export async function searchExperiments(db: Db, dialect: SqlDialect, q: ExperimentSearchQuery): Promise<Experiment[]> {
  const where = [viewCondition(sql.ref('e.lifecycle_stage'), q.viewType), ...q.filter.map((c) => clauseSql(dialect, c))];
  const joins: RawBuilder<unknown>[] = [];
  const orders: RawBuilder<unknown>[] = [];
  q.orderBy.forEach((o, i) => {
    let col: RawBuilder<unknown>;
    if (o.entity === 'attribute') col = o.key === 'experiment_id' ? sql.ref('e.experiment_id') : column(o.key);
    else {
      const alias = `t${i}`;
      joins.push(sql`left join experiment_tags as ${sql.id(alias)} on ${sql.ref(`${alias}.experiment_id`)} = e.experiment_id and ${sql.ref(`${alias}.key`)} = ${o.key}`);
      col = sql.ref(`${alias}.value`);
    }
    orders.push(sql`case when ${col} is null then 1 else 0 end`, sql`${col} ${sql.raw(o.ascending ? 'asc' : 'desc')}`);
  });
  // MLflow's default: newest first; ids break ties.
  orders.push(sql`e.creation_time desc`, sql`e.experiment_id asc`);
  const { rows } = await sql<Selectable<ExperimentsTable>>`
    select e.* from experiments e ${sql.join(joins, sql` `)}
    where ${sql.join(where, sql` and `)}
    order by ${sql.join(orders)}
    limit ${sql.lit(q.limit)} offset ${sql.lit(q.offset)}`.execute(db);
  return loadExperiments(db, rows);
}

export async function setExperimentTag(db: Db, experimentId: string, tag: Tag, at: number): Promise<boolean> {
  const id = experimentIdNumber(experimentId);
  return db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('experiments').set({ last_update_time: at }).where('experiment_id', '=', id).executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return false;
    await trx
      .insertInto('experiment_tags')
      .values({ experiment_id: id, key: tag.key, value: tag.value })
      .onConflict((oc) => oc.columns(['experiment_id', 'key']).doUpdateSet({ value: tag.value }))
      .execute();
    return true;
  });
}
