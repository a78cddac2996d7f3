import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError, type CreateMonitorInput, type Keel, type MonitorRun } from '../../sdk/index.js';
import { client, globals } from '../context.js';
import { formatTime, output, printTable } from '../output.js';

const num = (v: number | null | undefined, digits = 4): string => (typeof v === 'number' ? Number(v.toPrecision(digits)).toString() : '—');

/** `hourly`, `daily`, `90s`/`15m`/`2h`/`1d`, or `500p` (every 500 predictions). */
export function parseWindow(raw: string): CreateMonitorInput['window'] {
  if (raw === 'hourly' || raw === 'daily') return { every: raw };
  const m = /^(\d+)([smhdp])$/.exec(raw);
  if (!m) throw new AppError('INVALID_ARGUMENT', `--window must be hourly, daily, <N>s|m|h|d or <N>p (predictions), got '${raw}'`);
  const n = Number(m[1]);
  if (m[2] === 'p') return { predictions: n };
  return { seconds: n * { s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as 's' | 'm' | 'h' | 'd'] };
}

function formatOf(file: string): 'csv' | 'parquet' | 'jsonl' | undefined {
  if (/\.parquet$/i.test(file)) return 'parquet';
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  if (/\.csv$/i.test(file)) return 'csv';
  return undefined;
}

async function upload(keel: Keel, file: string): Promise<{ sha256: string; format?: 'csv' | 'parquet' | 'jsonl' }> {
  const { sha256 } = await keel.monitoring.uploadDataset(await readFile(file));
  const format = formatOf(file);
  return format ? { sha256, format } : { sha256 };
}

const TESTS = ['ks', 'chi2', 'z', 'psi', 'wasserstein', 'js'] as const;

/** `ks=0.01,psi=0.25`: a threshold per test. */
export function parseThresholds(raw: string): Partial<Record<(typeof TESTS)[number], number>> {
  const out: Partial<Record<(typeof TESTS)[number], number>> = {};
  for (const part of raw.split(',')) {
    const [test, value] = part.split('=').map((x) => x.trim());
    const n = Number(value);
    if (!TESTS.includes(test as (typeof TESTS)[number]) || !value || !Number.isFinite(n) || n <= 0) throw new AppError('INVALID_ARGUMENT', `--thresholds must be <test>=<positive number>,… with tests ${TESTS.join(', ')}; got '${part}'`);
    out[test as (typeof TESTS)[number]] = n;
  }
  return out;
}

function modelRef(raw: string): { model: string; version: number } {
  const m = /^(.+)@(\d+)$/.exec(raw);
  if (!m) throw new AppError('INVALID_ARGUMENT', `--reference-model must be <model>@<version>, got '${raw}'`);
  return { model: m[1] as string, version: Number(m[2]) };
}

function printRun(run: MonitorRun): void {
  process.stdout.write(`run ${run.id}  ${run.status}  window ${formatTime(run.windowStart)} → ${formatTime(run.windowEnd)}  rows ${run.rows}  labelled ${run.labelledRows}\n`);
  if (run.error) process.stdout.write(`error: ${run.error}\n`);
  const { drift, performance, infra } = run.result;
  if (run.result.drift_error) process.stdout.write(`drift not computed: ${run.result.drift_error}\n`);
  if (drift) {
    process.stdout.write(`dataset drift: ${drift.dataset_drift ? 'YES' : 'no'} (${drift.number_of_drifted_columns}/${drift.number_of_columns} columns, share ${num(drift.drift_share)})\n`);
    printTable(
      Object.entries(drift.columns).map(([column, c]) => ({ column, test: c.test ?? '—', statistic: num(c.statistic), 'p-value': num(c.p_value), psi: num(c.psi), drifted: c.not_computable ? `n/a: ${c.not_computable}` : c.drifted ? 'DRIFT' : 'ok' })),
      ['column', 'test', 'statistic', 'p-value', 'psi', 'drifted'],
    );
  }
  if (performance) {
    const m = performance.measured;
    const e = performance.estimated;
    process.stdout.write(
      `performance (${performance.task}, ${performance.labelled}/${performance.rows} labelled): ` +
        (performance.task === 'classification'
          ? `accuracy ${num(m?.accuracy)} (estimated ${num(e?.accuracy)}), f1 macro ${num(m?.f1_macro)}, roc-auc ${num(m?.roc_auc)} (estimated ${num(e?.roc_auc)}), ece ${num(m?.ece)}`
          : `mae ${num(m?.mae)}, rmse ${num(m?.rmse)}, r2 ${num(m?.r2)}`) +
        `, entropy ${num(performance.prediction_distribution.entropy)}` +
        (performance.baseline ? `, baseline ${performance.baseline.metric} ${num(performance.baseline.value)}${performance.degraded ? ' DEGRADED' : ''}` : '') +
        '\n',
    );
  }
  if (infra) process.stdout.write(`infra: ${infra.requests} requests, ${num(infra.throughput_rps)} rps, error rate ${num(infra.error_rate)}, p50/p95/p99 ${num(infra.latency_p50_seconds)}/${num(infra.latency_p95_seconds)}/${num(infra.latency_p99_seconds)} s\n`);
}

/** `keel monitors create|list|show|run|runs|enable|disable|delete|infra` */
export function registerMonitorsCommand(program: Command): void {
  const monitors = program.command('monitors').description('scheduled monitors: drift, model performance and infrastructure per window');

  monitors
    .command('create <name>')
    .description('create a monitor on a deployment (its prediction log) or a dataset file, against a reference')
    .option('--deployment <name>', 'watch this deployment’s prediction log')
    .option('--dataset <file>', 'watch this dataset file (CSV, Parquet, JSON lines; uploaded)')
    .option('--reference <file>', 'the reference dataset file (uploaded)')
    .option('--reference-model <model@version>', 'the training dataset a registered version names')
    .option('--reference-window <from,to>', 'a span of the prediction log (epoch ms or ISO dates)')
    .requiredOption('--window <size>', 'hourly, daily, <N>s|m|h|d, or <N>p for every N predictions')
    .option('--columns <list>', 'comma-separated columns to test')
    .option('--test <name>', 'ks, chi2, z, psi, wasserstein, js or auto')
    .option('--drift-share <share>', 'dataset drift when at least this share of columns drift', Number)
    .option('--thresholds <list>', 'per test, e.g. ks=0.01,psi=0.25 (p-value tests drift below, distances at or above)', parseThresholds)
    .option('--task <task>', 'classification or regression (inferred when absent)')
    .option('--baseline-metric <key>', 'the registry metric to compare accuracy with (default accuracy, val_accuracy, …)')
    .option('--tolerance <drop>', 'accuracy drop below the baseline that counts as degraded (default 0.05)', Number)
    .option('--disabled', 'create it without a schedule (runs on demand only)')
    .action(async (name: string, opts: { deployment?: string; dataset?: string; reference?: string; referenceModel?: string; referenceWindow?: string; window: string; columns?: string; test?: string; driftShare?: number; thresholds?: Record<string, number>; task?: string; baselineMetric?: string; tolerance?: number; disabled?: boolean }, cmd: Command) => {
      const keel = client(cmd);
      if (Boolean(opts.deployment) === Boolean(opts.dataset)) throw new AppError('INVALID_ARGUMENT', 'give exactly one of --deployment or --dataset');
      const refs = [opts.reference, opts.referenceModel, opts.referenceWindow].filter(Boolean);
      if (refs.length !== 1) throw new AppError('INVALID_ARGUMENT', 'give exactly one of --reference, --reference-model or --reference-window');
      let reference: CreateMonitorInput['reference'];
      if (opts.reference) reference = { dataset: await upload(keel, opts.reference) };
      else if (opts.referenceModel) reference = { registry: modelRef(opts.referenceModel) };
      else {
        const [from, to] = (opts.referenceWindow as string).split(',').map((s) => (/^\d+$/.test(s.trim()) ? Number(s) : Date.parse(s)));
        if (!Number.isFinite(from) || !Number.isFinite(to)) throw new AppError('INVALID_ARGUMENT', `--reference-window must be <from>,<to> (epoch ms or ISO dates), got '${opts.referenceWindow}'`);
        reference = { window: { from: from as number, to: to as number } };
      }
      const input = {
        name,
        source: opts.deployment ? { deployment: opts.deployment } : { dataset: await upload(keel, opts.dataset as string) },
        reference,
        window: parseWindow(opts.window),
        ...(opts.columns ? { columns: opts.columns.split(',').map((c) => c.trim()) } : {}),
        ...(opts.test ? { test: opts.test } : {}),
        ...(opts.driftShare !== undefined || opts.thresholds ? { options: { ...(opts.driftShare !== undefined ? { driftShare: opts.driftShare } : {}), ...(opts.thresholds ? { thresholds: opts.thresholds } : {}) } } : {}),
        ...(opts.task || opts.baselineMetric || opts.tolerance !== undefined
          ? { performance: { ...(opts.task ? { task: opts.task } : {}), ...(opts.baselineMetric ? { baselineMetric: opts.baselineMetric } : {}), ...(opts.tolerance !== undefined ? { tolerance: opts.tolerance } : {}) } }
          : {}),
        ...(opts.disabled ? { enabled: false } : {}),
      } as CreateMonitorInput;
      const m = await keel.monitors.create(input);
      output(globals(cmd), m, () => process.stdout.write(`created monitor ${m.name}${m.nextRunAt ? `, next run ${formatTime(m.nextRunAt)}` : ' (on demand only)'}\n`));
    });

  monitors
    .command('list')
    .description('monitors with their latest run')
    .action(async (_opts: unknown, cmd: Command) => {
      const list = await client(cmd).monitors.list();
      output(globals(cmd), list, () =>
        printTable(
          list.map((m) => ({
            name: m.name,
            source: 'deployment' in m.config.source ? m.config.source.deployment : `dataset ${m.config.source.dataset.sha256.slice(0, 12)}`,
            window: JSON.stringify(m.config.window).replace(/[{}"]/g, ''),
            status: m.lastRun ? (m.lastRun.status !== 'ok' ? m.lastRun.status : m.lastRun.datasetDrift ? 'DRIFT' : 'ok') : 'never run',
            'drift share': num(m.lastRun?.driftShare),
            'next run': m.enabled ? formatTime(m.nextRunAt) : 'disabled',
          })),
          ['name', 'source', 'window', 'status', 'drift share', 'next run'],
        ),
      );
    });

  monitors
    .command('show <name>')
    .description('a monitor and its latest run')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const keel = client(cmd);
      const [m, runs] = await Promise.all([keel.monitors.get(name), keel.monitors.runs(name, { limit: 1 })]);
      output(globals(cmd), { ...m, lastRun: runs[0] ?? null }, () => {
        process.stdout.write(`${m.name}  ${m.enabled ? `next run ${formatTime(m.nextRunAt)}` : 'disabled'}\n${JSON.stringify(m.config, null, 2)}\n`);
        if (runs[0]) printRun(runs[0]);
        else process.stdout.write('never run\n');
      });
    });

  monitors
    .command('run <name>')
    .description('run the monitor now and print its report')
    .option('--window-end <time>', 'end of the window (epoch ms or ISO date; default now)')
    .action(async (name: string, opts: { windowEnd?: string }, cmd: Command) => {
      const windowEnd = opts.windowEnd === undefined ? undefined : /^\d+$/.test(opts.windowEnd) ? Number(opts.windowEnd) : Date.parse(opts.windowEnd);
      if (windowEnd !== undefined && !Number.isFinite(windowEnd)) throw new AppError('INVALID_ARGUMENT', `--window-end must be epoch ms or an ISO date, got '${opts.windowEnd}'`);
      const run = await client(cmd).monitors.run(name, windowEnd === undefined ? {} : { windowEnd });
      output(globals(cmd), run, () => printRun(run));
    });

  monitors
    .command('runs <name>')
    .description('recent runs, newest first')
    .option('--limit <n>', 'how many', Number, 20)
    .action(async (name: string, opts: { limit: number }, cmd: Command) => {
      const runs = await client(cmd).monitors.runs(name, { limit: opts.limit });
      output(globals(cmd), runs, () =>
        printTable(
          runs.map((r) => ({ id: r.id, window: formatTime(r.windowEnd), status: r.status, rows: r.rows, labelled: r.labelledRows, drift: r.datasetDrift === null ? '—' : r.datasetDrift ? 'DRIFT' : 'ok', 'drift share': num(r.driftShare), accuracy: num(r.result.performance?.measured?.accuracy ?? r.result.performance?.estimated?.accuracy) })),
          ['id', 'window', 'status', 'rows', 'labelled', 'drift', 'drift share', 'accuracy'],
        ),
      );
    });

  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    monitors
      .command(`${verb} <name>`)
      .description(enabled ? 'put the monitor back on its schedule' : 'stop scheduled runs (on demand still works)')
      .action(async (name: string, _opts: unknown, cmd: Command) => {
        const m = await client(cmd).monitors.update(name, { enabled });
        output(globals(cmd), m, () => process.stdout.write(`${m.name} ${enabled ? `enabled, next run ${formatTime(m.nextRunAt)}` : 'disabled'}\n`));
      });
  }

  monitors
    .command('delete <name>')
    .description('delete a monitor with its runs')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await client(cmd).monitors.delete(name);
      output(globals(cmd), { deleted: name }, () => process.stdout.write(`deleted monitor ${name}\n`));
    });

  monitors
    .command('infra <deployment>')
    .description('latency percentiles, throughput, error rate, queue depth, memory and GPU of a deployment')
    .option('--window <seconds>', 'how far back', Number, 300)
    .action(async (deployment: string, opts: { window: number }, cmd: Command) => {
      const s = await client(cmd).monitors.infra(deployment, { windowSeconds: opts.window });
      output(globals(cmd), s, () =>
        printTable(
          [
            { metric: 'requests', value: s.requests },
            { metric: 'throughput (rps)', value: num(s.throughput_rps) },
            { metric: 'error rate', value: num(s.error_rate) },
            { metric: 'latency p50 / p95 / p99 (s)', value: `${num(s.latency_p50_seconds)} / ${num(s.latency_p95_seconds)} / ${num(s.latency_p99_seconds)}` },
            { metric: 'queue depth', value: num(s.queue_depth) },
            { metric: 'memory (MiB)', value: s.memory_bytes === null ? '—' : (s.memory_bytes / 2 ** 20).toFixed(1) },
            { metric: 'GPU utilisation', value: num(s.gpu_utilization) },
            { metric: 'up', value: s.service_up ? 'yes' : 'no' },
          ],
          ['metric', 'value'],
        ),
      );
    });
}
