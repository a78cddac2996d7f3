import type { Clock } from '../../../core/clock.js';
import { RETENTION_TABLES, type RetentionPolicy, type RetentionSettings, type RetentionStatus, type RetentionSweep, type RetentionTable, type TableSweep } from './retention.schema.js';
import type { RetentionTargets } from './retention.store.js';

const DAY_MS = 86_400_000;
/** Rows per delete transaction: large enough to be quick, small enough that no writer waits long. */
const DEFAULT_BATCH_SIZE = 1_000;

const DAYS_SETTING: Record<RetentionTable, 'predictionLogDays' | 'gatewayRequestDays' | 'alertHistoryDays'> = {
  predictionLog: 'predictionLogDays',
  gatewayRequests: 'gatewayRequestDays',
  alertHistory: 'alertHistoryDays',
};

export interface RetentionLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface RetentionServiceDeps {
  settings: RetentionSettings;
  targets: RetentionTargets;
  clock: Clock;
  batchSize?: number;
  logger?: RetentionLogger | undefined;
}

/**
 * Opt-in data retention: deletes the rows of the append-only logs that are older than their
 * configured period. Every server sweeps on its own timer; several sweeping at once is harmless
 * because the deletes are idempotent (a row already gone is simply not counted twice).
 */
export class RetentionService {
  private last: RetentionSweep | null = null;
  private running: Promise<RetentionSweep> | undefined;

  constructor(private readonly deps: RetentionServiceDeps) {}

  policy(): RetentionPolicy {
    const tables = RETENTION_TABLES.map((table) => ({ table, keepDays: this.keepDays(table) ?? null }));
    return { enabled: tables.some((t) => t.keepDays !== null), sweepIntervalMs: this.deps.settings.sweepIntervalMs, tables };
  }

  status(): RetentionStatus {
    return { policy: this.policy(), lastSweep: this.last };
  }

  get lastSweep(): RetentionSweep | null {
    return this.last;
  }

  /** Deletes what the policy no longer keeps, as of `now`. A sweep already running on this server is joined, not repeated. */
  sweep(now: number = this.deps.clock.now()): Promise<RetentionSweep> {
    this.running ??= this.run(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Sweeps `firstDelayMs` after start, then every `sweepIntervalMs`, on unref'd timers (they never keep
   * the process alive). Returns a stop function that clears the timers and waits for a sweep in flight.
   * No timer at all when no log has a retention period.
   */
  startSchedule(firstDelayMs: number): () => Promise<void> {
    if (!this.policy().enabled) return () => Promise.resolve();
    const tick = (): void => {
      void this.sweep();
    };
    let interval: NodeJS.Timeout | undefined;
    const first = setTimeout(() => {
      tick();
      interval = setInterval(tick, this.deps.settings.sweepIntervalMs);
      interval.unref();
    }, firstDelayMs);
    first.unref();
    return async () => {
      clearTimeout(first);
      clearInterval(interval);
      await this.running;
    };
  }

  private keepDays(table: RetentionTable): number | undefined {
    return this.deps.settings[DAYS_SETTING[table]];
  }

  private async run(now: number): Promise<RetentionSweep> {
    const sweepStarted = performance.now();
    const tables: TableSweep[] = [];
    for (const table of RETENTION_TABLES) {
      const keepDays = this.keepDays(table);
      if (keepDays === undefined) continue;
      const cutoff = now - keepDays * DAY_MS;
      const started = performance.now();
      let deleted = 0;
      let error: string | undefined;
      try {
        deleted = await this.deps.targets[table](cutoff, this.deps.batchSize ?? DEFAULT_BATCH_SIZE);
      } catch (err) {
        // One failing log must not keep the others growing; the next sweep retries it.
        error = err instanceof Error ? err.message : String(err);
        this.deps.logger?.warn({ err, table }, 'retention sweep failed');
      }
      const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
      tables.push({ table, keepDays, cutoff, deleted, durationMs, ...(error === undefined ? {} : { error }) });
    }
    const sweep = { startedAt: now, finishedAt: now + Math.round(performance.now() - sweepStarted), tables };
    this.last = sweep;
    if (tables.some((t) => t.deleted > 0)) this.deps.logger?.info({ tables: tables.map((t) => ({ table: t.table, deleted: t.deleted, durationMs: t.durationMs })) }, 'retention sweep deleted old rows');
    return sweep;
  }
}
