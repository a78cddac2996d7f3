import { Command, Option } from 'commander';
import { keelVersion } from '../main.js';
import { registerArtifactsCommand } from './commands/artifacts.js';
import { registerBatchCommand } from './commands/batch.js';
import { registerStreamCommand } from './commands/stream.js';
import { registerDriftCommand } from './commands/drift.js';
import { registerMonitorsCommand } from './commands/monitors.js';
import { registerAlertsCommand } from './commands/alerts.js';
import { registerExperimentsCommand } from './commands/experiments.js';
import { registerDeployCommand, registerDeploymentsCommand } from './commands/deployments.js';
import { registerKeysCommand } from './commands/keys.js';
import { registerGatewayCommand } from './commands/gateway.js';
import { registerModelsCommand } from './commands/models.js';
import { registerRunCommand } from './commands/run.js';
import { registerRunsCommand } from './commands/runs.js';
import { registerServerCommand } from './commands/server.js';
import { registerSystemCommand } from './commands/system.js';
import { registerVersionCommand } from './commands/version.js';
import { registerWorkerCommand } from './commands/worker.js';
import { registerFeaturesCommand } from './commands/features.js';
import { registerTuneCommand } from './commands/tune.js';
import { registerStudiesCommand } from './commands/studies.js';
import { registerTrainCommand } from './commands/train.js';
import { registerGpuCommand } from './commands/gpu.js';
import { registerRunLogsCommand } from './commands/run-logs.js';
import { reportError } from './output.js';
import { registerDataCommand } from './commands/data.js';

export function buildProgram(): Command {
  const program = new Command('keel')
    .description('Keel: experiment tracking, model registry, serving, monitoring and an LLM gateway in one server')
    .version(keelVersion(), '-V, --version')
    .addOption(new Option('--url <url>', 'Keel server URL').env('KEEL_URL').default('http://127.0.0.1:4200'))
    .addOption(new Option('--api-key <key>', 'API key (needed once the server has keys)').env('KEEL_API_KEY'))
    .option('--json', 'machine-readable JSON output', false)
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: true });
  registerServerCommand(program);
  registerWorkerCommand(program);
  registerKeysCommand(program);
  registerGatewayCommand(program);
  registerVersionCommand(program);
  registerSystemCommand(program);
  registerExperimentsCommand(program);
  registerRunsCommand(program);
  registerRunLogsCommand(program.commands.find((c) => c.name() === 'runs') ?? program.command('runs'));
  registerTrainCommand(program);
  registerGpuCommand(program);
  registerRunCommand(program);
  registerArtifactsCommand(program);
  registerDeployCommand(program);
  registerDeploymentsCommand(program);
  registerDriftCommand(program);
  registerMonitorsCommand(program);
  registerAlertsCommand(program);
  registerBatchCommand(program);
  registerStreamCommand(program);
  registerModelsCommand(program);
  registerDataCommand(program);
  registerFeaturesCommand(program);
  registerTuneCommand(program);
  registerStudiesCommand(program);
  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = reportError(err, { json: argv.includes('--json') });
  }
}
