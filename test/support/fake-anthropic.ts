import type http from 'node:http';
import { lastUserText, startFakeServer, writeEvents, type FakeProvider, type SeenRequest } from './fake-provider-server.js';

/**
 * A loopback server speaking Anthropic's Messages API: x-api-key and
 * anthropic-version checked, JSON answers and the named SSE events
 * (message_start, content_block_start/delta/stop, ping, message_delta, message_stop).
 */
export function startFakeAnthropic(name: string, apiKey: string): Promise<FakeProvider> {
  return startFakeServer(name, (req, res, fake) => {
    if (req.headers['x-api-key'] !== apiKey || !req.headers['anthropic-version']) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }));
      return;
    }
    if (req.path !== '/v1/messages') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'no such path' } }));
      return;
    }
    return messages(req, res, fake);
  });
}

function event(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

function messages(req: SeenRequest, res: http.ServerResponse, fake: FakeProvider): Promise<void> | void {
  const body = req.body;
  if (typeof body.max_tokens !== 'number' || !Array.isArray(body.messages)) {
    res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } }));
    return;
  }
  const tools = body.tools as { name: string }[] | undefined;
  const tool = tools && tools.length > 0 && (body.tool_choice as { type?: string } | undefined)?.type !== 'none' ? tools[0] : undefined;
  const text = `${fake.name}: ${lastUserText(body)}`;
  const id = `msg_${fake.name}_${fake.seen.length}`;
  const model = String(body.model);
  if (body.stream === true) {
    const events = [event('message_start', { message: { id, type: 'message', role: 'assistant', content: [], model, stop_reason: null, stop_sequence: null, usage: { input_tokens: 13, output_tokens: 1 } } })];
    if (tool) {
      events.push(event('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 'toolu_fake1', name: tool.name, input: {} } }));
      for (const part of ['{"city": ', '"Paris"}']) events.push(event('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: part } }));
    } else {
      events.push(event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }), event('ping', {}));
      for (const w of text.split(/(?<= )/)) events.push(event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: w } }));
    }
    events.push(
      event('content_block_stop', { index: 0 }),
      event('message_delta', { delta: { stop_reason: tool ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: 9 } }),
      event('message_stop', {}),
    );
    return writeEvents(res, events, fake.behaviour.streamDelayMs ?? 0);
  }
  const content = tool ? [{ type: 'tool_use', id: 'toolu_fake1', name: tool.name, input: { city: 'Paris' } }] : [{ type: 'text', text }];
  res.writeHead(200, { 'content-type': 'application/json' }).end(
    JSON.stringify({ id, type: 'message', role: 'assistant', model, content, stop_reason: tool ? 'tool_use' : 'end_turn', stop_sequence: null, usage: { input_tokens: 13, output_tokens: 9 } }),
  );
}
