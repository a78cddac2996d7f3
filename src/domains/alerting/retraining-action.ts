import type { CommandRunner } from '../../core/ports/command-runner.js';
import type { JobHandler } from '../jobs/index.js';

export const RETRAINING_QUEUE = 'alerting.retraining';

/** The job a firing alert with a `retraining` action queues (the pipelines issue will consume the same event). */
export interface RetrainingJob {
  alertId: string;
  rule: string;
  labels: Record<string, string>;
}

export type { CommandRunner };

export interface RetrainingHandlerOptions {
  /** The server's configured command (e.g. `["keel", "run", "train.py"]`); none: the job only records the event. */
  command: readonly string[] | undefined;
  runner: CommandRunner;
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  timeoutMs?: number;
}

/**
 * Starts the configured retraining command for a firing alert. The command comes from the
 * server's configuration, never from a rule: a rule is editable over the API, and an API
 * write must not be a way to run arbitrary programs on the server. The alert reaches the
 * command as environment variables (KEEL_ALERT_ID, KEEL_ALERT_RULE, KEEL_ALERT_LABELS as JSON).
 */
export function retrainingJobHandler(opts: RetrainingHandlerOptions): JobHandler<RetrainingJob> {
  return {
    queue: RETRAINING_QUEUE,
    timeoutMs: opts.timeoutMs ?? 6 * 3600_000,
    async run(job, ctx) {
      const { alertId, rule, labels } = job.payload;
      if (!opts.command || opts.command.length === 0) {
        opts.logger.info({ alertId, rule }, 'retraining triggered; no retraining command is configured');
        return;
      }
      const env = { KEEL_ALERT_ID: alertId, KEEL_ALERT_RULE: rule, KEEL_ALERT_LABELS: JSON.stringify(labels) };
      const { exitCode, output } = await opts.runner.run(opts.command, env, ctx.signal);
      if (exitCode !== 0) throw new Error(`retraining command exited with ${exitCode}: ${output.slice(-2000)}`);
      opts.logger.info({ alertId, rule, exitCode }, 'retraining command finished');
    },
  };
}
