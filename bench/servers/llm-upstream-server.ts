import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { announce } from './server-args.js';

/**
 * A loopback "LLM provider" answering every chat completion with the same
 * completion: the fastest possible upstream, so what the benchmark measures is
 * the proxy in front of it. Bodies are built once; a request is only read
 * (to find `"stream":true`), never parsed.
 */
const COMPLETION = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-4o-mini',
    system_fingerprint: 'fp_bench',
    choices: [{ index: 0, message: { role: 'assistant', content: 'The quick brown fox jumps over the lazy dog.', refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 14, completion_tokens: 10, total_tokens: 24 },
  }),
);

const CHUNK_BASE = { id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'gpt-4o-mini', system_fingerprint: 'fp_bench' };
const WORDS = 'The quick brown fox jumps over the lazy dog.'.split(/(?<= )/);
const STREAM_EVENTS = [
  { ...CHUNK_BASE, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }], usage: null },
  ...WORDS.map((w) => ({ ...CHUNK_BASE, choices: [{ index: 0, delta: { content: w }, finish_reason: null }], usage: null })),
  { ...CHUNK_BASE, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: null },
  { ...CHUNK_BASE, choices: [], usage: { prompt_tokens: 14, completion_tokens: 10, total_tokens: 24 } },
].map((e) => Buffer.from(`data: ${JSON.stringify(e)}\n\n`));
const DONE = Buffer.from('data: [DONE]\n\n');

const STREAM_FLAG = Buffer.from('"stream":true');

/** Like a provider, the first token goes out at once and the rest follow on later ticks. */
function stream(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let i = 0;
  const next = (): void => {
    if (res.destroyed) return;
    if (i < STREAM_EVENTS.length) {
      res.write(STREAM_EVENTS[i++]);
      setImmediate(next);
    } else res.end(DONE);
  };
  next();
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found","type":"invalid_request_error"}}');
      return;
    }
    const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    if (body.includes(STREAM_FLAG)) return stream(res);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': COMPLETION.length }).end(COMPLETION);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => announce('llm-upstream', (server.address() as AddressInfo).port));
