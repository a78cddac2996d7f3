import autocannon from 'autocannon';
import { request } from 'undici';
import { LatencyRecorder } from './latency-recorder.js';
import { BenchError, type LoadStats } from './types.js';

export interface LoadTarget {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  expectedStatus?: number;
  /** Checked once before loading, so a wrong answer is never benchmarked as a fast one. */
  check?: (body: string) => string | undefined;
}

export interface LoadPlan {
  durationSec: number;
  connections: number;
}

/** One plain request with a timeout; throws a BenchError naming what was wrong. */
export async function preflight(target: LoadTarget, label: string): Promise<void> {
  const expected = target.expectedStatus ?? 200;
  let status: number;
  let text: string;
  try {
    const res = await request(target.url, {
      method: target.method ?? 'GET',
      headers: target.headers,
      body: target.body,
      headersTimeout: 5_000,
      bodyTimeout: 5_000,
    });
    status = res.statusCode;
    text = await res.body.text();
  } catch (err) {
    throw new BenchError(`${label}: cannot reach ${target.url}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (status !== expected) throw new BenchError(`${label}: ${target.url} answered ${status}, expected ${expected}: ${text.slice(0, 300)}`);
  const problem = target.check?.(text);
  if (problem) throw new BenchError(`${label}: ${target.url} answered a wrong body: ${problem}`);
}

/**
 * Runs autocannon for a fixed time. A hard deadline on top of autocannon's own duration stops it
 * if the server wedges, so a case can never hang the run.
 */
export function runLoad(target: LoadTarget, plan: LoadPlan): Promise<LoadStats> {
  const expected = target.expectedStatus ?? 200;
  return new Promise((resolve, reject) => {
    let settled = false;
    const latencies = new LatencyRecorder();
    const instance = autocannon(
      {
        url: target.url,
        method: target.method ?? 'GET',
        headers: target.headers,
        body: target.body,
        connections: plan.connections,
        duration: plan.durationSec,
        timeout: 5,
      },
      (err, result) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        if (err) {
          reject(new BenchError(`load against ${target.url} failed: ${err instanceof Error ? err.message : String(err)}`));
          return;
        }
        const okCount = result.statusCodeStats?.[`${expected}` as `${number}`]?.count ?? 0;
        const answered = Object.values(result.statusCodeStats ?? {}).reduce((sum, s) => sum + (s.count ?? 0), 0);
        const [p50, p99] = latencies.percentiles([50, 99]);
        resolve({
          reqPerSec: result.requests.average,
          p50Ms: p50 ?? Number.NaN,
          p99Ms: p99 ?? Number.NaN,
          bytesPerSec: result.throughput.average,
          requests: result.requests.total,
          failures: result.errors + result.timeouts + (answered - okCount),
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.record(responseTime));
    const deadline = setTimeout(() => {
      if (settled) return;
      settled = true;
      instance.stop();
      reject(new BenchError(`load against ${target.url} did not finish within ${plan.durationSec + 15} s`));
    }, (plan.durationSec + 15) * 1000);
  });
}

/** Warm-up (results discarded) then the measured run: JIT and connection pools settle first. */
export async function measure(target: LoadTarget, plan: LoadPlan & { warmupSec: number }): Promise<LoadStats> {
  if (plan.warmupSec > 0) await runLoad(target, { durationSec: plan.warmupSec, connections: plan.connections });
  return runLoad(target, plan);
}
