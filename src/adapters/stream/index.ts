import type { KeelConfig } from '../../config/index.js';
import type { MessageStream } from '../../core/ports/message-stream.js';

export type { NatsMessageStream } from './nats-message-stream.js';

/** The configured stream, or undefined when `nats.url` is not set (streaming inference is then unavailable). */
export async function createMessageStream(cfg: KeelConfig['nats']): Promise<MessageStream | undefined> {
  if (!cfg.url) return undefined;
  const { NatsMessageStream } = await import('./nats-message-stream.js');
  return NatsMessageStream.connect(cfg.url);
}
