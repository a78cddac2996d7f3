import { Counter, Gauge, type Registry } from 'prom-client';
import type { StreamMetrics, StreamOutcome } from '../domains/serving/index.js';

/** Streaming inference on prom-client: labels are deployment and input subject (bindings are few). */
export class PromStreamMetrics implements StreamMetrics {
  private readonly messages: Counter<'deployment' | 'subject' | 'outcome'>;
  private readonly pending: Gauge<'deployment' | 'subject'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.messages = new Counter({ name: 'keel_stream_messages_total', help: 'Stream messages by deployment, input subject and outcome (answered, retried, dead-lettered)', labelNames: ['deployment', 'subject', 'outcome'], registers });
    this.pending = new Gauge({ name: 'keel_stream_lag_messages', help: 'Messages on the input subject not yet delivered to the binding (consumer lag)', labelNames: ['deployment', 'subject'], registers });
  }

  message(deployment: string, subject: string, outcome: StreamOutcome): void {
    this.messages.inc({ deployment, subject, outcome });
  }

  lag(deployment: string, subject: string, pending: number): void {
    this.pending.set({ deployment, subject }, pending);
  }

  forget(deployment: string, subject: string): void {
    this.pending.remove({ deployment, subject });
  }
}
