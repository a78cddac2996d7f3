import { afterAll, beforeAll, describe, expect } from 'vitest';
import { MlflowRestClient } from '../http/mlflow-client.js';
import { mlflowRestScenario } from '../http/mlflow-scenario.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';
import { pgUrl, randomName, requirePostgres } from './services.js';

const pg = await requirePostgres();

/**
 * A whole database rather than a schema: with PostgreSQL configured, Keel also puts its job
 * queue there (pg-boss, in its own schema), and a fresh database keeps runs of this test apart.
 */
async function adminQuery(text: string): Promise<void> {
  const { default: pgDriver } = await import('pg');
  const client = new pgDriver.Client({ connectionString: pgUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

describe.skipIf(!pg.available)('MLflow REST 2.0 on PostgreSQL', () => {
  const database = randomName('keel_mlflow');
  let keel: TestKeel;

  beforeAll(async () => {
    await adminQuery(`create database ${database}`);
    const url = new URL(pgUrl());
    url.pathname = `/${database}`;
    keel = await startTestKeel({ KEEL_DATABASE_URL: url.toString() });
    expect(keel.config.database.type).toBe('postgres');
  });

  afterAll(async () => {
    await keel?.stop();
    await adminQuery(`drop database if exists ${database} with (force)`);
  });

  mlflowRestScenario(() => new MlflowRestClient(keel.url));
});
