import { systemClock, type Clock } from '../../../core/clock.js';
import { AppError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import type { KvStore } from '../../../core/ports/kv-store.js';
import type { MessageStream, StreamMessage, StreamSubscription } from '../../../core/ports/message-stream.js';
import { parseInput } from '../../../core/validation.js';
import type { ServingService } from '../serving.service.js';
import { noStreamMetrics, type StreamMetrics } from './stream-metrics.js';
import { streamBindingSpecSchema, type DeadLetter, type StreamBinding, type StreamResult } from './stream.schema.js';

export interface StreamInferenceDeps {
  serving: ServingService;
  /** Absent when no NATS is configured: starting a binding then fails with FAILED_PRECONDITION. */
  stream?: MessageStream | undefined;
  /** Bindings are remembered here, so a restarted server resumes them. */
  kv: KvStore;
  clock?: Clock;
  metrics?: StreamMetrics;
  /** How often the lag gauge is refreshed. Default 5 s. */
  lagIntervalMs?: number;
  onBackgroundError?: (err: unknown) => void;
}

interface Running {
  binding: StreamBinding;
  subscription: StreamSubscription;
  timer: NodeJS.Timeout;
}

const KEY_PREFIX = 'serving:stream:';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A record is one instance `{column: value}` or a whole predict body `{instances: [...], key?}`. */
function toPredictBody(data: Uint8Array): unknown {
  const parsed: unknown = JSON.parse(decoder.decode(data));
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && 'instances' in parsed) return parsed;
  return { instances: [parsed] };
}

/**
 * Streaming inference: a binding consumes JSON records from a subject with a durable
 * consumer, predicts through the deployment (strategy, validation, prediction log), publishes
 * the answer and only then acks, so a crash between the two redelivers the input (at least
 * once; the answer's msg id, the input's stream sequence, lets the server drop a duplicate).
 * A message that fails `maxDeliver` times goes to the dead-letter subject with its reason.
 */
export class StreamInferenceService {
  private readonly running = new Map<string, Running>();
  private readonly clock: Clock;
  private readonly metrics: StreamMetrics;
  private readonly onError: (err: unknown) => void;

  constructor(private readonly deps: StreamInferenceDeps) {
    this.clock = deps.clock ?? systemClock;
    this.metrics = deps.metrics ?? noStreamMetrics;
    this.onError = deps.onBackgroundError ?? (() => undefined);
  }

  async start(deployment: string, body: unknown, opts: { persist?: boolean } = {}): Promise<StreamBinding> {
    const spec = parseInput(streamBindingSpecSchema, body);
    const stream = this.requireStream();
    await this.deps.serving.get(deployment);
    const binding: StreamBinding = {
      id: newId(),
      deployment,
      input: spec.input,
      output: spec.output,
      deadLetter: spec.deadLetter ?? `${spec.input}.dead`,
      maxDeliver: spec.maxDeliver,
      ackWaitMs: spec.ackWaitMs,
      durable: spec.durable ?? `keel-${deployment}-${spec.input}`.replace(/[^A-Za-z0-9_-]/g, '_'),
      startedAt: this.clock.now(),
      counts: { answered: 0, retried: 0, deadLettered: 0 },
    };
    await this.run(stream, binding);
    if (opts.persist !== false) await this.deps.kv.set(`${KEY_PREFIX}${binding.id}`, JSON.stringify(binding));
    return binding;
  }

  list(deployment?: string): StreamBinding[] {
    return [...this.running.values()].map((r) => r.binding).filter((b) => deployment === undefined || b.deployment === deployment);
  }

  /** Stops a binding; messages in hand and not yet acked are redelivered to whoever consumes next. */
  async stop(deployment: string, id: string): Promise<void> {
    const r = this.running.get(id);
    if (!r || r.binding.deployment !== deployment) throw AppError.notFound('stream binding', `${deployment}/${id}`);
    await this.halt(r);
    await this.deps.kv.delete(`${KEY_PREFIX}${id}`);
  }

  /** Resumes the bindings stored by earlier runs (server start); none when NATS is not configured. */
  async restoreAll(): Promise<void> {
    const stream = this.deps.stream;
    if (!stream) return;
    for await (const key of this.deps.kv.scan(KEY_PREFIX)) {
      const raw = await this.deps.kv.get(key);
      if (raw === null) continue;
      const binding = JSON.parse(raw) as StreamBinding;
      await this.run(stream, { ...binding, counts: { answered: 0, retried: 0, deadLettered: 0 } }).catch((err: unknown) => this.onError(err));
    }
  }

  /** Stops every binding in this process (they stay stored, to resume at the next start). */
  async close(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => this.halt(r)));
  }

  /* ---------- internals ---------- */

  private requireStream(): MessageStream {
    if (!this.deps.stream) throw new AppError('FAILED_PRECONDITION', 'streaming inference needs NATS: set nats.url (KEEL_NATS_URL)');
    return this.deps.stream;
  }

  private async run(stream: MessageStream, binding: StreamBinding): Promise<void> {
    await stream.ensureSubjects([binding.input, binding.output, binding.deadLetter]);
    const subscription = await stream.consume({ subject: binding.input, durable: binding.durable, ackWaitMs: binding.ackWaitMs }, (msg) => this.handle(stream, binding, msg));
    const timer = setInterval(() => {
      subscription.pending().then((n) => this.metrics.lag(binding.deployment, binding.input, n), (err: unknown) => this.onError(err));
    }, this.deps.lagIntervalMs ?? 5_000);
    timer.unref();
    this.running.set(binding.id, { binding, subscription, timer });
    subscription.done.catch((err: unknown) => this.onError(err));
  }

  private async halt(r: Running): Promise<void> {
    clearInterval(r.timer);
    this.running.delete(r.binding.id);
    await r.subscription.stop();
    this.metrics.forget(r.binding.deployment, r.binding.input);
  }

  private async handle(stream: MessageStream, binding: StreamBinding, msg: StreamMessage): Promise<void> {
    let result: StreamResult;
    try {
      const requestId = `stream-${binding.id}-${msg.seq}-${msg.deliveries}`;
      const answer = await this.deps.serving.predict(binding.deployment, toPredictBody(msg.data), { requestId });
      result = { requestId, seq: msg.seq, model: answer.model, version: answer.version, arm: answer.arm, predictions: answer.predictions };
    } catch (err) {
      return this.reject(stream, binding, msg, err);
    }
    try {
      await stream.publish(binding.output, encoder.encode(JSON.stringify(result)), { msgId: `${binding.durable}-${msg.seq}` });
      await msg.ack();
      binding.counts.answered++;
      this.metrics.message(binding.deployment, binding.input, 'answered');
    } catch (err) {
      // Not answered (or not acked): the input comes back after a pause, and is answered then.
      this.onError(err);
      msg.nak(1_000);
    }
  }

  private async reject(stream: MessageStream, binding: StreamBinding, msg: StreamMessage, err: unknown): Promise<void> {
    const reason = err instanceof SyntaxError ? `not JSON: ${err.message}` : err instanceof Error ? err.message : String(err);
    if (msg.deliveries < binding.maxDeliver) {
      binding.counts.retried++;
      this.metrics.message(binding.deployment, binding.input, 'retried');
      // Backs off with each delivery, so a briefly missing model is not hammered.
      msg.nak(Math.min(200 * 2 ** (msg.deliveries - 1), 30_000));
      return;
    }
    const letter: DeadLetter = { subject: msg.subject, seq: msg.seq, deliveries: msg.deliveries, reason, data: decoder.decode(msg.data) };
    try {
      await stream.publish(binding.deadLetter, encoder.encode(JSON.stringify(letter)), { msgId: `${binding.durable}-dead-${msg.seq}` });
      await msg.ack();
      binding.counts.deadLettered++;
      this.metrics.message(binding.deployment, binding.input, 'dead-lettered');
    } catch (publishErr) {
      this.onError(publishErr);
      msg.nak(1_000);
    }
  }
}
