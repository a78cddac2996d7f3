import { randomBytes, randomUUID } from 'node:crypto';

/** Opaque ids: 32 lowercase hex chars, the shape MLflow uses for run ids. */
export function newId(): string {
  return randomUUID().replaceAll('-', '');
}

/** A url-safe random token (for secrets such as API keys). */
export function newToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
