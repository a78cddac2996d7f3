import { SqliteKvStore } from '../../adapters/kv/index.js';
import { runOnlineFeaturesContract } from './online-features.contract.js';

runOnlineFeaturesContract('sqlite', async () => {
  const kv = await SqliteKvStore.open(':memory:');
  return { kv, cleanup: () => kv.close() };
});
