import { MonitorSqlStore, migrateToLatest, openDatabase, PredictionLogSqlReader, ServingSqlStore } from '../../src/adapters/sql/index.js';
import { DuckDbTabularReader } from '../../src/adapters/tabular/index.js';
import { fixedClock } from '../../src/core/clock.js';
import { AppError } from '../../src/core/errors.js';
import { computeDriftReport, MonitorsService, rowsToTable } from '../../src/domains/monitoring/index.js';
import type { Deployment, PredictionRecord } from '../../src/domains/serving/index.js';
import { mulberry32 } from '../../test/fixtures/drift/samples.js';
import { machineInfo } from '../lib/machine.js';
import { median } from '../lib/stats.js';
import { formatInt } from '../lib/table.js';
import type { BenchOptions, GoalResult, SuiteResult } from '../lib/types.js';

/**
 * `npm run bench monitors`: one monitor run over a window of 100 000 logged single-row predictions
 * (10 features, a probability and a label; half with feedback) in SQLite: the log read with the
 * feedback join, JSON decoding into columns, the drift report against a 5 000-row reference,
 * performance (measured and CBPE) and storing the run. Measured beside the drift report alone on
 * the same decoded columns, in the same process, so the ratio says what the log costs.
 */
const FEATURES = 10;
const ROWS = 100_000;
const AT = 1_800_000_000_000;

export async function monitorsSuite(options: BenchOptions, progress: (line: string) => void): Promise<SuiteResult> {
  const startedAt = new Date().toISOString();
  const database = await openDatabase({ type: 'sqlite', path: ':memory:' });
  await migrateToLatest(database);
  const serving = new ServingSqlStore(database);
  const rand = mulberry32(9);
  const columns = Array.from({ length: FEATURES }, (_, j) => `f${j}`);
  progress(`monitors: logging ${ROWS} predictions…`);
  for (let start = 0; start < ROWS; start += 1000) {
    const batch: PredictionRecord[] = [];
    for (let i = start; i < start + 1000; i++) {
      const x = Array.from({ length: FEATURES }, (_, j) => rand() + (j < 3 ? 0.3 : 0));
      const p = rand();
      batch.push({ requestId: `r${i}`, deployment: 'd', model: 'm', version: 1, arm: 'primary', inputs: JSON.stringify({ features: { type: 'float32', shape: [1, FEATURES], data: x } }), outputs: JSON.stringify({ probability: { type: 'float32', shape: [1, 1], data: [p] }, label: { type: 'int64', shape: [1, 1], data: [p > 0.5 ? 1 : 0] } }), latencyMs: 1 + rand(), status: 'ok', cached: false, at: AT - 3_000_000 + i * 10 });
    }
    await serving.appendPredictions(batch);
    for (let i = start; i < start + 1000; i += 2) await serving.putFeedback({ requestId: `r${i}`, deployment: 'd', label: rand() < 0.5 ? '1' : '0', reward: null, at: AT });
  }
  const deployment: Deployment = { name: 'd', revision: 1, config: { strategy: 'direct', arms: [{ name: 'primary', model: 'm', version: 1, weight: 1 }], settings: { batching: { enabled: false, maxBatchSize: 1, maxLatencyMs: 1 }, cacheTtlSec: 0, timeoutMs: 1000, fallback: { kind: 'error' } }, processing: { columns } }, createdBy: 'bench', createdAt: 1, updatedAt: 1 };
  const service = new MonitorsService({
    store: new MonitorSqlStore(database),
    log: new PredictionLogSqlReader(database),
    reader: new DuckDbTabularReader(),
    deployments: { get: async () => deployment, isReady: async () => true },
    versions: { getVersion: (name) => Promise.reject(AppError.notFound('model', name)) },
    clock: fixedClock(AT),
  });
  const reference = Array.from({ length: 5000 }, () => Object.fromEntries(columns.map((c) => [c, rand()])));
  await service.create({ name: 'bench', source: { deployment: 'd' }, reference: { rows: reference }, window: { seconds: 3600 }, enabled: false }, 'bench');
  const reader = new PredictionLogSqlReader(database);
  await service.run('bench'); // warm-up (JIT, statement cache)
  const runMs: number[] = [];
  const driftMs: number[] = [];
  const readMs: number[] = [];
  const parseMs: number[] = [];
  let last = await service.run('bench');
  const refTable = rowsToTable(reference);
  for (let r = 0; r < options.rounds; r++) {
    let t = performance.now();
    last = await service.run('bench');
    runMs.push(performance.now() - t);
    t = performance.now();
    const rows = await reader.window('d', AT - 3_600_000, AT, 200_000);
    readMs.push(performance.now() - t);
    t = performance.now();
    // The floor of decoding: parsing each logged input and output once.
    const parsed = rows.map((row) => [JSON.parse(row.inputs), JSON.parse(row.outputs)] as [{ features: { data: number[] } }, unknown]);
    parseMs.push(performance.now() - t);
    const current = rowsToTable(parsed.map(([inputs]) => Object.fromEntries(columns.map((c, j) => [c, inputs.features.data[j]]))));
    t = performance.now();
    computeDriftReport(refTable, current, columns);
    driftMs.push(performance.now() - t);
    progress(`monitors: round ${r + 1}: run ${runMs[r]?.toFixed(0)} ms (log read ${readMs[r]?.toFixed(0)} ms, JSON.parse ${parseMs[r]?.toFixed(0)} ms, drift alone ${driftMs[r]?.toFixed(0)} ms)`);
  }
  await database.close();
  const run = median(runMs);
  const rate = ROWS / (run / 1000);
  const goals: GoalResult[] = [
    { name: `monitor run, ${formatInt(ROWS)} logged predictions × ${FEATURES} features`, value: rate, measured: `${formatInt(rate)} predictions/s (${run.toFixed(0)} ms)`, goal: '≥ 25,000 predictions/s (100k window ≤ 4 s)', pass: rate >= 25_000, samples: runMs.map((ms) => ROWS / (ms / 1000)) },
  ];
  const notes = [
    `run ${run.toFixed(0)} ms = log read with feedback join ${median(readMs).toFixed(0)} ms + decoding (JSON.parse of the logged tensors alone: ${median(parseMs).toFixed(0)} ms) + drift report (alone ${median(driftMs).toFixed(0)} ms on the decoded columns) + performance + storing; ${last.result.drift?.number_of_drifted_columns}/${FEATURES} columns drifted, ${last.labelledRows} labelled rows.`,
  ];
  return { suite: 'monitors', startedAt, finishedAt: new Date().toISOString(), machine: machineInfo(), options, cases: [], notes, goals };
}
