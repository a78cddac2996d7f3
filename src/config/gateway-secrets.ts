import { AppError } from '../core/errors.js';
import { secretEnvName, type GatewayConfig } from '../core/gateway-config.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Replaces `apiKey: "env:NAME"` by the variable's value. Lives in src/config
 * because only this layer reads the environment; the gateway gets it as a
 * function for configs edited at run time. A missing variable is an error
 * naming the provider, never a silently empty key.
 */
export function resolveGatewaySecrets(config: GatewayConfig, env: Env = process.env): GatewayConfig {
  return {
    ...config,
    providers: config.providers.map((p, i) => {
      if (p.apiKey === undefined) return p;
      const name = secretEnvName(p.apiKey);
      if (name === undefined) return p;
      const value = env[name];
      if (value === undefined || value === '') {
        throw AppError.invalid(`gateway.providers.${i}.apiKey: environment variable ${name} (for provider '${p.name}') is not set`, [{ path: `providers.${i}.apiKey`, message: `${name} is not set` }]);
      }
      return { ...p, apiKey: value };
    }),
  };
}
