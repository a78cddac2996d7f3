import { AlertingSqlStore, migrateToLatest, openDatabase } from '../../src/adapters/sql/index.js';
import { EmbeddedJobQueue } from '../../src/adapters/queue/index.js';
import { systemClock } from '../../src/core/clock.js';
import { AlertingService } from '../../src/domains/alerting/index.js';
import type { MonitorSignal } from '../../src/domains/monitoring/index.js';
import { machineInfo } from '../lib/machine.js';
import { median } from '../lib/stats.js';
import { formatInt } from '../lib/table.js';
import type { BenchOptions, GoalResult, SuiteResult } from '../lib/types.js';

/**
 * `npm run bench alerting`: what publishing one monitor run's signals costs when alerting is on.
 * 200 monitors × 20 columns are stored (about 10 000 series); each publish is one run of one monitor
 * (drift per column, performance, infrastructure: 52 signals) into SQLite, followed by the full
 * evaluation of the 9 default rules plus 40 user rules under the lease, the commit of alert changes,
 * and a webhook notification when drift starts. Measured beside storing the same signals alone
 * (upsert only), in the same process, so the ratio is the price of evaluation; and a burst of every
 * monitor publishing at once, where publishes waiting for an evaluation share the next one.
 */
const MONITORS = 200;
const COLUMNS = 20;
const EXTRA_RULES = 40;

function runSignals(monitor: number, drifted: boolean, at: Date): MonitorSignal[] {
  const labels = { monitor: `m${monitor}`, deployment: `d${monitor % 50}`, model: `model${monitor % 50}`, version: '1' };
  const out: MonitorSignal[] = [
    { metric: 'drift_detected', value: drifted ? 1 : 0, labels, at },
    { metric: 'drift_share', value: drifted ? 0.6 : 0.05, labels, at },
  ];
  for (let c = 0; c < COLUMNS; c++) {
    out.push({ metric: 'column_drifted', value: drifted && c < 12 ? 1 : 0, labels: { ...labels, column: `c${c}` }, at });
    out.push({ metric: 'column_statistic', value: drifted ? 0.3 : 0.02, labels: { ...labels, column: `c${c}`, test: 'ks' }, at });
  }
  for (const [metric, value] of [['accuracy', 0.91], ['accuracy_baseline', 0.93], ['error_rate', 0.001], ['latency_p99_seconds', 0.02], ['throughput_rps', 40], ['service_up', 1], ['queue_depth', 0], ['memory_bytes', 3e8], ['prediction_entropy', 0.6], ['labelled_fraction', 0.4]] as const) {
    out.push({ metric, value, labels, at });
  }
  return out;
}

export async function alertingSuite(options: BenchOptions, progress: (line: string) => void): Promise<SuiteResult> {
  const startedAt = new Date().toISOString();
  const database = await openDatabase({ type: 'sqlite', path: ':memory:' });
  await migrateToLatest(database);
  const store = new AlertingSqlStore(database);
  const queue = new EmbeddedJobQueue(database);
  let posts = 0;
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const service = new AlertingService({ store, clock: systemClock, queue, logger: quiet, poster: { post: async () => (posts++, { status: 200 }) } });
  await service.installDefaults();
  await service.createChannel({ type: 'webhook', name: 'hook', url: 'http://127.0.0.1:9/bench' });
  await service.updateRule('DataDrift', { channels: ['hook'], groupWaitSeconds: 0 });
  for (let i = 0; i < EXTRA_RULES; i++) await service.createRule({ name: `col${i}`, expr: `column_drifted{column="c${i % COLUMNS}"} == 1 and drift_share > 0.5`, severity: 'info', channels: ['log'] });
  progress(`alerting: storing ${MONITORS} monitors' runs…`);
  for (let m = 0; m < MONITORS; m++) await service.publish(runSignals(m, false, new Date()));
  await service.deliverPending();

  const publishMs: number[] = [];
  const upsertMs: number[] = [];
  const burstRate: number[] = [];
  let peakFiring = 0;
  const perRound = 50;
  for (let r = 0; r < options.rounds; r++) {
    const pub: number[] = [];
    const ups: number[] = [];
    for (let i = 0; i < perRound; i++) {
      const m = (r * perRound + i) % MONITORS;
      const signals = runSignals(m, i % 2 === 0, new Date());
      let t = performance.now();
      await service.publish(signals);
      pub.push(performance.now() - t);
      const raw = signals.map((s) => ({ metric: s.metric, labels: s.labels, value: s.value, at: s.at.getTime() }));
      t = performance.now();
      await store.upsertSeries(raw);
      ups.push(performance.now() - t);
    }
    await service.deliverPending();
    // A burst: every monitor's run lands at once (a scheduler tick); evaluations coalesce.
    const t0 = performance.now();
    await Promise.all(Array.from({ length: MONITORS }, (_, m) => service.publish(runSignals(m, (m + r) % 4 === 0, new Date()))));
    await service.deliverPending();
    burstRate.push(MONITORS / ((performance.now() - t0) / 1000));
    peakFiring = Math.max(peakFiring, (await service.firing()).length);
    // Every round starts from the same state: nothing drifting, nothing firing.
    await Promise.all(Array.from({ length: MONITORS }, (_, m) => service.publish(runSignals(m, false, new Date()))));
    await service.deliverPending();
    publishMs.push(median(pub));
    upsertMs.push(median(ups));
    progress(`alerting: round ${r + 1}: publish + evaluate ${publishMs[r]?.toFixed(2)} ms, store alone ${upsertMs[r]?.toFixed(2)} ms; burst of ${MONITORS} runs at ${burstRate[r]?.toFixed(0)} runs/s`);
  }
  const series = (await store.latestSeries(['column_drifted', 'column_statistic', 'drift_detected'])).length;
  await service.close();
  await queue.close();
  await database.close();
  const pub = median(publishMs);
  const ups = median(upsertMs);
  const signalsPerRun = runSignals(0, false, new Date()).length;
  const goals: GoalResult[] = [
    { name: `publish one monitor run (${signalsPerRun} signals) and evaluate ${9 + EXTRA_RULES} rules over ~${formatInt(series)} series, one at a time`, value: pub, measured: `${pub.toFixed(2)} ms (${(pub / ups).toFixed(1)}× storing alone: ${ups.toFixed(2)} ms)`, goal: '≤ 100 ms', pass: pub <= 100, samples: publishMs },
    { name: `${MONITORS} monitor runs published at once, evaluated and notified`, value: median(burstRate), measured: `${median(burstRate).toFixed(0)} runs/s`, goal: '≥ 100 runs/s', pass: median(burstRate) >= 100, samples: burstRate },
  ];
  const notes = [`up to ${peakFiring} alerts firing at once (drifting monitors and their column rules).`, `${posts} webhook notifications were queued and sent (DataDrift firing and resolved, grouped per monitor); SQLite in memory; medians of ${perRound} publishes per round.`];
  return { suite: 'alerting', startedAt, finishedAt: new Date().toISOString(), machine: machineInfo(), options, cases: [], notes, goals };
}
