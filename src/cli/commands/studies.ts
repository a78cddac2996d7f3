import type { Command } from 'commander';
import { client, globals } from '../context.js';
import { formatTime, output, printTable } from '../output.js';

/** `keel studies …`: look at hyperparameter studies (the `keel tune` driver runs them). */
export function registerStudiesCommand(program: Command): void {
  const studies = program.command('studies').description('hyperparameter studies: list, show, trials, analysis, stop/resume');

  studies
    .command('list')
    .description('list studies with their trial counts')
    .action(async (_: unknown, cmd: Command) => {
      const { studies: list } = await client(cmd).studies.list();
      output(globals(cmd), list, () =>
        printTable(
          list.map((s) => ({ name: s.name, status: s.status, sampler: s.sampler.type, pruner: s.pruner.type, directions: s.directions.join(','), complete: s.counts.complete, pruned: s.counts.pruned, failed: s.counts.failed, running: s.counts.running, created: formatTime(s.createdAt) })),
          ['name', 'status', 'sampler', 'pruner', 'directions', 'complete', 'pruned', 'failed', 'running', 'created'],
        ),
      );
    });

  studies
    .command('trials <name>')
    .description('a study’s trials: state, values, params, reason')
    .action(async (name: string, _: unknown, cmd: Command) => {
      const { trials } = await client(cmd).studies.trials(name);
      output(globals(cmd), trials, () =>
        printTable(
          trials.map((t) => ({ trial: t.number, state: t.state, values: t.values?.join(', ') ?? null, params: JSON.stringify(t.params), run: t.runId, reason: t.reason })),
          ['trial', 'state', 'values', 'params', 'run', 'reason'],
        ),
      );
    });

  studies
    .command('show <name>')
    .description('a study’s best trial (or Pareto front) and parameter importance')
    .action(async (name: string, _: unknown, cmd: Command) => {
      const keel = client(cmd);
      const [study, analysis] = await Promise.all([keel.studies.get(name), keel.studies.analysis(name)]);
      output(globals(cmd), { study, best: analysis.best, paretoFront: analysis.paretoFront, importance: analysis.importance }, () => {
        const c = study.counts;
        process.stdout.write(`study ${study.name} (${study.status}): ${study.sampler.type} sampler, ${study.pruner.type} pruner, ${study.directions.join('/')} ${study.metrics.join(', ')}\n`);
        process.stdout.write(`trials: ${c.complete} complete, ${c.pruned} pruned, ${c.failed} failed, ${c.running} running\n`);
        if (analysis.best) process.stdout.write(`best: trial ${analysis.best.number} = ${analysis.best.values?.join(', ')} with ${JSON.stringify(analysis.best.params)}\n`);
        for (const t of study.directions.length > 1 ? analysis.paretoFront : []) process.stdout.write(`pareto: trial ${t.number} = ${t.values?.join(', ')} ${JSON.stringify(t.params)}\n`);
        process.stdout.write('\nparameter importance:\n');
        printTable(analysis.importance.map((i) => ({ param: i.param, importance: i.importance.toFixed(3) })), ['param', 'importance']);
      });
    });

  studies
    .command('analysis <name>')
    .description('the whole analysis as JSON: history, best, Pareto front, importance, parallel coordinates')
    .action(async (name: string, _: unknown, cmd: Command) => {
      process.stdout.write(`${JSON.stringify(await client(cmd).studies.analysis(name), null, 2)}\n`);
    });

  for (const [verb, status] of [['stop', 'stopped'], ['resume', 'running']] as const) {
    studies
      .command(`${verb} <name>`)
      .description(verb === 'stop' ? 'refuse further asks (running trials finish)' : 'accept asks again')
      .action(async (name: string, _: unknown, cmd: Command) => {
        const study = await client(cmd).studies.setStatus(name, status);
        output(globals(cmd), study, () => process.stdout.write(`study ${study.name} is ${study.status}\n`));
      });
  }
}
