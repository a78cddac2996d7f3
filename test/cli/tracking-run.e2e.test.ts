import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keel } from '../../src/sdk/index.js';
import { chromiumAvailable, launchChromium } from '../support/browser.js';
import { KEEL_BIN, REPO_ROOT, runKeel, spawnServer, type CliResult, type ServerProcess } from '../support/spawn-keel.js';

// Needs the built binary: `npm run build:server` first.
const TRAIN = 'test/fixtures/train/logistic-regression.mjs';
const EPOCHS = 30;

let server: ServerProcess;
let keel: Keel;

/** `keel run --json` prints its summary as the last stdout line, after the child's own output. */
function summary(r: CliResult): { runId: string; experimentId: string; status: string; exitCode: number } {
  const last = r.stdout.trimEnd().split('\n').at(-1) ?? '';
  return JSON.parse(last) as ReturnType<typeof summary>;
}

const keelRun = (args: string[], command: string[]): Promise<CliResult> => runKeel(['run', '--json', '--url', server.url, ...args, '--', ...command], { timeoutMs: 60_000 });

beforeAll(async () => {
  server = await spawnServer(['--port', '0', '--data', mkdtempSync(join(tmpdir(), 'keel-track-'))]);
  keel = new Keel({ url: server.url });
});
afterAll(async () => {
  await server?.stop();
});

describe('keel run + tracking CLI (built binary, real server)', () => {
  let first = '';
  let second = '';

  it('keel run trains a real model: run FINISHED with params, metric history, artifacts and environment tags', async () => {
    const r = await keelRun(['--experiment', 'penguins', '--name', 'lr-0.1', '--param', 'note=e2e'], ['node', TRAIN, '--epochs', String(EPOCHS), '--lr', '0.1']);
    expect(r.stderr).toMatch(/keel: run [0-9a-f]{32} .*started/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`epoch ${EPOCHS}/${EPOCHS}`);
    const s = summary(r);
    expect(s).toMatchObject({ status: 'FINISHED', exitCode: 0 });
    first = s.runId;

    const run = await keel.runs.get(first);
    expect(run.info.status).toBe('FINISHED');
    expect(run.info.endTime).toBeGreaterThanOrEqual(run.info.startTime);
    expect((await keel.experiments.getByName('penguins')).experimentId).toBe(run.info.experimentId);
    const params = Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
    expect(params).toMatchObject({ note: 'e2e', epochs: String(EPOCHS), lr: '0.1', model: 'logistic-regression' });

    const loss = (await keel.runs.metricHistory(first, 'loss')).metrics;
    expect(loss).toHaveLength(EPOCHS);
    expect(loss.map((m) => m.step)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i));
    for (let i = 1; i < loss.length; i++) expect(loss[i]?.value).toBeLessThan(loss[i - 1]?.value ?? Number.NaN);
    const accuracy = run.data.metrics.find((m) => m.key === 'accuracy')?.value ?? 0;
    expect(accuracy).toBeGreaterThan(0.8);

    const root = (await keel.runs.listArtifacts(first)).files.map((f) => f.path);
    expect(root).toEqual(expect.arrayContaining(['logs', 'model']));
    const logs = (await keel.runs.listArtifacts(first, 'logs')).files.map((f) => f.path);
    expect(logs).toEqual(expect.arrayContaining(['logs/stdout.txt', 'logs/stderr.txt']));
    expect(await (await keel.runs.downloadArtifact(first, 'logs/stdout.txt')).text()).toContain(`epoch ${EPOCHS}/${EPOCHS}`);
    const model = (await (await keel.runs.downloadArtifact(first, 'model/weights.json')).json()) as { weights: number[]; bias: number };
    expect(model.weights).toHaveLength(4);

    const tags = Object.fromEntries(run.data.tags.map((t) => [t.key, t.value]));
    expect(tags['mlflow.source.git.commit']).toMatch(/^[0-9a-f]{40}$/);
    expect(tags['mlflow.source.type']).toBe('LOCAL');
    expect(tags['mlflow.source.name']).toContain('logistic-regression.mjs');
    expect(tags['keel.env.node']).toBe(process.version);
    expect(tags['keel.env.cpu']).toBeTruthy();
    if (tags['keel.env.git.dirty'] === 'true') expect(root).toContain('environment');
  });

  it.skipIf(!chromiumAvailable('keel run UI check'))('the trained run shows its params, loss chart, environment and logs in the UI', async () => {
    const run = await keel.runs.get(first);
    const commit = run.data.tags.find((t) => t.key === 'mlflow.source.git.commit')?.value ?? '';
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}/experiments/runs/${first}`);
      await expect.poll(() => page.getByRole('heading', { level: 1, name: 'lr-0.1' }).isVisible(), { timeout: 15_000 }).toBe(true);
      const params = page.getByRole('table', { name: 'Parameters' });
      await expect.poll(() => params.getByRole('row', { name: /\blr\b/ }).innerText()).toMatch(/lr\s+0\.1/);
      const environment = page.getByRole('table', { name: 'Environment' });
      await expect.poll(() => environment.getByRole('row', { name: /Git commit/ }).innerText()).toContain(commit);
      await expect.poll(() => page.getByRole('figure', { name: 'loss' }).locator('canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
      await page.getByRole('treeitem', { name: /logs/ }).getByRole('button').first().click();
      await page.getByRole('button', { name: /stdout\.txt/ }).click();
      await expect.poll(() => page.getByText(`epoch ${EPOCHS}/${EPOCHS}`).first().isVisible(), { timeout: 10_000 }).toBe(true);
    } finally {
      await browser.close();
    }
  });

  it('a failing command marks the run FAILED, keeps its stderr, and keel run exits with its code', async () => {
    const r = await keelRun(['--experiment', 'penguins'], ['node', '-e', "process.stderr.write('boom\\n'); process.exit(3)"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('boom');
    const s = summary(r);
    expect(s).toMatchObject({ status: 'FAILED', exitCode: 3 });
    expect((await keel.runs.get(s.runId)).info.status).toBe('FAILED');
    expect(await (await keel.runs.downloadArtifact(s.runId, 'logs/stderr.txt')).text()).toBe('boom\n');
  });

  it('a command that cannot start is FAILED with exit code 127', async () => {
    const r = await keelRun(['--experiment', 'penguins', '--no-capture-env'], ['keel-no-such-program-xyz']);
    expect(r.code).toBe(127);
    expect((await keel.runs.get(summary(r).runId)).info.status).toBe('FAILED');
  });

  it('SIGTERM to keel run is forwarded to the command; the run is KILLED and the exit code 128+15', async () => {
    const child = spawn(process.execPath, [KEEL_BIN, 'run', '--json', '--no-capture-env', '--url', server.url, '--experiment', 'signals', '--', 'node', '-e', "console.log('ready'); setInterval(() => {}, 1000)"], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        if (stdout.includes('ready')) resolve();
      }),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    const s = summary({ code: 143, stdout, stderr: '' });
    expect(s.status).toBe('KILLED');
    expect((await keel.runs.get(s.runId)).info.status).toBe('KILLED');
  });

  it('keel runs search finds the run by metric, and keel runs compare prints the params diff', async () => {
    const r = await keelRun(['--experiment', 'penguins', '--name', 'lr-0.5'], ['node', TRAIN, '--epochs', '10', '--lr', '0.5']);
    expect(r.code).toBe(0);
    second = summary(r).runId;

    const found = await runKeel(['runs', 'search', 'metrics.accuracy > 0.5', '--experiment', 'penguins', '--json', '--url', server.url]);
    expect(found.code).toBe(0);
    const ids = (JSON.parse(found.stdout) as { info: { runId: string; status: string } }[]).map((x) => x.info.runId);
    expect(ids).toEqual(expect.arrayContaining([first, second]));
    expect(ids).toHaveLength(2); // the failed runs logged no accuracy

    const table = await runKeel(['runs', 'search', 'metrics.accuracy > 0.5', '--order-by', 'metrics.accuracy DESC', '--url', server.url]);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+STATUS\s+STARTED\s+DURATION\s+METRICS\.ACCURACY/m);

    const listed = await runKeel(['runs', 'list', '--experiment', 'penguins', '--url', server.url]);
    expect(listed.stdout.trim().split('\n')).toHaveLength(1 + 4);

    const cmp = await runKeel(['runs', 'compare', first, second, '--url', server.url]);
    expect(cmp.code).toBe(0);
    expect(cmp.stdout).toMatch(/^\* lr\s+0\.1\s+0\.5$/m);
    expect(cmp.stdout).toMatch(/^\* epochs\s+30\s+10$/m);
    expect(cmp.stdout).not.toMatch(/^\s+model\b/m); // equal params are hidden without --all
    expect(cmp.stdout).toMatch(/^loss\s+[\d.]+ \([\d.]+\.\.[\d.]+\)/m);

    const shown = await runKeel(['runs', 'show', first, '--url', server.url]);
    expect(shown.stdout).toContain(`run ${first} (lr-0.1)`);
    expect(shown.stdout).toMatch(/^lr\s+0\.1$/m);
  });

  it('keel artifacts get downloads a file; keel experiments list shows the experiment', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'keel-dl-')), 'weights.json');
    const r = await runKeel(['artifacts', 'get', first, 'model/weights.json', '--out', out, '--url', server.url]);
    expect(r.code).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { weights: number[] }).weights).toHaveLength(4);
    const missing = await runKeel(['artifacts', 'get', first, 'nope.bin', '--out', out, '--url', server.url]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/NOT_FOUND/);

    const exps = await runKeel(['experiments', 'list', '--url', server.url]);
    expect(exps.stdout).toMatch(/^\d+\s+penguins\s+active/m);
    const created = await runKeel(['experiments', 'create', 'vision', '--tag', 'team=cv', '--json', '--url', server.url]);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'vision', tags: [{ key: 'team', value: 'cv' }] });
  });
});
