import { MAX_CACHE_TTL_SECONDS } from '../../../core/gateway-config.js';
import { GatewayError } from '../gateway/index.js';

/** What one request asks of the cache. */
export interface CacheControl {
  /** Do not answer from the cache (the answer may still be stored). */
  noCache: boolean;
  /** Do not store this answer. */
  noStore: boolean;
  /** Overrides the route's TTL for the stored answer. */
  ttlSeconds: number | undefined;
}

export const CACHE_CONTROL_HEADER = 'x-keel-cache-control';

function ttl(value: unknown, where: string): number {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_CACHE_TTL_SECONDS) {
    throw GatewayError.badRequest(`${where}: ttl must be a whole number of seconds from 1 to ${MAX_CACHE_TTL_SECONDS}`, 'cache');
  }
  return n;
}

/**
 * Reads the per-request controls from the `x-keel-cache-control` header
 * (`no-cache`, `no-store`, `ttl=60`, comma-separated) and the body's `cache`
 * field (`{"no-cache": true, "no-store": true, "ttl": 60}`); either may set a
 * control. Unknown directives are a 400 rather than ignored, so a typo cannot
 * silently serve a stale answer.
 */
export function parseCacheControl(header: string | undefined, body: unknown): CacheControl {
  const out: CacheControl = { noCache: false, noStore: false, ttlSeconds: undefined };
  if (header) {
    for (const raw of header.split(',')) {
      const part = raw.trim().toLowerCase();
      if (!part) continue;
      if (part === 'no-cache') out.noCache = true;
      else if (part === 'no-store') out.noStore = true;
      else if (part.startsWith('ttl=')) out.ttlSeconds = ttl(part.slice(4), CACHE_CONTROL_HEADER);
      else throw GatewayError.badRequest(`${CACHE_CONTROL_HEADER}: unknown directive '${part}' (expected no-cache, no-store or ttl=<seconds>)`, 'cache');
    }
  }
  if (body === undefined || body === null) return out;
  if (typeof body !== 'object' || Array.isArray(body)) throw GatewayError.badRequest('cache: expected an object like {"no-cache": true, "no-store": true, "ttl": 60}', 'cache');
  for (const [k, v] of Object.entries(body)) {
    if (k === 'no-cache' || k === 'no-store') {
      if (typeof v !== 'boolean') throw GatewayError.badRequest(`cache.${k}: expected true or false`, `cache.${k}`);
      if (k === 'no-cache') out.noCache ||= v;
      else out.noStore ||= v;
    } else if (k === 'ttl') out.ttlSeconds = ttl(v, 'cache.ttl');
    else throw GatewayError.badRequest(`cache: unknown field '${k}' (expected no-cache, no-store or ttl)`, `cache.${k}`);
  }
  return out;
}
