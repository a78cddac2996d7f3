import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_ROOT } from './spawn-server.js';
import type { SuiteResult } from './types.js';

/** bench/results/<suite>-<timestamp>.json; the timestamp has no colons so the name is valid everywhere. */
export function writeResults(result: SuiteResult): string {
  const dir = path.join(BENCH_ROOT, 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = result.startedAt.replace(/[:.]/g, '-');
  const file = path.join(dir, `${result.suite}-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
