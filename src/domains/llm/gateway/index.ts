export { GatewayService, type GatewayServiceDeps, type GatewayConfigView, type ChatAnswer, type StreamSink, type GatewayLogger } from './gateway.service.js';
export type { GatewayConfigStore, StoredGatewayConfig } from './gateway-config.store.js';
export { GatewayError, type OpenAiErrorType } from './gateway-error.js';
export type { GatewayCall, GatewayHook, CallOutcome, AttemptRecord, ShortCircuit, CallKind } from './pipeline.js';
export type * from './openai-wire.js';
