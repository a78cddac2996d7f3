import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import { parseFeatureDefinitions } from '../../main.js';
import type { FeatureApplyResult } from '../../sdk/index.js';
import { client, globals } from '../context.js';
import { withLocalServices, type LocalFlags } from '../local-services.js';
import { formatTime, output, printTable } from '../output.js';
import { startProgress, type Progress } from '../progress.js';

function printDiff(result: FeatureApplyResult): void {
  if (result.changes.length === 0) {
    process.stdout.write('no changes\n');
    return;
  }
  const sign = { create: '+', update: '~', delete: '-' } as const;
  for (const c of result.changes) process.stdout.write(`${sign[c.action]} ${c.kind} ${c.name} (v${c.version})${c.fields ? `: ${c.fields.join(', ')}` : ''}\n`);
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

const TRAINING_FORMATS: Record<string, 'parquet' | 'csv' | 'arrow'> = { '.parquet': 'parquet', '.pq': 'parquet', '.csv': 'csv', '.arrow': 'arrow', '.feather': 'arrow' };

/** `keel features`: definitions, training data, materialization, online lookups and freshness. */
export function registerFeaturesCommand(program: Command): void {
  const features = program.command('features').description('feature store: entities, feature views, point-in-time training data, online features');

  features
    .command('apply <file>')
    .description('apply a definitions file (JSON or YAML): shows the diff, then applies it')
    .option('--dry-run', 'only show the diff')
    .option('--prune', 'delete objects the file leaves out')
    .option('-y, --yes', 'apply without asking (asked only on a terminal)')
    .action(async (file: string, flags: { dryRun?: boolean; prune?: boolean; yes?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const text = await readFile(file, 'utf8').catch(() => {
        throw AppError.invalid(`cannot read ${file}`);
      });
      const definitions = parseFeatureDefinitions(text, basename(file));
      const keel = client(cmd);
      const opts = { prune: Boolean(flags.prune) };
      const plan = await keel.features.apply(definitions, { ...opts, dryRun: true });
      if (flags.dryRun || plan.changes.length === 0) return output(g, plan, () => printDiff(plan));
      if (!g.json) printDiff(plan);
      if (!flags.yes && !g.json && process.stdin.isTTY && !(await confirm('apply these changes? [y/N] '))) {
        process.stdout.write('not applied\n');
        return;
      }
      const result = await keel.features.apply(definitions, opts);
      output(g, result, () => process.stdout.write(`applied ${result.changes.length} change(s)\n`));
    });

  features
    .command('list')
    .description('entities, sources, feature views and services')
    .action(async (_flags: unknown, cmd: Command) => {
      const g = globals(cmd);
      const reg = await client(cmd).features.registry();
      output(g, reg, () => {
        printTable(
          reg.views.map((v) => ({ view: v.spec.name, version: v.version, entity: v.spec.entity, source: v.spec.source, features: v.spec.features.map((f) => f.name).join(','), ttl: v.spec.ttl, owner: v.spec.owner })),
          ['view', 'version', 'entity', 'source', 'features', 'ttl', 'owner'],
        );
        if (reg.services.length > 0) printTable(reg.services.map((s) => ({ service: s.spec.name, version: s.version, features: s.spec.features.join(',') })), ['service', 'version', 'features']);
      });
    });

  features
    .command('training')
    .description('point-in-time correct training data for entity rows (keys + event_timestamp)')
    .requiredOption('--entities <file>', 'entity rows (.parquet or .csv)')
    .option('--service <name>', 'a feature service')
    .option('--features <list>', 'view:feature,… (instead of --service)')
    .option('--timestamp-column <name>', 'the entity rows’ time column', 'event_timestamp')
    .requiredOption('--out <file>', 'output (.parquet, .csv or .arrow)')
    .option('-c, --config <file>', 'config file')
    .option('-d, --data <dir>', 'data folder (embedded mode)')
    .action(async (flags: LocalFlags & { entities: string; service?: string; features?: string; timestampColumn: string; out: string }, cmd: Command) => {
      const g = globals(cmd);
      const format = TRAINING_FORMATS[extname(flags.out).toLowerCase()];
      if (!format) throw AppError.invalid(`--out: cannot tell the format of ${flags.out} (use .parquet, .csv or .arrow)`);
      if (Boolean(flags.service) === Boolean(flags.features)) throw AppError.invalid('give exactly one of --service or --features');
      const started = performance.now();
      const result = await withLocalServices(flags, (s) =>
        s.features.getTrainingFeatures({
          entities: { kind: 'file', path: flags.entities },
          timestampColumn: flags.timestampColumn,
          service: flags.service,
          features: flags.features?.split(',').map((f) => f.trim()),
          out: { kind: 'file', path: flags.out, format },
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      output(g, { ...result, out: flags.out, seconds }, () => process.stdout.write(`${result.rows} rows × ${result.columns.length} columns → ${flags.out} in ${seconds.toFixed(2)} s\n`));
    });

  features
    .command('materialize')
    .description('write the newest feature values per entity into the online store')
    .option('--start <time>', 'event-time start (ISO 8601)')
    .option('--end <time>', 'event-time end (default: now)')
    .option('--incremental', 'from each view’s last materialized end to now')
    .option('--views <list>', 'only these views (comma-separated)')
    .option('-c, --config <file>', 'config file')
    .option('-d, --data <dir>', 'data folder (embedded mode)')
    .action(async (flags: LocalFlags & { start?: string; end?: string; incremental?: boolean; views?: string }, cmd: Command) => {
      const g = globals(cmd);
      const bars = new Map<string, Progress>();
      const result = await withLocalServices(flags, (s) =>
        s.features.materialize(
          { ...(flags.start ? { start: flags.start } : {}), ...(flags.end ? { end: flags.end } : {}), incremental: Boolean(flags.incremental), ...(flags.views ? { views: flags.views.split(',').map((v) => v.trim()) } : {}) },
          (p) => {
            let bar = bars.get(p.view);
            if (!bar) {
              for (const other of bars.values()) other.stop();
              bar = startProgress(p.view, p.total, { json: g.json });
              bars.set(p.view, bar);
            }
            bar.update(p.done, p.total);
          },
        ),
      ).finally(() => {
        for (const bar of bars.values()) bar.stop();
      });
      output(g, result, () =>
        printTable(
          result.views.map((v) => ({ view: v.view, start: formatTime(v.start), end: formatTime(v.end), entities: v.rows, written: v.written })),
          ['view', 'start', 'end', 'entities', 'written'],
        ),
      );
    });

  features
    .command('get')
    .description('online feature values for entity keys')
    .option('--service <name>', 'a feature service')
    .option('--features <list>', 'view:feature,…')
    .requiredOption('--entity <key=values>', 'join key and values, e.g. driver_id=1,2 (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .action(async (flags: { service?: string; features?: string; entity: string[] }, cmd: Command) => {
      const g = globals(cmd);
      const entities: Record<string, (number | string)[]> = {};
      for (const spec of flags.entity) {
        const [key, values] = spec.split('=');
        if (!key || values === undefined) throw AppError.invalid(`--entity: expected key=v1,v2, got ${spec}`);
        entities[key] = values.split(',').map((v) => (/^-?\d+$/.test(v) ? Number(v) : v));
      }
      const res = await client(cmd).features.online({ ...(flags.service ? { service: flags.service } : { features: (flags.features ?? '').split(',').filter(Boolean) }), entities });
      output(g, res, () => {
        const names = res.metadata.feature_names;
        const rows = (res.results[0]?.values ?? []).map((_, r) => Object.fromEntries(names.map((n, i) => [n, res.results[i]?.statuses[r] === 'PRESENT' ? res.results[i]?.values[r] : `(${res.results[i]?.statuses[r]?.toLowerCase()})`])));
        printTable(rows, names);
      });
    });

  features
    .command('freshness')
    .description('per view: age of the newest online value vs its freshness expectation')
    .action(async (_flags: unknown, cmd: Command) => {
      const g = globals(cmd);
      const list = await client(cmd).features.freshness();
      output(g, list, () =>
        printTable(
          list.map((f) => ({ view: f.view, status: f.status, last_event: formatTime(f.lastEventAt), age_s: f.ageSeconds === null ? null : Math.round(f.ageSeconds), expected_s: f.expectationSeconds, last_materialized: formatTime(f.lastMaterialization?.at ?? null) })),
          ['view', 'status', 'last_event', 'age_s', 'expected_s', 'last_materialized'],
        ),
      );
    });
}
