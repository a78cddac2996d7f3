/**
 * Stream bindings through the SDK on a real server wired to the real NATS: start one,
 * see its counts rise as records are answered, stop it, and see it gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NatsMessageStream } from '../../src/adapters/stream/nats-message-stream.js';
import { Keel } from '../../src/sdk/index.js';
import { buildMlpOnnx, mlpWeights } from '../fixtures/models/mlp-onnx.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';
import { deleteNatsStreams, natsUrl, randomName, requireNats } from './services.js';

const nats = await requireNats();
const enc = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));

describe.skipIf(!nats.available)('keel.deployments stream bindings (SDK) on NATS', () => {
  let keel: TestKeel;
  let sdk: Keel;
  let stream: NatsMessageStream;
  const input = `keel-sdk-in.${randomName('t')}`;
  const output = `keel-sdk-out.${randomName('t')}`;

  beforeAll(async () => {
    keel = await startTestKeel({ KEEL_NATS_URL: natsUrl() });
    sdk = new Keel({ url: keel.url });
    await sdk.models.create({ name: 'mlp' });
    await sdk.models.register('mlp', { data: buildMlpOnnx(mlpWeights(4, 8, 3, 3)) });
    await sdk.deployments.deploy('streamer', { model: 'mlp@1' });
    stream = await NatsMessageStream.connect(natsUrl());
  });

  afterAll(async () => {
    await keel?.stop();
    await stream?.close();
    if (nats.available) await deleteNatsStreams([input, output, `${input}.dead`]);
  });

  it('starts a binding, counts its answers, lists and stops it', async () => {
    const binding = await sdk.deployments.startStream('streamer', { input, output });
    expect(binding).toMatchObject({ deployment: 'streamer', input, output, deadLetter: `${input}.dead`, counts: { answered: 0 } });
    for (let i = 0; i < 4; i++) await stream.publish(input, enc({ a: i, b: 1, c: 2, d: 3 }));
    let listed = await sdk.deployments.streams('streamer');
    for (let i = 0; i < 100 && listed[0]?.counts.answered !== 4; i++) {
      await new Promise((r) => setTimeout(r, 50));
      listed = await sdk.deployments.streams('streamer');
    }
    expect(listed.map((b) => [b.id, b.counts.answered])).toEqual([[binding.id, 4]]);
    await expect(sdk.deployments.stopStream('other', binding.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await sdk.deployments.stopStream('streamer', binding.id);
    expect(await sdk.deployments.streams('streamer')).toEqual([]);
    await expect(sdk.deployments.stopStream('streamer', binding.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
