import type { Command } from 'commander';
import { keelVersion } from '../../main.js';
import { client, globals } from '../context.js';
import { output } from '../output.js';

export function registerVersionCommand(program: Command): void {
  program
    .command('version')
    .description("print this CLI's version and, when reachable, the server's")
    .action(async (_opts: unknown, cmd: Command) => {
      const server = await client(cmd)
        .system.health()
        .then((h) => h.version)
        .catch(() => null);
      const info = { cli: keelVersion(), server, url: globals(cmd).url };
      output(globals(cmd), info, () => {
        process.stdout.write(`keel CLI ${info.cli}\n`);
        process.stdout.write(server ? `server ${server} at ${info.url}\n` : `server: not reachable at ${info.url}\n`);
      });
    });
}
