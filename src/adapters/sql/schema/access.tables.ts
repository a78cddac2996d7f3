/** Kysely row types of the access domain's tables. Timestamps are epoch milliseconds. */
export interface ApiKeysTable {
  id: string;
  name: string;
  scope: string;
  prefix: string;
  hash: string;
  created_at: number;
  revoked_at: number | null;
  /** Gateway limits as JSON text (migration 0006); null when the key has none. */
  limits: string | null;
}

export interface AccessTables {
  api_keys: ApiKeysTable;
}
