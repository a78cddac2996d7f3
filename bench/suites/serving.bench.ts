import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { Pool } from 'undici';
import { buildMlpOnnx, mlpForward, mlpWeights } from '../../test/fixtures/models/mlp-onnx.js';
import { LatencyRecorder } from '../lib/latency-recorder.js';
import { runLoad } from '../lib/load.js';
import { processCpuUs } from '../lib/process-cpu.js';
import { machineInfo } from '../lib/machine.js';
import { REPO_ROOT, spawnServer, type RunningServer } from '../lib/spawn-server.js';
import { median } from '../lib/stats.js';
import { formatInt } from '../lib/table.js';
import { BenchError, type BenchOptions, type CaseResult, type GoalResult, type LoadStats, type SuiteResult } from '../lib/types.js';

/**
 * `npm run bench serving` (issue 5): a 4→16→3 MLP with fixed weights, raw `session.run`
 * in this process vs OIP `infer` over HTTP against a Keel server in its own process
 * (one request at a time, keep-alive), then req/s at 64 connections with and without
 * adaptive batching. The cache is off in both deployments: every request runs the model.
 */
const KEEL_ENTRY = path.join(REPO_ROOT, 'dist', 'src', 'cli', 'index.js');
const SEQUENTIAL = 4000;
const WARMUP = 500;
const W = mlpWeights(4, 16, 3, 42);
const ROW = [0.5, -1.25, 2, 0.75];
const BODY = JSON.stringify({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: ROW }] });

const ms = (n: number): string => `${n.toFixed(3)} ms`;

async function rawSessionRun(model: Uint8Array, rounds: number): Promise<{ p50: number[]; p99: number[] }> {
  // The same session options as Keel's ONNX adapter, so the comparison isolates the server's work.
  const session = await ort.InferenceSession.create(model, { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const input = new ort.Tensor('float32', Float32Array.from(ROW), [1, 4]);
  const out = (await session.run({ x: input })).probabilities?.data as Float32Array;
  const expected = mlpForward(W, ROW);
  if (!expected.every((p, k) => Math.abs(p - (out[k] ?? NaN)) < 1e-5)) throw new BenchError(`raw session.run answered ${Array.from(out).join(', ')}, expected ${expected.join(', ')}`);
  const p50: number[] = [];
  const p99: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const rec = new LatencyRecorder();
    for (let i = 0; i < WARMUP + SEQUENTIAL; i++) {
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

async function httpInfer(url: string, route: string, rounds: number): Promise<{ p50: number[]; p99: number[] }> {
  const pool = new Pool(url, { connections: 1 });
  const p50: number[] = [];
  const p99: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const rec = new LatencyRecorder();
      for (let i = 0; i < WARMUP + SEQUENTIAL; i++) {
        const t = performance.now();
        const res = await pool.request({ method: 'POST', path: route, body: BODY, headers: { 'content-type': 'application/json' } });
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

export async function servingSuite(options: BenchOptions, progress: (line: string) => void): Promise<SuiteResult> {
  // The built server, as users run it: tsx's loader hooks cost a measurable share of a ~100 µs request.
  if (!existsSync(KEEL_ENTRY)) throw new BenchError(`the Keel server is not built (${path.relative(REPO_ROOT, KEEL_ENTRY)} is missing): run \`npm run build:server\` first`);
  const startedAt = new Date().toISOString();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'keel-bench-serving-'));
  const model = buildMlpOnnx(W);
  let server: RunningServer | undefined;
  try {
    progress('  raw session.run…');
    const raw = await rawSessionRun(model, options.rounds);
    server = await spawnServer({
      name: 'keel',
      command: process.execPath,
      args: [path.join(REPO_ROOT, 'bin', 'keel.js'), 'server', '--port', '0', '--data', dataDir],
      // Access logs off for the measurement: one JSON line per request is a cost of its own (docs/ARCHITECTURE.md).
      env: { KEEL_LOG_LEVEL: 'warn' },
      readyTimeoutMs: 60_000,
    });
    await call(server.url, 'POST', '/api/v1/models', { name: 'mlp' });
    await call(server.url, 'PUT', '/api/v1/models/mlp/versions/upload?filename=model.onnx', model, 'application/octet-stream');
    const settings = (batching: boolean) => ({ cacheTtlSec: 0, batching: { enabled: batching, maxBatchSize: 64, maxLatencyMs: 2 } });
    await call(server.url, 'PUT', '/api/v1/deployments/mlp', { model: 'mlp@1', settings: settings(false) });
    await call(server.url, 'PUT', '/api/v1/deployments/mlp-batched', { model: 'mlp@1', settings: settings(true) });

    progress('  OIP infer over HTTP, one at a time…');
    const http = await httpInfer(server.url, '/v2/models/mlp/infer', options.rounds);
    const overhead = median(http.p50) - median(raw.p50);

    const cases: CaseResult[] = [];
    const cpuPerRequest: string[] = [];
    const check = (body: string): string | undefined => {
      const out = (JSON.parse(body) as { outputs?: { data: number[] }[] }).outputs?.[0]?.data ?? [];
      return mlpForward(W, ROW).every((p, k) => Math.abs(p - (out[k] ?? NaN)) < 1e-5) ? undefined : `wrong probabilities ${out.join(', ')}`;
    };
    for (const [name, route] of [
      ['unbatched', '/v2/models/mlp/infer'],
      ['adaptive batching', '/v2/models/mlp-batched/infer'],
    ] as const) {
      const rounds: LoadStats[] = [];
      const cpu: number[] = [];
      for (let r = 0; r < options.rounds; r++) {
        const target = { url: `${server.url}${route}`, method: 'POST' as const, body: BODY, headers: { 'content-type': 'application/json' }, check };
        await runLoad(target, { durationSec: options.warmupSec, connections: 64 });
        const before = processCpuUs(server.pid);
        rounds.push(await runLoad(target, { durationSec: options.durationSec, connections: 64 }));
        const after = processCpuUs(server.pid);
        const stats = rounds.at(-1) as LoadStats;
        if (before !== undefined && after !== undefined && stats.requests > 0) cpu.push((after - before) / stats.requests);
        progress(`  ${name} round ${r + 1}: ${formatInt(stats.reqPerSec)} req/s${cpu.length > r ? `, server CPU ${cpu[r]!.toFixed(1)} µs/request` : ''}`);
      }
      if (cpu.length > 0) cpuPerRequest.push(`${name} ${median(cpu).toFixed(1)} µs`);
      const med = (k: keyof LoadStats): number => median(rounds.map((x) => x[k]));
      cases.push({ name, server: 'keel', route: `POST ${route} (64 conns, ${name})`, median: { reqPerSec: med('reqPerSec'), p50Ms: med('p50Ms'), p99Ms: med('p99Ms'), bytesPerSec: med('bytesPerSec'), requests: med('requests'), failures: rounds.reduce((s, x) => s + x.failures, 0) }, rounds });
    }
    const unbatched = cases[0]!.median.reqPerSec;
    const batched = cases[1]!.median.reqPerSec;
    const ratio = batched / unbatched;
    const goals = [
      goal('raw session.run p50 / p99 (in process)', raw.p50, median(raw.p50), `${ms(median(raw.p50))} / ${ms(median(raw.p99))}`, '—', true),
      goal('OIP infer over HTTP p50 / p99 (sequential, keep-alive)', http.p50, median(http.p50), `${ms(median(http.p50))} / ${ms(median(http.p99))}`, '—', true),
      goal('server overhead at p50 (HTTP p50 − raw p50)', http.p50.map((v, i) => v - (raw.p50[i] ?? 0)), overhead, ms(overhead), '≤ 0.3 ms', overhead <= 0.3),
      goal('req/s at 64 connections: batching vs unbatched', cases.flatMap((c) => c.rounds.map((x) => x.reqPerSec)), ratio, `${ratio.toFixed(2)}× (${formatInt(batched)} vs ${formatInt(unbatched)} req/s)`, '≥ 4×', ratio >= 4),
    ];
    return {
      suite: 'serving',
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: machineInfo(),
      options: { ...options, connections: 64 },
      cases,
      goals,
      notes: [
        `${SEQUENTIAL} sequential requests per round after ${WARMUP} warm-up; cache off; server log level warn; the built server (dist/, npm run build:server) in its own process.`,
        'The load generator (autocannon) shares the machine\'s cores with the server.',
        ...(cpuPerRequest.length > 0
          ? [`Server CPU per request at 64 connections (user + system, median of rounds; steadier than req/s on a shared machine, and its ratio bounds what batching can gain): ${cpuPerRequest.join(', ')}.`]
          : []),
      ],
    };
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
