import { existsSync, statSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import { createLocalDriftService, DRIFT_TESTS, renderDriftReportHtml, type DriftTestChoice } from '../../main.js';

interface DriftFlags {
  reference: string;
  current: string;
  columns?: string;
  test: string;
  format: string;
  out?: string;
  failOnDrift?: boolean;
  driftShare?: string;
  fdr?: boolean;
}

const TEST_CHOICES: readonly string[] = [...DRIFT_TESTS, 'auto'];

function checkFile(flag: string, path: string): void {
  if (!existsSync(path)) throw AppError.invalid(`${flag}: no such file: ${path}`);
  if (!statSync(path).isFile()) throw AppError.invalid(`${flag}: not a file: ${path}`);
}

/** `keel drift`: a local command (no server): reads both files, prints or writes the report. */
export function registerDriftCommand(program: Command): void {
  program
    .command('drift')
    .description('monitoring: data drift between a reference and a current dataset (CSV, Parquet or JSON lines), computed locally')
    .requiredOption('--reference <file>', 'reference dataset (e.g. the training data)')
    .requiredOption('--current <file>', 'current dataset (e.g. recent production inputs)')
    .option('--columns <a,b>', 'only these columns (default: every reference column)')
    .option('--test <name>', `test for every column: ${TEST_CHOICES.join('|')} (auto chooses per column, as Evidently)`, 'auto')
    .option('--format <format>', 'json|html', 'json')
    .option('--out <file>', 'write the report to this file instead of stdout')
    .option('--drift-share <share>', 'dataset drift when at least this share of columns drift (default 0.5)')
    .option('--fdr', 'control the false discovery rate across columns (Benjamini–Hochberg)')
    .option('--fail-on-drift', 'exit 1 when dataset drift is found (for CI)')
    .action(async (flags: DriftFlags) => {
      if (!TEST_CHOICES.includes(flags.test)) throw AppError.invalid(`--test must be one of ${TEST_CHOICES.join(', ')}`);
      if (flags.format !== 'json' && flags.format !== 'html') throw AppError.invalid('--format must be json or html');
      const driftShare = flags.driftShare === undefined ? undefined : Number(flags.driftShare);
      if (driftShare !== undefined && !(driftShare > 0 && driftShare <= 1)) throw AppError.invalid('--drift-share must be a number in (0, 1]');
      checkFile('--reference', flags.reference);
      checkFile('--current', flags.current);
      const columns = flags.columns?.split(',').map((c) => c.trim()).filter((c) => c !== '');
      if (columns !== undefined && columns.length === 0) throw AppError.invalid('--columns lists no column');
      const service = createLocalDriftService();
      const result = await service.driftFromSources({ kind: 'file', path: flags.reference }, { kind: 'file', path: flags.current }, {
        columns,
        test: flags.test as DriftTestChoice,
        options: { ...(driftShare !== undefined ? { driftShare } : {}), ...(flags.fdr ? { fdr: true } : {}) },
      });
      const text = flags.format === 'html' ? renderDriftReportHtml(result) : `${JSON.stringify(result.report, null, 2)}\n`;
      const r = result.report;
      if (flags.out) {
        // Written beside the target and renamed, so a reader never sees half a report.
        await writeFile(`${flags.out}.partial`, text);
        await rename(`${flags.out}.partial`, flags.out);
        process.stderr.write(`${r.dataset_drift ? 'dataset drift' : 'no dataset drift'}: ${r.number_of_drifted_columns}/${r.number_of_columns} columns drifted; wrote ${flags.out}\n`);
      } else process.stdout.write(text);
      if (flags.failOnDrift && r.dataset_drift) process.exitCode = 1;
    });
}
