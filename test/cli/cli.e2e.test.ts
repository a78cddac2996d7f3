import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKeel, spawnServer } from '../support/spawn-keel.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'keel-cli-'));

describe('keel CLI (built binary)', () => {
  it('--help lists the commands and the global options', async () => {
    const r = await runKeel(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['server', 'worker', 'keys', 'version']) expect(r.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
    for (const opt of ['--url', '--api-key', '--json']) expect(r.stdout).toContain(opt);
  });

  it('server --port --data starts with its state in that folder, and SIGTERM exits cleanly', async () => {
    const data = tmp();
    const server = await spawnServer(['--port', '0', '--data', data]);
    try {
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { status: string };
      expect(health.status).toBe('ok');
      expect(existsSync(join(data, 'keel.db'))).toBe(true);
      expect(server.output()).toMatch(/UI: +http:\/\/127\.0\.0\.1:\d+\//);

      const version = await runKeel(['version', '--json', '--url', server.url]);
      expect(JSON.parse(version.stdout)).toMatchObject({ server: expect.stringMatching(/^\d+\.\d+\.\d+/), url: server.url });

      const created = await runKeel(['keys', 'create', '--name', 'ci', '--scope', 'admin', '--json', '--url', server.url]);
      expect(created.code).toBe(0);
      const { secret } = JSON.parse(created.stdout) as { secret: string };
      const denied = await runKeel(['keys', 'list', '--url', server.url]);
      expect(denied.code).toBe(1);
      expect(denied.stderr).toMatch(/requires an API key.*\(UNAUTHENTICATED\)/);
      const listed = await runKeel(['keys', 'list', '--url', server.url], { env: { KEEL_API_KEY: secret } });
      expect(listed.stdout).toMatch(/^ID\s+NAME\s+SCOPE/m);
      expect(listed.stdout).toMatch(/\bci\s+admin\b/);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('an invalid setting stops start-up naming the setting and its source', async () => {
    const r = await runKeel(['server', '--port', 'abc', '--data', tmp()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/server\.port: .*\[from command-line flag\]/);
    const env = await runKeel(['server', '--data', tmp()], { env: { KEEL_DATABASE_URL: 'mysql://nope' } });
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/database\.type.*KEEL_DATABASE_URL/);
  });
});
