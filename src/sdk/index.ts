export { Keel, type KeelOptions } from './client.js';
export { HttpTransport, type TransportOptions, type RequestOptions } from './transport.js';
export { AppError, ERROR_CODES, type ErrorCode, type ErrorDetails } from '../core/errors.js';
export type { Health, Readiness, ServerStatus } from '../domains/system/system.schema.js';
export type { ApiKey, ApiKeyScope, CreatedApiKey, CreateApiKeyInput } from '../domains/access/access.schema.js';
