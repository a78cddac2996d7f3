import { preflight, measure, type LoadTarget } from './load.js';
import type { RunningServer } from './spawn-server.js';
import { medianStats } from './stats.js';
import { BenchError, type BenchOptions, type CaseResult, type LoadStats } from './types.js';

export interface RouteCase {
  /** Short label, e.g. "POST /json". */
  route: string;
  target(baseUrl: string): LoadTarget;
}

export interface MatrixInput {
  servers: readonly RunningServer[];
  routes: readonly RouteCase[];
  options: BenchOptions;
  progress: (line: string) => void;
}

/**
 * Measures every route on every server, round after round. Within a round the server order
 * rotates, so no server always runs right after the heaviest one (thermal and GC carry-over on
 * 2 cores is real); the median across rounds is what gets reported.
 */
export async function runMatrix(input: MatrixInput): Promise<CaseResult[]> {
  const { servers, routes, options, progress } = input;
  for (const route of routes) {
    for (const server of servers) await preflight(route.target(server.url), `${server.name} ${route.route}`);
  }
  const rounds = new Map<string, LoadStats[]>();
  const key = (route: RouteCase, server: RunningServer): string => `${route.route}\u0000${server.name}`;
  for (let round = 0; round < options.rounds; round++) {
    for (const route of routes) {
      const order = servers.map((_, i) => servers[(i + round) % servers.length] as RunningServer);
      for (const server of order) {
        const stats = await measure(route.target(server.url), options);
        if (!server.alive()) throw new BenchError(`${server.name} server died during ${route.route}`);
        const list = rounds.get(key(route, server)) ?? [];
        list.push(stats);
        rounds.set(key(route, server), list);
        progress(`  round ${round + 1}/${options.rounds}  ${route.route.padEnd(14)} ${server.name.padEnd(12)} ${Math.round(stats.reqPerSec).toString().padStart(7)} req/s  p99 ${stats.p99Ms.toFixed(2)} ms${stats.failures ? `  ${stats.failures} failures` : ''}`);
      }
    }
  }
  return routes.flatMap((route) =>
    servers.map((server) => {
      const list = rounds.get(key(route, server)) ?? [];
      return { name: `${route.route} ${server.name}`, server: server.name, route: route.route, median: medianStats(list), rounds: list };
    }),
  );
}

/** "0.62 × bare node:http" lines: how much of the raw node:http rate a server keeps. */
export function ratioNotes(cases: readonly CaseResult[], reference: string, fmt: (n: number) => string): string[] {
  return cases
    .filter((c) => c.server !== reference)
    .flatMap((c) => {
      const ref = cases.find((r) => r.route === c.route && r.server === reference);
      if (!ref || ref.median.reqPerSec <= 0) return [];
      return [`${c.server} ${c.route}: ${fmt(c.median.reqPerSec)} req/s = ${(c.median.reqPerSec / ref.median.reqPerSec).toFixed(2)} × bare node:http`];
    });
}
