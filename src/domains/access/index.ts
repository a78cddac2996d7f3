export * from './access.schema.js';
export type { ApiKeyStore } from './access.store.js';
export { AccessService, hashSecret, type Principal } from './access.service.js';
