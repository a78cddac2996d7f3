import type { ConfigInput } from './config.schema.js';

/** A partial config plus, for each dotted path it sets, the name of the variable that set it. */
export interface ConfigLayer {
  values: Record<string, unknown>;
  origins: Map<string, string>;
}

type Env = Readonly<Record<string, string | undefined>>;

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
}

/** `123` → 123; anything else stays a string so the schema can say what is wrong with it. */
function numberish(raw: string): number | string {
  const trimmed = raw.trim();
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : raw;
}

export function parseDatabaseUrl(raw: string): ConfigInput['database'] {
  if (/^postgres(ql)?:\/\//.test(raw)) return { type: 'postgres', url: raw };
  if (raw.startsWith('sqlite:')) return { type: 'sqlite', path: raw.slice('sqlite:'.length).replace(/^\/\//, '') };
  if (/^[a-z]+:\/\//i.test(raw)) return { type: raw.split(':')[0] } as never; // the schema names the bad type
  return { type: 'sqlite', path: raw };
}

export function parseArtifactsUrl(raw: string): ConfigInput['artifacts'] {
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(raw);
  if (s3) return { type: 's3', bucket: s3[1] as string, prefix: (s3[2] ?? '').replace(/\/+$/, '') };
  if (raw.startsWith('file://')) return { type: 'fs', path: raw.slice('file://'.length) };
  if (/^[a-z0-9]+:\/\//i.test(raw)) return { type: raw.split(':')[0] } as never;
  return { type: 'fs', path: raw };
}

/** KEEL_API_KEYS="k1:read,k2" → [{key:k1,scope:read},{key:k2}] */
export function parseApiKeys(raw: string): unknown[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const i = item.lastIndexOf(':');
      return i > 0 ? { key: item.slice(0, i), scope: item.slice(i + 1) } : { key: item };
    });
}

/** A JSON array of arguments (`["keel","run","train.py"]`), or words split on whitespace. */
export function parseCommand(raw: string): unknown {
  if (raw.trim().startsWith('[')) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  return raw.trim().split(/\s+/);
}

/** Reads the KEEL_* variables (and the standard AWS credential ones) into a config layer. */
export function envLayer(env: Env): ConfigLayer {
  const values: Record<string, unknown> = {};
  const origins = new Map<string, string>();
  const put = (name: string, path: string, value: unknown): void => {
    setPath(values, path, value);
    origins.set(path, name);
  };
  const get = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v === '' ? undefined : v;
  };

  const simple: [string, string, (s: string) => unknown][] = [
    ['KEEL_HOST', 'server.host', (s) => s],
    ['KEEL_PORT', 'server.port', numberish],
    ['KEEL_DATA_DIR', 'dataDir', (s) => s],
    ['KEEL_NATS_URL', 'nats.url', (s) => s],
    ['KEEL_LOG_LEVEL', 'log.level', (s) => s],
    ['KEEL_API_KEYS', 'auth.apiKeys', parseApiKeys],
    ['KEEL_ALERTING_INTERVAL_MS', 'alerting.evaluationIntervalMs', numberish],
    ['KEEL_ALERTING_RETRAIN_COMMAND', 'alerting.retrainCommand', parseCommand],
    ['KEEL_EXTERNAL_URL', 'alerting.externalUrl', (s) => s],
    ['KEEL_RETENTION_PREDICTION_LOG_DAYS', 'retention.predictionLogDays', numberish],
    ['KEEL_RETENTION_GATEWAY_REQUEST_DAYS', 'retention.gatewayRequestDays', numberish],
    ['KEEL_RETENTION_ALERT_HISTORY_DAYS', 'retention.alertHistoryDays', numberish],
    ['KEEL_RETENTION_SWEEP_INTERVAL_MS', 'retention.sweepIntervalMs', numberish],
  ];
  for (const [name, path, convert] of simple) {
    const v = get(name);
    if (v !== undefined) put(name, path, convert(v));
  }
  const db = get('KEEL_DATABASE_URL');
  if (db !== undefined) put('KEEL_DATABASE_URL', 'database', parseDatabaseUrl(db));
  const redis = get('KEEL_REDIS_URL');
  if (redis !== undefined) put('KEEL_REDIS_URL', 'kv', { type: 'redis', url: redis });
  const artifacts = get('KEEL_ARTIFACTS');
  if (artifacts !== undefined) {
    const parsed = parseArtifactsUrl(artifacts) as Record<string, unknown>;
    if (parsed.type === 's3') {
      const s3Env: [string, string][] = [
        ['KEEL_S3_ENDPOINT', 'endpoint'],
        ['KEEL_S3_REGION', 'region'],
        ['KEEL_S3_ACCESS_KEY_ID', 'accessKeyId'],
        ['KEEL_S3_SECRET_ACCESS_KEY', 'secretAccessKey'],
        ['AWS_REGION', 'region'],
        ['AWS_ACCESS_KEY_ID', 'accessKeyId'],
        ['AWS_SECRET_ACCESS_KEY', 'secretAccessKey'],
      ];
      for (const [name, field] of s3Env) {
        const v = get(name);
        if (v !== undefined && parsed[field] === undefined) {
          parsed[field] = v;
          origins.set(`artifacts.${field}`, name);
        }
      }
    }
    put('KEEL_ARTIFACTS', 'artifacts', parsed);
  }
  return { values, origins };
}
