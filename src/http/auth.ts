import type { FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.js';
import type { AccessService, ApiKeyScope, Principal } from '../domains/access/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** `Authorization: Bearer <key>`; also `x-api-key`, which some MLflow and OpenAI clients send. */
function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!match) throw new AppError('UNAUTHENTICATED', 'the Authorization header must be "Bearer <api key>"');
    return match[1];
  }
  const alt = request.headers['x-api-key'];
  return typeof alt === 'string' && alt ? alt : undefined;
}

/** Lets the request through when auth is off; otherwise needs a key with at least `scope`. */
export async function authorizeRequest(access: AccessService, request: FastifyRequest, scope: ApiKeyScope): Promise<void> {
  if (!(await access.authEnabled())) return;
  const secret = bearer(request);
  if (!secret) throw new AppError('UNAUTHENTICATED', 'this server requires an API key: send "Authorization: Bearer <key>"');
  const principal = await access.authenticate(secret);
  access.authorize(principal, scope);
  request.principal = principal;
}
