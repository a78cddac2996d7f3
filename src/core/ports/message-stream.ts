/**
 * A durable message stream (NATS JetStream): subjects are persisted, consumers are
 * durable and acknowledge explicitly. A delivered message that is not acked within
 * `ackWaitMs` (the visibility timeout) is delivered again, to this or another consumer of
 * the same durable name, which is what makes processing at-least-once.
 */
export interface StreamMessage {
  readonly subject: string;
  readonly data: Uint8Array;
  /** Position in the stream: stable across redeliveries (a natural idempotency key). */
  readonly seq: number;
  /** 1 on the first delivery. */
  readonly deliveries: number;
  /** Resolves once the server has recorded the ack. */
  ack(): Promise<void>;
  /** Asks for redelivery after `delayMs` (at once when absent). */
  nak(delayMs?: number): void;
}

export interface ConsumeOptions {
  subject: string;
  /** Consumers sharing a durable name share the work and the acknowledgement state. */
  durable: string;
  ackWaitMs: number;
}

export interface StreamSubscription {
  /** Messages on the subject not yet delivered to this durable consumer (its lag). */
  pending(): Promise<number>;
  /** Stops taking messages; un-acked ones are redelivered after their ack wait. */
  stop(): Promise<void>;
  /** Settles when the subscription ends (stopped, or the connection closed). */
  readonly done: Promise<void>;
}

export interface PublishOptions {
  /** The server drops a second publish with the same id (within its dedupe window), so a redelivered input is answered once. */
  msgId?: string;
}

export interface MessageStream {
  readonly kind: 'nats';
  /** Makes sure each subject is persisted by some stream, creating one where none captures it. */
  ensureSubjects(subjects: readonly string[]): Promise<void>;
  /** Resolves once the message is persisted. */
  publish(subject: string, data: Uint8Array, opts?: PublishOptions): Promise<void>;
  /** Handles messages one at a time; the handler acks or naks each. */
  consume(opts: ConsumeOptions, handler: (msg: StreamMessage) => Promise<void>): Promise<StreamSubscription>;
  close(): Promise<void>;
}
