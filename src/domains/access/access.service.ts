import { createHash } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import { newId, newToken } from '../../core/ids.js';
import type { Clock } from '../../core/clock.js';
import { parseInput } from '../../core/validation.js';
import { createApiKeySchema, SCOPE_RANK, type ApiKey, type ApiKeyScope, type CreatedApiKey, type CreateApiKeyInput, type GatewayKeyLimits } from './access.schema.js';
import type { ApiKeyStore } from './access.store.js';

export interface Principal {
  keyId: string;
  scope: ApiKeyScope;
}

const SECRET_PREFIX = 'keel_';
/** Whether stored keys exist is cached this long, so auth costs no query per request; other servers' new keys are seen within it. */
const ACTIVE_CACHE_MS = 2_000;
/** Gateway limits per key are cached as long, for the same reason: they are read on every /v1 call. */
const LIMITS_CACHE_MS = 2_000;
const LIMITS_CACHE_MAX = 10_000;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * API keys: static ones from configuration and ones created at run time. Secrets
 * are random 192-bit tokens, so a plain sha256 is a safe hash (no need for a
 * slow password hash); they are shown once, at creation.
 */
export class AccessService {
  private readonly staticKeys: Map<string, Principal>;
  private activeCache: { count: number; at: number } | null = null;
  private readonly limitsCache = new Map<string, { limits: GatewayKeyLimits | null; at: number }>();

  constructor(
    private readonly store: ApiKeyStore,
    private readonly clock: Clock,
    staticKeys: readonly { key: string; scope: ApiKeyScope }[] = [],
  ) {
    this.staticKeys = new Map(staticKeys.map((k, i) => [hashSecret(k.key), { keyId: `config-${i + 1}`, scope: k.scope }]));
  }

  /** Auth is on as soon as any key exists, configured or created. */
  async authEnabled(): Promise<boolean> {
    if (this.staticKeys.size > 0) return true;
    const now = this.clock.now();
    if (!this.activeCache || now - this.activeCache.at > ACTIVE_CACHE_MS) {
      this.activeCache = { count: await this.store.countActive(), at: now };
    }
    return this.activeCache.count > 0;
  }

  /** Resolves a bearer secret to its principal; UNAUTHENTICATED when unknown or revoked. */
  async authenticate(secret: string): Promise<Principal> {
    const hash = hashSecret(secret);
    const fromConfig = this.staticKeys.get(hash);
    if (fromConfig) return fromConfig;
    const key = await this.store.findByHash(hash);
    if (!key || key.revokedAt !== null) throw new AppError('UNAUTHENTICATED', 'the API key is not valid or has been revoked');
    return { keyId: key.id, scope: key.scope };
  }

  authorize(principal: Principal, needed: ApiKeyScope): void {
    if (SCOPE_RANK[principal.scope] < SCOPE_RANK[needed]) {
      throw new AppError('PERMISSION_DENIED', `this operation needs the '${needed}' scope; the key has '${principal.scope}'`, {
        details: { needed, granted: principal.scope },
      });
    }
  }

  async create(input: CreateApiKeyInput): Promise<CreatedApiKey> {
    const { name, scope, limits } = parseInput(createApiKeySchema, input);
    const secret = `${SECRET_PREFIX}${newToken(24)}`;
    const key: ApiKey = { id: newId(), name, scope, prefix: secret.slice(0, SECRET_PREFIX.length + 6), createdAt: this.clock.now(), revokedAt: null, ...(limits ? { limits } : {}) };
    await this.store.insert({ ...key, hash: hashSecret(secret) });
    this.activeCache = null;
    return { key, secret };
  }

  list(): Promise<ApiKey[]> {
    return this.store.list();
  }

  async revoke(id: string): Promise<void> {
    if (!(await this.store.revoke(id, this.clock.now()))) throw AppError.notFound('API key', id);
    this.activeCache = null;
    this.limitsCache.delete(id);
  }

  /**
   * The gateway limits of a key, or null when it has none (keys from the config
   * file never do). Cached briefly, so checking them costs no query per call.
   */
  async gatewayLimits(keyId: string): Promise<GatewayKeyLimits | null> {
    if (keyId.startsWith('config-')) return null;
    const now = this.clock.now();
    const hit = this.limitsCache.get(keyId);
    if (hit && now - hit.at <= LIMITS_CACHE_MS) return hit.limits;
    const key = await this.store.findById(keyId);
    const limits = key?.limits ?? null;
    if (this.limitsCache.size >= LIMITS_CACHE_MAX) this.limitsCache.clear();
    this.limitsCache.set(keyId, { limits, at: now });
    return limits;
  }
}
