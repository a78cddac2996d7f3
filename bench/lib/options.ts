import { parseArgs } from 'node:util';
import { BenchError, type BenchOptions } from './types.js';

export interface CliArgs {
  suite: string | undefined;
  options: BenchOptions;
}

const DEFAULTS: BenchOptions = { durationSec: 3, warmupSec: 1, connections: 50, rounds: 3 };

function positiveInt(raw: string | undefined, flag: string, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new BenchError(`--${flag} must be an integer from 1 to ${max}, got "${raw}"`);
  return n;
}

/** `npm run bench [suite] [-- --duration 3 --warmup 1 --connections 50 --rounds 3]` */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      rounds: { type: 'string' },
    },
  });
  if (positionals.length > 1) throw new BenchError(`expected at most one suite name, got: ${positionals.join(' ')}`);
  // Caps keep every run bounded in time: a typo must not start a 10-minute load.
  return {
    suite: positionals[0],
    options: {
      durationSec: positiveInt(values.duration, 'duration', DEFAULTS.durationSec, 30),
      warmupSec: positiveInt(values.warmup, 'warmup', DEFAULTS.warmupSec, 10),
      connections: positiveInt(values.connections, 'connections', DEFAULTS.connections, 1000),
      rounds: positiveInt(values.rounds, 'rounds', DEFAULTS.rounds, 9),
    },
  };
}
