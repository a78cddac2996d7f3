import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../domains/tracking/tracking.limits.js';
import { Keel } from './client.js';

/*
 * A loopback fake of Keel's tracking REST API: just enough state to check what the
 * SDK sends and how it reads the answers (the real server has its own tests).
 */
interface FakeRun {
  info: Record<string, unknown> & { runId: string; status: string; endTime: number | null };
  params: Map<string, string>;
  tags: Map<string, string>;
  metrics: { key: string; value: number | string; timestamp: number; step: number }[];
  artifacts: Map<string, Buffer>;
}
const runs = new Map<string, FakeRun>();
const batchSizes: number[] = [];
let failNextBatches = 0;
let server: Server;
let url = '';

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function newRun(body: { experimentId?: string; experimentName?: string; runName?: string; tags?: { key: string; value: string }[]; params?: { key: string; value: string }[] }): FakeRun {
  const runId = (runs.size + 1).toString(16).padStart(32, '0');
  const run: FakeRun = {
    info: { runId, runName: body.runName ?? 'run', experimentId: body.experimentId ?? '1', status: 'RUNNING', startTime: 1, endTime: null, artifactUri: '', lifecycleStage: 'active', userId: '' },
    params: new Map((body.params ?? []).map((p) => [p.key, p.value])),
    tags: new Map((body.tags ?? []).map((t) => [t.key, t.value])),
    metrics: [],
    artifacts: new Map(),
  };
  runs.set(runId, run);
  return run;
}

const wire = (r: FakeRun) => ({
  info: r.info,
  data: { metrics: [], params: [...r.params].map(([key, value]) => ({ key, value })), tags: [...r.tags].map(([key, value]) => ({ key, value })) },
  inputs: { datasetInputs: [] },
});

async function handle(req: IncomingMessage): Promise<[number, unknown?, Buffer?]> {
  const u = new URL(req.url ?? '/', 'http://x');
  const body = await readBody(req);
  const json = (): Record<string, unknown> => JSON.parse(body.toString()) as Record<string, unknown>;
  if (req.method === 'POST' && u.pathname === '/api/v1/runs') return [201, wire(newRun(json()))];
  const m = /^\/api\/v1\/runs\/([0-9a-f]{32})(\/.*)?$/.exec(u.pathname);
  const run = m?.[1] ? runs.get(m[1]) : undefined;
  if (!run) return [404, { error: { code: 'NOT_FOUND', message: `no route ${req.method} ${u.pathname}` } }];
  const rest = m?.[2] ?? '';
  if (req.method === 'GET' && rest === '') return [200, wire(run)];
  if (req.method === 'PATCH' && rest === '') {
    Object.assign(run.info, json());
    return [200, run.info];
  }
  if (req.method === 'POST' && rest === '/batch') {
    if (failNextBatches > 0) {
      failNextBatches--;
      return [503, { error: { code: 'UNAVAILABLE', message: 'draining' } }];
    }
    const b = json() as { metrics?: FakeRun['metrics']; params?: { key: string; value: string }[]; tags?: { key: string; value: string }[] };
    batchSizes.push(b.metrics?.length ?? 0);
    run.metrics.push(...(b.metrics ?? []));
    for (const p of b.params ?? []) run.params.set(p.key, p.value);
    for (const t of b.tags ?? []) run.tags.set(t.key, t.value);
    return [204];
  }
  if (req.method === 'POST' && rest === '/metrics') {
    if (failNextBatches > 0) {
      failNextBatches--;
      return [503, { error: { code: 'UNAVAILABLE', message: 'draining' } }];
    }
    type Column = (number | string)[] | string;
    const column = (c: Column): (number | string)[] => (Array.isArray(c) ? c : [...new Float64Array(new Uint8Array(Buffer.from(c, 'base64')).buffer)]);
    const b = json() as { series: { key: string; steps: Column; timestamps: Column; values: Column }[] };
    let points = 0;
    for (const s of b.series) {
      const [steps, times, values] = [column(s.steps), column(s.timestamps), column(s.values)];
      // Stored as the JSON API would echo them: NaN/±Infinity as strings.
      const wire = (v: number | string) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
      steps.forEach((step, i) => run.metrics.push({ key: s.key, step: Number(step), timestamp: Number(times[i]), value: wire(values[i] as number | string) }));
      points += steps.length;
    }
    batchSizes.push(points);
    return [204];
  }
  if (req.method === 'GET' && rest === '/metrics/history') {
    return [200, { metrics: run.metrics.filter((x) => x.key === u.searchParams.get('key')) }];
  }
  if (req.method === 'PUT' && rest.startsWith('/artifacts/')) {
    const path = decodeURIComponent(rest.slice('/artifacts/'.length));
    run.artifacts.set(path, body);
    return [201, { path, isDir: false, size: body.length }];
  }
  if (req.method === 'GET' && rest.startsWith('/artifacts/')) return [200, undefined, run.artifacts.get(decodeURIComponent(rest.slice('/artifacts/'.length)))];
  return [404, { error: { code: 'NOT_FOUND', message: `no route ${req.method} ${u.pathname}` } }];
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void handle(req).then(([status, body, bytes]) => {
      if (bytes) res.writeHead(status, { 'content-type': 'application/octet-stream' }).end(bytes);
      else if (body === undefined) res.writeHead(status).end();
      else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  batchSizes.length = 0;
  failNextBatches = 0;
});

const only = (id: string): FakeRun => runs.get(id) as FakeRun;

describe('keel.startRun against a loopback API', () => {
  it('buffers points, sends columnar batches within the server limit, and end() flushes then sets FINISHED', async () => {
    const keel = new Keel({ url });
    const run = await keel.startRun({ experiment: 'e', name: 'r', params: { lr: 0.1, epochs: 3 }, captureEnvironment: false, handleExit: false });
    for (let i = 0; i < 2_345; i++) run.logMetric('loss', 1 / (i + 1), i);
    run.logMetrics({ acc: 0.5, f1: Number.NaN }, 7);
    run.setTag('stage', 'done');
    await run.end();
    const stored = only(run.id);
    expect(stored.info.status).toBe('FINISHED');
    expect(typeof stored.info.endTime).toBe('number');
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(LIMITS.seriesPoints);
    expect(stored.metrics.filter((x) => x.key === 'loss')).toHaveLength(2_345);
    expect(stored.params.get('lr')).toBe('0.1');
    expect(stored.tags.get('stage')).toBe('done');
    const history = await keel.runs.metricHistory(run.id, 'f1');
    expect(history.metrics[0]?.value).toBeNaN();
    await run.end(); // a second end is a no-op
  });

  it('retries a batch the server answers 503, without losing or doubling points', async () => {
    const keel = new Keel({ url });
    const run = await keel.startRun({ captureEnvironment: false, handleExit: false });
    failNextBatches = 2;
    for (let i = 0; i < 10; i++) run.logMetric('x', i, i);
    await run.end();
    expect(only(run.id).metrics.map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('captures the environment (git tags of this repo) and uploads the diff of a dirty tree', async () => {
    const keel = new Keel({ url });
    const run = await keel.startRun({ experiment: 'env', handleExit: false });
    await run.end();
    const tags = only(run.id).tags;
    expect(tags.get('mlflow.source.git.commit')).toMatch(/^[0-9a-f]{40}$/);
    expect(tags.get('mlflow.source.type')).toBe('LOCAL');
    expect(tags.get('keel.env.node')).toBe(process.version);
    expect(Number(tags.get('keel.env.memory_bytes'))).toBeGreaterThan(0);
    expect(JSON.parse(tags.get('keel.env.packages') ?? '{}')).toHaveProperty('commander');
    const dirty = tags.get('keel.env.git.dirty');
    expect(['true', 'false']).toContain(dirty);
    expect(only(run.id).artifacts.has('environment/git-diff.patch')).toBe(dirty === 'true');
  });

  it('uploads bytes, strings, async iterables and local folders as artifacts, and downloads them', async () => {
    const keel = new Keel({ url });
    const run = await keel.startRun({ captureEnvironment: false, handleExit: false });
    await keel.runs.uploadArtifact(run.id, 'a/b c.txt', 'hello');
    async function* chunks(): AsyncIterable<Uint8Array> {
      yield new TextEncoder().encode('one,');
      yield new TextEncoder().encode('two');
    }
    await keel.runs.uploadArtifact(run.id, 'streamed.csv', chunks());
    const dir = mkdtempSync(join(tmpdir(), 'keel-art-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'w.json'), '[1,2]');
    writeFileSync(join(dir, 'sub', 'x.txt'), 'x');
    const uploaded = await run.logArtifact(dir, 'model');
    expect(uploaded.map((e) => e.path).sort()).toEqual(['model/sub/x.txt', 'model/w.json']);
    await run.logArtifact(join(dir, 'w.json'));
    await run.end();
    const stored = only(run.id).artifacts;
    expect(stored.get('a/b c.txt')?.toString()).toBe('hello');
    expect(stored.get('streamed.csv')?.toString()).toBe('one,two');
    expect(stored.get('w.json')?.toString()).toBe('[1,2]');
    expect(await (await keel.runs.downloadArtifact(run.id, 'model/sub/x.txt')).text()).toBe('x');
    expect(keel.runs.artifactUrl(run.id, 'a/b c.txt')).toBe(`${url}/api/v1/runs/${run.id}/artifacts/a/b%20c.txt`);
  });
});

/** Runs a small script that uses the SDK (through tsx) in its own process. */
function runScript(source: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'keel-sdk-'));
  const file = join(dir, 'script.mts');
  const sdk = fileURLToPath(new URL('./index.ts', import.meta.url));
  writeFileSync(file, `import { Keel } from ${JSON.stringify(sdk)};\nconst keel = new Keel({ url: ${JSON.stringify(url)} });\n${source}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('process exit hooks (Node)', () => {
  it('a script that never calls end() still delivers its points and finishes the run', async () => {
    const before = runs.size;
    const r = await runScript(`const run = await keel.startRun({ captureEnvironment: false });\nfor (let i = 0; i < 1500; i++) run.logMetric('loss', i, i);`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const run = [...runs.values()][before] as FakeRun;
    expect(run.metrics).toHaveLength(1500);
    expect(run.info.status).toBe('FINISHED');
  }, 30_000);

  it('SIGTERM flushes, marks the run KILLED, then the process dies of the signal', async () => {
    const before = runs.size;
    const r = await runScript(`const run = await keel.startRun({ captureEnvironment: false });\nrun.logMetric('loss', 1, 0);\nprocess.kill(process.pid, 'SIGTERM');\nsetTimeout(() => undefined, 10_000);`);
    expect(r.signal).toBe('SIGTERM');
    const run = [...runs.values()][before] as FakeRun;
    expect(run.metrics).toHaveLength(1);
    expect(run.info.status).toBe('KILLED');
  }, 30_000);
});
