/**
 * Starts the Keel CLI from source under tsx (`node --import tsx bench/servers/keel-from-source.ts server …`),
 * so a suite can measure the working tree without `npm run build`.
 */
import { runCli } from '../../src/cli/index.js';

await runCli(process.argv);
