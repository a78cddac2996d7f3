import type http from 'node:http';
import { lastUserText, startFakeServer, writeEvents, type FakeProvider, type SeenRequest } from './fake-provider-server.js';

/**
 * A loopback server speaking OpenAI's wire protocol: /v1/chat/completions (JSON
 * and SSE with include_usage), tool calls, n, /v1/embeddings (float and base64).
 * Answers "<name>: <last user message>" so a test can tell which provider answered.
 */
export function startFakeOpenAi(name: string): Promise<FakeProvider> {
  return startFakeServer(name, (req, res, fake) => {
    if (req.path === '/v1/chat/completions') return chat(req, res, fake);
    if (req.path === '/v1/embeddings') return embeddings(req, res, fake);
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'no such path', type: 'invalid_request_error' } }));
  });
}

function reply(name: string, body: Record<string, unknown>): string {
  return `${name}: ${lastUserText(body)}`;
}

function wantsTool(body: Record<string, unknown>): { name: string } | undefined {
  const tools = body.tools as { function: { name: string } }[] | undefined;
  if (!tools || tools.length === 0 || body.tool_choice === 'none') return undefined;
  return { name: tools[0]?.function.name ?? 'tool' };
}

function usage(prompt: number, completion: number): Record<string, number> {
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function chat(req: SeenRequest, res: http.ServerResponse, fake: FakeProvider): Promise<void> | void {
  const body = req.body;
  if (!Array.isArray(body.messages)) {
    res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: "'messages' is required", type: 'invalid_request_error', param: 'messages', code: null } }));
    return;
  }
  const id = `chatcmpl-${fake.name}-${fake.seen.length}`;
  const model = String(body.model);
  const tool = wantsTool(body);
  const text = reply(fake.name, body);
  if (body.stream === true) {
    const base = { id, object: 'chat.completion.chunk', created: 1_700_000_000, model, system_fingerprint: 'fp_fake' };
    const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true && !fake.behaviour.omitUsage;
    const u = includeUsage ? { usage: null } : {};
    const events: string[] = [`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }], ...u })}\n\n`];
    if (tool) {
      events.push(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_fake1', type: 'function', function: { name: tool.name, arguments: '' } }] }, finish_reason: null }], ...u })}\n\n`);
      for (const part of ['{"city":', '"Paris"}']) events.push(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: part } }] }, finish_reason: null }], ...u })}\n\n`);
    } else {
      const pieces = fake.behaviour.streamPieces ?? 0;
      const words = pieces > 0 ? Array.from({ length: pieces }, (_, i) => `w${i} `) : text.split(/(?<= )/);
      for (const w of words) events.push(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: w }, finish_reason: null }], ...u })}\n\n`);
    }
    events.push(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: tool ? 'tool_calls' : 'stop' }], ...u })}\n\n`);
    if (includeUsage) events.push(`data: ${JSON.stringify({ ...base, choices: [], usage: usage(11, 7) })}\n\n`);
    events.push('data: [DONE]\n\n');
    return writeEvents(res, events, fake.behaviour.streamDelayMs ?? 0);
  }
  const n = typeof body.n === 'number' ? body.n : 1;
  const message = tool
    ? { role: 'assistant', content: null, tool_calls: [{ id: 'call_fake1', type: 'function', function: { name: tool.name, arguments: '{"city":"Paris"}' } }], refusal: null }
    : { role: 'assistant', content: text, refusal: null };
  const completion = {
    id,
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    system_fingerprint: 'fp_fake',
    choices: Array.from({ length: n }, (_, index) => ({ index, message, logprobs: null, finish_reason: tool ? 'tool_calls' : 'stop' })),
    ...(fake.behaviour.omitUsage ? {} : { usage: usage(11, 7) }),
  };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion));
}

/** Deterministic 8-dimensional vectors, so float and base64 answers can be compared. */
export function fakeVector(text: string): number[] {
  return Array.from({ length: 8 }, (_, i) => Math.fround(((text.length + 1) * (i + 1)) / 100));
}

/**
 * Bag-of-words vectors (each lower-cased word hashed into one of 256 counts),
 * served for embedding models named `bow-*`: prompts sharing most words are
 * close, so semantic-cache tests can pick near and far paraphrases.
 */
export function bagOfWordsVector(text: string): number[] {
  const v = new Array<number>(256).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9']+/g) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    const slot = (h >>> 0) % 256;
    v[slot] = (v[slot] ?? 0) + 1;
  }
  return v;
}

function embeddings(req: SeenRequest, res: http.ServerResponse, fake: FakeProvider): void {
  const input = req.body.input;
  const items = typeof input === 'string' ? [input] : (input as string[]);
  const base64 = req.body.encoding_format === 'base64';
  const vectorOf = String(req.body.model).startsWith('bow-') ? bagOfWordsVector : fakeVector;
  const data = items.map((text, index) => {
    const v = vectorOf(String(text));
    const buf = Buffer.alloc(v.length * 4);
    v.forEach((x, i) => buf.writeFloatLE(x, i * 4));
    return { object: 'embedding', index, embedding: base64 ? buf.toString('base64') : v };
  });
  res.writeHead(200, { 'content-type': 'application/json' }).end(
    JSON.stringify({ object: 'list', data, model: String(req.body.model), ...(fake.behaviour.omitUsage ? {} : { usage: { prompt_tokens: items.length * 3, total_tokens: items.length * 3 } }) }),
  );
}
