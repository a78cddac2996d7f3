/**
 * Server-sent events on raw bytes. Events end with a blank line (`\n\n`, or
 * `\r\n\r\n` from some servers); the splitter hands out each complete event as
 * offsets into the buffer it was found in, so a pass-through relay can forward
 * the provider's bytes without copying or re-encoding them.
 */
const LF2 = Buffer.from('\n\n');
const CRLF2 = Buffer.from('\r\n\r\n');

/** Index just past the blank line ending the event that starts at `from`; -1 if incomplete. */
export function eventEnd(buf: Buffer, from: number): number {
  const lf = buf.indexOf(LF2, from);
  const crlf = buf.indexOf(CRLF2, from);
  if (lf < 0) return crlf < 0 ? -1 : crlf + 4;
  if (crlf < 0 || lf < crlf) return lf + 2;
  return crlf + 4;
}

/** One parsed event: `event:` name (if any) and its `data:` lines joined with `\n`. */
export interface SseEvent {
  event: string | undefined;
  data: string;
}

export function parseEvent(text: string): SseEvent | undefined {
  let event: string | undefined;
  let data: string | undefined;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.startsWith('data:')) {
      const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
      data = data === undefined ? value : `${data}\n${value}`;
    } else if (line.startsWith('event:')) {
      event = line.slice(6).trim();
    }
  }
  return data === undefined ? undefined : { event, data };
}

/** Carries a partial event between chunks; yields complete events as text. */
export class SseTextReader {
  private rest: Buffer | undefined;

  /** Every complete event in `chunk` (plus what was left from before). */
  push(chunk: Uint8Array): SseEvent[] {
    const incoming = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const buf = this.rest ? Buffer.concat([this.rest, incoming]) : incoming;
    const events: SseEvent[] = [];
    let pos = 0;
    for (let end = eventEnd(buf, pos); end >= 0; end = eventEnd(buf, pos)) {
      const parsed = parseEvent(buf.toString('utf8', pos, end));
      if (parsed) events.push(parsed);
      pos = end;
    }
    this.rest = pos < buf.length ? Buffer.from(buf.subarray(pos)) : undefined;
    return events;
  }
}

export const DONE_EVENT = 'data: [DONE]\n\n';

export function dataEvent(json: string): string {
  return `data: ${json}\n\n`;
}
