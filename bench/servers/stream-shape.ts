/** The upstream stream of the proxy case: SSE-like events, as an LLM provider streams tokens. */
export const STREAM_EVENTS = 64;
export const EVENT_BYTES = 1024;
export const STREAM_BYTES = STREAM_EVENTS * EVENT_BYTES;

/** Builds the events once; the upstream must not spend its CPU formatting them per request. */
export function streamEvents(): Buffer[] {
  return Array.from({ length: STREAM_EVENTS }, (_, i) => {
    const head = `data: {"i":${i},"pad":"`;
    const tail = '"}\n\n';
    return Buffer.from(head + 'x'.repeat(EVENT_BYTES - head.length - tail.length) + tail);
  });
}
