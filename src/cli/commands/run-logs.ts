import type { Command } from 'commander';
import { client, globals } from '../context.js';

const FINAL = new Set(['FINISHED', 'FAILED', 'KILLED']);

/** `keel runs logs <runId> [--follow]`: what a training job's command printed, live. */
export function registerRunLogsCommand(runs: Command): void {
  runs
    .command('logs <runId>')
    .description("a run's log lines (training jobs: stdout, stderr and worker notes)")
    .option('-f, --follow', 'keep printing new lines until the run ends')
    .option('--after <seq>', 'only lines after this sequence number', '0')
    .action(async (runId: string, flags: { follow?: boolean; after: string }, cmd: Command) => {
      const keel = client(cmd);
      const g = globals(cmd);
      let after = Number(flags.after) || 0;
      const print = (line: { seq: number; stream: string; text: string; timestamp: number }): void => {
        if (g.json) process.stdout.write(`${JSON.stringify(line)}\n`);
        else (line.stream === 'stdout' ? process.stdout : process.stderr).write(`${line.text}\n`);
      };
      for (;;) {
        const ended = flags.follow ? FINAL.has((await keel.runs.get(runId)).info.status) : true;
        for (;;) {
          const page = await keel.training.logs(runId, { after, limit: 1000 });
          page.lines.forEach(print);
          after = page.next;
          if (page.lines.length < 1000) break;
        }
        if (ended) return;
        await new Promise((r) => setTimeout(r, 300));
      }
    });
}
