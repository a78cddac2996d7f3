import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ratioNotes, runMatrix, type RouteCase } from '../lib/matrix.js';
import { machineInfo } from '../lib/machine.js';
import { REPO_ROOT, spawnServer, stopAll, tsServer, type RunningServer } from '../lib/spawn-server.js';
import { formatInt } from '../lib/table.js';
import { BenchError, type BenchOptions, type SuiteResult } from '../lib/types.js';

const KEEL_ENTRY = path.join(REPO_ROOT, 'dist', 'src', 'cli', 'index.js');

function expectJson(body: string): string | undefined {
  try {
    JSON.parse(body);
    return undefined;
  } catch {
    return `expected JSON, got ${body.slice(0, 200)}`;
  }
}

const routes: RouteCase[] = [
  { route: 'GET /healthz', target: (url) => ({ url: `${url}/healthz`, check: expectJson }) },
  // An unknown route exercises routing miss + the error handler, the cheapest JSON error path.
  { route: 'GET 404', target: (url) => ({ url: `${url}/api/v1/no-such-route`, expectedStatus: 404, check: expectJson }) },
];

/** Keel's own server against a bare node:http server answering the same routes, in one run. */
export async function httpSuite(options: BenchOptions, progress: (line: string) => void): Promise<SuiteResult> {
  if (!existsSync(KEEL_ENTRY)) {
    throw new BenchError(`the Keel server is not built (${path.relative(REPO_ROOT, KEEL_ENTRY)} is missing): run \`npm run build:server\` first`);
  }
  const startedAt = new Date().toISOString();
  // A fresh data folder: the embedded database starts empty and nothing leaks between runs.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'keel-bench-data-'));
  const started: RunningServer[] = [];
  try {
    const bare = await spawnServer(tsServer('bare-node', 'bare-node-server.ts'));
    started.push(bare);
    const keel = await spawnServer({
      name: 'keel',
      command: process.execPath,
      args: [path.join(REPO_ROOT, 'bin', 'keel.js'), 'server', '--port', '0', '--data', dataDir],
      readyTimeoutMs: 30_000,
    });
    started.push(keel);
    const cases = await runMatrix({ servers: [keel, bare], routes, options, progress });
    return {
      suite: 'http',
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: machineInfo(),
      options,
      cases,
      notes: [
        ...ratioNotes(cases, 'bare-node', formatInt),
        'keel runs with its default config (log level info, SQLite in a fresh temp folder); /healthz includes its database check.',
      ],
    };
  } finally {
    await stopAll(started);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
