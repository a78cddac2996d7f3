import { openDatabase } from './database.js';
import { migrateToLatest } from './migrations/migrate.js';
import { runRetentionDeletesContract } from './retention-deletes.contract.js';

runRetentionDeletesContract('sqlite (in memory)', async () => {
  const database = await openDatabase({ type: 'sqlite', path: ':memory:' });
  await migrateToLatest(database);
  return { database, cleanup: () => database.close() };
});
