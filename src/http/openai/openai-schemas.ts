import { z } from 'zod';

/**
 * Request bodies of the OpenAI face. Loose objects: fields the gateway does
 * not know pass through to the provider, as OpenAI adds parameters often;
 * the fields it does read are checked so a bad one is a 400 naming it.
 */
const role = z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']);
const contentPart = z.looseObject({ type: z.string().min(1), text: z.string().optional() });
const toolCall = z.looseObject({ id: z.string(), type: z.literal('function'), function: z.looseObject({ name: z.string(), arguments: z.string() }) });

const message = z
  .looseObject({
    role,
    content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
    name: z.string().optional(),
    tool_calls: z.array(toolCall).optional(),
    tool_call_id: z.string().optional(),
  })
  .superRefine((m, ctx) => {
    if (m.role === 'tool' && !m.tool_call_id) ctx.addIssue({ code: 'custom', path: ['tool_call_id'], message: "messages with role 'tool' need tool_call_id" });
    if ((m.role === 'user' || m.role === 'system' || m.role === 'developer') && (m.content === undefined || m.content === null)) {
      ctx.addIssue({ code: 'custom', path: ['content'], message: `messages with role '${m.role}' need content` });
    }
  });

const tool = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({ name: z.string().min(1).max(64), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional() }),
});

const nullableInt = (min: number, max: number) => z.number().int().min(min).max(max).nullish();

export const chatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1).max(512),
  messages: z.array(message).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  tools: z.array(tool).optional(),
  tool_choice: z.union([z.enum(['none', 'auto', 'required']), z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) })]).optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: z.looseObject({ type: z.enum(['text', 'json_object', 'json_schema']) }).optional(),
  n: nullableInt(1, 128),
  stop: z.union([z.string(), z.array(z.string()).max(4), z.null()]).optional(),
  seed: z.number().int().nullish(),
  max_tokens: nullableInt(1, 10_000_000),
  max_completion_tokens: nullableInt(1, 10_000_000),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  user: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

const tokens = z.array(z.number().int().nonnegative());
export const embeddingRequestSchema = z.looseObject({
  model: z.string().min(1).max(512),
  input: z.union([z.string(), z.array(z.string()).min(1).max(2048), tokens.min(1), z.array(tokens.min(1)).min(1).max(2048)]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().positive().optional(),
  user: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

export const modelParams = z.strictObject({ model: z.string().min(1).max(512) });
