import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import type { CreateStudyInput, Keel, Study, Trial } from '../../sdk/index.js';
import { client, globals } from '../context.js';
import { output, printTable } from '../output.js';
import { startProgress } from '../progress.js';
import { registerTuneTabularCommand } from './tune-tabular.js';
import { resolveCommand, runTrial } from './tune-trial.js';

interface TuneFlags {
  study: string;
  space?: string;
  trials: string;
  parallel: string;
  sampler: string;
  pruner: string;
  direction: string[];
  metric: string[];
  seed?: string;
  experiment?: string;
  pollMs: string;
  echo: boolean;
}

const positiveInt = (flag: string, v: string, max: number): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new AppError('INVALID_ARGUMENT', `${flag}: expected an integer from 1 to ${max}, got '${v}'`);
  return n;
};

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Sampler/pruner flags: a type, or a JSON object for options (`--pruner '{"type":"asha","reductionFactor":3}'`). */
function configFlag(flag: string, value: string): { type: string } & Record<string, unknown> {
  if (!value.trim().startsWith('{')) return { type: value };
  try {
    return JSON.parse(value) as { type: string };
  } catch (err) {
    throw new AppError('INVALID_ARGUMENT', `${flag}: not valid JSON (${(err as Error).message})`);
  }
}

async function openStudy(keel: Keel, flags: TuneFlags): Promise<Study> {
  if (!flags.space) return keel.studies.get(flags.study);
  let space: unknown;
  try {
    space = JSON.parse(await readFile(flags.space, 'utf8'));
  } catch (err) {
    throw new AppError('INVALID_ARGUMENT', `--space ${flags.space}: ${(err as Error).message}`);
  }
  const directions = flags.direction.length > 0 ? flags.direction : ['minimize'];
  const input = {
    name: flags.study,
    space,
    directions,
    metrics: flags.metric.length > 0 ? flags.metric : undefined,
    sampler: configFlag('--sampler', flags.sampler),
    pruner: configFlag('--pruner', flags.pruner),
    ...(flags.seed !== undefined ? { seed: Number(flags.seed) } : {}),
    ...(flags.experiment ? { experimentName: flags.experiment } : {}),
    loadIfExists: true,
  } as CreateStudyInput;
  return keel.studies.create(input);
}

export function registerTuneCommand(program: Command): void {
  const tune = program.command('tune');
  registerTuneTabularCommand(tune);
  tune
    .description('hyperparameter search: run a command once per trial of a study, each trial a tracked child run')
    .argument('<command...>', 'the command, after `--`; `{param}` in an argument becomes the trial’s value')
    .requiredOption('-s, --study <name>', 'study name (created from --space, or resumed when it exists)')
    .option('--space <file>', 'search space JSON ({"lr": {"type": "float", "low": 1e-5, "high": 0.1, "log": true}, …}); omit to resume a study')
    .option('--trials <n>', 'run until the study has this many finished trials (a resumed study counts its earlier ones)', '20')
    .option('--parallel <n>', 'trials at a time', '1')
    .option('--sampler <type|json>', 'tpe, random, grid, nsga2 or pbt (or a JSON object with options)', 'tpe')
    .option('--pruner <type|json>', 'none, median, asha or hyperband (or a JSON object with options)', 'none')
    .option('--direction <d>', 'minimize or maximize; repeat for several objectives', collect, [])
    .option('--metric <key>', 'the metric the command logs as the objective (repeat per direction); its steps feed the pruner', collect, [])
    .option('--seed <n>', 'sampler seed, for reproducible studies')
    .option('--experiment <name>', 'experiment of the trial runs (default study/<name>)')
    .option('--poll-ms <ms>', 'how often the objective metric is read while a trial runs', '1000')
    .option('--echo', 'print the commands’ output, prefixed with the trial number', false)
    .addHelpText(
      'after',
      '\nEach trial runs the command with KEEL_RUN_ID / MLFLOW_RUN_ID (its run), KEEL_TRACKING_URI / MLFLOW_TRACKING_URI,\nKEEL_STUDY, KEEL_TRIAL, KEEL_PARAMS (JSON) and KEEL_PARAM_<NAME>; with --sampler pbt also KEEL_PARENT_RUN_ID (load its checkpoint). The command logs its metric (with steps\nfor pruning) to that run; a pruned trial gets SIGTERM; a non-zero exit fails the trial with the reason.\n\nExample: keel tune --study lr --space space.json --trials 50 --parallel 4 --pruner asha --metric val_loss -- python train.py --lr {lr}',
    )
    .action(async (command: string[], flags: TuneFlags, cmd: Command) => {
      const g = globals(cmd);
      const keel = client(cmd);
      const total = positiveInt('--trials', flags.trials, 1_000_000);
      const parallel = positiveInt('--parallel', flags.parallel, 256);
      const pollMs = positiveInt('--poll-ms', flags.pollMs, 600_000);
      if (command.length === 0) throw new AppError('INVALID_ARGUMENT', 'nothing to run: give the command after --');
      resolveCommand(command[0] as string);
      const study = await openStudy(keel, flags);
      const finished = study.counts.complete + study.counts.pruned + study.counts.failed;
      let remaining = Math.max(0, total - finished);
      const progress = startProgress(`study ${study.name}`, total, { json: g.json });
      progress.update(finished);
      let done = finished;
      const mine: Trial[] = [];
      const worker = async (): Promise<void> => {
        while (remaining > 0) {
          remaining--;
          const trial = await keel.studies.ask(study.name);
          const outcome = await runTrial({ keel, url: g.url, apiKey: g.apiKey, study: study.name, metrics: study.metrics, command, pollMs, echo: flags.echo }, trial);
          mine.push(outcome.trial);
          progress.update(++done);
        }
      };
      try {
        await Promise.all(Array.from({ length: parallel }, worker));
      } finally {
        progress.stop();
      }
      const analysis = await keel.studies.analysis(study.name);
      const counts = (await keel.studies.get(study.name)).counts;
      output(g, { study: study.name, counts, best: analysis.best, paretoFront: analysis.paretoFront.map((t) => t.number), trials: mine.sort((a, b) => a.number - b.number) }, () => {
        printTable(
          mine.sort((a, b) => a.number - b.number).map((t) => ({ trial: t.number, state: t.state, value: t.values?.join(', ') ?? null, params: JSON.stringify(t.params), reason: t.reason })),
          ['trial', 'state', 'value', 'params', 'reason'],
        );
        process.stdout.write(`\nstudy ${study.name}: ${counts.complete} complete, ${counts.pruned} pruned, ${counts.failed} failed\n`);
        if (analysis.best) process.stdout.write(`best: trial ${analysis.best.number} ${study.metrics[0]} = ${analysis.best.values?.[0]} with ${JSON.stringify(analysis.best.params)}\n`);
        else if (analysis.paretoFront.length > 0) process.stdout.write(`Pareto front: trials ${analysis.paretoFront.map((t) => t.number).join(', ')}\n`);
      });
    });
}
