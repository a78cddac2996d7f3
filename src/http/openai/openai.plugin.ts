import type { FastifyInstance } from 'fastify';
import type { AccessService } from '../../domains/access/index.js';
import type { GatewayService } from '../../domains/llm/index.js';
import { OpenApiRegistry, type OpenApiOperation } from '../openapi.js';
import type { RouteContext } from '../route.js';
import { registerChatCompletions } from './chat-completions.route.js';
import { registerEmbeddings } from './embeddings.route.js';
import { installOpenAiErrorHandler } from './openai-errors.js';
import { registerModels } from './models.route.js';

const PREFIX = '/v1';

/** Records operations in the server's document under the plugin's prefix. */
class PrefixedOpenApi extends OpenApiRegistry {
  constructor(private readonly into: OpenApiRegistry) {
    super();
  }

  override add(op: OpenApiOperation): void {
    this.into.add({ ...op, url: PREFIX + op.url });
  }
}

/**
 * The OpenAI-compatible face (`/v1`), an encapsulated fastify plugin: its error
 * handler answers OpenAI's `{error:{message,type,param,code}}` (which the
 * official SDKs parse) and its body limit is the gateway's, while Keel's own
 * routes keep their error shape and limits.
 */
export async function registerOpenAiFace(app: FastifyInstance, deps: { gateway: GatewayService; access: AccessService; openapi: OpenApiRegistry }): Promise<void> {
  await app.register(
    async (child) => {
      installOpenAiErrorHandler(child);
      const bodyLimit = deps.gateway.maxBodyBytes;
      child.addHook('onRoute', (route) => {
        route.bodyLimit = bodyLimit;
      });
      const ctx: RouteContext = { app: child, openapi: new PrefixedOpenApi(deps.openapi), access: deps.access };
      registerChatCompletions(ctx, deps.gateway);
      registerEmbeddings(ctx, deps.gateway);
      registerModels(ctx, deps.gateway);
    },
    { prefix: PREFIX },
  );
}
