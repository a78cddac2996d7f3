export * from './system.schema.js';
export { SystemService, type Probe, type SystemServiceDeps } from './system.service.js';
export * from './retention/index.js';
