import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../support/browser.js';

// The real thing end to end: the built CLI binary serves the built UI to a real Chromium.
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCREENSHOT = join(REPO_ROOT, 'test-results', 'ui-overview.png');
const SECTIONS = ['Overview', 'Experiments', 'Training', 'Tuning', 'Models', 'Deployments', 'Monitoring', 'Alerts', 'Data', 'Features', 'Gateway', 'Prompts', 'Traces'];

const hasChromium = chromiumAvailable('browser e2e');

interface RunningServer {
  url: string;
  process: ChildProcess;
}

async function startServer(dataDir: string): Promise<RunningServer> {
  const bin = join(REPO_ROOT, 'bin', 'keel.js');
  const child = spawn(process.execPath, [bin, 'server', '--port', '0', '--data', dataDir], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening (did you run \`npm run build\`?):\n${output}`));
    });
  });
  return { url, process: child };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

describe.skipIf(!hasChromium)('web UI in a real browser', () => {
  let dataDir: string;
  let server: RunningServer | undefined;
  let baseUrl = '';
  let browser: Browser | undefined;
  let page: Page;
  let version: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'keel-ui-e2e-'));
    server = await startServer(dataDir);
    baseUrl = server.url;
    const health = (await (await fetch(`${baseUrl}/healthz`)).json()) as { version: string };
    version = health.version;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    if (server) await stopServer(server.process);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('shows the overview with the server version, engines and every section', async () => {
    await page.goto(`${baseUrl}/`);
    const main = page.getByRole('main');
    await expect.poll(() => main.getByText(version, { exact: true }).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => main.getByRole('heading', { name: 'Storage engines' }).isVisible()).toBe(true);
    expect(await main.getByRole('row', { name: /Database/ }).innerText()).toMatch(/SQLite|PostgreSQL/);

    const nav = page.getByRole('navigation', { name: 'Sections' });
    const labels = (await nav.getByRole('link').allInnerTexts()).map((t) => t.trim());
    expect(labels).toEqual(SECTIONS);
    expect(await nav.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page');

    await mkdir(join(REPO_ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('navigates client-side to Experiments', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Experiments' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/experiments');
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Experiments' }).isVisible()).toBe(true);
    // A fresh server has no runs yet: the page shows its list, or how to log a first run.
    await expect.poll(() => page.getByRole('heading', { name: /All experiments|Log your first run/ }).isVisible(), { timeout: 10_000 }).toBe(true);
    const current = page.getByRole('navigation', { name: 'Sections' }).locator('[aria-current="page"]');
    expect(await current.innerText()).toBe('Experiments');
  });

  it('serves a deep link on reload (SPA fallback)', async () => {
    const response = await page.goto(`${baseUrl}/experiments`);
    expect(response?.status()).toBe(200);
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Experiments' }).isVisible()).toBe(true);
  });

  it('answers an unknown API path with a JSON 404, not the UI', async () => {
    const res = await fetch(`${baseUrl}/api/v1/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as { error?: { code?: string } };
    expect(body.error?.code).toBe('NOT_FOUND');
  });
});
