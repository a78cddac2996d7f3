import { mulberry32 } from '../../test/fixtures/drift/samples.js';
import { computeDriftReport, type ColumnTable } from '../../src/domains/monitoring/index.js';
import { machineInfo } from '../lib/machine.js';
import { median } from '../lib/stats.js';
import { formatInt } from '../lib/table.js';
import type { BenchOptions, GoalResult, SuiteResult } from '../lib/types.js';

/**
 * `npm run bench drift`: a full drift report (automatic tests: normalized Wasserstein for the
 * numeric columns, Jensen–Shannon for the categorical ones, PSI for every column) on 1M rows ×
 * 20 columns (10 numeric, 10 categorical) generated in memory with a fixed seed — 500k reference
 * rows + 500k current rows = 20M cells — against one raw pass summing the same typed arrays,
 * measured in the same run. A second case doubles it (1M reference + 1M current) for scale.
 */
const NUMERIC = 10;
const CATEGORICAL = 10;

function generate(rows: number, seed: number, shift: number): ColumnTable {
  const rand = mulberry32(seed);
  const columns: ColumnTable['columns'] = [];
  for (let c = 0; c < NUMERIC; c++) {
    const values = new Float64Array(rows);
    // Column c of the current set is shifted by c·shift: some drift, some do not.
    for (let i = 0; i < rows; i++) values[i] = rand() + rand() + rand() + rand() - 2 + c * shift + (i % 97 === 0 ? Number.NaN : 0);
    columns.push({ name: `num_${c}`, kind: 'numeric', values });
  }
  for (let c = 0; c < CATEGORICAL; c++) {
    const size = 5 + c * 5;
    const dictionary = Array.from({ length: size }, (_, k) => `cat_${c}_${k}`);
    const codes = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const u = rand();
      codes[i] = Math.min(size - 1, Math.floor(size * u * u * (1 + c * shift)));
    }
    columns.push({ name: `cat_${c}`, kind: 'categorical', codes, dictionary });
  }
  return { rowCount: rows, columns };
}

/** The floor: touching every cell once, no statistics. */
function rawPass(tables: readonly ColumnTable[]): number {
  let sum = 0;
  for (const t of tables) {
    for (const col of t.columns) {
      if (col.kind === 'numeric') {
        const v = col.values;
        for (let i = 0; i < v.length; i++) sum += v[i] as number;
      } else if (col.kind === 'categorical') {
        const v = col.codes;
        for (let i = 0; i < v.length; i++) sum += v[i] as number;
      }
    }
  }
  return sum;
}

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

export async function driftSuite(options: BenchOptions, progress: (line: string) => void): Promise<SuiteResult> {
  const startedAt = new Date().toISOString();
  const goals: GoalResult[] = [];
  const notes: string[] = [];
  for (const [label, perSide, isGoal] of [
    ['1M rows (500k ref + 500k cur) × 20 cols', 500_000, true],
    ['2M rows (1M ref + 1M cur) × 20 cols', 1_000_000, false],
  ] as const) {
    progress(`drift: generating ${label}…`);
    const reference = generate(perSide, 1, 0);
    const current = generate(perSide, 2, 0.02);
    const names = reference.columns.map((c) => c.name);
    const cells = 2 * perSide * names.length;
    time(() => computeDriftReport(reference, current, names)); // warm-up (JIT)
    const reportMs: number[] = [];
    const rawMs: number[] = [];
    for (let r = 0; r < options.rounds; r++) {
      rawMs.push(time(() => rawPass([reference, current])));
      reportMs.push(time(() => computeDriftReport(reference, current, names)));
      progress(`drift ${label}: round ${r + 1}: report ${reportMs[r]?.toFixed(0)} ms, raw pass ${rawMs[r]?.toFixed(1)} ms`);
    }
    const report = median(reportMs);
    const raw = median(rawMs);
    const rate = cells / (report / 1000);
    const rawRate = cells / (raw / 1000);
    const { report: result } = computeDriftReport(reference, current, names);
    notes.push(
      `${label}: report ${report.toFixed(0)} ms = ${formatInt(rate)} cells/s; raw Float64Array/Int32Array pass ${raw.toFixed(1)} ms = ${formatInt(rawRate)} cells/s (report = ${(report / raw).toFixed(0)}× the raw pass); ${result.number_of_drifted_columns}/${result.number_of_columns} columns drifted`,
    );
    if (isGoal) {
      goals.push({ name: `full report, ${label}`, value: rate, measured: `${formatInt(rate)} cells/s (${report.toFixed(0)} ms)`, goal: '≥ 20,000,000 cells/s', pass: rate >= 20_000_000, samples: reportMs.map((ms) => cells / (ms / 1000)) });
      goals.push({ name: `report time, ${label}`, value: report, measured: `${report.toFixed(0)} ms`, goal: '≤ 1000 ms', pass: report <= 1000, samples: reportMs });
    }
  }
  notes.push('Tests: auto (reference > 1000 rows → normalized Wasserstein for numeric, Jensen–Shannon for categorical) plus PSI for every column; each numeric column sorted once (radix sort) and reused.');
  return { suite: 'drift', startedAt, finishedAt: new Date().toISOString(), machine: machineInfo(), options, cases: [], notes, goals };
}
