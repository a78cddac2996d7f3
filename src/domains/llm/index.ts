export * from './gateway/index.js';
export * from './cache/index.js';
