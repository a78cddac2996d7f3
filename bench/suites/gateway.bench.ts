import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { preflight, runLoad, type LoadTarget } from '../lib/load.js';
import { processCpuUs } from '../lib/process-cpu.js';
import { machineInfo } from '../lib/machine.js';
import { BENCH_ROOT, REPO_ROOT, spawnServer, stopAll, tsServer, type RunningServer } from '../lib/spawn-server.js';
import { median, medianStats } from '../lib/stats.js';
import { formatInt } from '../lib/table.js';
import { measureTtfb, type TtfbStats } from '../lib/ttfb.js';
import { BenchError, type BenchOptions, type CaseResult, type LoadStats, type SuiteResult } from '../lib/types.js';

const KEEL_ENTRY = path.join(REPO_ROOT, 'dist', 'src', 'cli', 'index.js');
const PORTKEY_START = path.join(REPO_ROOT, 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js');
const TTFB_SAMPLES = 500;
const TTFB_WARMUP = 100;

/** The floors the issue sets; the notes say whether each held. */
const GOALS = { throughputRatio: 5, addedP50Ms: 0.4, ttfbOverheadMs: 1 };

const MESSAGES = [
  { role: 'system', content: 'You are a helpful assistant.' },
  { role: 'user', content: 'Say something short about foxes.' },
];

interface Contender {
  name: string;
  server: RunningServer;
  /** Request path and headers that reach the upstream's chat completions through this server. */
  path: string;
  model: string;
  headers: Record<string, string>;
}

function chatBody(model: string, stream: boolean): string {
  return JSON.stringify({ model, messages: MESSAGES, max_tokens: 32, ...(stream ? { stream: true } : {}) });
}

function expectCompletion(body: string): string | undefined {
  return body.includes('"chat.completion"') && body.includes('quick brown fox') ? undefined : `expected the upstream's completion, got ${body.slice(0, 200)}`;
}

function target(c: Contender): LoadTarget {
  return { url: `${c.server.url}${c.path}`, method: 'POST', headers: { 'content-type': 'application/json', ...c.headers }, body: chatBody(c.model, false), check: expectCompletion };
}

function keelConfig(upstream: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'keel-bench-gw-'));
  const file = path.join(dir, 'keel.config.json');
  writeFileSync(
    file,
    JSON.stringify({
      gateway: {
        providers: [{ name: 'upstream', type: 'openai', baseUrl: `${upstream}/v1`, apiKey: 'sk-bench' }],
        routes: [{ model: 'bench-chat', strategy: 'fallback', targets: [{ provider: 'upstream', model: 'gpt-4o-mini' }] }],
      },
    }),
  );
  return file;
}

/**
 * Keel's LLM gateway against the bare upstream and @portkey-ai/gateway, in one
 * run: throughput at `--connections` (50), latency at concurrency 1, and the
 * time to the first streamed byte. Run it with `--duration 15 --rounds 1` for
 * the issue's 15-second numbers.
 */
export async function gatewaySuite(options: BenchOptions, progress: (line: string) => void): Promise<SuiteResult> {
  if (!existsSync(KEEL_ENTRY)) throw new BenchError(`the Keel server is not built (${path.relative(REPO_ROOT, KEEL_ENTRY)} is missing): run \`npm run build:server\` first`);
  if (!existsSync(PORTKEY_START)) throw new BenchError('@portkey-ai/gateway is not installed (npm install)');
  const startedAt = new Date().toISOString();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'keel-bench-data-'));
  const started: RunningServer[] = [];
  let configFile: string | undefined;
  try {
    const upstream = await spawnServer(tsServer('upstream', 'llm-upstream-server.ts'));
    started.push(upstream);
    configFile = keelConfig(upstream.url);
    const keel = await spawnServer({
      name: 'keel',
      command: process.execPath,
      args: [path.join(REPO_ROOT, 'bin', 'keel.js'), 'server', '--port', '0', '--data', dataDir, '--config', configFile],
      readyTimeoutMs: 30_000,
    });
    started.push(keel);
    const portkey = await spawnServer({
      name: 'portkey',
      command: process.execPath,
      args: ['--require', path.join(BENCH_ROOT, 'servers', 'portkey-loopback.cjs'), PORTKEY_START, '--port=0', '--headless'],
      readyTimeoutMs: 30_000,
    });
    started.push(portkey);

    const auth = { authorization: 'Bearer sk-bench' };
    const contenders: Contender[] = [
      { name: 'direct', server: upstream, path: '/v1/chat/completions', model: 'gpt-4o-mini', headers: auth },
      { name: 'keel', server: keel, path: '/v1/chat/completions', model: 'bench-chat', headers: auth },
      { name: 'portkey', server: portkey, path: '/v1/chat/completions', model: 'gpt-4o-mini', headers: { ...auth, 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstream.url}/v1` } },
    ];
    for (const c of contenders) await preflight(target(c), c.name);

    const rounds = new Map<string, LoadStats[]>();
    const record = (route: string, name: string, stats: LoadStats): void => {
      const key = `${route}\u0000${name}`;
      rounds.set(key, [...(rounds.get(key) ?? []), stats]);
    };
    // Server CPU per request (the upstream's own included for `direct`): steadier than req/s on a shared machine.
    const cpu = new Map<string, number[]>();
    const recordCpu = (route: string, name: string, us: number): void => {
      const key = `${route}\u0000${name}`;
      cpu.set(key, [...(cpu.get(key) ?? []), us]);
    };
    const plans = [
      { route: `POST chat c=${options.connections}`, connections: options.connections },
      { route: 'POST chat c=1', connections: 1 },
    ];
    for (let round = 0; round < options.rounds; round++) {
      for (const plan of plans) {
        // Rotate the order each round so no contender always follows the heaviest one.
        const order = contenders.map((_, i) => contenders[(i + round) % contenders.length] as Contender);
        for (const c of order) {
          await runLoad(target(c), { durationSec: options.warmupSec, connections: plan.connections });
          const cpuBefore = processCpuUs(c.server.pid);
          const stats = await runLoad(target(c), { durationSec: options.durationSec, connections: plan.connections });
          const cpuAfter = processCpuUs(c.server.pid);
          if (cpuBefore !== undefined && cpuAfter !== undefined && stats.requests > 0) recordCpu(plan.route, c.name, (cpuAfter - cpuBefore) / stats.requests);
          if (!c.server.alive() || !upstream.alive()) throw new BenchError(`${c.name} died during ${plan.route}`);
          record(plan.route, c.name, stats);
          progress(`  round ${round + 1}/${options.rounds}  ${plan.route.padEnd(16)} ${c.name.padEnd(8)} ${formatInt(stats.reqPerSec).padStart(7)} req/s  p50 ${stats.p50Ms.toFixed(3)} ms  p99 ${stats.p99Ms.toFixed(2)} ms${stats.failures ? `  ${stats.failures} failures` : ''}`);
        }
      }
    }
    const cases: CaseResult[] = plans.flatMap((plan) =>
      contenders.map((c) => {
        const list = rounds.get(`${plan.route}\u0000${c.name}`) ?? [];
        return { name: `${plan.route} ${c.name}`, server: c.name, route: plan.route, median: medianStats(list), rounds: list };
      }),
    );

    const ttfb = new Map<string, TtfbStats>();
    for (const c of contenders) {
      const stats = await measureTtfb({ url: c.server.url, path: c.path, headers: { 'content-type': 'application/json', ...c.headers }, body: chatBody(c.model, true) }, TTFB_SAMPLES, TTFB_WARMUP);
      ttfb.set(c.name, stats);
      progress(`  stream TTFB ${c.name.padEnd(8)} ${stats.ttfbMs.toFixed(3)} ms (whole stream ${stats.totalMs.toFixed(3)} ms)`);
    }

    const get = (route: string, name: string): LoadStats | undefined => cases.find((x) => x.route === route && x.server === name)?.median;
    const [hi, lo] = plans.map((p) => p.route) as [string, string];
    const keelHi = get(hi, 'keel');
    const portkeyHi = get(hi, 'portkey');
    const directLo = get(lo, 'direct');
    const keelLo = get(lo, 'keel');
    const portkeyLo = get(lo, 'portkey');
    const notes: string[] = [];
    if (keelHi && portkeyHi) {
      const ratio = keelHi.reqPerSec / portkeyHi.reqPerSec;
      notes.push(`throughput at c=${options.connections}: keel ${formatInt(keelHi.reqPerSec)} req/s = ${ratio.toFixed(1)} × portkey (${formatInt(portkeyHi.reqPerSec)}); goal ≥ ${GOALS.throughputRatio}× — ${ratio >= GOALS.throughputRatio ? 'met' : 'NOT MET'}`);
    }
    if (directLo && keelLo && portkeyLo) {
      const added = keelLo.p50Ms - directLo.p50Ms;
      notes.push(`added p50 at c=1 over direct (${directLo.p50Ms.toFixed(3)} ms): keel +${added.toFixed(3)} ms, portkey +${(portkeyLo.p50Ms - directLo.p50Ms).toFixed(3)} ms; goal ≤ ${GOALS.addedP50Ms} ms — ${added <= GOALS.addedP50Ms ? 'met' : 'NOT MET'}`);
    }
    const direct = ttfb.get('direct');
    if (direct) {
      for (const name of ['keel', 'portkey']) {
        const s = ttfb.get(name);
        if (!s) continue;
        const over = s.ttfbMs - direct.ttfbMs;
        notes.push(`stream time to first byte: ${name} ${s.ttfbMs.toFixed(3)} ms vs direct ${direct.ttfbMs.toFixed(3)} ms = +${over.toFixed(3)} ms${name === 'keel' ? `; goal ≤ ${GOALS.ttfbOverheadMs} ms — ${over <= GOALS.ttfbOverheadMs ? 'met' : 'NOT MET'}` : ''} (median of ${s.samples}, one connection)`);
      }
    }
    for (const plan of plans) {
      const parts = contenders.flatMap((c) => {
        const list = cpu.get(`${plan.route}\u0000${c.name}`);
        return list && list.length > 0 ? [`${c.name} ${median(list).toFixed(1)} µs`] : [];
      });
      if (parts.length > 0) notes.push(`server CPU per request, ${plan.route} (user + system of the server process): ${parts.join(', ')}`);
    }
    notes.push('keel: `keel server` built from dist/ with its default config (log level info, SQLite in a fresh temp folder, auth off) and a config file routing `bench-chat` to the upstream.');
    notes.push('portkey: @portkey-ai/gateway 1.15.2 start-server.js --headless, bound to 127.0.0.1 by bench/servers/portkey-loopback.cjs, routed with x-portkey-provider/x-portkey-custom-host.');
    return { suite: 'gateway', startedAt, finishedAt: new Date().toISOString(), machine: machineInfo(), options, cases, notes };
  } finally {
    await stopAll(started);
    rmSync(dataDir, { recursive: true, force: true });
    if (configFile) rmSync(path.dirname(configFile), { recursive: true, force: true });
  }
}
