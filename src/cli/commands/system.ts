import type { Command } from 'commander';
import type { RetentionStatus, RetentionSweep, RetentionTable } from '../../sdk/index.js';
import { client, globals } from '../context.js';
import { withLocalServices, type LocalFlags } from '../local-services.js';
import { formatTime, output, printTable } from '../output.js';

interface RetentionFlags extends LocalFlags {
  sweep?: boolean;
  local?: boolean;
}

const LOG_NAMES: Record<RetentionTable, string> = {
  predictionLog: 'prediction log (+ feedback)',
  gatewayRequests: 'gateway requests',
  alertHistory: 'alert history (resolved alerts, sent notifications, inbox)',
};

/** The policy as the CLI prints it: one row per log. */
export function describeRetention(status: RetentionStatus): string {
  const lines = status.policy.tables.map((t) => `  ${LOG_NAMES[t.table]}: ${t.keepDays === null ? 'kept forever' : `${t.keepDays} days`}`);
  const every = status.policy.enabled ? `swept every ${Math.round(status.policy.sweepIntervalMs / 60_000)} min` : 'no sweeps (nothing has a retention period)';
  const last = status.lastSweep ? `last sweep ${formatTime(status.lastSweep.startedAt)}` : 'no sweep yet on this server';
  return `retention: ${every}; ${last}\n${lines.join('\n')}\n`;
}

function printSweep(sweep: RetentionSweep): void {
  printTable(
    sweep.tables.map((t) => ({ log: LOG_NAMES[t.table], keep: `${t.keepDays} d`, before: formatTime(t.cutoff), deleted: t.error ? `failed: ${t.error}` : t.deleted, ms: t.durationMs.toFixed(1) })),
    ['log', 'keep', 'before', 'deleted', 'ms'],
  );
}

/** `keel system`: server-wide settings and housekeeping. */
export function registerSystemCommand(program: Command): void {
  const system = program.command('system').description('server-wide housekeeping: data retention');

  system
    .command('retention')
    .description('show the data retention policy and the last sweep; --sweep deletes what it no longer keeps, now (admin scope)')
    .option('--sweep', 'sweep now and print the rows deleted per log')
    .option('--local', 'run against the configured database in this process instead of a server')
    .option('-c, --config <file>', 'config file (with --local)')
    .option('-d, --data <dir>', 'data folder (with --local, embedded mode)')
    .action(async (flags: RetentionFlags, cmd: Command) => {
      const g = globals(cmd);
      const show = (status: RetentionStatus): void => output(g, status, () => process.stdout.write(describeRetention(status)));
      const swept = (sweep: RetentionSweep): void => output(g, sweep, () => printSweep(sweep));
      // --local needs no server (a cron job on the database host); the policy is then this machine's config.
      if (flags.local) {
        await withLocalServices(flags, async ({ retention }) => (flags.sweep ? swept(await retention.sweep()) : show(retention.status())));
        return;
      }
      const keel = client(cmd);
      if (flags.sweep) swept(await keel.system.sweepRetention());
      else show(await keel.system.retention());
    });
}
