export { loadConfig, ConfigError, type LoadConfigOptions } from './load-config.js';
export { keelVersion, webRoot } from './package-info.js';
export { childEnv } from './child-env.js';
export { configSchema, type KeelConfig, type ConfigInput } from './config.schema.js';
export { resolveGatewaySecrets } from './gateway-secrets.js';
