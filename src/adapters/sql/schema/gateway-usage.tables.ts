/** Kysely row types of the gateway request log (migration 0006). Timestamps are epoch milliseconds. */
export interface GatewayRequestsTable {
  /** Keel's own id: request ids come from callers (`x-request-id`) and may repeat. */
  id: string;
  request_id: string;
  at: number;
  kind: string;
  /** As requested: a route name or `provider/model`. */
  model: string;
  route: string | null;
  provider: string | null;
  provider_model: string | null;
  status: number;
  /** 0/1. */
  stream: number;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
  latency_ms: number;
  ttft_ms: number | null;
  cache: string;
  key_id: string | null;
  end_user: string | null;
  /** JSON array of strings. */
  tags: string;
  attempts: number;
  usage_source: string | null;
  error: string | null;
}

export interface GatewayRequestTagsTable {
  request: string;
  tag: string;
  at: number;
}

export interface GatewayUsageTables {
  gateway_requests: GatewayRequestsTable;
  gateway_request_tags: GatewayRequestTagsTable;
}
