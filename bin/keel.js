#!/usr/bin/env node
// Thin launcher: the CLI itself is compiled TypeScript under dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/index.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('keel: not built yet — run `npm run build` first\n');
  process.exit(1);
}
const { runCli } = await import(entry.href);
await runCli(process.argv);
