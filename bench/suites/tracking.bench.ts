import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setImmediate as nextTick } from 'node:timers/promises';
import { Pool } from 'undici';
import { Keel } from '../../src/sdk/index.js';
import { machineInfo } from '../lib/machine.js';
import { spawnServer, REPO_ROOT, type RunningServer } from '../lib/spawn-server.js';
import { median } from '../lib/stats.js';
import { formatInt } from '../lib/table.js';
import { RawMetricsDb, type RawPoint } from '../lib/tracking-raw.js';
import { seedSearchRuns } from '../lib/tracking-seed.js';
import { BenchError, type BenchOptions, type GoalResult, type SuiteResult } from '../lib/types.js';

/**
 * `npm run bench tracking`: the four goals of experiment tracking (issue 3) plus chart
 * buckets, against the built server (`node bin/keel.js server`) on a fresh SQLite data
 * folder, with raw better-sqlite3 baselines in a separate database file.
 */
const KEEL_ENTRY = path.join(REPO_ROOT, 'dist', 'src', 'cli', 'index.js');
const SEARCH_RUNS = 100_000;
const HISTORY_POINTS = 100_000;
const BUCKET_POINTS = 1_000_000;
const SDK_POINTS = 1_000_000;
const KEYS = Array.from({ length: 10 }, (_, i) => `metric_${i}`);
const T0 = 1_764_000_000_000;

class Api {
  private readonly pool: Pool;
  constructor(readonly url: string) {
    this.pool = new Pool(url, { connections: 8 });
  }

  async call(method: 'GET' | 'POST', route: string, body?: string): Promise<string> {
    const res = await this.pool.request({ method, path: route, body, headers: body === undefined ? {} : { 'content-type': 'application/json' } });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new BenchError(`${method} ${route} answered ${res.statusCode}: ${text.slice(0, 300)}`);
    return text;
  }

  async json<T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
    return JSON.parse(await this.call(method, route, body === undefined ? undefined : JSON.stringify(body))) as T;
  }

  async newRun(experimentName: string): Promise<string> {
    return (await this.json<{ info: { runId: string } }>('POST', '/api/v1/runs', { experimentName })).info.runId;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** A log-batch body as the SDK sends it: one string, points of `keys` at consecutive steps. */
function batchJson(keys: readonly string[], firstStep: number, size: number): { json: string; points: RawPoint[] } {
  const points: RawPoint[] = [];
  const parts: string[] = [];
  for (let i = 0; i < size; i++) {
    const k = i % keys.length;
    const step = firstStep + Math.floor(i / keys.length);
    const value = Math.sin(step + k);
    points.push({ series: k + 1, step, timestamp: T0 + step, value });
    parts.push(`{"key":"${keys[k]}","value":${value},"timestamp":${T0 + step},"step":${step}}`);
  }
  return { json: `{"metrics":[${parts.join(',')}]}`, points };
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const out = await fn();
  return [performance.now() - started, out];
}

function goal(name: string, samples: number[], value: number, measured: string, target: string, pass: boolean): GoalResult {
  return { name, value, measured, goal: target, pass, samples };
}

const ms = (n: number): string => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

/** (a) 1000-metric log-batch over HTTP, one request at a time, vs one raw transaction of the same rows. */
async function logBatchGoal(api: Api, raw: RawMetricsDb, rounds: number, progress: (line: string) => void): Promise<GoalResult> {
  const runId = await api.newRun('bench-log-batch');
  const route = `/api/v1/runs/${runId}/batch`;
  let step = 0;
  const httpMs: number[] = [];
  const rawMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < 120; i++) {
      const { json, points } = batchJson(KEYS, (step += 100), 1000);
      const [t] = await timed(() => api.call('POST', route, json));
      const r = raw.timedInsert(points);
      // The first 20 of each round warm the JIT and the connection.
      if (i >= 20) {
        httpMs.push(t);
        rawMs.push(r);
      }
    }
    progress(`  log-batch round ${round + 1}: http ${ms(median(httpMs))}, raw ${ms(median(rawMs))}`);
  }
  const ratio = median(httpMs) / median(rawMs);
  return goal('(a) log-batch of 1000 metrics over HTTP vs raw better-sqlite3 transaction', httpMs, ratio, `${ratio.toFixed(2)}× (${ms(median(httpMs))} vs ${ms(median(rawMs))})`, '≤ 2×', ratio <= 2);
}

/** (b) The SDK's run handle: logMetric in a loop, until end() resolved (everything stored). */
async function sdkGoal(api: Api, rounds: number, progress: (line: string) => void): Promise<GoalResult> {
  const keel = new Keel({ url: api.url });
  const rates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const run = await keel.startRun({ experiment: 'bench-sdk', captureEnvironment: false, handleExit: false });
    const steps = SDK_POINTS / KEYS.length;
    const started = performance.now();
    for (let step = 0; step < steps; step++) {
      for (const key of KEYS) run.logMetric(key, step * 1e-6, step);
      // A training loop yields between steps now and then; that is when batches go out.
      if (step % 1000 === 999) await nextTick();
    }
    await run.end();
    const seconds = (performance.now() - started) / 1000;
    const buckets = await api.json<{ buckets: { count: number }[] }>('GET', `/api/v1/runs/${run.id}/metrics/history?key=${KEYS[0]}&maxPoints=10`);
    const stored = buckets.buckets.reduce((n, b) => n + b.count, 0);
    if (stored !== steps) throw new BenchError(`SDK run stored ${stored} points of ${KEYS[0]}, expected ${steps}`);
    rates.push(SDK_POINTS / seconds);
    progress(`  sdk round ${round + 1}: ${formatInt(SDK_POINTS / seconds)} points/s`);
  }
  const rate = median(rates);
  return goal('(b) SDK logMetric → stored, with batching (SQLite)', rates, rate, `${formatInt(rate)} points/s`, '≥ 1,000,000 points/s', rate >= 1_000_000);
}

/** Logs `points` points of one key through the API, four batches in flight. */
async function seedSeries(api: Api, runId: string, key: string, points: number): Promise<void> {
  const route = `/api/v1/runs/${runId}/batch`;
  const batches = Array.from({ length: points / 1000 }, (_, b) => b);
  const worker = async (): Promise<void> => {
    for (let b = batches.shift(); b !== undefined; b = batches.shift()) await api.call('POST', route, batchJson([key], b * 1000, 1000).json);
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

/** (c) A 100k-point history through the API (received and parsed) vs a raw SELECT into row objects. */
async function historyGoal(api: Api, raw: RawMetricsDb, rounds: number, progress: (line: string) => void): Promise<GoalResult> {
  const runId = await api.newRun('bench-history');
  await seedSeries(api, runId, 'h', HISTORY_POINTS);
  raw.timedInsert(Array.from({ length: HISTORY_POINTS }, (_, i) => ({ series: 1000, step: i, timestamp: T0 + i, value: Math.sin(i) })));
  const route = `/api/v1/runs/${runId}/metrics/history?key=h&maxResults=${HISTORY_POINTS}`;
  const apiMs: number[] = [];
  const rawMs: number[] = [];
  for (let i = 0; i < rounds * 3 + 1; i++) {
    const [t, body] = await timed(async () => JSON.parse(await api.call('GET', route)) as { metrics: unknown[] });
    if (body.metrics.length !== HISTORY_POINTS) throw new BenchError(`history returned ${body.metrics.length} points, expected ${HISTORY_POINTS}`);
    const [r, n] = raw.timedHistory(1000);
    if (n !== HISTORY_POINTS) throw new BenchError(`raw history returned ${n} rows`);
    if (i > 0) {
      apiMs.push(t);
      rawMs.push(r);
    }
  }
  progress(`  history: api ${ms(median(apiMs))}, raw ${ms(median(rawMs))}`);
  const ratio = median(apiMs) / median(rawMs);
  return goal('(c) metric history of 100k points via the API vs raw SELECT', apiMs, ratio, `${ratio.toFixed(2)}× (${ms(median(apiMs))} vs ${ms(median(rawMs))})`, '≤ 2×', ratio <= 2);
}

/** (d) Run search over 100k runs with a filter, default page (1000 runs), received and parsed. */
async function searchGoal(api: Api, experimentId: string, name: string, filter: string, rounds: number, progress: (line: string) => void): Promise<GoalResult> {
  const samples: number[] = [];
  let found = 0;
  for (let i = 0; i < rounds * 3 + 1; i++) {
    const [t, body] = await timed(() => api.json<{ runs: unknown[] }>('POST', '/api/v1/runs/search', { experimentIds: [experimentId], filter }));
    found = body.runs.length;
    if (i > 0) samples.push(t);
  }
  if (found === 0) throw new BenchError(`search "${filter}" found no runs`);
  progress(`  search "${filter}": ${ms(median(samples))} (${found} runs per page)`);
  const t = median(samples);
  return goal(name, samples, t, `${ms(t)} (${found} runs returned)`, '< 200 ms', t < 200);
}

/** Chart buckets: 1000 min/max/last buckets over a 1M-point series. */
async function bucketsGoal(api: Api, rounds: number, progress: (line: string) => void): Promise<GoalResult> {
  const runId = await api.newRun('bench-buckets');
  await seedSeries(api, runId, 'b', BUCKET_POINTS);
  const samples: number[] = [];
  for (let i = 0; i < rounds * 3 + 1; i++) {
    const [t, body] = await timed(() => api.json<{ buckets: { count: number }[] }>('GET', `/api/v1/runs/${runId}/metrics/history?key=b&maxPoints=1000`));
    const total = body.buckets.reduce((n, b) => n + b.count, 0);
    if (body.buckets.length !== 1000 || total !== BUCKET_POINTS) throw new BenchError(`buckets: ${body.buckets.length} buckets holding ${total} points`);
    if (i > 0) samples.push(t);
  }
  const t = median(samples);
  progress(`  buckets: ${ms(t)}`);
  return goal('buckets: 1000 over a 1M-point series', samples, t, ms(t), '< 100 ms', t < 100);
}

export async function trackingSuite(options: BenchOptions, progress: (line: string) => void): Promise<SuiteResult> {
  if (!existsSync(KEEL_ENTRY)) throw new BenchError(`the Keel server is not built (${path.relative(REPO_ROOT, KEEL_ENTRY)} is missing): run \`npm run build:server\` first`);
  const startedAt = new Date().toISOString();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'keel-bench-tracking-'));
  const rawDir = mkdtempSync(path.join(tmpdir(), 'keel-bench-raw-'));
  let server: RunningServer | undefined;
  let api: Api | undefined;
  const raw = new RawMetricsDb(rawDir);
  try {
    progress(`  seeding ${formatInt(SEARCH_RUNS)} runs…`);
    const seed = await seedSearchRuns(dataDir, SEARCH_RUNS);
    server = await spawnServer({
      name: 'keel',
      command: process.execPath,
      args: [path.join(REPO_ROOT, 'bin', 'keel.js'), 'server', '--port', '0', '--data', dataDir],
      // Request logs would cost the server a JSON line per batch; errors are still logged.
      env: { KEEL_LOG_LEVEL: 'warn' },
      readyTimeoutMs: 30_000,
    });
    api = new Api(server.url);
    const goals: GoalResult[] = [];
    goals.push(await logBatchGoal(api, raw, options.rounds, progress));
    goals.push(await sdkGoal(api, options.rounds, progress));
    goals.push(await historyGoal(api, raw, options.rounds, progress));
    goals.push(await searchGoal(api, seed.experimentId, '(d) search over 100k runs: metrics.acc > 0.5', 'metrics.acc > 0.5', options.rounds, progress));
    goals.push(await searchGoal(api, seed.experimentId, "(d) search over 100k runs: metrics.acc > 0.5 and params.lr = '3'", "metrics.acc > 0.5 and params.lr = '3'", options.rounds, progress));
    goals.push(await bucketsGoal(api, options.rounds, progress));
    if (!server.alive()) throw new BenchError('the keel server died during the suite');
    return {
      suite: 'tracking',
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: machineInfo(),
      options,
      cases: [],
      goals,
      notes: [
        'keel: built server, SQLite (WAL, synchronous=NORMAL) in a fresh temp folder, log level warn; client and server share the machine.',
        'raw: better-sqlite3 in its own file, same pragmas, a row per point (integer series id, covering history index), one prepared INSERT per row in one transaction; SELECT of the whole series with .all().',
        '(a), (c), (d), buckets: sequential requests, medians; API times include sending, receiving and JSON.parse of the response.',
        `(b): ${formatInt(SDK_POINTS)} points (${KEYS.length} keys), the loop yields every 1000 steps; timed from the first logMetric to end() resolved, stored count checked. The SDK sends columnar batches (POST /api/v1/runs/:id/metrics, base64 float64 columns, 50k points each).`,
      ],
    };
  } finally {
    raw.close();
    await api?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(rawDir, { recursive: true, force: true });
  }
}
