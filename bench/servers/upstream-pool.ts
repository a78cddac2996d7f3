import { Pool, type Dispatcher } from 'undici';

/**
 * One keep-alive pool to the upstream, configured identically for every framework.
 * 128 connections is above the load's 50 so the pool never queues and adds no latency of its own.
 */
export function upstreamPool(upstream: string | undefined): Pool | undefined {
  return upstream ? new Pool(upstream, { connections: 128, pipelining: 1, keepAliveTimeout: 30_000 }) : undefined;
}

export function openUpstream(pool: Pool): Promise<Dispatcher.ResponseData> {
  return pool.request({ path: '/stream', method: 'GET', headersTimeout: 5_000, bodyTimeout: 5_000 });
}

export function contentType(res: Dispatcher.ResponseData): string {
  const value = res.headers['content-type'];
  return (Array.isArray(value) ? value[0] : value) ?? 'application/octet-stream';
}
