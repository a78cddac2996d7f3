import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { configSchema, type KeelConfig } from './config.schema.js';
import { envLayer, type ConfigLayer } from './env-source.js';
import { resolveGatewaySecrets } from './gateway-secrets.js';
import { AppError } from '../core/errors.js';
import type { GatewayConfig } from '../core/gateway-config.js';

/** Thrown when settings are invalid; the message names each bad setting and where it came from. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface LoadConfigOptions {
  /** Explicit config file (`--config`); wins over KEEL_CONFIG and the files in `cwd`. */
  file?: string | undefined;
  /** CLI flags already shaped as a partial config (e.g. `{server:{port:5000}}`). */
  flags?: Record<string, unknown>;
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
}

const DEFAULT_FILES = ['keel.config.json', 'keel.config.yaml', 'keel.config.yml'];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Later layers win; objects merge key by key, except an engine block whose `type` changes, which is replaced. */
function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const prev = out[key];
    const typeChanged = isPlainObject(prev) && isPlainObject(value) && 'type' in value && value.type !== prev.type;
    out[key] = isPlainObject(prev) && isPlainObject(value) && !typeChanged ? merge(prev, value) : value;
  }
  return out;
}

function flattenPaths(value: unknown, prefix: string, into: Map<string, string>, origin: string): void {
  if (prefix) into.set(prefix, origin);
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) flattenPaths(v, prefix ? `${prefix}.${k}` : k, into, origin);
  }
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`);
  }
  if (data === null || data === undefined) return {};
  if (!isPlainObject(data)) throw new ConfigError(`config file ${path} must hold an object at its top level`);
  return data;
}

function findConfigFile(opts: LoadConfigOptions, cwd: string): string | undefined {
  const explicit = opts.file ?? opts.env?.KEEL_CONFIG;
  if (explicit) return resolve(cwd, explicit);
  return DEFAULT_FILES.map((f) => resolve(cwd, f)).find((f) => existsSync(f));
}

/**
 * Builds the configuration from defaults < config file < environment < CLI flags,
 * validates it once, resolves relative paths against `cwd` and freezes the result.
 */
export function loadConfig(opts: LoadConfigOptions = {}): KeelConfig {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const file = findConfigFile({ ...opts, env }, cwd);
  const layers: ConfigLayer[] = [];
  if (file) {
    const values = readConfigFile(file);
    const origins = new Map<string, string>();
    flattenPaths(values, '', origins, `config file ${file}`);
    layers.push({ values, origins });
  }
  layers.push(envLayer(env));
  if (opts.flags) {
    const origins = new Map<string, string>();
    flattenPaths(opts.flags, '', origins, 'command-line flag');
    layers.push({ values: opts.flags, origins });
  }

  const raw = layers.reduce<Record<string, unknown>>((acc, layer) => merge(acc, layer.values), {});
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      const origin = originOf(path, layers) ?? 'defaults';
      const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
      return `  - ${path || '(root)'}${keys}: ${issue.message} [from ${origin}]`;
    });
    throw new ConfigError(`invalid Keel configuration:\n${lines.join('\n')}`);
  }
  return resolveConfig(result.data, cwd, env);
}

function originOf(path: string, layers: ConfigLayer[]): string | undefined {
  for (const layer of [...layers].reverse()) {
    for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
      const origin = layer.origins.get(p);
      if (origin) return origin;
    }
  }
  return undefined;
}

function resolveConfig(parsed: ReturnType<typeof configSchema.parse>, cwd: string, env: Readonly<Record<string, string | undefined>>): KeelConfig {
  const dataDir = isAbsolute(parsed.dataDir) ? parsed.dataDir : resolve(cwd, parsed.dataDir);
  const inData = (p: string | undefined, fallback: string): string => (p ? resolve(cwd, p) : resolve(dataDir, fallback));
  const database =
    parsed.database.type === 'sqlite' ? { type: 'sqlite' as const, path: parsed.database.path === ':memory:' ? ':memory:' : inData(parsed.database.path, 'keel.db') } : parsed.database;
  const artifacts = parsed.artifacts.type === 'fs' ? { type: 'fs' as const, path: inData(parsed.artifacts.path, 'artifacts') } : parsed.artifacts;
  let queue: KeelConfig['queue'];
  if (parsed.queue?.type === 'postgres') {
    const url = parsed.queue.url ?? (database.type === 'postgres' ? database.url : undefined);
    if (!url) throw new ConfigError('invalid Keel configuration:\n  - queue.url: required when queue.type is postgres and the database is not PostgreSQL');
    queue = { type: 'postgres', url };
  } else if (parsed.queue?.type === 'embedded' || database.type === 'sqlite') {
    queue = { type: 'embedded' };
  } else {
    queue = { type: 'postgres', url: database.url };
  }
  let gateway: KeelConfig['gateway'];
  try {
    gateway = resolveGatewaySecrets(parsed.gateway, env);
  } catch (err) {
    if (err instanceof AppError) throw new ConfigError(`invalid Keel configuration:\n  - ${err.message}`);
    throw err;
  }
  const resolveSecrets = (c: GatewayConfig): GatewayConfig => resolveGatewaySecrets(c, env);
  return deepFreeze({ ...parsed, dataDir, database, artifacts, queue, gateway, gatewaySource: parsed.gateway, resolveGatewaySecrets: resolveSecrets });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
