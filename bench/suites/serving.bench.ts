import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { Pool } from 'undici';
import { buildDeepMlpOnnx, buildMlpOnnx, deepMlpForward, deepMlpWeights, mlpForward, mlpWeights } from '../../test/fixtures/models/mlp-onnx.js';
import { LatencyRecorder } from '../lib/latency-recorder.js';
import { runLoad } from '../lib/load.js';
import { processCpuUs } from '../lib/process-cpu.js';
import { machineInfo } from '../lib/machine.js';
import { REPO_ROOT, spawnServer, type RunningServer } from '../lib/spawn-server.js';
import { median } from '../lib/stats.js';
import { formatInt } from '../lib/table.js';
import { BenchError, type BenchOptions, type CaseResult, type GoalResult, type LoadStats, type SuiteResult } from '../lib/types.js';

/**
 * `npm run bench serving` (issue 5), two models with fixed weights, one server, one run:
 *
 * - the tiny 4→16→3 MLP (`session.run` ~8 µs): raw `session.run` in this process vs OIP `infer`
 *   over HTTP against a Keel server in its own process (one request at a time, keep-alive), the
 *   server-overhead goal; and req/s at 64 connections with and without adaptive batching, shown
 *   for context only: the server's own per-request work (~70 µs) dwarfs this model's run, and
 *   batching amortises the model's cost, not the server's.
 * - a model-dominated 64→1024→1024→1024→10 MLP (single-row `session.run` a few hundred µs):
 *   raw `session.run` at batch 1 and at the merged batch size the server actually formed, and
 *   req/s at 64 connections with and without adaptive batching, where the ≥ 4× goal is checked.
 *
 * The cache is off in every deployment: every request runs the model. After each batched load,
 * 64 concurrent requests with distinct rows must each get their own row's probabilities (JS
 * forward pass), so a batch cut at the wrong offsets fails the run.
 */
const KEEL_ENTRY = path.join(REPO_ROOT, 'dist', 'src', 'cli', 'index.js');
const SEQUENTIAL = 4000;
const WARMUP = 500;
const CONNECTIONS = 64;
/** Batching settings of both batched deployments, tuned for 64 connections (docs/serving.md). */
const BATCHING = { maxBatchSize: 64, maxLatencyMs: 2 };

interface BenchModel {
  /** Registry model and deployment base name. */
  name: string;
  label: string;
  bytes: Uint8Array;
  inputs: number;
  row: number[];
  forward(row: readonly number[]): number[];
}

const TINY_W = mlpWeights(4, 16, 3, 42);
const TINY: BenchModel = { name: 'mlp', label: '4→16→3 MLP', bytes: buildMlpOnnx(TINY_W), inputs: 4, row: [0.5, -1.25, 2, 0.75], forward: (r) => mlpForward(TINY_W, r) };
const DEEP_SIZES = [64, 1024, 1024, 1024, 10];
const DEEP_W = deepMlpWeights(DEEP_SIZES, 7);
/** Rows of two-decimal values, float32-rounded so the JS pass sees exactly what the model does. */
const rowOf = (n: number, seed: number): number[] => Array.from({ length: n }, (_, i) => Math.fround(Math.round(Math.sin(seed * 7.1 + i * 0.7) * 150) / 100));
const DEEP: BenchModel = { name: 'deep', label: `${DEEP_SIZES.join('→')} MLP`, bytes: buildDeepMlpOnnx(DEEP_W), inputs: DEEP_SIZES[0] as number, row: rowOf(DEEP_SIZES[0] as number, 0), forward: (r) => deepMlpForward(DEEP_W, r) };

const bodyOf = (m: BenchModel, row: readonly number[]): string => JSON.stringify({ inputs: [{ name: 'x', shape: [1, m.inputs], datatype: 'FP32', data: row }] });
const sessionOptions = { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' } as const;

const ms = (n: number): string => `${n.toFixed(3)} ms`;

/** Rows of a batch in one input tensor; the first row checked against the JS pass. */
async function rawSessionRun(m: BenchModel, batch: number, rounds: number, sequential = SEQUENTIAL): Promise<{ p50: number[]; p99: number[] }> {
  // The same session options as Keel's ONNX adapter, so the comparison isolates the server's work.
  const session = await ort.InferenceSession.create(m.bytes, sessionOptions);
  const data = new Float32Array(batch * m.inputs);
  for (let b = 0; b < batch; b++) data.set(b === 0 ? m.row : rowOf(m.inputs, b), b * m.inputs);
  const input = new ort.Tensor('float32', data, [batch, m.inputs]);
  const out = (await session.run({ x: input })).probabilities?.data as Float32Array;
  const expected = m.forward(m.row);
  if (!expected.every((p, k) => Math.abs(p - (out[k] ?? NaN)) < 1e-5)) throw new BenchError(`raw session.run answered ${Array.from(out).join(', ')}, expected ${expected.join(', ')}`);
  const p50: number[] = [];
  const p99: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const rec = new LatencyRecorder();
    for (let i = 0; i < WARMUP + sequential; i++) {
      const t = performance.now();
      await session.run({ x: input });
      if (i >= WARMUP) rec.record(performance.now() - t);
    }
    const [a, b] = rec.percentiles([50, 99]);
    p50.push(a as number);
    p99.push(b as number);
  }
  await session.release();
  return { p50, p99 };
}

async function httpInfer(url: string, route: string, body: string, rounds: number): Promise<{ p50: number[]; p99: number[] }> {
  const pool = new Pool(url, { connections: 1 });
  const p50: number[] = [];
  const p99: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const rec = new LatencyRecorder();
      for (let i = 0; i < WARMUP + SEQUENTIAL; i++) {
        const t = performance.now();
        const res = await pool.request({ method: 'POST', path: route, body, headers: { 'content-type': 'application/json' } });
        const text = await res.body.text();
        if (res.statusCode !== 200) throw new BenchError(`${route} answered ${res.statusCode}: ${text.slice(0, 300)}`);
        if (i >= WARMUP) rec.record(performance.now() - t);
      }
      const [a, b] = rec.percentiles([50, 99]);
      p50.push(a as number);
      p99.push(b as number);
    }
  } finally {
    await pool.close();
  }
  return { p50, p99 };
}

async function call(url: string, method: string, route: string, body: unknown, contentType = 'application/json'): Promise<unknown> {
  const pool = new Pool(url);
  try {
    const res = await pool.request({ method: method as 'PUT', path: route, body: body instanceof Uint8Array ? body : JSON.stringify(body), headers: { 'content-type': contentType } });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new BenchError(`${method} ${route} answered ${res.statusCode}: ${text.slice(0, 300)}`);
    return JSON.parse(text);
  } finally {
    await pool.close();
  }
}

function goal(name: string, samples: number[], value: number, measured: string, target: string, pass: boolean): GoalResult {
  return { name, value, measured, goal: target, pass, samples };
}

/** Runs and rows per run of one model's batchers, from the server's Prometheus histograms. */
async function batchCounters(url: string, model: string): Promise<{ runs: number; rows: number; requests: number }> {
  const pool = new Pool(url);
  try {
    const res = await pool.request({ method: 'GET', path: '/metrics' });
    const text = await res.body.text();
    const read = (metric: string): number => {
      const line = text.split('\n').find((l) => l.startsWith(`${metric}{`) && l.includes(`model="${model}"`));
      return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    return { runs: read('keel_serving_batch_rows_count'), rows: read('keel_serving_batch_rows_sum'), requests: read('keel_serving_batch_requests_sum') };
  } finally {
    await pool.close();
  }
}

/** 64 requests at once, each with its own row; every answer must be its own row's probabilities. */
async function checkConcurrentRows(url: string, route: string, m: BenchModel): Promise<void> {
  const pool = new Pool(url, { connections: CONNECTIONS });
  try {
    const rows = Array.from({ length: CONNECTIONS }, (_, i) => rowOf(m.inputs, 100 + i));
    await Promise.all(
      rows.map(async (row, i) => {
        const res = await pool.request({ method: 'POST', path: route, body: bodyOf(m, row), headers: { 'content-type': 'application/json' } });
        const text = await res.body.text();
        if (res.statusCode !== 200) throw new BenchError(`${route} (row ${i}) answered ${res.statusCode}: ${text.slice(0, 300)}`);
        const out = (JSON.parse(text) as { outputs?: { data: number[] }[] }).outputs?.[0]?.data ?? [];
        const expected = m.forward(row);
        if (out.length !== expected.length || !expected.every((p, k) => Math.abs(p - (out[k] ?? NaN)) < 1e-5)) throw new BenchError(`${route}: row ${i} of ${CONNECTIONS} concurrent requests got ${out.join(', ')}, expected ${expected.join(', ')}`);
      }),
    );
  } finally {
    await pool.close();
  }
}

interface LoadCase {
  result: CaseResult;
  cpuUsPerRequest: number | undefined;
  /** Requests per model run during the measured rounds (batched deployments only). */
  requestsPerRun: number | undefined;
}

async function loadCase(server: RunningServer, m: BenchModel, batched: boolean, options: BenchOptions, progress: (line: string) => void): Promise<LoadCase> {
  const name = `${m.label}, ${batched ? 'adaptive batching' : 'unbatched'}`;
  const route = `/v2/models/${m.name}${batched ? '-batched' : ''}/infer`;
  const expected = m.forward(m.row);
  const check = (body: string): string | undefined => {
    const out = (JSON.parse(body) as { outputs?: { data: number[] }[] }).outputs?.[0]?.data ?? [];
    return expected.every((p, k) => Math.abs(p - (out[k] ?? NaN)) < 1e-5) ? undefined : `wrong probabilities ${out.join(', ')}`;
  };
  const target = { url: `${server.url}${route}`, method: 'POST' as const, body: bodyOf(m, m.row), headers: { 'content-type': 'application/json' }, check };
  const rounds: LoadStats[] = [];
  const cpu: number[] = [];
  const perRun: number[] = [];
  for (let r = 0; r < options.rounds; r++) {
    await runLoad(target, { durationSec: options.warmupSec, connections: CONNECTIONS });
    const before = processCpuUs(server.pid);
    const b0 = batched ? await batchCounters(server.url, m.name) : undefined;
    rounds.push(await runLoad(target, { durationSec: options.durationSec, connections: CONNECTIONS }));
    const after = processCpuUs(server.pid);
    const b1 = batched ? await batchCounters(server.url, m.name) : undefined;
    const stats = rounds.at(-1) as LoadStats;
    if (before !== undefined && after !== undefined && stats.requests > 0) cpu.push((after - before) / stats.requests);
    if (b0 && b1 && b1.runs > b0.runs) perRun.push((b1.requests - b0.requests) / (b1.runs - b0.runs));
    progress(`  ${name} round ${r + 1}: ${formatInt(stats.reqPerSec)} req/s${cpu.length > r ? `, server CPU ${cpu[r]!.toFixed(1)} µs/request` : ''}${perRun.length > r ? `, ${perRun[r]!.toFixed(1)} requests/run` : ''}`);
  }
  if (batched) await checkConcurrentRows(server.url, route, m);
  const med = (k: keyof LoadStats): number => median(rounds.map((x) => x[k]));
  return {
    result: { name, server: 'keel', route: `POST ${route} (${CONNECTIONS} conns)`, median: { reqPerSec: med('reqPerSec'), p50Ms: med('p50Ms'), p99Ms: med('p99Ms'), bytesPerSec: med('bytesPerSec'), requests: med('requests'), failures: rounds.reduce((s, x) => s + x.failures, 0) }, rounds },
    cpuUsPerRequest: cpu.length > 0 ? median(cpu) : undefined,
    requestsPerRun: perRun.length > 0 ? median(perRun) : undefined,
  };
}

const rps = (c: LoadCase): number => c.result.median.reqPerSec;
const samplesOf = (...cs: LoadCase[]): number[] => cs.flatMap((c) => c.result.rounds.map((x) => x.reqPerSec));

export async function servingSuite(options: BenchOptions, progress: (line: string) => void): Promise<SuiteResult> {
  // The built server, as users run it: tsx's loader hooks cost a measurable share of a ~100 µs request.
  if (!existsSync(KEEL_ENTRY)) throw new BenchError(`the Keel server is not built (${path.relative(REPO_ROOT, KEEL_ENTRY)} is missing): run \`npm run build:server\` first`);
  const startedAt = new Date().toISOString();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'keel-bench-serving-'));
  let server: RunningServer | undefined;
  try {
    progress(`  raw session.run, ${TINY.label}…`);
    const raw = await rawSessionRun(TINY, 1, options.rounds);
    server = await spawnServer({
      name: 'keel',
      command: process.execPath,
      args: [path.join(REPO_ROOT, 'bin', 'keel.js'), 'server', '--port', '0', '--data', dataDir],
      // Access logs off for the measurement: one JSON line per request is a cost of its own (docs/ARCHITECTURE.md).
      env: { KEEL_LOG_LEVEL: 'warn' },
      readyTimeoutMs: 60_000,
    });
    for (const m of [TINY, DEEP]) {
      await call(server.url, 'POST', '/api/v1/models', { name: m.name });
      await call(server.url, 'PUT', `/api/v1/models/${m.name}/versions/upload?filename=model.onnx`, m.bytes, 'application/octet-stream');
      const settings = (batching: boolean) => ({ cacheTtlSec: 0, batching: { enabled: batching, ...BATCHING } });
      await call(server.url, 'PUT', `/api/v1/deployments/${m.name}`, { model: `${m.name}@1`, settings: settings(false) });
      await call(server.url, 'PUT', `/api/v1/deployments/${m.name}-batched`, { model: `${m.name}@1`, settings: settings(true) });
    }

    progress('  OIP infer over HTTP, one at a time…');
    const http = await httpInfer(server.url, `/v2/models/${TINY.name}/infer`, bodyOf(TINY, TINY.row), options.rounds);
    const overhead = median(http.p50) - median(raw.p50);

    const tinyPlain = await loadCase(server, TINY, false, options, progress);
    const tinyBatched = await loadCase(server, TINY, true, options, progress);
    const deepPlain = await loadCase(server, DEEP, false, options, progress);
    const deepBatched = await loadCase(server, DEEP, true, options, progress);
    const merged = Math.max(1, Math.round(deepBatched.requestsPerRun ?? 1));
    progress(`  raw session.run, ${DEEP.label}, batch 1 and ${merged}…`);
    // Fewer sequential runs: a merged batch of this model takes about a millisecond.
    const deepRaw1 = await rawSessionRun(DEEP, 1, options.rounds, 1000);
    const deepRawB = await rawSessionRun(DEEP, merged, options.rounds, 1000);

    const tinyRatio = rps(tinyBatched) / rps(tinyPlain);
    const deepRatio = rps(deepBatched) / rps(deepPlain);
    const perRow = median(deepRawB.p50) / merged;
    const goals = [
      goal(`raw session.run p50 / p99 (in process), ${TINY.label}`, raw.p50, median(raw.p50), `${ms(median(raw.p50))} / ${ms(median(raw.p99))}`, '—', true),
      goal(`OIP infer over HTTP p50 / p99 (sequential, keep-alive), ${TINY.label}`, http.p50, median(http.p50), `${ms(median(http.p50))} / ${ms(median(http.p99))}`, '—', true),
      goal('server overhead at p50 (HTTP p50 − raw p50)', http.p50.map((v, i) => v - (raw.p50[i] ?? 0)), overhead, ms(overhead), '≤ 0.3 ms', overhead <= 0.3),
      goal(`raw session.run p50 / p99, ${DEEP.label}, batch 1`, deepRaw1.p50, median(deepRaw1.p50), `${ms(median(deepRaw1.p50))} / ${ms(median(deepRaw1.p99))}`, '—', true),
      goal(`raw session.run p50 / p99, ${DEEP.label}, batch ${merged} (merged size at 64 conns)`, deepRawB.p50, median(deepRawB.p50), `${ms(median(deepRawB.p50))} / ${ms(median(deepRawB.p99))} (${ms(perRow)} per row)`, '—', true),
      goal(`req/s at 64 conns, batching vs unbatched, ${TINY.label} (context: server-bound)`, samplesOf(tinyPlain, tinyBatched), tinyRatio, `${tinyRatio.toFixed(2)}× (${formatInt(rps(tinyBatched))} vs ${formatInt(rps(tinyPlain))} req/s)`, '—', true),
      goal(`req/s at 64 conns, batching vs unbatched, ${DEEP.label}`, samplesOf(deepPlain, deepBatched), deepRatio, `${deepRatio.toFixed(2)}× (${formatInt(rps(deepBatched))} vs ${formatInt(rps(deepPlain))} req/s)`, '≥ 4×', deepRatio >= 4),
    ];
    const all = [tinyPlain, tinyBatched, deepPlain, deepBatched];
    const cpuLine = all.filter((c) => c.cpuUsPerRequest !== undefined).map((c) => `${c.result.name} ${c.cpuUsPerRequest!.toFixed(1)} µs`);
    const runLine = [tinyBatched, deepBatched].filter((c) => c.requestsPerRun !== undefined).map((c) => `${c.result.name} ${c.requestsPerRun!.toFixed(1)}`);
    return {
      suite: 'serving',
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: machineInfo(),
      options: { ...options, connections: CONNECTIONS },
      cases: all.map((c) => c.result),
      goals,
      notes: [
        `${SEQUENTIAL} sequential requests per round after ${WARMUP} warm-up (raw runs of the ${DEEP.label}: 1000); cache off; server log level warn; the built server (dist/, npm run build:server) in its own process.`,
        `Batched deployments: maxBatchSize ${BATCHING.maxBatchSize}, maxLatencyMs ${BATCHING.maxLatencyMs}. The batching goal is checked on the ${DEEP.label}, whose run dominates a request; the ${TINY.label}'s run (~0.01 ms) is a small share of the server's own per-request work, which batching does not amortise.`,
        'The load generator (autocannon) shares the machine\'s cores with the server.',
        ...(runLine.length > 0 ? [`Requests merged per model run (median of rounds, from keel_serving_batch_requests): ${runLine.join(', ')}. After each batched load, ${CONNECTIONS} concurrent requests with distinct rows each got their own row's probabilities.`] : []),
        ...(cpuLine.length > 0 ? [`Server CPU per request at 64 connections (user + system, median of rounds; steadier than req/s on a shared machine): ${cpuLine.join(', ')}.`] : []),
      ],
    };
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
