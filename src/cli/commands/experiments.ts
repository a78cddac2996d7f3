import type { Command } from 'commander';
import { AppError, type Experiment, type Keel } from '../../sdk/index.js';
import { client, globals } from '../context.js';
import { formatTime, output, printTable } from '../output.js';

/** `k=v` flags, repeatable: commander calls this once per occurrence. */
export function collectKeyValue(raw: string, acc: Record<string, string> = {}): Record<string, string> {
  const eq = raw.indexOf('=');
  if (eq <= 0) throw new AppError('INVALID_ARGUMENT', `expected key=value, got '${raw}'`);
  return { ...acc, [raw.slice(0, eq)]: raw.slice(eq + 1) };
}

/** Accepts an experiment's name or id: names are what people type, ids what scripts pass. */
export async function resolveExperiment(keel: Keel, nameOrId: string): Promise<Experiment> {
  try {
    return await keel.experiments.getByName(nameOrId);
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'NOT_FOUND')) throw err;
    return keel.experiments.get(nameOrId).catch((e: unknown) => {
      throw e instanceof AppError && e.code === 'NOT_FOUND' ? new AppError('NOT_FOUND', `no experiment named or numbered '${nameOrId}'`) : e;
    });
  }
}

export function registerExperimentsCommand(program: Command): void {
  const experiments = program.command('experiments').description('experiment tracking: list and create experiments');

  experiments
    .command('list')
    .description('list experiments')
    .option('--filter <filter>', "MLflow filter, e.g. \"name LIKE 'pen%'\"")
    .option('--all', 'include deleted experiments', false)
    .option('--max-results <n>', 'at most this many', (v) => Number.parseInt(v, 10), 1000)
    .action(async (opts: { filter?: string; all: boolean; maxResults: number }, cmd: Command) => {
      const page = await client(cmd).experiments.search({ filter: opts.filter, viewType: opts.all ? 'ALL' : 'ACTIVE_ONLY', maxResults: opts.maxResults, orderBy: 'name ASC' });
      output(globals(cmd), page.experiments, () =>
        printTable(
          page.experiments.map((e) => ({ id: e.experimentId, name: e.name, stage: e.lifecycleStage, created: formatTime(e.creationTime), artifacts: e.artifactLocation })),
          ['id', 'name', 'stage', 'created', 'artifacts'],
        ),
      );
    });

  experiments
    .command('create <name>')
    .description('create an experiment')
    .option('--tag <key=value>', 'a tag (repeatable)', collectKeyValue)
    .option('--artifact-location <uri>', 'where its runs store artifacts (default: the server decides)')
    .action(async (name: string, opts: { tag?: Record<string, string>; artifactLocation?: string }, cmd: Command) => {
      const tags = Object.entries(opts.tag ?? {}).map(([key, value]) => ({ key, value }));
      const exp = await client(cmd).experiments.create({ name, tags, ...(opts.artifactLocation ? { artifactLocation: opts.artifactLocation } : {}) });
      output(globals(cmd), exp, () => process.stdout.write(`created experiment ${exp.experimentId} (${exp.name})\n`));
    });
}
