import type { AccessTables } from './access.tables.js';
import type { QueueTables } from './queue.tables.js';
import type { TrackingTables } from './tracking.tables.js';

export type { ApiKeysTable } from './access.tables.js';
export type { JobsTable, JobRowState } from './queue.tables.js';
export type * from './tracking.tables.js';

/** Every table Keel keeps in SQL; each domain contributes its own file. */
export interface DatabaseSchema extends AccessTables, QueueTables, TrackingTables {}
