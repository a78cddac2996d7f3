import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { parseInput } from '../core/validation.js';
import type { AccessService, ApiKeyScope } from '../domains/access/index.js';
import { authorizeRequest } from './auth.js';
import type { OpenApiRegistry } from './openapi.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<B, Q, P> {
  method: Method;
  url: string;
  /** `public` routes skip auth (health probes); the others need a key of this scope once auth is on. */
  scope: ApiKeyScope | 'public';
  summary: string;
  tags: string[];
  body?: B;
  query?: Q;
  params?: P;
  response?: z.ZodType;
  /**
   * Parses the body instead of `body.parse` on a hot route (the schema still documents it).
   * It must accept and reject exactly what the schema does, with the same INVALID_ARGUMENT.
   */
  parseBody?: (value: unknown) => Out<B>;
  /** Default 200 (201 is common for creation). */
  status?: number;
  /** Bytes this route's body may have, when it differs from the server-wide limit. */
  bodyLimit?: number;
}

export interface RouteInput<B, Q, P> {
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** What every route module receives. */
export interface RouteContext {
  app: FastifyInstance;
  openapi: OpenApiRegistry;
  access: AccessService;
}

/**
 * Defines a route once: auth scope, zod validation of params/query/body (a
 * failure is a 400 naming the field), and its OpenAPI entry from the same schemas.
 * A handler returning `undefined` sends 204.
 */
export function defineRoute<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, P extends z.ZodType | undefined = undefined>(
  ctx: RouteContext,
  spec: RouteSpec<B, Q, P>,
  handler: (input: RouteInput<B, Q, P>) => Promise<unknown> | unknown,
): void {
  const successStatus = spec.status ?? 200;
  ctx.openapi.add({ ...spec, successStatus });
  ctx.app.route({
    method: spec.method,
    url: spec.url,
    ...(spec.bodyLimit === undefined ? {} : { bodyLimit: spec.bodyLimit }),
    handler: async (request, reply) => {
      if (spec.scope !== 'public') await authorizeRequest(ctx.access, request, spec.scope);
      const params = (spec.params ? parseInput(spec.params, request.params, 'path') : undefined) as Out<P>;
      const query = (spec.query ? parseInput(spec.query, request.query, 'query') : undefined) as Out<Q>;
      const body = (spec.parseBody ? spec.parseBody(request.body) : spec.body ? parseInput(spec.body, request.body, 'body') : undefined) as Out<B>;
      const result = await handler({ body, query, params, request, reply });
      if (reply.sent) return reply;
      if (result === undefined) return reply.status(204).send();
      return reply.status(successStatus).send(result);
    },
  });
}
