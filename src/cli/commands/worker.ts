import os from 'node:os';
import type { Command } from 'commander';
import { closeAdapters, createAdapters, createJobHandlers, createLogger, createServices, createTrainingWorker, loadConfig, WorkerRunner } from '../../main.js';
import { globals } from '../context.js';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('take jobs from the queue (PostgreSQL-backed when the database is PostgreSQL, so workers can run on other machines)')
    .option('-c, --config <file>', 'config file')
    .option('-d, --data <dir>', 'data folder (embedded mode)')
    .option('-q, --queues <names>', 'comma-separated queues to serve (default: all)')
    .option('--concurrency <n>', 'jobs at once', (v) => Number.parseInt(v, 10), Math.max(1, os.availableParallelism() - 1))
    .option('--no-training', 'do not run training jobs (they need CPUs, memory and GPUs this machine advertises)')
    .option('--training-jobs <n>', 'training jobs at once (default: one per CPU, as their CPU requests allow)', (v) => Number.parseInt(v, 10))
    .action(async (flags: { config?: string; data?: string; queues?: string; concurrency: number; training: boolean; trainingJobs?: number }, cmd: Command) => {
      const config = loadConfig({ file: flags.config, flags: flags.data ? { dataDir: flags.data } : {} });
      const logger = createLogger(config);
      const adapters = await createAdapters(config, logger);
      const services = createServices(config, adapters);
      const wanted = flags.queues?.split(',').map((q) => q.trim()).filter(Boolean);
      const handlers = createJobHandlers(services).filter((h) => !wanted || wanted.includes(h.queue));
      const runner = new WorkerRunner(adapters.queue, handlers, { concurrency: flags.concurrency, idlePollMs: 1_000, logger });
      logger.info({ queues: runner.queues, concurrency: flags.concurrency, cpus: os.availableParallelism(), memoryBytes: os.totalmem(), queue: config.queue.type }, 'worker started');
      if (runner.queues.length === 0 && !flags.training) logger.warn({}, 'no job handlers match; the worker idles until stopped');
      runner.start();
      // Training jobs log to the Keel server named by --url / KEEL_URL.
      const training = flags.training && (!wanted || wanted.includes('training')) ? await createTrainingWorker(services, { trackingUri: globals(cmd).url, logger: logger.child({ component: 'training-worker' }), ...(flags.trainingJobs ? { maxJobs: flags.trainingJobs } : {}) }) : undefined;
      training?.start();
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', resolve);
        process.once('SIGINT', resolve);
      });
      await runner.stop(config.server.shutdownTimeoutMs);
      await training?.stop(config.server.shutdownTimeoutMs);
      // Monitor runs publish into alerting: let its last evaluation and notifications finish.
      await services.alerting.close();
      await closeAdapters(adapters);
      logger.info(runner.stats, 'worker stopped');
    });
}
