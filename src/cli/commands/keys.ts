import type { Command } from 'commander';
import { client, globals } from '../context.js';
import { formatTime, output, printTable } from '../output.js';

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('manage API keys (needs the admin scope once auth is on)');

  keys
    .command('create')
    .description('create an API key; its secret is printed once')
    .requiredOption('-n, --name <name>', 'a label, e.g. the team or the CI job')
    .option('-s, --scope <scope>', 'read | write | admin', 'read')
    .action(async (opts: { name: string; scope: 'read' | 'write' | 'admin' }, cmd: Command) => {
      const created = await client(cmd).keys.create({ name: opts.name, scope: opts.scope });
      output(globals(cmd), created, () => {
        process.stdout.write(`created key ${created.key.id} (${created.key.scope})\n`);
        process.stdout.write(`secret (shown once, store it now): ${created.secret}\n`);
      });
    });

  keys
    .command('list')
    .description('list API keys')
    .action(async (_opts: unknown, cmd: Command) => {
      const list = await client(cmd).keys.list();
      output(globals(cmd), list, () =>
        printTable(
          list.map((k) => ({ ...k, created: formatTime(k.createdAt), revoked: formatTime(k.revokedAt) })),
          ['id', 'name', 'scope', 'prefix', 'created', 'revoked'],
        ),
      );
    });

  keys
    .command('revoke <id>')
    .description('revoke an API key')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await client(cmd).keys.revoke(id);
      output(globals(cmd), { revoked: id }, () => process.stdout.write(`revoked ${id}\n`));
    });
}
