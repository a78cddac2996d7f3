import { InvalidArgumentError, type Command } from 'commander';
import type { ApiKey, BudgetPeriod, GatewayKeyLimits } from '../../sdk/index.js';
import { client, globals } from '../context.js';
import { formatTime, output, printTable } from '../output.js';

const PERIODS: readonly BudgetPeriod[] = ['day', 'week', 'month', 'total'];

/** `10usd/month`, `$2.50/day`, `100/week`; no period means `total` (never resets). */
export function parseBudget(value: string): { usd: number; period: BudgetPeriod } {
  const m = /^\$?(\d+(?:\.\d+)?)\s*(?:usd)?\s*(?:\/\s*([a-z]+))?$/i.exec(value.trim());
  const period = (m?.[2]?.toLowerCase() ?? 'total') as BudgetPeriod;
  if (!m || !PERIODS.includes(period) || Number(m[1]) <= 0) throw new InvalidArgumentError(`expected an amount in USD and a period, e.g. 10usd/month (periods: ${PERIODS.join(', ')})`);
  return { usd: Number(m[1]), period };
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

interface LimitFlags {
  models?: string;
  budget?: { usd: number; period: BudgetPeriod };
  rpm?: number;
  tpm?: number;
  maxParallel?: number;
}

function limitsFrom(opts: LimitFlags): GatewayKeyLimits | undefined {
  const limits: GatewayKeyLimits = {};
  const models = opts.models?.split(',').map((m) => m.trim()).filter(Boolean);
  if (models && models.length > 0) limits.models = models;
  if (opts.budget) limits.budget = opts.budget;
  if (opts.rpm !== undefined) limits.rpm = opts.rpm;
  if (opts.tpm !== undefined) limits.tpm = opts.tpm;
  if (opts.maxParallel !== undefined) limits.maxParallel = opts.maxParallel;
  return Object.keys(limits).length > 0 ? limits : undefined;
}

/** One cell for `keys list`: `models=a,b budget=$10/month rpm=600 …`. */
function describeLimits(k: ApiKey): string {
  const l = k.limits;
  if (!l) return '-';
  const parts: string[] = [];
  if (l.models) parts.push(`models=${l.models.join(',')}`);
  if (l.budget) parts.push(`budget=$${l.budget.usd}/${l.budget.period}`);
  if (l.rpm !== undefined) parts.push(`rpm=${l.rpm}`);
  if (l.tpm !== undefined) parts.push(`tpm=${l.tpm}`);
  if (l.maxParallel !== undefined) parts.push(`max-parallel=${l.maxParallel}`);
  return parts.join(' ');
}

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('manage API keys (needs the admin scope once auth is on)');

  keys
    .command('create')
    .description('create an API key; its secret is printed once')
    .requiredOption('-n, --name <name>', 'a label, e.g. the team or the CI job')
    .option('-s, --scope <scope>', 'read | write | admin', 'read')
    .option('--models <names>', 'LLM gateway: routes or provider/model names this key may call, comma-separated (provider/* for all of a provider)')
    .option('--budget <amount>', 'LLM gateway: spend limit, e.g. 10usd/month (day, week, month or total)', parseBudget)
    .option('--rpm <n>', 'LLM gateway: requests per minute', positiveInt)
    .option('--tpm <n>', 'LLM gateway: tokens per minute', positiveInt)
    .option('--max-parallel <n>', 'LLM gateway: calls in flight at once', positiveInt)
    .action(async (opts: { name: string; scope: 'read' | 'write' | 'admin' } & LimitFlags, cmd: Command) => {
      const limits = limitsFrom(opts);
      const created = await client(cmd).keys.create({ name: opts.name, scope: opts.scope, ...(limits ? { limits } : {}) });
      output(globals(cmd), created, () => {
        process.stdout.write(`created key ${created.key.id} (${created.key.scope})\n`);
        process.stdout.write(`secret (shown once, store it now): ${created.secret}\n`);
      });
    });

  keys
    .command('list')
    .description('list API keys')
    .action(async (_opts: unknown, cmd: Command) => {
      const list = await client(cmd).keys.list();
      output(globals(cmd), list, () =>
        printTable(
          list.map((k) => ({ ...k, created: formatTime(k.createdAt), revoked: formatTime(k.revokedAt), limits: describeLimits(k) })),
          ['id', 'name', 'scope', 'prefix', 'created', 'revoked', 'limits'],
        ),
      );
    });

  keys
    .command('revoke <id>')
    .description('revoke an API key')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await client(cmd).keys.revoke(id);
      output(globals(cmd), { revoked: id }, () => process.stdout.write(`revoked ${id}\n`));
    });
}
