export { openDatabase, type SqlDatabase, type DatabaseConfig, type PostgresPoolOptions } from './database.js';
export { migrateToLatest, type MigrationReport } from './migrations/migrate.js';
export { ApiKeySqlStore } from './access/api-key.sql-store.js';
export { TrackingSqlStore } from './tracking/tracking.sql-store.js';
export type { SqlDialect } from './dialect.js';
export type { DatabaseSchema } from './schema/index.js';
export { GatewayConfigSqlStore } from './gateway/gateway-config.sql-store.js';
export { RegistrySqlStore } from './registry/registry.sql-store.js';
export { ServingSqlStore } from './serving/serving.sql-store.js';
