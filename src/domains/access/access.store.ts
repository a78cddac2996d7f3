import type { ApiKey } from './access.schema.js';

/** Storage port for API keys. Secrets never reach the store: only their sha256. */
export interface ApiKeyStore {
  /** ALREADY_EXISTS when the id or hash is taken. */
  insert(key: ApiKey & { hash: string }): Promise<void>;
  findByHash(hash: string): Promise<ApiKey | null>;
  findById(id: string): Promise<ApiKey | null>;
  /** Newest first, revoked ones included. */
  list(): Promise<ApiKey[]>;
  /** False when no active key has this id. */
  revoke(id: string, at: number): Promise<boolean>;
  countActive(): Promise<number>;
}
