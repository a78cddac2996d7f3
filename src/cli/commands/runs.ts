import type { Command } from 'commander';
import type { Keel, Run, RunComparison } from '../../sdk/index.js';
import { client, globals } from '../context.js';
import { formatTime, output, printTable } from '../output.js';
import { resolveExperiment } from './experiments.js';

interface SearchFlags {
  experiment?: string[];
  orderBy?: string[];
  maxResults: number;
  all: boolean;
}

const collect = (v: string, acc: string[] = []): string[] => [...acc, v];

/** Experiment ids from `--experiment` (names or ids), or every active experiment when none is given. */
async function experimentIds(keel: Keel, wanted: string[] | undefined): Promise<string[]> {
  if (wanted?.length) return Promise.all(wanted.map(async (w) => (await resolveExperiment(keel, w)).experimentId));
  const { experiments } = await keel.experiments.search({ maxResults: 100 });
  return experiments.map((e) => e.experimentId);
}

function duration(run: Run): string {
  if (run.info.endTime === null) return run.info.status === 'RUNNING' ? 'running' : '-';
  const s = (run.info.endTime - run.info.startTime) / 1000;
  return s < 60 ? `${s.toFixed(1)}s` : s < 3600 ? `${(s / 60).toFixed(1)}m` : `${(s / 3600).toFixed(1)}h`;
}

const fmt = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : Number.isInteger(v) ? String(v) : v.toPrecision(6).replace(/\.?0+$/, ''));

/** The runs table; metrics and params named in the filter or order get their own columns, since that is what the user is looking at. */
function printRuns(runs: Run[], mentioned: string): void {
  const metricCols = [...new Set([...mentioned.matchAll(/\bmetrics\.([\w\-./]+)/g)].map((m) => m[1] as string))];
  const paramCols = [...new Set([...mentioned.matchAll(/\bparams\.([\w\-./]+)/g)].map((m) => m[1] as string))];
  const rows = runs.map((r) => {
    const row: Record<string, unknown> = { id: r.info.runId, name: r.info.runName, status: r.info.status, started: formatTime(r.info.startTime), duration: duration(r) };
    for (const k of metricCols) row[`metrics.${k}`] = fmt(r.data.metrics.find((m) => m.key === k)?.value);
    for (const k of paramCols) row[`params.${k}`] = r.data.params.find((p) => p.key === k)?.value;
    return row;
  });
  printTable(rows, ['id', 'name', 'status', 'started', 'duration', ...metricCols.map((k) => `metrics.${k}`), ...paramCols.map((k) => `params.${k}`)]);
}

async function search(cmd: Command, filter: string, flags: SearchFlags): Promise<void> {
  const keel = client(cmd);
  const ids = await experimentIds(keel, flags.experiment);
  const orderBy = flags.orderBy ?? ['attributes.start_time DESC'];
  const { runs } = ids.length
    ? await keel.runs.search({ experimentIds: ids, filter, orderBy, maxResults: flags.maxResults, runViewType: flags.all ? 'ALL' : 'ACTIVE_ONLY' })
    : { runs: [] };
  output(globals(cmd), runs, () => printRuns(runs, `${filter} ${orderBy.join(' ')}`));
}

function printRun(run: Run, artifacts: string[]): void {
  const i = run.info;
  const w = (s: string): boolean => process.stdout.write(s);
  w(`run ${i.runId} (${i.runName})\n`);
  w(`  experiment ${i.experimentId} · status ${i.status} · user ${i.userId || '-'}\n`);
  w(`  started ${formatTime(i.startTime)} · ended ${formatTime(i.endTime)} · duration ${duration(run)}\n`);
  w(`  artifacts ${i.artifactUri}${artifacts.length ? `: ${artifacts.join(', ')}` : ''}\n\nparams\n`);
  printTable(run.data.params, ['key', 'value']);
  w('\nmetrics (latest)\n');
  printTable(run.data.metrics.map((m) => ({ ...m, value: fmt(m.value) })), ['key', 'value', 'step']);
  w('\ntags\n');
  printTable(run.data.tags.map((t) => ({ key: t.key, value: t.value.length > 80 ? `${t.value.slice(0, 77)}...` : t.value })), ['key', 'value']);
}

/** Params that differ (all with `--all`), then each metric as `latest (min..max)` per run. */
function printComparison(c: RunComparison, all: boolean): void {
  const heads = c.runs.map((r, n) => `${n + 1}:${r.runName || r.runId.slice(0, 8)}`);
  process.stdout.write(`runs\n`);
  printTable(c.runs.map((r, n) => ({ col: heads[n], id: r.runId, status: r.status })), ['col', 'id', 'status']);
  const params = c.params.filter((p) => all || p.differs);
  process.stdout.write(`\nparams${all ? '' : ' that differ'} (${params.length} of ${c.params.length})\n`);
  printTable(
    params.map((p) => Object.fromEntries([['param', p.differs ? `* ${p.key}` : `  ${p.key}`], ...p.values.map((v, n) => [heads[n], v])])),
    ['param', ...heads],
  );
  process.stdout.write('\nmetrics: latest (min..max)\n');
  printTable(
    c.metrics.map((m) => Object.fromEntries([['metric', m.key], ...m.latest.map((v, n) => [heads[n], v === null ? '-' : `${fmt(v)} (${fmt(m.min[n])}..${fmt(m.max[n])})`])])),
    ['metric', ...heads],
  );
}

export function registerRunsCommand(program: Command): void {
  const runs = program.command('runs').description('experiment tracking: list, search, show and compare runs');
  const searchOptions = (c: Command): Command =>
    c
      .option('-e, --experiment <name|id>', 'experiment name or id (repeatable; default: all active experiments)', collect)
      .option('--order-by <clause>', 'e.g. "metrics.accuracy DESC" (repeatable; default: newest first)', collect)
      .option('--max-results <n>', 'at most this many runs', (v) => Number.parseInt(v, 10), 100)
      .option('--all', 'include deleted runs', false);

  searchOptions(runs.command('list').description('list runs, newest first')).action((flags: SearchFlags, cmd: Command) => search(cmd, '', flags));

  searchOptions(runs.command('search <filter>').description("find runs with MLflow's filter grammar, e.g. \"metrics.accuracy > 0.9 and params.lr = '0.1'\"")).action(
    (filter: string, flags: SearchFlags, cmd: Command) => search(cmd, filter, flags),
  );

  runs
    .command('show <runId>')
    .description('a run: info, params, latest metrics, tags and top-level artifacts')
    .action(async (runId: string, _opts: unknown, cmd: Command) => {
      const keel = client(cmd);
      const [run, artifacts] = await Promise.all([keel.runs.get(runId), keel.runs.listArtifacts(runId)]);
      output(globals(cmd), { ...run, artifacts: artifacts.files }, () => printRun(run, artifacts.files.map((f) => (f.isDir ? `${f.path}/` : f.path))));
    });

  runs
    .command('compare <runIds...>')
    .description('params diff and metric summaries of two or more runs')
    .option('--all', 'show params that are equal too', false)
    .action(async (runIds: string[], opts: { all: boolean }, cmd: Command) => {
      const comparison = await client(cmd).runs.compare(runIds);
      output(globals(cmd), comparison, () => printComparison(comparison, opts.all));
    });
}
