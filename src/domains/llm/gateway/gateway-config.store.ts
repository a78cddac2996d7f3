import type { GatewayConfig } from '../../../core/gateway-config.js';

export interface StoredGatewayConfig {
  /** As written by the admin: `env:NAME` references unresolved, inline keys as given. */
  config: GatewayConfig;
  updatedAt: number;
  /** Increments with each save. */
  version: number;
}

/** Storage port for the gateway config edited at run time (it outlives restarts). */
export interface GatewayConfigStore {
  load(): Promise<StoredGatewayConfig | null>;
  /** Saves and returns the new version. */
  save(config: GatewayConfig, at: number): Promise<number>;
  /** Forgets the stored config, so the file config applies again. */
  clear(): Promise<void>;
}
