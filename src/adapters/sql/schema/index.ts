import type { AccessTables } from './access.tables.js';
import type { QueueTables } from './queue.tables.js';
import type { TrackingTables } from './tracking.tables.js';
import type { GatewayTables } from './gateway.tables.js';
import type { RegistryTables } from './registry.tables.js';
import type { ServingTables } from './serving.tables.js';
import type { GatewayUsageTables } from './gateway-usage.tables.js';
import type { ServingJobsTables } from './serving-jobs.tables.js';
import type { MonitoringTables } from './monitoring.tables.js';
import type { AlertingTables } from './alerting.tables.js';
import type { FeaturesTables } from './features.tables.js';
import type { DataTables } from './data.tables.js';
import type { TrainingTables } from './training.tables.js';
import type { TuningTables } from './tuning.tables.js';

export type { ApiKeysTable } from './access.tables.js';
export type { JobsTable, JobRowState } from './queue.tables.js';
export type * from './tracking.tables.js';
export type { GatewayConfigTable } from './gateway.tables.js';
export type * from './registry.tables.js';
export type * from './serving.tables.js';
export type * from './gateway-usage.tables.js';
export type * from './serving-jobs.tables.js';
export type * from './monitoring.tables.js';
export type * from './alerting.tables.js';
export type * from './features.tables.js';
export type * from './data.tables.js';
export type * from './training.tables.js';
export type * from './tuning.tables.js';

/** Every table Keel keeps in SQL; each domain contributes its own file. */
export interface DatabaseSchema extends AccessTables, QueueTables, TrackingTables, GatewayTables, RegistryTables, ServingTables, GatewayUsageTables, ServingJobsTables, MonitoringTables, AlertingTables, DataTables, FeaturesTables, TrainingTables, TuningTables {}
