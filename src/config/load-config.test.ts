import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'keel-config-'));
}

describe('loadConfig', () => {
  it('gives embedded defaults under ./.keel on 127.0.0.1:4200', () => {
    const cwd = tmp();
    const c = loadConfig({ env: {}, cwd });
    expect(c.server).toMatchObject({ host: '127.0.0.1', port: 4200 });
    expect(c.dataDir).toBe(join(cwd, '.keel'));
    expect(c.database).toEqual({ type: 'sqlite', path: join(cwd, '.keel', 'keel.db') });
    expect(c.artifacts).toEqual({ type: 'fs', path: join(cwd, '.keel', 'artifacts') });
    expect(c.kv).toEqual({ type: 'sqlite' });
    expect(c.queue).toEqual({ type: 'embedded' });
    expect(Object.isFrozen(c.server)).toBe(true);
  });

  it('layers defaults < config file < environment < flags', () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'keel.config.json'), JSON.stringify({ server: { port: 5000, host: '127.0.0.2' }, dataDir: 'from-file', log: { level: 'warn' } }));
    const c = loadConfig({ env: { KEEL_PORT: '6000', KEEL_DATA_DIR: 'from-env' }, cwd, flags: { server: { port: 7000 } } });
    expect(c.server.port).toBe(7000);
    expect(c.server.host).toBe('127.0.0.2');
    expect(c.dataDir).toBe(join(cwd, 'from-env'));
    expect(c.log.level).toBe('warn');
  });

  it('reads YAML files and --config over KEEL_CONFIG', () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'a.yaml'), 'server:\n  port: 4300\n');
    writeFileSync(join(cwd, 'b.yaml'), 'server:\n  port: 4400\n');
    expect(loadConfig({ env: { KEEL_CONFIG: 'a.yaml' }, cwd }).server.port).toBe(4300);
    expect(loadConfig({ env: { KEEL_CONFIG: 'a.yaml' }, cwd, file: 'b.yaml' }).server.port).toBe(4400);
  });

  it('maps engine URLs to typed engine configs', () => {
    const c = loadConfig({
      env: {
        KEEL_DATABASE_URL: 'postgres://u@127.0.0.1:5432/keel',
        KEEL_ARTIFACTS: 's3://models/prod/keel/',
        KEEL_S3_ENDPOINT: 'http://127.0.0.1:9000',
        KEEL_REDIS_URL: 'redis://127.0.0.1:6379/2',
        KEEL_NATS_URL: 'nats://127.0.0.1:4222',
        KEEL_API_KEYS: 'aaaaaaaaaaaaaaaaaaaa:read, bbbbbbbbbbbbbbbbbbbb',
      },
      cwd: tmp(),
    });
    expect(c.database).toEqual({ type: 'postgres', url: 'postgres://u@127.0.0.1:5432/keel', poolSize: 10 });
    expect(c.artifacts).toMatchObject({ type: 's3', bucket: 'models', prefix: 'prod/keel', endpoint: 'http://127.0.0.1:9000' });
    expect(c.kv).toEqual({ type: 'redis', url: 'redis://127.0.0.1:6379/2', keyPrefix: 'keel:' });
    // Workers on other machines share jobs through PostgreSQL when the database is PostgreSQL.
    expect(c.queue).toEqual({ type: 'postgres', url: 'postgres://u@127.0.0.1:5432/keel' });
    expect(c.auth.apiKeys).toEqual([
      { key: 'aaaaaaaaaaaaaaaaaaaa', scope: 'read' },
      { key: 'bbbbbbbbbbbbbbbbbbbb', scope: 'admin' },
    ]);
  });

  it('names the bad setting and where it came from', () => {
    const cwd = tmp();
    expect(() => loadConfig({ env: { KEEL_PORT: 'eighty' }, cwd })).toThrow(/server\.port: .*\[from KEEL_PORT\]/);
    expect(() => loadConfig({ env: {}, cwd, flags: { server: { port: 70000 } } })).toThrow(/server\.port: .*\[from command-line flag\]/);
    expect(() => loadConfig({ env: { KEEL_DATABASE_URL: 'mysql://x' }, cwd })).toThrow(/database\.type: .*\[from KEEL_DATABASE_URL\]/);
    expect(() => loadConfig({ env: { KEEL_API_KEYS: 'short:read' }, cwd })).toThrow(/auth\.apiKeys\.0\.key: .*16 characters/);
    expect(() => loadConfig({ env: { KEEL_API_KEYS: 'aaaaaaaaaaaaaaaaaaaa:root' }, cwd })).toThrow(/auth\.apiKeys\.0\.scope/);
  });

  it('keeps every log forever unless a retention period is set', () => {
    const c = loadConfig({ env: {}, cwd: tmp() });
    expect(c.retention).toEqual({ sweepIntervalMs: 3_600_000 });
  });

  it('reads retention periods from the environment and the config file', () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'keel.config.json'), JSON.stringify({ retention: { alertHistoryDays: 90, sweepIntervalMs: 600_000 } }));
    const c = loadConfig({ env: { KEEL_RETENTION_PREDICTION_LOG_DAYS: '30', KEEL_RETENTION_GATEWAY_REQUEST_DAYS: ' 400 ' }, cwd });
    expect(c.retention).toEqual({ predictionLogDays: 30, gatewayRequestDays: 400, alertHistoryDays: 90, sweepIntervalMs: 600_000 });
  });

  it('names a bad retention setting', () => {
    const cwd = tmp();
    expect(() => loadConfig({ env: { KEEL_RETENTION_PREDICTION_LOG_DAYS: 'a month' }, cwd })).toThrow(/retention\.predictionLogDays: .*\[from KEEL_RETENTION_PREDICTION_LOG_DAYS\]/);
    expect(() => loadConfig({ env: { KEEL_RETENTION_GATEWAY_REQUEST_DAYS: '0' }, cwd })).toThrow(/retention\.gatewayRequestDays: must be at least 1 day/);
    expect(() => loadConfig({ env: { KEEL_RETENTION_ALERT_HISTORY_DAYS: '1.5' }, cwd })).toThrow(/retention\.alertHistoryDays: must be a whole number of days/);
    expect(() => loadConfig({ env: {}, cwd, flags: { retention: { sweepIntervalMs: 5 } } })).toThrow(/retention\.sweepIntervalMs: .*\[from command-line flag\]/);
    expect(() => loadConfig({ env: {}, cwd, flags: { retention: { predictionLogDay: 3 } } })).toThrow(/retention \(predictionLogDay\)/);
  });

  it('rejects unknown settings instead of ignoring a typo', () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'keel.config.json'), JSON.stringify({ sever: { port: 1 }, database: { type: 'sqlite', pth: 'x' } }));
    let message = '';
    try {
      loadConfig({ env: {}, cwd });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/\(root\) \(sever\)/);
    expect(message).toMatch(/database \(pth\)/);
    expect(message).toMatch(/keel\.config\.json/);
  });

  it('reports an unreadable or malformed file', () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'keel.config.json'), '{ nope');
    expect(() => loadConfig({ env: {}, cwd })).toThrow(/not valid JSON/);
    expect(() => loadConfig({ env: {}, cwd, file: 'missing.yaml' })).toThrow(/cannot read config file/);
  });
});
