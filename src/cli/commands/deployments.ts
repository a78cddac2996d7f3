import { type Command, Option } from 'commander';
import { AppError, type Deployment } from '../../sdk/index.js';
import { client, globals } from '../context.js';
import { formatTime, output, printTable } from '../output.js';

const STRATEGIES = ['direct', 'blue-green', 'canary', 'shadow', 'ab', 'bandit'] as const;

function traffic(d: Deployment): string {
  if (d.config.strategy === 'blue-green') return `${d.config.activeSlot ?? 'blue'} active`;
  if (d.config.strategy === 'shadow') return 'primary 100%, shadow copy';
  return d.config.arms.map((a) => `${a.name} ${Math.round(a.weight * 100)}%`).join(', ');
}

function printDeployment(d: Deployment): void {
  process.stdout.write(`${d.name}  revision ${d.revision}  ${d.config.strategy}  updated ${formatTime(d.updatedAt)}\n`);
  printTable(
    d.config.arms.map((a) => ({ arm: a.name, model: `${a.model}@${a.version}`, weight: `${Math.round(a.weight * 100)}%` })),
    ['arm', 'model', 'weight'],
  );
}

function weightOf(raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new AppError('INVALID_ARGUMENT', `--weight must be a number from 0 to 100, got '${raw}'`);
  return n;
}

/** `keel deploy <deployment> --model <name>@<version|alias> [--strategy …] [--weight N] [--candidate <name>@<version>]` */
export function registerDeployCommand(program: Command): void {
  program
    .command('deploy <deployment>')
    .description('deploy a registered model version (creates the deployment or stores its next revision)')
    .requiredOption('--model <ref>', 'the model to serve: <name>@<version|alias>')
    .addOption(new Option('--strategy <strategy>', 'traffic strategy').choices(STRATEGIES).default('direct'))
    .option('--weight <percent>', "the candidate's traffic share (canary's first step, A/B's B arm)", weightOf)
    .option('--candidate <ref>', 'the second version: canary, shadow, B arm or second bandit arm (<name>@<version>)')
    .option('--reason <text>', 'recorded in the audit trail')
    .action(async (name: string, opts: { model: string; strategy: (typeof STRATEGIES)[number]; weight?: number; candidate?: string; reason?: string }, cmd: Command) => {
      const d = await client(cmd).deployments.deploy(name, {
        model: opts.model,
        strategy: opts.strategy,
        ...(opts.weight === undefined ? {} : { weight: opts.weight }),
        ...(opts.candidate ? { candidate: opts.candidate } : {}),
        ...(opts.reason ? { reason: opts.reason } : {}),
      });
      output(globals(cmd), d, () => {
        process.stdout.write(`deployed ${d.name} (revision ${d.revision}, ${d.config.strategy}): ${traffic(d)}\n`);
      });
    });
}

/** `keel deployments list|show|jobs|rollback|delete` */
export function registerDeploymentsCommand(program: Command): void {
  const deployments = program.command('deployments').description('model serving: list, inspect, roll back and delete deployments');

  deployments
    .command('list')
    .description('list deployments with their strategy and traffic split')
    .action(async (_opts: unknown, cmd: Command) => {
      const { deployments: list } = await client(cmd).deployments.list();
      output(globals(cmd), list, () =>
        printTable(
          list.map((d) => ({ name: d.name, strategy: d.config.strategy, revision: d.revision, versions: d.config.arms.map((a) => `${a.model}@${a.version}`).join(', '), traffic: traffic(d), updated: formatTime(d.updatedAt) })),
          ['name', 'strategy', 'revision', 'versions', 'traffic', 'updated'],
        ),
      );
    });

  deployments
    .command('show <deployment>')
    .description('a deployment, its arms and their live statistics')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const keel = client(cmd);
      const [d, stats] = await Promise.all([keel.deployments.get(name), keel.deployments.stats(name)]);
      output(globals(cmd), { ...d, stats }, () => {
        printDeployment(d);
        printTable(
          stats.arms.map((a) => ({ arm: a.arm, requests: a.requests, errors: a.errors, feedback: a.trials, 'success rate': a.trials ? `${((a.successes / a.trials) * 100).toFixed(1)}% [${((a.rateLow ?? 0) * 100).toFixed(1)}, ${((a.rateHigh ?? 0) * 100).toFixed(1)}]` : '—' })),
          ['arm', 'requests', 'errors', 'feedback', 'success rate'],
        );
        if (stats.significance) process.stdout.write(`A/B: z = ${stats.significance.z.toFixed(3)}, p = ${stats.significance.pValue.toPrecision(3)}\n`);
        if (stats.shadowAgreement) process.stdout.write(`shadow agreement: ${stats.shadowAgreement.agreed}/${stats.shadowAgreement.compared}\n`);
      });
    });

  deployments
    .command('jobs <deployment>')
    .description('the newest batch inference jobs of a deployment, with their progress')
    .option('--limit <n>', 'how many (1-100)', (v) => Number.parseInt(v, 10), 20)
    .action(async (name: string, opts: { limit: number }, cmd: Command) => {
      const jobs = await client(cmd).batch.list({ deployment: name, limit: opts.limit });
      output(globals(cmd), jobs, () =>
        printTable(
          jobs.map((j) => ({
            id: j.id,
            state: j.state,
            rows: `${j.progress.rows}/${j.totalRows}`,
            failed: j.progress.failedRows,
            'rows/s': Math.round(j.summary?.rowsPerSecond ?? j.progress.rowsPerSecond),
            eta: j.state === 'running' && j.progress.etaSeconds !== null ? `${Math.ceil(j.progress.etaSeconds)} s` : '—',
            created: formatTime(j.createdAt),
          })),
          ['id', 'state', 'rows', 'failed', 'rows/s', 'eta', 'created'],
        ),
      );
    });

  deployments
    .command('rollback <deployment>')
    .description('make the previous revision current again (blue-green: switch back)')
    .option('--reason <text>', 'recorded in the audit trail')
    .action(async (name: string, opts: { reason?: string }, cmd: Command) => {
      const d = await client(cmd).deployments.rollback(name, opts.reason);
      output(globals(cmd), d, () => process.stdout.write(`rolled back ${d.name} to its previous configuration (now revision ${d.revision}): ${traffic(d)}\n`));
    });

  deployments
    .command('delete <deployment>')
    .description('delete a deployment (its audit trail and prediction log stay)')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await client(cmd).deployments.delete(name);
      output(globals(cmd), { deleted: name }, () => process.stdout.write(`deleted deployment ${name}\n`));
    });
}
