import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core (no browser download is possible here). */
export const CHROMIUM = '/usr/bin/chromium';

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
