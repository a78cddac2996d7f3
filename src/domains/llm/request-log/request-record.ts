import { newId } from '../../../core/ids.js';
import type { GatewayRequestRecord } from '../gateway-usage.schema.js';
import type { CallOutcome, GatewayCall } from '../gateway/index.js';

const MAX_TAGS = 20;
const MAX_TAG_LENGTH = 200;
const MAX_ERROR_LENGTH = 2_000;

/**
 * Tags for cost attribution: the `x-keel-tags` header (comma-separated), the
 * body's `metadata.tags` (comma-separated), and every other metadata entry as
 * `key:value` (`{"team": "search"}` → `team:search`). Capped, since they come
 * from callers and each becomes a row.
 */
export function callTags(call: GatewayCall): string[] {
  const tags = new Set<string>();
  const add = (t: string): void => {
    const v = t.trim();
    if (v && v.length <= MAX_TAG_LENGTH && tags.size < MAX_TAGS) tags.add(v);
  };
  for (const t of call.tags) add(t);
  if (call.metadata) {
    for (const [k, v] of Object.entries(call.metadata)) {
      if (typeof v !== 'string') continue;
      if (k === 'tags') for (const t of v.split(',')) add(t);
      else add(`${k}:${v}`);
    }
  }
  return [...tags];
}

export function buildRecord(call: GatewayCall, outcome: CallOutcome, costUsd: number): GatewayRequestRecord {
  const user = (call.request as { user?: unknown }).user;
  const error = outcome.error?.message;
  return {
    id: newId(),
    requestId: call.id,
    at: call.startedAt,
    kind: call.kind,
    model: call.model,
    route: outcome.route ?? null,
    provider: outcome.provider ?? null,
    providerModel: outcome.providerModel ?? null,
    status: outcome.status,
    stream: call.stream,
    tokensIn: outcome.usage?.prompt_tokens ?? 0,
    tokensOut: outcome.usage?.completion_tokens ?? 0,
    costUsd,
    latencyMs: Math.round(outcome.latencyMs * 1000) / 1000,
    ttftMs: outcome.ttftMs === undefined ? null : Math.round(outcome.ttftMs * 1000) / 1000,
    // A hook that answered is the cache; the cache hook's own verdict (call.locals) replaces this when the batch is written.
    cache: outcome.answeredBy !== undefined ? 'hit' : 'none',
    keyId: call.principal?.keyId ?? null,
    user: typeof user === 'string' && user.length > 0 ? user.slice(0, 512) : null,
    tags: callTags(call),
    attempts: outcome.attempts.length,
    usageSource: outcome.usageSource ?? null,
    error: error === undefined ? null : error.slice(0, MAX_ERROR_LENGTH),
  };
}
