import path from 'node:path';
import { parseCliArgs } from './lib/options.js';
import { writeResults } from './lib/results-file.js';
import { REPO_ROOT } from './lib/spawn-server.js';
import { caseTable, goalTable, renderMarkdown, renderText, type Table } from './lib/table.js';
import { BenchError, type BenchOptions, type SuiteResult } from './lib/types.js';
import { frameworksSuite } from './suites/frameworks.bench.js';
import { httpSuite } from './suites/http.bench.js';
import { gatewaySuite } from './suites/gateway.bench.js';
import { trackingSuite } from './suites/tracking.bench.js';
import { servingSuite } from './suites/serving.bench.js';
import { driftSuite } from './suites/drift.bench.js';
import { monitorsSuite } from './suites/monitors.bench.js';
import { alertingSuite } from './suites/alerting.bench.js';
import { featuresSuite } from './suites/features.bench.js';
import { dataSuite } from './suites/data.bench.js';
import { tuningSuite } from './suites/tuning.bench.js';
import { trainingSuite } from './suites/training.bench.js';

type Suite = (options: BenchOptions, progress: (line: string) => void) => Promise<SuiteResult>;

const SUITES: Record<string, Suite> = { frameworks: frameworksSuite, http: httpSuite, tracking: trackingSuite, gateway: gatewaySuite, drift: driftSuite, serving: servingSuite, monitors: monitorsSuite, alerting: alertingSuite, features: featuresSuite, data: dataSuite, tuning: tuningSuite, training: trainingSuite };

// Progress goes to stderr so stdout holds only the tables.
const progress = (line: string): void => void process.stderr.write(`${line}\n`);

function report(result: SuiteResult, markdown: boolean): void {
  const m = result.machine;
  const o = result.options;
  const render = (table: Table): string => (markdown ? renderMarkdown(table) : renderText(table));
  // Goal suites measure their own way (sequential requests, in-process baselines): no load-generator settings to show.
  const how = result.goals ? `median of ${o.rounds} rounds` : `${o.connections} connections, ${o.warmupSec} s warm-up + ${o.durationSec} s measured, median of ${o.rounds} rounds`;
  const lines = [
    '',
    `## ${result.suite}`,
    `${m.nproc} cores (${m.cpuModel}), node ${m.node}; ${how}`,
    '',
    ...(result.cases.length > 0 ? [render(caseTable(result.cases)), ''] : []),
    ...(result.goals ? [render(goalTable(result.goals)), ''] : []),
    ...result.notes,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const markdown = argv.includes('--markdown');
  const { suite, options } = parseCliArgs(argv.filter((a) => a !== '--markdown'));
  if (suite !== undefined && !(suite in SUITES)) throw new BenchError(`unknown suite "${suite}"; known: ${Object.keys(SUITES).join(', ')}`);
  const names = suite === undefined ? Object.keys(SUITES) : [suite];
  let failed = 0;
  for (const name of names) {
    const run = SUITES[name] as Suite;
    progress(`running suite ${name}…`);
    try {
      const result = await run(options, progress);
      report(result, markdown);
      progress(`results written to ${path.relative(REPO_ROOT, writeResults(result))}`);
    } catch (err) {
      // Keep going so one broken suite does not hide the others' numbers; the exit code still says it failed.
      failed++;
      if (!(err instanceof BenchError)) throw err;
      process.stderr.write(`bench ${name} failed: ${err.message}\n`);
    }
  }
  return failed === 0 ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof BenchError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
