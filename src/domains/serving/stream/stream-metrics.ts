/** The streaming side of the serving metrics port; src/http turns it into Prometheus series. */
export type StreamOutcome = 'answered' | 'retried' | 'dead-lettered';

export interface StreamMetrics {
  message(deployment: string, input: string, outcome: StreamOutcome): void;
  /** Messages waiting for the binding's durable consumer. */
  lag(deployment: string, input: string, pending: number): void;
  /** The binding stopped: its series are removed. */
  forget(deployment: string, input: string): void;
}

export const noStreamMetrics: StreamMetrics = { message: () => undefined, lag: () => undefined, forget: () => undefined };
