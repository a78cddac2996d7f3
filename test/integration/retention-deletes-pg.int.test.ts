import { describe } from 'vitest';
import { runRetentionDeletesContract } from '../../src/adapters/sql/retention-deletes.contract.js';
import { openPgSchemaDatabase, requirePostgres } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('retention deletes on PostgreSQL', () => {
  runRetentionDeletesContract('postgres', async () => {
    const { database, close } = await openPgSchemaDatabase({ poolSize: 3 });
    return { database, cleanup: close };
  });
});
