export { undiciUpstreamClient } from './undici-upstream-client.js';
