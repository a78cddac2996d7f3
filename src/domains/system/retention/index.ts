export * from './retention.schema.js';
export type { RetentionTargets } from './retention.store.js';
export { RetentionService, type RetentionServiceDeps, type RetentionLogger } from './retention.service.js';
