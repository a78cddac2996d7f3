import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { root: string; version: string } | undefined;

/** Finds Keel's package.json above this module: works from src/ (tsx, vitest) and from dist/. */
function packageInfo(): { root: string; version: string } {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'keel' && pkg.version) return (cached = { root: dir, version: pkg.version });
    } catch {
      // no package.json here; keep walking up
    }
    dir = dirname(dir);
  }
  throw new Error('cannot find the keel package.json above ' + fileURLToPath(import.meta.url));
}

export function keelVersion(): string {
  return packageInfo().version;
}

/** Where `vite build` puts the UI. */
export function webRoot(): string {
  return join(packageInfo().root, 'dist', 'web');
}
