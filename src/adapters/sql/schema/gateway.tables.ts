/** Kysely row types of the LLM gateway's tables. */
export interface GatewayConfigTable {
  id: string;
  /** JSON text on both dialects (database.ts reads jsonb back as text). */
  body: string;
  version: number;
  updated_at: number;
}

export interface GatewayTables {
  gateway_config: GatewayConfigTable;
}
