import { readFileSync } from 'node:fs';

/** Linux reports process CPU in clock ticks of 1/100 s (USER_HZ), user and system separately. */
const TICK_US = 10_000;

/**
 * CPU time (user + system, all threads) a process has used so far, in µs, or undefined where
 * /proc is missing. On a machine shared with other work, CPU per request moves far less than
 * req/s does, since waiting for a core costs no CPU.
 */
export function processCpuUs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_US;
  } catch {
    return undefined;
  }
}
