import { Pool } from 'undici';
import { median } from './stats.js';
import { BenchError } from './types.js';

export interface TtfbTarget {
  url: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface TtfbStats {
  /** Median time from sending the request to the first body byte, ms. */
  ttfbMs: number;
  /** Median time to the end of the stream, ms. */
  totalMs: number;
  samples: number;
}

/**
 * Sequential streaming requests over one keep-alive connection, timing the
 * first body byte with performance.now(): one request at a time, so what is
 * measured is latency, not queueing.
 */
export async function measureTtfb(target: TtfbTarget, samples: number, warmup: number): Promise<TtfbStats> {
  const pool = new Pool(target.url, { connections: 1, pipelining: 1, keepAliveTimeout: 30_000 });
  const ttfb: number[] = [];
  const total: number[] = [];
  try {
    for (let i = 0; i < warmup + samples; i++) {
      const started = performance.now();
      const res = await pool.request({ method: 'POST', path: target.path, headers: target.headers, body: target.body, headersTimeout: 5_000, bodyTimeout: 5_000 });
      if (res.statusCode !== 200) throw new BenchError(`${target.url}${target.path} answered ${res.statusCode} to a stream: ${(await res.body.text()).slice(0, 200)}`);
      let first = 0;
      let text = '';
      for await (const chunk of res.body) {
        if (first === 0) first = performance.now();
        text += (chunk as Buffer).toString('utf8');
      }
      const done = performance.now();
      if (!text.includes('[DONE]')) throw new BenchError(`${target.url}${target.path}: the stream did not end with [DONE]`);
      if (i >= warmup) {
        ttfb.push(first - started);
        total.push(done - started);
      }
    }
  } finally {
    await pool.close();
  }
  return { ttfbMs: median(ttfb), totalMs: median(total), samples };
}
