import type { Command } from 'commander';
import { loadConfig, startKeel, keelVersion } from '../../main.js';
import { globals } from '../context.js';

export interface ServerFlags {
  port?: string;
  host?: string;
  data?: string;
  config?: string;
}

/** CLI flags as a partial config layer; values stay strings/numbers so the schema reports bad ones. */
export function serverFlagsToConfig(flags: ServerFlags): Record<string, unknown> {
  const server: Record<string, unknown> = {};
  if (flags.port !== undefined) server.port = /^\d+$/.test(flags.port) ? Number(flags.port) : flags.port;
  if (flags.host !== undefined) server.host = flags.host;
  return { ...(Object.keys(server).length ? { server } : {}), ...(flags.data !== undefined ? { dataDir: flags.data } : {}) };
}

export function registerServerCommand(program: Command): void {
  program
    .command('server')
    .description('start the Keel server (API + web UI)')
    .option('-p, --port <port>', 'port to listen on (default 4200; 0 picks a free one)')
    .option('--host <host>', 'address to bind (default 127.0.0.1)')
    .option('-d, --data <dir>', 'folder for the embedded database and artifacts (default ./.keel)')
    .option('-c, --config <file>', 'config file (JSON or YAML); default keel.config.{json,yaml} in the current folder')
    .action(async (flags: ServerFlags, cmd: Command) => {
      const config = loadConfig({ file: flags.config, flags: serverFlagsToConfig(flags) });
      const keel = await startKeel(config);
      const g = globals(cmd);
      if (g.json) process.stdout.write(`${JSON.stringify({ url: keel.url, version: keelVersion() })}\n`);
      else {
        process.stdout.write(`Keel ${keelVersion()} listening on ${keel.url}\n`);
        process.stdout.write(`  UI:       ${keel.url}/\n  API docs: ${keel.url}/api/openapi.json\n`);
        process.stdout.write(`  data:     ${config.database.type === 'sqlite' ? config.database.path : 'postgres'}, artifacts ${config.artifacts.type === 'fs' ? config.artifacts.path : 's3'}\n`);
      }
      await waitForSignal();
      const timer = setTimeout(() => {
        keel.logger.error('shutdown took too long; exiting');
        process.exit(1);
      }, config.server.shutdownTimeoutMs).unref();
      await keel.close();
      clearTimeout(timer);
    });
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGTERM', done);
      process.off('SIGINT', done);
      resolve();
    };
    process.once('SIGTERM', done);
    process.once('SIGINT', done);
  });
}
