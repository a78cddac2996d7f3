import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT, spawnServer, type ServerProcess } from './spawn-keel.js';

/** Debian's Chromium, driven by playwright-core (no browser download is possible here). */
export const CHROMIUM = '/usr/bin/chromium';

/** Where browser tests leave their screenshots. */
export const SHOTS = join(REPO_ROOT, 'test-results');

// Without the networking flags Chromium keeps dialling out, and this machine refuses every such connection.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Whether the browser tests of `suite` can run. In CI a missing browser is a broken runner, so the
 * file fails; elsewhere it is skipped with the command that installs Chromium.
 */
export function chromiumAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  const hint = `${suite} needs Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\``;
  if (process.env.CI === 'true') throw new Error(hint);
  console.warn(`skipping ${suite}: ${hint}`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface Viewport {
  width: number;
  height: number;
}

export interface BrowserPage {
  browser: Browser;
  page: Page;
  /** The page's uncaught script errors: a UI test ends by asserting there were none. */
  errors: string[];
  /** A screenshot in test-results/, scrolled to the top first: full-page shots of a scrolled page paint the sticky header mid-page. */
  screenshot(name: string, fullPage?: boolean): Promise<void>;
  close(): Promise<void>;
}

/** Chromium with one page, recording its uncaught errors; test-results/ exists for its screenshots. */
export async function openBrowserPage(viewport: Viewport = { width: 1440, height: 900 }): Promise<BrowserPage> {
  await mkdir(SHOTS, { recursive: true });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    return {
      browser,
      page,
      errors,
      screenshot: async (name, fullPage = true) => {
        await page.evaluate('window.scrollTo(0, 0)');
        await page.screenshot({ path: join(SHOTS, name), fullPage });
      },
      close: () => browser.close(),
    };
  } catch (err) {
    await browser.close();
    throw err;
  }
}

export interface KeelUi extends BrowserPage {
  /** A fresh temp folder, removed by close(). */
  dir: string;
  server: ServerProcess;
  /** The server's URL without a trailing slash. */
  base: string;
}

export interface KeelUiOptions {
  viewport?: Viewport;
  /** The server's data folder, inside `dir`; by default `dir` itself. */
  dataSubdir?: string;
  /** Settings as a config file holds them: written to `dir/keel.config.json` and named by KEEL_CONFIG. */
  config?: Record<string, unknown>;
  env?: Record<string, string>;
}

/**
 * The built `keel server` on a fresh temp folder and a Chromium page to drive its UI
 * (`npm run build` first). close() closes the browser, stops the server and removes the folder.
 */
export async function openKeelUi(prefix: string, opts: KeelUiOptions = {}): Promise<KeelUi> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  let server: ServerProcess | undefined;
  try {
    const env = { ...opts.env };
    if (opts.config) {
      env.KEEL_CONFIG = join(dir, 'keel.config.json');
      await writeFile(env.KEEL_CONFIG, JSON.stringify(opts.config));
    }
    const running = await spawnServer(['--port', '0', '--data', opts.dataSubdir ? join(dir, opts.dataSubdir) : dir], { env });
    server = running;
    const browser = await openBrowserPage(opts.viewport);
    return {
      ...browser,
      dir,
      server: running,
      base: running.url.replace(/\/+$/, ''),
      close: async () => {
        await browser.close();
        await running.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
