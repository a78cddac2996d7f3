import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { GatewayRequestRecord, UsageBucket, UsageGroup } from '../../../domains/llm/gateway-usage.schema.js';
import type { GatewayRequestLogStore, RequestLogCursor, RequestLogFilter } from '../../../domains/llm/request-log/request-log.store.js';
import type { SqlDatabase } from '../database.js';
import { deletedRows, deleteInBatches } from '../batched-delete.js';
import { fromDbBool, toDbBool } from '../dialect.js';
import type { DatabaseSchema, GatewayRequestsTable } from '../schema/index.js';

type Eb = ExpressionBuilder<DatabaseSchema & { r: GatewayRequestsTable }, 'r'>;

function toRow(r: GatewayRequestRecord): GatewayRequestsTable {
  return {
    id: r.id,
    request_id: r.requestId,
    at: r.at,
    kind: r.kind,
    model: r.model,
    route: r.route,
    provider: r.provider,
    provider_model: r.providerModel,
    status: r.status,
    stream: toDbBool(r.stream),
    tokens_in: r.tokensIn,
    tokens_out: r.tokensOut,
    cost_usd: r.costUsd,
    latency_ms: r.latencyMs,
    ttft_ms: r.ttftMs,
    cache: r.cache,
    key_id: r.keyId,
    end_user: r.user,
    tags: JSON.stringify(r.tags),
    attempts: r.attempts,
    usage_source: r.usageSource,
    error: r.error,
  };
}

function fromRow(row: GatewayRequestsTable): GatewayRequestRecord {
  return {
    id: row.id,
    requestId: row.request_id,
    at: Number(row.at),
    kind: row.kind as GatewayRequestRecord['kind'],
    model: row.model,
    route: row.route,
    provider: row.provider,
    providerModel: row.provider_model,
    status: Number(row.status),
    stream: fromDbBool(Number(row.stream)),
    tokensIn: Number(row.tokens_in),
    tokensOut: Number(row.tokens_out),
    costUsd: Number(row.cost_usd),
    latencyMs: Number(row.latency_ms),
    ttftMs: row.ttft_ms === null ? null : Number(row.ttft_ms),
    cache: row.cache,
    keyId: row.key_id,
    user: row.end_user,
    tags: JSON.parse(row.tags) as string[],
    attempts: Number(row.attempts),
    usageSource: row.usage_source as GatewayRequestRecord['usageSource'],
    error: row.error,
  };
}

/** The WHERE clause both queries share. */
function where(eb: Eb, f: RequestLogFilter): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (f.key !== undefined) parts.push(eb('r.key_id', '=', f.key));
  if (f.model !== undefined) {
    // The model as requested, as answered, or `provider/model`: whichever name the caller knows.
    parts.push(eb.or([eb('r.model', '=', f.model), eb('r.provider_model', '=', f.model), eb(sql<string>`r.provider || '/' || r.provider_model`, '=', f.model)]));
  }
  if (f.route !== undefined) parts.push(eb('r.route', '=', f.route));
  if (f.user !== undefined) parts.push(eb('r.end_user', '=', f.user));
  if (f.tag !== undefined) parts.push(eb('r.id', 'in', eb.selectFrom('gateway_request_tags').select('request').where('tag', '=', f.tag)));
  if (f.status === 'ok') parts.push(eb('r.status', '<', 400));
  else if (f.status === 'error') parts.push(eb('r.status', '>=', 400));
  else if (f.status !== undefined) parts.push(eb('r.status', '=', f.status));
  if (f.from !== undefined) parts.push(eb('r.at', '>=', f.from));
  if (f.to !== undefined) parts.push(eb('r.at', '<', f.to));
  return eb.and(parts);
}

const GROUP_COLUMN: Record<Exclude<UsageGroup, 'tag'>, ReturnType<typeof sql<string>>> = {
  model: sql<string>`coalesce(r.provider || '/' || r.provider_model, r.model)`,
  key: sql<string>`coalesce(r.key_id, '')`,
  route: sql<string>`coalesce(r.route, '')`,
  user: sql<string>`coalesce(r.end_user, '')`,
  provider: sql<string>`coalesce(r.provider, '')`,
};

/** The gateway request log on SQLite or PostgreSQL; one INSERT per table per batch. */
export class GatewayRequestLogSqlStore implements GatewayRequestLogStore {
  constructor(private readonly sql: SqlDatabase) {}

  async insertMany(records: readonly GatewayRequestRecord[]): Promise<void> {
    if (records.length === 0) return;
    const tags = records.flatMap((r) => r.tags.map((tag) => ({ request: r.id, tag, at: r.at })));
    await this.sql.db.transaction().execute(async (trx) => {
      await trx.insertInto('gateway_requests').values(records.map(toRow)).execute();
      if (tags.length > 0) await trx.insertInto('gateway_request_tags').values(tags).execute();
    });
  }

  async list(filter: RequestLogFilter, limit: number, after: RequestLogCursor | undefined): Promise<GatewayRequestRecord[]> {
    const rows = await this.sql.db
      .selectFrom('gateway_requests as r')
      .selectAll('r')
      .where((eb) => {
        const base = where(eb, filter);
        if (!after) return base;
        return eb.and([base, eb.or([eb('r.at', '<', after.at), eb.and([eb('r.at', '=', after.at), eb('r.id', '<', after.id)])])]);
      })
      .orderBy('r.at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(fromRow);
  }

  async usage(filter: RequestLogFilter, groupBy: UsageGroup, bucketMs: number): Promise<UsageBucket[]> {
    // Integer division on both engines (`at` is an integer/bigint column); a literal, so PostgreSQL needs no parameter type.
    const bucket = sql<number>`(r.at / ${sql.lit(bucketMs)}) * ${sql.lit(bucketMs)}`;
    const base = this.sql.db.selectFrom('gateway_requests as r');
    const joined = groupBy === 'tag' ? base.innerJoin('gateway_request_tags as t', 't.request', 'r.id') : base;
    const group = groupBy === 'tag' ? sql<string>`t.tag` : GROUP_COLUMN[groupBy];
    const rows = await joined
      .select([
        bucket.as('start'),
        group.as('grp'),
        sql<number | string>`count(*)`.as('requests'),
        sql<number | string>`sum(case when r.status >= 400 then 1 else 0 end)`.as('errors'),
        sql<number | string>`sum(r.tokens_in)`.as('tokens_in'),
        sql<number | string>`sum(r.tokens_out)`.as('tokens_out'),
        sql<number | string>`sum(r.cost_usd)`.as('cost_usd'),
      ])
      .where((eb) => where(eb as unknown as Eb, filter))
      .groupBy([bucket, group])
      .orderBy(bucket)
      .orderBy(group)
      .execute();
    // PostgreSQL returns counts and sums of bigint as strings.
    return rows.map((r) => ({
      start: Number(r.start),
      group: r.grp,
      requests: Number(r.requests),
      errors: Number(r.errors),
      tokensIn: Number(r.tokens_in),
      tokensOut: Number(r.tokens_out),
      costUsd: Number(r.cost_usd),
    }));
  }

  deleteBefore(cutoff: number, batchSize: number): Promise<number> {
    return deleteInBatches(batchSize, (limit) =>
      this.sql.db.transaction().execute(async (trx) => {
        const ids = (await trx.selectFrom('gateway_requests').select('id').where('at', '<', cutoff).orderBy('at').orderBy('id').limit(limit).execute()).map((r) => r.id);
        if (ids.length === 0) return 0;
        await trx.deleteFrom('gateway_request_tags').where('request', 'in', ids).execute();
        return deletedRows(await trx.deleteFrom('gateway_requests').where('id', 'in', ids).executeTakeFirst());
      }),
    );
  }
}
