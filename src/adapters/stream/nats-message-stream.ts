/**
 * MessageStream on NATS JetStream. The client libraries are imported lazily, so nothing
 * of NATS loads unless `nats.url` is configured.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { AppError } from '../../core/errors.js';
import type { ConsumeOptions, MessageStream, PublishOptions, StreamMessage, StreamSubscription } from '../../core/ports/message-stream.js';

const NANOS_PER_MS = 1_000_000;

/** A stream name for a subject that no stream captures yet: `orders.in` → `KEEL_orders_in`. */
function streamNameFor(subject: string): string {
  return `KEEL_${subject.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 200);
}

function wrap(m: JsMsg): StreamMessage {
  return {
    subject: m.subject,
    data: m.data,
    seq: m.seq,
    deliveries: m.info.deliveryCount,
    ack: async () => {
      await m.ackAck();
    },
    nak: (delayMs) => m.nak(delayMs),
  };
}

export class NatsMessageStream implements MessageStream {
  readonly kind = 'nats' as const;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
  ) {}

  static async connect(url: string, opts: { name?: string } = {}): Promise<NatsMessageStream> {
    const [{ connect }, { jetstream, jetstreamManager }] = await Promise.all([import('@nats-io/transport-node'), import('@nats-io/jetstream')]);
    const nc = await connect({ servers: url, name: opts.name ?? 'keel', timeout: 5_000 }).catch((err: unknown) => {
      throw new AppError('UNAVAILABLE', `cannot reach NATS at ${url}: ${(err as Error).message}`, { cause: err });
    });
    try {
      return new NatsMessageStream(nc, jetstream(nc), await jetstreamManager(nc));
    } catch (err) {
      await nc.close();
      throw new AppError('UNAVAILABLE', `NATS at ${url} has no JetStream: ${(err as Error).message}`, { cause: err });
    }
  }

  async ensureSubjects(subjects: readonly string[]): Promise<void> {
    for (const subject of new Set(subjects)) {
      const found = await this.jsm.streams.find(subject).catch(() => null);
      if (found) continue;
      // A duplicate window lets publishers' msg ids dedupe answers to redelivered inputs.
      await this.jsm.streams.add({ name: streamNameFor(subject), subjects: [subject], duplicate_window: 120_000 * NANOS_PER_MS });
    }
  }

  async publish(subject: string, data: Uint8Array, opts: PublishOptions = {}): Promise<void> {
    await this.js.publish(subject, data, opts.msgId ? { msgID: opts.msgId } : undefined);
  }

  async consume(opts: ConsumeOptions, handler: (msg: StreamMessage) => Promise<void>): Promise<StreamSubscription> {
    const { AckPolicy, DeliverPolicy } = await import('@nats-io/jetstream');
    const stream = await this.jsm.streams.find(opts.subject).catch(() => {
      throw new AppError('FAILED_PRECONDITION', `no stream captures subject '${opts.subject}'`);
    });
    const config = { ack_wait: opts.ackWaitMs * NANOS_PER_MS, filter_subject: opts.subject, max_deliver: -1 };
    const existing = await this.jsm.consumers.info(stream, opts.durable).catch(() => null);
    if (existing) await this.jsm.consumers.update(stream, opts.durable, config);
    else await this.jsm.consumers.add(stream, { durable_name: opts.durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, ...config });
    const consumer = await this.js.consumers.get(stream, opts.durable);
    // A small prefetch: a crash leaves only these few for redelivery, and each waits little for its turn within its ack wait.
    const messages = await consumer.consume({ max_messages: 16 });
    const done = (async () => {
      for await (const m of messages) await handler(wrap(m));
    })();
    return {
      pending: async () => (await consumer.info()).num_pending,
      stop: async () => {
        await messages.close();
        await done.catch(() => undefined);
      },
      done,
    };
  }

  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.close();
  }
}
