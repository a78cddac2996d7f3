export { ResponseCacheHook, CACHE_RESULT_HEADER, CACHE_RESULT_LOCAL, type CacheResult, type ResponseCacheDeps } from './response-cache.hook.js';
export { CACHE_CONTROL_HEADER, parseCacheControl, type CacheControl } from './cache-control.js';
export { exactCacheKey, semanticKey, canonicalJson } from './cache-key.js';
