export * from './system.schema.js';
export { SystemService, type Probe, type SystemServiceDeps } from './system.service.js';
