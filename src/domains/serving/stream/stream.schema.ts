import { z } from 'zod';

/** NATS subject tokens: no spaces or wildcards for publishing subjects. */
const subjectSchema = z.string().min(1).max(255).regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'must be a NATS subject (dot-separated tokens, no wildcards)');

export const streamBindingSpecSchema = z.strictObject({
  input: subjectSchema,
  output: subjectSchema,
  /** Where messages go after `maxDeliver` failed deliveries; default `<input>.dead`. */
  deadLetter: subjectSchema.optional(),
  maxDeliver: z.number().int().min(1).max(100).default(3),
  /** The visibility timeout: an un-acked message is delivered again after it. */
  ackWaitMs: z.number().int().min(100).max(3_600_000).default(30_000),
  /** Durable consumer name; bindings with the same one share the work. Default `keel-<deployment>-<input>`. */
  durable: z.string().min(1).max(200).regex(/^[A-Za-z0-9_-]+$/).optional(),
});
export type StreamBindingSpec = z.input<typeof streamBindingSpecSchema>;

export interface StreamBinding {
  id: string;
  deployment: string;
  input: string;
  output: string;
  deadLetter: string;
  maxDeliver: number;
  ackWaitMs: number;
  durable: string;
  startedAt: number;
  counts: { answered: number; retried: number; deadLettered: number };
}

/** What a result message carries, one per input message. */
export interface StreamResult {
  requestId: string;
  seq: number;
  model: string;
  version: number;
  arm: string;
  predictions: Record<string, unknown>[];
}

/** What a dead letter carries: the original bytes (as text) and why it failed. */
export interface DeadLetter {
  subject: string;
  seq: number;
  deliveries: number;
  reason: string;
  data: string;
}
