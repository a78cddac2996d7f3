import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NatsMessageStream } from '../../src/adapters/stream/nats-message-stream.js';
import { Keel, type StreamBinding } from '../../src/sdk/index.js';
import { buildMlpOnnx, mlpWeights } from '../fixtures/models/mlp-onnx.js';
import { deleteNatsStreams, natsUrl, randomName, requireNats } from '../integration/services.js';
import { chromiumAvailable, openKeelUi, type KeelUi } from '../support/browser.js';

// Stream bindings end to end: the built server runs against the real NATS, a binding started
// through the SDK answers records published to its subject, and the deployment page's Streams
// panel shows its counts and stops it after a confirmation.
const hasChromium = chromiumAvailable('deployment streams UI e2e');
const nats = await requireNats();
const enc = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));

describe.skipIf(!hasChromium || !nats.available)('the Streams panel on NATS', () => {
  let ui: KeelUi | undefined;
  let page: Page;
  let base = '';
  let errors: string[] = [];
  let keel: Keel;
  let stream: NatsMessageStream | undefined;
  let binding: StreamBinding;
  const input = `keel-ui-in.${randomName('t')}`;
  const output = `keel-ui-out.${randomName('t')}`;

  beforeAll(async () => {
    ui = await openKeelUi('keel-streams-ui-', { env: { KEEL_NATS_URL: natsUrl() } });
    ({ page, base, errors } = ui);
    keel = new Keel({ url: base });
    await keel.models.create({ name: 'mlp' });
    await keel.models.register('mlp', { data: buildMlpOnnx(mlpWeights(4, 8, 3, 5)) });
    await keel.deployments.deploy('streamer', { model: 'mlp@1' });
    binding = await keel.deployments.startStream('streamer', { input, output });
    stream = await NatsMessageStream.connect(natsUrl());
    for (let i = 0; i < 3; i++) await stream.publish(input, enc({ a: i, b: 1, c: 2, d: 3 }));
  });

  afterAll(async () => {
    await ui?.close();
    await stream?.close();
    if (!nats.available) return;
    await deleteNatsStreams([input, output, `${input}.dead`]);
  });

  it('lists the binding with its counts and stops it after confirmation', async () => {
    for (let i = 0; i < 100 && (await keel.deployments.streams('streamer'))[0]?.counts.answered !== 3; i++) await new Promise((r) => setTimeout(r, 50));
    await page.goto(`${base}/deployments/streamer`);
    const panel = page.getByRole('region', { name: 'Streams' });
    const row = panel.locator(`tr[data-binding="${binding.id}"]`);
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toMatch(new RegExp(`${input.replace(/\./g, '\\.')} → ${output.replace(/\./g, '\\.')}\\s+${input.replace(/\./g, '\\.')}\\.dead\\s+3\\s+0\\s+0`));

    await row.getByRole('button', { name: `Stop ${input}` }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.innerText()).toContain(binding.durable);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await keel.deployments.streams('streamer')).toHaveLength(1);

    await row.getByRole('button', { name: `Stop ${input}` }).click();
    await dialog.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => panel.getByRole('status').innerText(), { timeout: 10_000 }).toBe(`Stopped the binding on ${input}.`);
    // The notice shows as soon as the stop answers; the list follows with its reload.
    await expect.poll(() => panel.innerText(), { timeout: 10_000 }).toContain('No stream bindings run for streamer');
    expect(await keel.deployments.streams('streamer')).toEqual([]);
    expect(errors).toEqual([]);
  });
});
