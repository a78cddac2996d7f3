import type { EmbeddingRequest, GatewayService } from '../../domains/llm/index.js';
import { defineRoute, type RouteContext } from '../route.js';
import { abortOnDisconnect, HttpGatewayCall } from './http-gateway-call.js';
import { embeddingRequestSchema } from './openai-schemas.js';

export function registerEmbeddings(ctx: RouteContext, gateway: GatewayService): void {
  defineRoute(
    ctx,
    {
      method: 'POST',
      url: '/embeddings',
      scope: 'write',
      summary: 'OpenAI-compatible embeddings (encoding_format float or base64), routed by the gateway',
      tags: ['openai'],
      body: embeddingRequestSchema,
    },
    async ({ body, request, reply }) => gateway.embed(new HttpGatewayCall(request, 'embeddings', body as EmbeddingRequest, abortOnDisconnect(reply), reply)),
  );
}
