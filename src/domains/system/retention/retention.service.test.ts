import { describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../../core/clock.js';
import { RetentionService } from './retention.service.js';
import type { RetentionTargets } from './retention.store.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 27, 10);

function targets(counts: Partial<Record<keyof RetentionTargets, number | Error>> = {}) {
  const calls: { table: string; cutoff: number; batchSize: number }[] = [];
  const target = (table: keyof RetentionTargets) => (cutoff: number, batchSize: number) => {
    calls.push({ table, cutoff, batchSize });
    const c = counts[table] ?? 0;
    return c instanceof Error ? Promise.reject(c) : Promise.resolve(c);
  };
  return { calls, targets: { predictionLog: target('predictionLog'), gatewayRequests: target('gatewayRequests'), alertHistory: target('alertHistory') } };
}

describe('RetentionService', () => {
  it('keeps everything forever by default and sweeps nothing', async () => {
    const t = targets();
    const service = new RetentionService({ settings: { sweepIntervalMs: 3_600_000 }, targets: t.targets, clock: fixedClock(NOW) });
    expect(service.policy()).toEqual({
      enabled: false,
      sweepIntervalMs: 3_600_000,
      tables: [
        { table: 'predictionLog', keepDays: null },
        { table: 'gatewayRequests', keepDays: null },
        { table: 'alertHistory', keepDays: null },
      ],
    });
    expect((await service.sweep()).tables).toEqual([]);
    expect(t.calls).toEqual([]);
  });

  it('deletes each configured log before now minus its period and remembers the sweep', async () => {
    const t = targets({ predictionLog: 12, alertHistory: 3 });
    const service = new RetentionService({ settings: { predictionLogDays: 30, alertHistoryDays: 90, sweepIntervalMs: 60_000 }, targets: t.targets, clock: fixedClock(NOW), batchSize: 50 });
    expect(service.status().lastSweep).toBeNull();

    const sweep = await service.sweep();
    expect(t.calls).toEqual([
      { table: 'predictionLog', cutoff: NOW - 30 * DAY, batchSize: 50 },
      { table: 'alertHistory', cutoff: NOW - 90 * DAY, batchSize: 50 },
    ]);
    expect(sweep).toMatchObject({
      startedAt: NOW,
      tables: [
        { table: 'predictionLog', keepDays: 30, cutoff: NOW - 30 * DAY, deleted: 12 },
        { table: 'alertHistory', keepDays: 90, cutoff: NOW - 90 * DAY, deleted: 3 },
      ],
    });
    for (const table of sweep.tables) expect(table.durationMs).toBeGreaterThanOrEqual(0);
    expect(service.status()).toEqual({ policy: expect.objectContaining({ enabled: true }), lastSweep: sweep });
  });

  it('takes `now` from the caller when given', async () => {
    const t = targets();
    const service = new RetentionService({ settings: { gatewayRequestDays: 1, sweepIntervalMs: 60_000 }, targets: t.targets, clock: fixedClock(NOW) });
    await service.sweep(NOW + DAY);
    expect(t.calls[0]?.cutoff).toBe(NOW);
  });

  it('records a failing log and still sweeps the others', async () => {
    const t = targets({ predictionLog: new Error('database is locked'), gatewayRequests: 7 });
    const warn = vi.fn();
    const service = new RetentionService({ settings: { predictionLogDays: 7, gatewayRequestDays: 7, sweepIntervalMs: 60_000 }, targets: t.targets, clock: fixedClock(NOW), logger: { info: vi.fn(), warn } });
    const sweep = await service.sweep();
    expect(sweep.tables).toMatchObject([
      { table: 'predictionLog', deleted: 0, error: 'database is locked' },
      { table: 'gatewayRequests', deleted: 7 },
    ]);
    expect(sweep.tables[1]).not.toHaveProperty('error');
    expect(warn).toHaveBeenCalledOnce();
  });

  it('joins a sweep already running instead of starting a second', async () => {
    let release: (n: number) => void = () => undefined;
    const slow = new Promise<number>((resolve) => {
      release = resolve;
    });
    const target = vi.fn(() => slow);
    const service = new RetentionService({ settings: { predictionLogDays: 1, sweepIntervalMs: 60_000 }, targets: { predictionLog: target, gatewayRequests: target, alertHistory: target }, clock: fixedClock(NOW) });
    const a = service.sweep();
    const b = service.sweep();
    release(4);
    expect(await a).toBe(await b);
    expect(target).toHaveBeenCalledOnce();
  });

  it('sweeps shortly after start, then on the interval, until stopped', async () => {
    vi.useFakeTimers();
    try {
      const t = targets({ predictionLog: 1 });
      const service = new RetentionService({ settings: { predictionLogDays: 1, sweepIntervalMs: 60_000 }, targets: t.targets, clock: fixedClock(NOW) });
      const stop = service.startSchedule(5_000);
      await vi.advanceTimersByTimeAsync(4_999);
      expect(t.calls).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(t.calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(120_000);
      expect(t.calls).toHaveLength(3);
      await stop();
      await vi.advanceTimersByTimeAsync(600_000);
      expect(t.calls).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('starts no timer when no log has a period', async () => {
    vi.useFakeTimers();
    try {
      const t = targets();
      const stop = new RetentionService({ settings: { sweepIntervalMs: 60_000 }, targets: t.targets, clock: fixedClock(NOW) }).startSchedule(0);
      expect(vi.getTimerCount()).toBe(0);
      await stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
