export { undiciUpstreamClient } from './undici-upstream-client.js';
export { undiciWebhookPoster } from './undici-webhook-poster.js';
