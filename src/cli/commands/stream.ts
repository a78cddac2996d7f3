import type { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import { closeAdapters, createAdapters, createLogger, createServices, loadConfig } from '../../main.js';
import { output } from '../output.js';

interface StreamFlags {
  input: string;
  output: string;
  deadLetter?: string;
  maxDeliver: number;
  ackWait: number;
  durable?: string;
  config?: string;
  data?: string;
}

/** `keel stream`: consume a NATS subject through a deployment in this process until Ctrl-C (or SIGTERM). */
export function registerStreamCommand(program: Command): void {
  program
    .command('stream <deployment>')
    .description('serving: streaming inference — JSON records from a NATS JetStream subject in, predictions out (needs nats.url / KEEL_NATS_URL)')
    .requiredOption('--input <subject>', 'subject to consume')
    .requiredOption('--output <subject>', 'subject to publish predictions to')
    .option('--dead-letter <subject>', 'subject for messages that fail --max-deliver times (default <input>.dead)')
    .option('--max-deliver <n>', 'deliveries before a message is dead-lettered', (v) => Number.parseInt(v, 10), 3)
    .option('--ack-wait <ms>', 'visibility timeout: an un-acked message is redelivered after it', (v) => Number.parseInt(v, 10), 30_000)
    .option('--durable <name>', 'durable consumer name (processes with the same one share the work)')
    .option('-c, --config <file>', 'config file')
    .option('-d, --data <dir>', 'data folder (embedded mode)')
    .action(async (deployment: string, flags: StreamFlags, command: Command) => {
      const json = Boolean(command.optsWithGlobals<{ json?: boolean }>().json);
      const config = loadConfig({ file: flags.config, flags: flags.data ? { dataDir: flags.data } : {} });
      if (!config.nats.url) throw new AppError('FAILED_PRECONDITION', 'keel stream needs NATS: set KEEL_NATS_URL (or nats.url in the config file)');
      const logger = createLogger(config);
      const adapters = await createAdapters(config, logger);
      const services = createServices(config, adapters, undefined, logger);
      try {
        // Not stored: this binding lives as long as this command; server bindings are started over REST.
        const binding = await services.streams.start(
          deployment,
          { input: flags.input, output: flags.output, maxDeliver: flags.maxDeliver, ackWaitMs: flags.ackWait, ...(flags.deadLetter ? { deadLetter: flags.deadLetter } : {}), ...(flags.durable ? { durable: flags.durable } : {}) },
          { persist: false },
        );
        output({ json }, binding, () => process.stderr.write(`consuming ${binding.input} → ${binding.output} (dead letters: ${binding.deadLetter}); Ctrl-C to stop\n`));
        await new Promise<void>((resolve) => {
          process.once('SIGTERM', resolve);
          process.once('SIGINT', resolve);
        });
        output({ json }, binding.counts, () => process.stderr.write(`answered ${binding.counts.answered}, retried ${binding.counts.retried}, dead-lettered ${binding.counts.deadLettered}\n`));
      } finally {
        await services.streams.close();
        await services.serving.close();
        await closeAdapters(adapters);
      }
    });
}
