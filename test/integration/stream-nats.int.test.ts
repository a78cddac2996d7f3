/**
 * Streaming inference against the real NATS server: answers per input, poison messages to
 * the dead-letter subject, and redelivery after a consumer dies holding an un-acked message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteKvStore } from '../../src/adapters/kv/sqlite-kv-store.js';
import { NatsMessageStream } from '../../src/adapters/stream/nats-message-stream.js';
import type { StreamMessage, StreamSubscription } from '../../src/core/ports/message-stream.js';
import { StreamInferenceService, type DeadLetter, type StreamResult } from '../../src/domains/serving/index.js';
import { buildMlpOnnx, mlpForward, mlpWeights } from '../fixtures/models/mlp-onnx.js';
import { ADMIN, servingHarness, type ServingHarness } from '../support/serving-harness.js';
import { natsUrl, randomName, requireNats } from './services.js';

const nats = await requireNats();
const W = mlpWeights(4, 8, 3, 11);
const subjects: string[] = [];
/** A unique subject per test (and remembered, so its stream is deleted afterwards). */
const subject = (prefix: string): string => {
  const s = `${prefix}.${randomName('t')}`;
  subjects.push(s);
  return s;
};
const enc = (v: unknown): Uint8Array => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

/** Collects everything published on a subject, through its own durable consumer. */
async function collect<T>(stream: NatsMessageStream, subject: string): Promise<{ items: T[]; stop(): Promise<void>; waitFor(n: number): Promise<T[]> }> {
  const items: T[] = [];
  await stream.ensureSubjects([subject]);
  const sub: StreamSubscription = await stream.consume({ subject, durable: randomName('collect'), ackWaitMs: 5_000 }, async (m: StreamMessage) => {
    items.push(JSON.parse(new TextDecoder().decode(m.data)) as T);
    await m.ack();
  });
  return {
    items,
    stop: () => sub.stop(),
    waitFor: async (n) => {
      for (let i = 0; i < 200 && items.length < n; i++) await new Promise((r) => setTimeout(r, 50));
      return items;
    },
  };
}

describe.skipIf(!nats.available)('streaming inference on NATS JetStream', () => {
  let h: ServingHarness;
  let kv: SqliteKvStore;
  let stream: NatsMessageStream;
  let service: StreamInferenceService;

  beforeAll(async () => {
    h = await servingHarness();
    h.models.add('mlp', 1, buildMlpOnnx(W));
    await h.serving.deploy('streamer', { model: 'mlp@1', settings: { cacheTtlSec: 0 } }, ADMIN);
    kv = await SqliteKvStore.open(':memory:');
    stream = await NatsMessageStream.connect(natsUrl());
    service = new StreamInferenceService({ serving: h.serving, stream, kv, lagIntervalMs: 50 });
  });

  afterAll(async () => {
    await service?.close();
    if (nats.available) {
      const { connect } = await import('@nats-io/transport-node');
      const { jetstreamManager } = await import('@nats-io/jetstream');
      const nc = await connect({ servers: natsUrl() });
      const jsm = await jetstreamManager(nc);
      for (const s of subjects.flatMap((x) => [x, `${x}.dead`])) {
        const name = await jsm.streams.find(s).catch(() => null);
        if (name) await jsm.streams.delete(name).catch(() => undefined);
      }
      await nc.close();
    }
    await stream?.close();
    await kv?.close();
    await h?.close();
  });

  it('publishes one answer per input, matching the forward pass', async () => {
    const input = subject('keel-it-in');
    const output = subject('keel-it-out');
    await stream.ensureSubjects([input, output]);
    const results = await collect<StreamResult>(stream, output);
    const lags: number[] = [];
    const metered = new StreamInferenceService({ serving: h.serving, stream, kv, lagIntervalMs: 20, metrics: { message: () => undefined, lag: (_d, _i, n) => lags.push(n), forget: () => undefined } });
    const rows = Array.from({ length: 6 }, (_, i) => ({ a: i / 3, b: -i / 5, c: 0.5, d: i % 2 }));
    for (const r of rows) await stream.publish(input, enc(r));
    const binding = await metered.start('streamer', { input, output });
    const got = await results.waitFor(rows.length);
    expect(got).toHaveLength(rows.length);
    for (const res of got) {
      const row = rows[res.seq - 1] as { a: number; b: number; c: number; d: number };
      expect(res).toMatchObject({ model: 'mlp', version: 1 });
      const p = res.predictions[0]?.probabilities as number[];
      mlpForward(W, [row.a, row.b, row.c, row.d]).forEach((v, k) => expect(p[k]).toBeCloseTo(v, 5));
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(lags.at(-1)).toBe(0);
    expect(metered.list('streamer')[0]?.counts.answered).toBe(rows.length);
    await metered.stop('streamer', binding.id);
    await results.stop();
  });

  it('sends poison messages to the dead-letter subject after maxDeliver tries, answering the rest', async () => {
    const input = subject('keel-it-in');
    const output = subject('keel-it-out');
    const dead = subject('keel-it-dead');
    await stream.ensureSubjects([input, output, dead]);
    const results = await collect<StreamResult>(stream, output);
    const letters = await collect<DeadLetter>(stream, dead);
    await stream.publish(input, enc('{not json'));
    await stream.publish(input, enc({ a: 1, b: 2, c: 'three', d: 4 }));
    await stream.publish(input, enc({ a: 1, b: 2, c: 3, d: 4 }));
    const binding = await service.start('streamer', { input, output, deadLetter: dead, maxDeliver: 2 });
    const dl = await letters.waitFor(2);
    expect(dl.map((l) => l.seq).sort()).toEqual([1, 2]);
    expect(dl.every((l) => l.deliveries === 2)).toBe(true);
    expect(dl.find((l) => l.seq === 1)?.reason).toMatch(/not JSON/);
    expect(dl.find((l) => l.seq === 2)?.reason).toMatch(/instances\[0\]\.c is "three", not a number/);
    expect(dl.find((l) => l.seq === 1)?.data).toBe('{not json');
    expect((await results.waitFor(1)).map((r) => r.seq)).toEqual([3]);
    await service.stop('streamer', binding.id);
    await letters.stop();
    await results.stop();
  });

  it('redelivers a message whose consumer died before acking, and answers it once', async () => {
    const input = subject('keel-it-in');
    const output = subject('keel-it-out');
    const durable = randomName('durable');
    await stream.ensureSubjects([input, output]);
    const results = await collect<StreamResult>(stream, output);
    // The doomed consumer: its own connection, takes the message, never acks, then dies.
    const doomed = await NatsMessageStream.connect(natsUrl());
    let taken: StreamMessage | undefined;
    await doomed.consume({ subject: input, durable, ackWaitMs: 1_000 }, async (m) => {
      taken = m;
      await new Promise(() => undefined); // stuck, as a crashed process would be
    });
    await stream.publish(input, enc({ a: 0.1, b: 0.2, c: 0.3, d: 0.4 }));
    for (let i = 0; i < 100 && !taken; i++) await new Promise((r) => setTimeout(r, 20));
    expect(taken?.deliveries).toBe(1);
    await doomed.close();

    const binding = await service.start('streamer', { input, output, durable, ackWaitMs: 1_000 });
    const got = await results.waitFor(1);
    await new Promise((r) => setTimeout(r, 1_500)); // past another ack wait: an answered message must not come back
    expect(got).toHaveLength(1);
    expect(got[0]?.seq).toBe(1);
    expect(got[0]?.requestId).toMatch(/-1-2$/); // stream seq 1, second delivery
    const p = got[0]?.predictions[0]?.probabilities as number[];
    mlpForward(W, [0.1, 0.2, 0.3, 0.4]).forEach((v, k) => expect(p[k]).toBeCloseTo(v, 5));
    await service.stop('streamer', binding.id);
    await results.stop();
  });
});
