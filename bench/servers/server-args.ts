import { parseArgs } from 'node:util';

/** Every bench server takes the same flags; the upstream URL is only needed by the proxy route. */
export function serverArgs(): { upstream: string | undefined; log: boolean; nodeBody: boolean } {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      upstream: { type: 'string' },
      log: { type: 'boolean', default: false },
      'node-body': { type: 'boolean', default: false },
    },
  });
  return { upstream: values.upstream, log: values.log, nodeBody: values['node-body'] };
}

/** The line the harness waits for, the same one `keel server` prints. */
export function announce(name: string, port: number): void {
  process.stdout.write(`${name} listening on http://127.0.0.1:${port}\n`);
}

export const NOT_FOUND_BODY = { error: { code: 'NOT_FOUND', message: 'route not found' } };
