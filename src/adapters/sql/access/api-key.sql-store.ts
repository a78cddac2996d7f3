import { AppError } from '../../../core/errors.js';
import type { ApiKey, ApiKeyScope, GatewayKeyLimits } from '../../../domains/access/access.schema.js';
import type { ApiKeyStore } from '../../../domains/access/access.store.js';
import type { SqlDatabase } from '../database.js';
import { isUniqueViolation } from '../dialect.js';
import type { ApiKeysTable } from '../schema/index.js';

const COLUMNS = ['id', 'name', 'scope', 'prefix', 'created_at', 'revoked_at', 'limits'] as const;

export class ApiKeySqlStore implements ApiKeyStore {
  constructor(private readonly sql: SqlDatabase) {}

  async insert(key: ApiKey & { hash: string }): Promise<void> {
    try {
      await this.sql.db
        .insertInto('api_keys')
        .values({ id: key.id, name: key.name, scope: key.scope, prefix: key.prefix, hash: key.hash, created_at: key.createdAt, revoked_at: key.revokedAt, limits: key.limits ? JSON.stringify(key.limits) : null })
        .execute();
    } catch (err) {
      // The hash is deliberately not echoed: it identifies a secret.
      if (isUniqueViolation(err)) throw new AppError('ALREADY_EXISTS', `API key '${key.id}' already exists or its secret is already registered`, { details: { resource: 'api key', id: key.id }, cause: err });
      throw err;
    }
  }

  async findByHash(hash: string): Promise<ApiKey | null> {
    const row = await this.sql.db.selectFrom('api_keys').select(COLUMNS).where('hash', '=', hash).executeTakeFirst();
    return row ? toApiKey(row) : null;
  }

  async findById(id: string): Promise<ApiKey | null> {
    const row = await this.sql.db.selectFrom('api_keys').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    return row ? toApiKey(row) : null;
  }

  async list(): Promise<ApiKey[]> {
    const rows = await this.sql.db.selectFrom('api_keys').select(COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(toApiKey);
  }

  async revoke(id: string, at: number): Promise<boolean> {
    const result = await this.sql.db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async countActive(): Promise<number> {
    const row = await this.sql.db
      .selectFrom('api_keys')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

function toApiKey(row: Pick<ApiKeysTable, (typeof COLUMNS)[number]>): ApiKey {
  const key: ApiKey = { id: row.id, name: row.name, scope: row.scope as ApiKeyScope, prefix: row.prefix, createdAt: row.created_at, revokedAt: row.revoked_at };
  // Written by insert() from a validated GatewayKeyLimits; PostgreSQL jsonb comes back as text too (database.ts).
  if (row.limits !== null) key.limits = JSON.parse(row.limits) as GatewayKeyLimits;
  return key;
}
