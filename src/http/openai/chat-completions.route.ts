import type { ChatCompletionRequest, GatewayService } from '../../domains/llm/index.js';
import { defineRoute, type RouteContext } from '../route.js';
import { abortOnDisconnect, HttpGatewayCall } from './http-gateway-call.js';
import { parseChatBody } from './chat-body-parser.js';
import { chatCompletionRequestSchema } from './openai-schemas.js';
import { SseSink } from './sse-sink.js';

export function registerChatCompletions(ctx: RouteContext, gateway: GatewayService): void {
  defineRoute(
    ctx,
    {
      method: 'POST',
      url: '/chat/completions',
      scope: 'write',
      summary: 'OpenAI-compatible chat completion, routed by the gateway (SSE when stream is true)',
      tags: ['openai'],
      body: chatCompletionRequestSchema,
      parseBody: parseChatBody,
    },
    async ({ body, request, reply }) => {
      const call = new HttpGatewayCall(request, 'chat', body as ChatCompletionRequest, abortOnDisconnect(reply), reply);
      if (call.stream) {
        const sink = new SseSink(reply);
        try {
          await gateway.chatStream(call, sink, body.stream_options?.include_usage === true);
        } finally {
          // Before open() nothing was sent and an error still becomes a JSON answer.
          if (reply.sent) sink.end();
        }
        return undefined;
      }
      const answer = await gateway.chat(call);
      // The provider's own bytes when nothing had to change: no second JSON.stringify.
      reply.type('application/json');
      return answer.raw ?? JSON.stringify(answer.completion);
    },
  );
}
