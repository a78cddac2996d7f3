import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import type { Keel, Trial, TrainTabularRequest } from '../../sdk/index.js';
import { client, globals } from '../context.js';
import { output, printTable } from '../output.js';
import { startProgress } from '../progress.js';

/** Own flags, plus the ones `keel tune` itself defines (commander hands those to the parent command). */
interface TabularTuneFlags {
  data: string;
  target: string;
  model: string;
  split: string;
  study?: string;
  space?: string;
  trials: string;
  parallel: string;
  sampler: string;
  metric: string[];
  direction: string[];
  seed?: string;
}

const MODELS = ['logreg', 'forest', 'gbdt', 'mlp'] as const;

async function dataset(keel: Keel, data: string): Promise<TrainTabularRequest['dataset']> {
  if (existsSync(data)) {
    const ext = extname(data).toLowerCase();
    const format = ext === '.parquet' ? 'parquet' : ext === '.jsonl' || ext === '.ndjson' || ext === '.json' ? 'jsonl' : 'csv';
    // Uploaded once; every trial trains on the same stored bytes.
    const { sha256 } = await keel.monitoring.uploadDataset(await readFile(data));
    return { sha256, format, name: data.split('/').at(-1) as string };
  }
  const ref = /^([A-Za-z0-9][\w.-]*)(?:@([\w.-]+))?$/.exec(data);
  if (!ref || data.includes('/')) throw new AppError('INVALID_ARGUMENT', `--data: no such file, and not a dataset name[@version]: ${data}`);
  return { name: ref[1] as string, ...(ref[2] ? { version: ref[2] } : {}) };
}

/**
 * `keel tune tabular`: a study over one of the built-in trainers' hyperparameters. Each trial
 * trains on the server (POST /api/v1/training/tabular) as its own tracked run; the trial's run
 * records the validation metric and links that run in the tag `keel.trial.trainingRun`.
 */
export function registerTuneTabularCommand(tune: Command): void {
  tune
    .command('tabular')
    .description('tune a built-in tabular trainer (logreg, forest, gbdt, mlp): each trial a tracked training run with ONNX export')
    .requiredOption('--data <file|dataset[@version]>', 'CSV, Parquet or JSON-lines file, or a registered dataset')
    .requiredOption('--target <column>', 'the column to predict')
    .requiredOption('--model <kind>', 'logreg|forest|gbdt|mlp')
    .option('--split <fraction>', 'share of rows to train on', '0.8')
    .addHelpText(
      'after',
      '\nWith keel tune’s own flags: --study (required), --space (over the trainer’s params, see docs/training.md), --trials, --parallel,\n--sampler, --seed, --metric (a validation metric: accuracy, f1, roc_auc, log_loss, mae, rmse, r2; default accuracy) and\n--direction (default maximize).\n\nExample: keel tune tabular --study penguins --space gbdt-space.json --trials 30 --data penguins.csv --target Species --model gbdt',
    )
    .action(async (_own: unknown, cmd: Command) => {
      const g = globals(cmd);
      const keel = client(cmd);
      const all = cmd.optsWithGlobals<TabularTuneFlags>();
      if (!all.study) throw new AppError('INVALID_ARGUMENT', 'keel tune tabular needs --study <name>');
      const flags = { ...all, study: all.study, metric: all.metric[0] ?? 'accuracy', direction: all.direction[0] ?? 'maximize' };
      if (!(MODELS as readonly string[]).includes(flags.model)) throw new AppError('INVALID_ARGUMENT', `--model must be logreg, forest, gbdt or mlp, got '${flags.model}'`);
      if (flags.direction !== 'maximize' && flags.direction !== 'minimize') throw new AppError('INVALID_ARGUMENT', `--direction must be maximize or minimize, got '${flags.direction}'`);
      const total = Number(flags.trials);
      const parallel = Number(flags.parallel);
      if (!Number.isInteger(total) || total < 1 || !Number.isInteger(parallel) || parallel < 1 || parallel > 64) throw new AppError('INVALID_ARGUMENT', '--trials and --parallel must be positive integers (--parallel ≤ 64)');
      const split = Number(flags.split);
      const source = await dataset(keel, flags.data);
      const study = flags.space
        ? await keel.studies.create({
            name: flags.study,
            space: JSON.parse(await readFile(flags.space, 'utf8').catch((e: Error) => Promise.reject(new AppError('INVALID_ARGUMENT', `--space: ${e.message}`)))) as never,
            directions: [flags.direction],
            metrics: [flags.metric],
            sampler: { type: flags.sampler } as never,
            ...(flags.seed !== undefined ? { seed: Number(flags.seed) } : {}),
            loadIfExists: true,
          })
        : await keel.studies.get(flags.study);
      let remaining = Math.max(0, total - (study.counts.complete + study.counts.pruned + study.counts.failed));
      const progress = startProgress(`study ${study.name}`, total, { json: g.json });
      const mine: Trial[] = [];
      const worker = async (): Promise<void> => {
        while (remaining > 0) {
          remaining--;
          const trial = await keel.studies.ask(study.name);
          let told: Trial;
          try {
            const report = await keel.training.trainTabular({ dataset: source, target: flags.target, model: flags.model as 'gbdt', params: trial.params, split, experiment: `study/${study.name}/training`, runName: `${study.name}-trial-${trial.number}` });
            const value = report.metrics[flags.metric];
            if (trial.runId) await keel.runs.logBatch(trial.runId, { tags: [{ key: 'keel.trial.trainingRun', value: report.runId }] });
            told =
              value === undefined || !Number.isFinite(value)
                ? await keel.studies.tell(study.name, trial.number, { state: 'failed', reason: `the trainer reported no '${flags.metric}' (it has: ${Object.keys(report.metrics).filter((k) => !k.startsWith('train_')).join(', ')})` })
                : await keel.studies.tell(study.name, trial.number, { values: [value] });
          } catch (err) {
            told = await keel.studies.tell(study.name, trial.number, { state: 'failed', reason: err instanceof Error ? err.message : String(err) });
          }
          mine.push(told);
          progress.update(study.counts.complete + study.counts.pruned + study.counts.failed + mine.length);
        }
      };
      try {
        await Promise.all(Array.from({ length: parallel }, worker));
      } finally {
        progress.stop();
      }
      const analysis = await keel.studies.analysis(study.name);
      mine.sort((a, b) => a.number - b.number);
      output(g, { study: study.name, best: analysis.best, importance: analysis.importance, trials: mine }, () => {
        printTable(
          mine.map((t) => ({ trial: t.number, state: t.state, [flags.metric]: t.values?.[0]?.toFixed(4) ?? null, params: JSON.stringify(t.params), reason: t.reason })),
          ['trial', 'state', flags.metric, 'params', 'reason'],
        );
        if (analysis.best) process.stdout.write(`\nbest: trial ${analysis.best.number} ${flags.metric} = ${analysis.best.values?.[0]} with ${JSON.stringify(analysis.best.params)}\n`);
      });
    });
}
