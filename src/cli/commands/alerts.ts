import { InvalidArgumentError, type Command } from 'commander';
import type { Alert, AlertRulePatch, AlertRuleSpec, ChannelSpec, Severity } from '../../sdk/index.js';
import { client, globals } from '../context.js';
import { formatTime, output, printTable } from '../output.js';

const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

function severity(value: string): Severity {
  if (!SEVERITIES.includes(value as Severity)) throw new InvalidArgumentError(`expected one of ${SEVERITIES.join(', ')}`);
  return value as Severity;
}

/** `90`, `90s`, `5m`, `2h`, `1d` → seconds. */
export function parseDuration(value: string): number {
  const m = /^(\d+)\s*(s|m|h|d)?$/i.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected a duration such as 90s, 5m, 2h or 1d');
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[(m[2] ?? 's').toLowerCase() as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

/** `label=value` or `label!=value`. */
function matcher(value: string, previous: { label: string; value: string; isEqual: boolean }[] = []): { label: string; value: string; isEqual: boolean }[] {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(!?=)(.*)$/.exec(value);
  if (!m) throw new InvalidArgumentError('expected label=value or label!=value');
  return [...previous, { label: m[1] as string, value: m[3] as string, isEqual: m[2] === '=' }];
}

const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function alertRows(alerts: Alert[]): Record<string, unknown>[] {
  return alerts.map((a) => ({
    id: a.id,
    rule: a.ruleName,
    severity: a.severity,
    state: a.state,
    value: Number(a.value.toPrecision(6)),
    labels: Object.entries(a.labels)
      .filter(([k]) => k !== 'alertname' && k !== 'severity')
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
    since: formatTime(a.firedAt ?? a.activeSince),
    resolved: formatTime(a.resolvedAt),
  }));
}

interface RuleFlags {
  expr?: string;
  severity?: Severity;
  for?: number;
  channels?: string[];
  groupBy?: string[];
  groupWait?: number;
  repeat?: number;
  summary?: string;
  retrain?: boolean;
  enable?: boolean;
  disable?: boolean;
}

function ruleFields(o: RuleFlags): AlertRulePatch {
  const patch: AlertRulePatch = {};
  if (o.expr !== undefined) patch.expr = o.expr;
  if (o.severity !== undefined) patch.severity = o.severity;
  if (o.for !== undefined) patch.forSeconds = o.for;
  if (o.channels !== undefined) patch.channels = o.channels;
  if (o.groupBy !== undefined) patch.groupBy = o.groupBy;
  if (o.groupWait !== undefined) patch.groupWaitSeconds = o.groupWait;
  if (o.repeat !== undefined) patch.repeatIntervalSeconds = o.repeat;
  if (o.summary !== undefined) patch.annotations = { summary: o.summary };
  if (o.retrain !== undefined) patch.actions = o.retrain ? [{ type: 'retraining' }] : [];
  if (o.enable) patch.enabled = true;
  if (o.disable) patch.enabled = false;
  return patch;
}

function ruleOptions(cmd: Command): Command {
  return cmd
    .option('--severity <level>', 'critical | warning | info', severity)
    .option('--for <duration>', 'how long the condition must hold before firing, e.g. 5m', parseDuration)
    .option('--channels <names>', 'channels to notify, comma-separated', list)
    .option('--group-by <labels>', 'labels that group alerts into one notification, comma-separated', list)
    .option('--group-wait <duration>', 'wait before the first notification of a group', parseDuration)
    .option('--repeat <duration>', 'resend a still-firing group after this long', parseDuration)
    .option('--summary <text>', 'annotation shown in notifications ({{ $value }}, {{ $labels.name }} are filled in)')
    .option('--retrain', 'start the retraining action when it fires');
}

export function registerAlertsCommand(program: Command): void {
  const alerts = program.command('alerts').description('alerts, alert rules, channels, inbox and silences');

  alerts
    .command('list')
    .description('alerts now pending or firing')
    .action(async (_o: unknown, cmd: Command) => {
      const firing = await client(cmd).alerts.firing();
      output(globals(cmd), firing, () => (firing.length === 0 ? process.stdout.write('no alert is firing\n') : printTable(alertRows(firing), ['id', 'rule', 'severity', 'state', 'value', 'labels', 'since'])));
    });

  alerts
    .command('history')
    .description('past and present alert episodes, newest first')
    .option('--state <state>', 'pending | firing | resolved')
    .option('--rule <name>', 'only this rule')
    .option('--severity <level>', 'critical | warning | info', severity)
    .option('--limit <n>', 'at most this many', (v) => Number(v), 50)
    .action(async (o: { state?: 'pending' | 'firing' | 'resolved'; rule?: string; severity?: Severity; limit: number }, cmd: Command) => {
      const past = await client(cmd).alerts.history(o);
      output(globals(cmd), past, () => printTable(alertRows(past), ['id', 'rule', 'severity', 'state', 'labels', 'since', 'resolved']));
    });

  const rules = alerts.command('rules').description('alert rules');
  rules
    .command('list')
    .description('every rule with its expression')
    .action(async (_o: unknown, cmd: Command) => {
      const all = await client(cmd).alerts.rules();
      output(globals(cmd), all, () =>
        printTable(
          all.map((r) => ({ name: r.name, severity: r.severity, expr: r.expr, for: `${r.forSeconds}s`, channels: r.channels.join(','), enabled: r.enabled ? 'yes' : 'no' })),
          ['name', 'severity', 'expr', 'for', 'channels', 'enabled'],
        ),
      );
    });
  rules
    .command('get <name>')
    .description('one rule, in full')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      const rule = await client(cmd).alerts.rule(name);
      output(globals(cmd), rule, () => process.stdout.write(`${JSON.stringify(rule, null, 2)}\n`));
    });
  ruleOptions(rules.command('create <name>').description('create a rule').requiredOption('--expr <expression>', 'condition over signals, e.g. "error_rate > 0.05"')).action(
    async (name: string, o: RuleFlags, cmd: Command) => {
      if (!o.severity) throw new InvalidArgumentError('--severity is required');
      const rule = await client(cmd).alerts.createRule({ ...ruleFields(o), name, severity: o.severity, expr: o.expr as string } as AlertRuleSpec);
      output(globals(cmd), rule, () => process.stdout.write(`created rule ${rule.name}\n`));
    },
  );
  ruleOptions(rules.command('update <name>').description('change fields of a rule').option('--expr <expression>', 'new condition').option('--enable', 'turn the rule on').option('--disable', 'turn the rule off').option('--no-retrain', 'remove the retraining action')).action(
    async (name: string, o: RuleFlags, cmd: Command) => {
      const rule = await client(cmd).alerts.updateRule(name, ruleFields(o));
      output(globals(cmd), rule, () => process.stdout.write(`updated rule ${rule.name}: ${rule.expr} (${rule.enabled ? 'enabled' : 'disabled'})\n`));
    },
  );
  rules
    .command('delete <name>')
    .description('delete a rule (its history stays)')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      await client(cmd).alerts.deleteRule(name);
      output(globals(cmd), { deleted: name }, () => process.stdout.write(`deleted rule ${name}\n`));
    });

  const channels = alerts.command('channels').description('notification channels');
  channels
    .command('list')
    .description('channels (URLs shown by origin only)')
    .action(async (_o: unknown, cmd: Command) => {
      const all = await client(cmd).alerts.channels();
      output(globals(cmd), all, () => printTable(all.map((c) => ({ ...c, target: c.target ?? '-', created: formatTime(c.createdAt) })), ['name', 'type', 'target', 'created']));
    });
  channels
    .command('create <name>')
    .description('add a webhook, slack, log or inbox channel')
    .requiredOption('--type <type>', 'webhook | slack | log | inbox')
    .option('--webhook-url <url>', 'where webhook and slack channels post (kept secret: shown by origin only)')
    .action(async (name: string, o: { type: ChannelSpec['type']; webhookUrl?: string }, cmd: Command) => {
      const spec = (o.type === 'webhook' || o.type === 'slack' ? { type: o.type, name, url: o.webhookUrl ?? '' } : { type: o.type, name }) as ChannelSpec;
      const created = await client(cmd).alerts.createChannel(spec);
      output(globals(cmd), created, () => process.stdout.write(`created ${created.type} channel ${created.name}\n`));
    });
  channels
    .command('test <name>')
    .description('send a test notification now')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      const result = await client(cmd).alerts.testChannel(name);
      output(globals(cmd), result, () => process.stdout.write(result.ok ? `sent (${result.attempts} attempt${result.attempts === 1 ? '' : 's'})\n` : `failed after ${result.attempts} attempts: ${result.error}\n`));
      if (!result.ok) process.exitCode = 1;
    });
  channels
    .command('delete <name>')
    .description('delete a channel no rule uses')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      await client(cmd).alerts.deleteChannel(name);
      output(globals(cmd), { deleted: name }, () => process.stdout.write(`deleted channel ${name}\n`));
    });

  alerts
    .command('inbox')
    .description('the in-app inbox, newest first')
    .option('--unread', 'only unread items')
    .option('--mark-read', 'then mark everything read')
    .action(async (o: { unread?: boolean; markRead?: boolean }, cmd: Command) => {
      const sdk = client(cmd);
      const inbox = await sdk.alerts.inbox({ unread: o.unread ?? false });
      if (o.markRead) await sdk.alerts.markAllRead();
      output(globals(cmd), inbox, () => {
        process.stdout.write(`${inbox.unread} unread\n`);
        printTable(inbox.items.map((i) => ({ time: formatTime(i.createdAt), severity: i.severity, title: i.title, read: i.readAt === null ? 'no' : 'yes' })), ['time', 'severity', 'title', 'read']);
      });
    });

  alerts
    .command('silence')
    .description('silence alerts whose labels match, for a while')
    .requiredOption('--match <label=value>', 'a label matcher (repeatable; label!=value negates)', matcher)
    .option('--for <duration>', 'how long, e.g. 2h', parseDuration, 3600)
    .option('--comment <text>', 'why', '')
    .action(async (o: { match: { label: string; value: string; isEqual: boolean }[]; for: number; comment: string }, cmd: Command) => {
      const silence = await client(cmd).alerts.silence({ matchers: o.match, endsAt: Date.now() + o.for * 1000, comment: o.comment });
      output(globals(cmd), silence, () => process.stdout.write(`silence ${silence.id} until ${formatTime(silence.endsAt)}\n`));
    });
}
