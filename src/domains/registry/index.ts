export * from './registry.schema.js';
export type * from './registry.api.js';
export type * from './registry.store.js';
export * from './gate/index.js';
export { RegistryService, type RegistryDeps } from './registry.service.js';
export { gateApplies } from './promotion.js';
