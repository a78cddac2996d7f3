import { InvalidArgumentError, Option, type Command } from 'commander';
import type { RequestLogQueryInput, UsageGroup, UsageQueryInput } from '../../sdk/index.js';
import { client, globals } from '../context.js';
import { formatTime, output, printTable } from '../output.js';

const GROUPS: readonly UsageGroup[] = ['model', 'key', 'route', 'tag', 'user', 'provider'];
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30m`, `24h`, `7d` → that long before now, in epoch ms. */
function since(value: string): number {
  const m = /^(\d+)([mhd])$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected a duration such as 30m, 24h or 7d');
  return Date.now() - Number(m[1]) * (UNIT_MS[m[2] ?? 'h'] ?? 3_600_000);
}

interface FilterFlags {
  key?: string;
  model?: string;
  route?: string;
  user?: string;
  tag?: string;
  status?: string;
  since?: number;
  from?: string;
  to?: string;
}

function filters(o: FilterFlags): RequestLogQueryInput & UsageQueryInput {
  return { key: o.key, model: o.model, route: o.route, user: o.user, tag: o.tag, status: o.status as 'ok' | 'error' | undefined, from: o.since ?? o.from, to: o.to };
}

function withFilters(cmd: Command): Command {
  return cmd
    .option('--key <id>', 'only calls made with this API key id')
    .option('--model <name>', 'route, provider/model or provider model name')
    .option('--route <name>', 'only this route')
    .option('--user <user>', "the requests' `user` field")
    .option('--tag <tag>', 'only calls with this tag')
    .option('--status <status>', 'an HTTP status, ok or error')
    .option('--since <duration>', 'the last 30m, 24h, 7d…', since)
    .option('--from <time>', 'epoch ms or ISO time (inclusive)')
    .option('--to <time>', 'epoch ms or ISO time (exclusive)');
}

const usd = (v: number): string => `$${v.toFixed(v >= 1 ? 2 : 6)}`;

/** `keel gateway requests|usage|budgets`: the LLM gateway's request log, spend and budgets. */
export function registerGatewayCommand(program: Command): void {
  const gateway = program.command('gateway').description('LLM gateway: request log, spend and tokens over time, key budgets');

  withFilters(gateway.command('requests').description('the request log, newest first'))
    .option('--limit <n>', 'rows per page (1–1000)', '50')
    .option('--page-token <token>', 'the next page, from a previous --json answer')
    .action(async (opts: FilterFlags & { limit: string; pageToken?: string }, cmd: Command) => {
      const page = await client(cmd).gateway.requests({ ...filters(opts), limit: Number(opts.limit), pageToken: opts.pageToken });
      output(globals(cmd), page, () => {
        printTable(
          page.requests.map((r) => ({
            at: formatTime(r.at),
            status: r.status,
            model: r.model,
            target: r.provider ? `${r.provider}/${r.providerModel ?? ''}` : '-',
            tokens: `${r.tokensIn}/${r.tokensOut}`,
            cost: usd(r.costUsd),
            ms: Math.round(r.latencyMs),
            ttft: r.ttftMs === null ? '-' : Math.round(r.ttftMs),
            cache: r.cache,
            key: r.keyId,
            tags: r.tags.join(',') || '-',
            error: r.error,
          })),
          ['at', 'status', 'model', 'target', 'tokens', 'cost', 'ms', 'ttft', 'cache', 'key', 'tags', 'error'],
        );
        if (page.nextPageToken) process.stdout.write(`more: --page-token ${page.nextPageToken}\n`);
      });
    });

  withFilters(gateway.command('usage').description('spend, tokens and requests per hour or day, grouped'))
    .addOption(new Option('--group-by <group>', 'what to group by').choices(GROUPS).default('model'))
    .addOption(new Option('--interval <interval>', 'bucket size').choices(['hour', 'day']).default('day'))
    .option('--buckets', 'print every time bucket, not just the totals', false)
    .action(async (opts: FilterFlags & { groupBy: UsageGroup; interval: 'hour' | 'day'; buckets: boolean }, cmd: Command) => {
      const report = await client(cmd).gateway.usage({ ...filters(opts), groupBy: opts.groupBy, interval: opts.interval });
      output(globals(cmd), report, () => {
        const rows = opts.buckets ? report.buckets.map((b) => ({ ...b, start: formatTime(b.start) })) : report.totals;
        printTable(
          rows.map((r) => ({ ...r, group: r.group || '-', cost: usd(r.costUsd) })),
          [...(opts.buckets ? ['start'] : []), 'group', 'requests', 'errors', 'tokensIn', 'tokensOut', 'cost'],
        );
      });
    });

  gateway
    .command('budgets')
    .description('keys with gateway limits and their spend in the current period')
    .action(async (_opts: unknown, cmd: Command) => {
      const keys = await client(cmd).gateway.budgets();
      output(globals(cmd), keys, () =>
        printTable(
          keys.map((k) => ({
            key: k.keyId,
            name: k.name,
            period: k.budget?.period ?? '-',
            spent: k.budget ? usd(k.budget.spentUsd) : '-',
            budget: k.budget ? usd(k.budget.limitUsd) : '-',
            used: k.budget ? `${Math.round((k.budget.spentUsd / k.budget.limitUsd) * 100)}%` : '-',
            resets: k.budget?.resetsAt ? formatTime(k.budget.resetsAt) : '-',
          })),
          ['key', 'name', 'period', 'spent', 'budget', 'used', 'resets'],
        ),
      );
    });
}
