import { request } from 'undici';
import type { WebhookPoster } from '../../core/ports/webhook-poster.js';

/** Alert webhooks through undici's shared dispatcher (few, small, to many origins: no pool per origin). */
export const undiciWebhookPoster: WebhookPoster = {
  async post(url, body, headers, timeoutMs) {
    const res = await request(url, { method: 'POST', body, headers, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs) });
    await res.body.dump();
    return { status: res.statusCode };
  },
};
