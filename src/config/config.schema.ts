import { z } from 'zod';
import { gatewayConfigSchema, type GatewayConfig } from '../core/gateway-config.js';

/**
 * The one schema for every Keel setting. Each engine choice is a discriminated
 * union on `type` with unknown keys rejected (Feast's `extra="forbid"`), so a
 * typo in a config file stops start-up instead of being silently ignored.
 */
const port = z.number().int().min(0).max(65535);

export const serverSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: port.default(4200),
  bodyLimitBytes: z.number().int().positive().default(32 * 1024 * 1024),
  shutdownTimeoutMs: z.number().int().positive().default(10_000),
  ui: z.boolean().default(true),
});

export const databaseSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('sqlite'), path: z.string().min(1).optional() }),
  z.strictObject({
    type: z.literal('postgres'),
    url: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://'),
    poolSize: z.number().int().positive().default(10),
  }),
]);

export const artifactsSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('fs'), path: z.string().min(1).optional() }),
  z.strictObject({
    type: z.literal('s3'),
    bucket: z.string().min(1),
    prefix: z.string().default(''),
    endpoint: z.url().optional(),
    region: z.string().default('us-east-1'),
    accessKeyId: z.string().optional(),
    secretAccessKey: z.string().optional(),
    forcePathStyle: z.boolean().default(true),
  }),
]);

export const kvSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('sqlite') }),
  z.strictObject({
    type: z.literal('redis'),
    url: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://'),
    keyPrefix: z.string().default('keel:'),
  }),
]);

export const queueSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('embedded') }),
  z.strictObject({ type: z.literal('postgres'), url: z.string().regex(/^postgres(ql)?:\/\//).optional() }),
]);

/** Days of history to keep; unset keeps rows forever. A ten-year ceiling catches a unit mix-up (ms for days). */
const retentionDays = z.number().int('must be a whole number of days').positive('must be at least 1 day').max(3650).optional();

export const retentionSchema = z.strictObject({
  /** Served predictions and their feedback. */
  predictionLogDays: retentionDays,
  /** The LLM gateway's request log. */
  gatewayRequestDays: retentionDays,
  /** Resolved alerts, delivered notifications and inbox items. */
  alertHistoryDays: retentionDays,
  /** How often each server deletes what the policy no longer keeps. */
  sweepIntervalMs: z.number().int().min(60_000).max(7 * 86_400_000).default(3_600_000),
});

export const apiKeyScopeSchema = z.enum(['read', 'write', 'admin']);

export const configSchema = z.strictObject({
  server: serverSchema.prefault({}),
  dataDir: z.string().min(1).default('.keel'),
  database: databaseSchema.default({ type: 'sqlite' }),
  artifacts: artifactsSchema.default({ type: 'fs' }),
  kv: kvSchema.default({ type: 'sqlite' }),
  /** Defaults to `postgres` when the database is PostgreSQL, so workers elsewhere can share jobs. */
  queue: queueSchema.optional(),
  nats: z.strictObject({ url: z.string().regex(/^(nats|tls):\/\//, 'must start with nats:// or tls://').optional() }).prefault({}),
  auth: z
    .strictObject({
      /** Static keys, each `secret` or `secret:scope` in KEEL_API_KEYS; stored only as hashes. */
      apiKeys: z.array(z.strictObject({ key: z.string().min(16, 'must be at least 16 characters'), scope: apiKeyScopeSchema.default('admin') })).default([]),
    })
    .prefault({}),
  log: z.strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') }).prefault({}),
  /** LLM gateway providers and routes (schema in core/gateway-config.ts, shared with the REST API). */
  gateway: gatewayConfigSchema.prefault({}),
  alerting: z
    .strictObject({
      /** How often rules are evaluated besides after each published signal. */
      evaluationIntervalMs: z.number().int().min(100).max(3_600_000).default(15_000),
      /** Program and arguments a `retraining` action starts as a job (e.g. ["keel", "run", "train.py"]); none: the action only emits its event. */
      retrainCommand: z.array(z.string().min(1).max(4096)).min(1).max(256).optional(),
      /** This server's public URL, for links in notifications. */
      externalUrl: z.string().url().max(2048).optional(),
    })
    .prefault({}),
  /** Opt-in deletion of old rows from the append-only logs; see docs/retention.md. */
  retention: retentionSchema.prefault({}),
});

export type ConfigInput = z.input<typeof configSchema>;
type Parsed = z.output<typeof configSchema>;

/** The resolved, frozen configuration every component receives. Paths are absolute. */
export interface KeelConfig {
  readonly server: Parsed['server'];
  readonly dataDir: string;
  readonly database: { type: 'sqlite'; path: string } | { type: 'postgres'; url: string; poolSize: number };
  readonly artifacts: Exclude<Parsed['artifacts'], { type: 'fs' }> | { type: 'fs'; path: string };
  readonly kv: Parsed['kv'];
  readonly queue: { type: 'embedded' } | { type: 'postgres'; url: string };
  readonly nats: Parsed['nats'];
  readonly auth: Parsed['auth'];
  readonly log: Parsed['log'];
  readonly alerting: Parsed['alerting'];
  readonly retention: Parsed['retention'];
  /** With every `apiKey: "env:NAME"` replaced by the variable's value. */
  readonly gateway: GatewayConfig;
  /** The gateway section as written (references unresolved): what the gateway persists and shows. */
  readonly gatewaySource: GatewayConfig;
  /** Resolves `env:` references against the environment this config was loaded from (for configs edited at run time). */
  readonly resolveGatewaySecrets: (config: GatewayConfig) => GatewayConfig;
}
