import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { TrackingService } from '../tracking/index.js';
import type { TuningStore } from './tuning.store.js';
import { TuningService } from './tuning.service.js';

export interface TuningFixture {
  store: TuningStore;
  tracking: TrackingService;
  cleanup(): Promise<void>;
}

const QUADRATIC = { x: { type: 'float', low: -5, high: 5 }, y: { type: 'int', low: -3, high: 3 } } as const;
const f = (p: Record<string, unknown>): number => ((p.x as number) - 1) ** 2 + ((p.y as number) + 2) ** 2;

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

/**
 * The behaviour of studies that every store must give: ask/tell with tracked child
 * runs, one tell per trial, pruning, lost workers' trials failed and re-run, and
 * parallel workers that never share or lose a trial number.
 */
export function runTuningServiceContract(label: string, make: () => Promise<TuningFixture>): void {
  describe(`tuning service (${label})`, () => {
    let fx: TuningFixture;
    let clock: ReturnType<typeof fixedClock>;
    let tuning: TuningService;
    beforeEach(async () => {
      fx = await make();
      clock = fixedClock(1_700_000_000_000);
      tuning = new TuningService({ store: fx.store, tracking: fx.tracking, clock });
    });
    afterEach(() => fx.cleanup());

    it('asks and tells: every trial is a child run carrying its params, the best is found', async () => {
      const study = await tuning.createStudy({ name: 'quad', space: QUADRATIC, sampler: { type: 'tpe', nStartupTrials: 5 }, seed: 3, metrics: ['loss'] });
      for (let i = 0; i < 25; i++) {
        const t = await tuning.ask('quad');
        expect(t.number).toBe(i);
        clock.advance(1000);
        await tuning.tell('quad', t.number, { values: [f(t.params)] });
      }
      const trials = await tuning.listTrials('quad');
      expect(trials.map((t) => t.state)).toEqual(new Array(25).fill('complete'));
      const run = await fx.tracking.getRun(trials[3]?.runId as string);
      expect(run.data.tags).toContainEqual({ key: 'mlflow.parentRunId', value: study.parentRunId });
      expect(run.data.params).toContainEqual({ key: 'x', value: String(trials[3]?.params.x) });
      expect(run.data.metrics.find((m) => m.key === 'loss')?.value).toBeCloseTo(trials[3]?.values?.[0] as number, 10);
      expect(run.info.status).toBe('FINISHED');
      const analysis = await tuning.analyze('quad');
      const best = Math.min(...trials.map((t) => t.values?.[0] as number));
      expect(analysis.best?.values?.[0]).toBe(best);
      expect(analysis.history.at(-1)?.best).toBe(best);
      expect(analysis.importance.map((i) => i.param).sort()).toEqual(['x', 'y']);
      expect((await tuning.getStudy('quad')).counts.complete).toBe(25);
    });

    it('a trial is told once: the second tell is ALREADY_EXISTS (409) and changes nothing', async () => {
      await tuning.createStudy({ name: 'once', space: QUADRATIC, sampler: { type: 'random' } });
      const t = await tuning.ask('once');
      await tuning.tell('once', t.number, { values: [1.5] });
      expect(await code(tuning.tell('once', t.number, { values: [0.1] }))).toBe('ALREADY_EXISTS');
      expect(await code(tuning.tell('once', t.number, { state: 'failed', reason: 'x' }))).toBe('ALREADY_EXISTS');
      expect((await tuning.getTrial('once', t.number)).values).toEqual([1.5]);
      expect(await code(tuning.report('once', t.number, { step: 1, value: 1 }))).toBe('ALREADY_EXISTS');
      expect(await code(tuning.tell('once', 99, { values: [1] }))).toBe('NOT_FOUND');
      expect(await code(tuning.tell('once', t.number + 1, { values: [1, 2] }))).toBe('NOT_FOUND');
    });

    it('bad input names the field: invalid space, unknown sampler, wrong number of values, fixed params off the space', async () => {
      const invalid = await tuning.createStudy({ name: 'bad', space: { lr: { type: 'float', low: 1, high: 0 } } } as never).catch((e: AppError) => e);
      expect(invalid).toBeInstanceOf(AppError);
      expect((invalid as AppError).message).toMatch(/body\.space\.lr\.high/);
      const sampler = await tuning.createStudy({ name: 'bad', space: QUADRATIC, sampler: { type: 'bayes' } } as never).catch((e: AppError) => e);
      expect((sampler as AppError).message).toMatch(/body\.sampler\.type/);
      const grid = await tuning.createStudy({ name: 'bad', space: QUADRATIC, sampler: { type: 'grid' } }).catch((e: AppError) => e);
      expect((grid as AppError).message).toMatch(/space\.x\.step/);
      expect((await tuning.listStudies()).map((s) => s.name)).not.toContain('bad');
      await tuning.createStudy({ name: 'two', space: QUADRATIC, directions: ['minimize', 'maximize'], sampler: { type: 'random' } });
      const t = await tuning.ask('two');
      expect((await tuning.tell('two', t.number, { values: [1] }).catch((e: AppError) => e)) as AppError).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/body\.values/) });
      expect(((await tuning.ask('two', { params: { z: 1 } }).catch((e: AppError) => e)) as AppError).message).toMatch(/body\.params\.z/);
      expect(((await tuning.ask('two', { params: { x: 10 } }).catch((e: AppError) => e)) as AppError).message).toMatch(/body\.params\.x/);
      expect((await tuning.ask('two', { params: { x: 0.5 } })).params.x).toBe(0.5);
    });

    it('reports feed the pruner; a pruned trial keeps its reason, its run is KILLED, and cannot be told complete', async () => {
      await tuning.createStudy({ name: 'prune', space: QUADRATIC, sampler: { type: 'random' }, pruner: { type: 'asha', reductionFactor: 2 }, seed: 1 });
      const a = await tuning.ask('prune');
      expect(await tuning.report('prune', a.number, { step: 1, value: 0.2 })).toEqual({ prune: false, reason: null });
      await tuning.tell('prune', a.number, { values: [0.2] });
      const b = await tuning.ask('prune');
      const r = await tuning.report('prune', b.number, { step: 1, value: 0.9 });
      expect(r.prune).toBe(true);
      expect(r.reason).toMatch(/rung 0/);
      const pruned = await tuning.getTrial('prune', b.number);
      expect(pruned).toMatchObject({ state: 'pruned', reason: r.reason, lastStep: 1, lastValue: 0.9 });
      expect((await fx.tracking.getRun(pruned.runId as string)).info.status).toBe('KILLED');
      expect(await code(tuning.tell('prune', b.number, { values: [0.9] }))).toBe('ALREADY_EXISTS');
    });

    it('a trial whose worker went quiet is failed with a reason and re-run with the same params; the study resumes', async () => {
      await tuning.createStudy({ name: 'crash', space: QUADRATIC, sampler: { type: 'tpe' }, heartbeatTimeoutSec: 60, retries: 1, seed: 9 });
      const lost = await tuning.ask('crash');
      const alive = await tuning.ask('crash');
      clock.advance(30_000);
      await tuning.heartbeat('crash', alive.number);
      clock.advance(40_000); // lost: 70 s silent; alive: 40 s
      const retry = await tuning.ask('crash');
      expect(retry.retryOf).toBe(lost.number);
      expect(retry.params).toEqual(lost.params);
      expect(await tuning.getTrial('crash', lost.number)).toMatchObject({ state: 'failed', reason: expect.stringMatching(/worker lost: no heartbeat for 60 s/) });
      expect((await tuning.getTrial('crash', alive.number)).state).toBe('running');
      // The retry is lost too: with retries = 1 it is failed and not re-run again.
      clock.advance(61_000);
      await tuning.tell('crash', alive.number, { values: [1] }).catch(() => undefined);
      const next = await tuning.ask('crash');
      expect(next.retryOf).toBeNull();
      expect((await tuning.getTrial('crash', retry.number)).state).toBe('failed');
      // A fresh service (a restarted driver) carries on numbering where the study stopped.
      const again = new TuningService({ store: fx.store, tracking: fx.tracking, clock });
      expect((await again.ask('crash')).number).toBe(next.number + 1);
    });

    it('four parallel workers run one study: no duplicate or lost trial numbers, every trial told once', async () => {
      await tuning.createStudy({ name: 'parallel', space: QUADRATIC, sampler: { type: 'tpe', nStartupTrials: 4 }, seed: 5 });
      const perWorker = 12;
      const worker = async (): Promise<number[]> => {
        const mine: number[] = [];
        for (let i = 0; i < perWorker; i++) {
          const t = await tuning.ask('parallel');
          mine.push(t.number);
          await tuning.tell('parallel', t.number, { values: [f(t.params)] });
        }
        return mine;
      };
      const numbers = (await Promise.all([worker(), worker(), worker(), worker()])).flat().sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 4 * perWorker }, (_, i) => i));
      const trials = await tuning.listTrials('parallel');
      expect(trials).toHaveLength(48);
      expect(trials.every((t) => t.state === 'complete' && t.runId !== null)).toBe(true);
      expect(new Set(trials.map((t) => t.runId)).size).toBe(48);
    });

    it('a grid shared by parallel workers hands out each point once, then reports exhaustion', async () => {
      await tuning.createStudy({ name: 'grid', space: { a: { type: 'int', low: 0, high: 3 }, b: { type: 'categorical', choices: ['p', 'q', 'r'] } }, sampler: { type: 'grid' } });
      const asks = await Promise.all(Array.from({ length: 12 }, () => tuning.ask('grid')));
      expect(new Set(asks.map((t) => JSON.stringify(t.params))).size).toBe(12);
      expect(await code(tuning.ask('grid'))).toBe('FAILED_PRECONDITION');
    });

    it('multi-objective studies give a Pareto front of non-dominated trials', async () => {
      await tuning.createStudy({ name: 'mo', space: QUADRATIC, directions: ['minimize', 'minimize'], sampler: { type: 'tpe', nStartupTrials: 5 }, seed: 2 });
      for (let i = 0; i < 20; i++) {
        const t = await tuning.ask('mo');
        const x = t.params.x as number;
        await tuning.tell('mo', t.number, { values: [x * x, (x - 2) ** 2] });
      }
      const { paretoFront, best } = await tuning.analyze('mo');
      expect(best).toBeNull();
      expect(paretoFront.length).toBeGreaterThan(1);
      const dominates = (a: number[], b: number[]): boolean => a.every((v, i) => v <= (b[i] as number)) && a.some((v, i) => v < (b[i] as number));
      const all = (await tuning.listTrials('mo')).map((t) => ({ n: t.number, v: t.values as number[] }));
      const front = new Set(paretoFront.map((t) => t.number));
      for (const t of all) {
        const dominated = all.some((o) => dominates(o.v, t.v));
        expect(dominated).toBe(!front.has(t.n));
      }
    });

    it('population-based training records each trial’s parent (whose checkpoint it continues)', async () => {
      await tuning.createStudy({ name: 'pbt', space: { lr: { type: 'float', low: 0.001, high: 1, log: true } }, sampler: { type: 'pbt', populationSize: 4 }, seed: 3 });
      for (let i = 0; i < 8; i++) {
        const t = await tuning.ask('pbt');
        expect(t.parentTrial === null).toBe(i < 4);
        if (t.parentTrial !== null) expect(t.parentTrial).toBeLessThan(4);
        await tuning.tell('pbt', t.number, { values: [Math.abs(Math.log10(t.params.lr as number) + 1)] });
      }
      expect((await tuning.getTrial('pbt', 6)).parentTrial).toBeGreaterThanOrEqual(0);
    });

    it('createStudy with loadIfExists returns the same study; a different definition is a 409', async () => {
      const a = await tuning.createStudy({ name: 'same', space: QUADRATIC, seed: 1 });
      const b = await tuning.createStudy({ name: 'same', space: QUADRATIC, seed: 1, loadIfExists: true });
      expect(b.id).toBe(a.id);
      expect(await code(tuning.createStudy({ name: 'same', space: { x: QUADRATIC.x }, loadIfExists: true }))).toBe('ALREADY_EXISTS');
      expect(await code(tuning.createStudy({ name: 'same', space: QUADRATIC }))).toBe('ALREADY_EXISTS');
    });

    it('a stopped study refuses asks until resumed', async () => {
      await tuning.createStudy({ name: 'stop', space: QUADRATIC, sampler: { type: 'random' } });
      await tuning.setStatus('stop', 'stopped');
      expect(await code(tuning.ask('stop'))).toBe('FAILED_PRECONDITION');
      await tuning.setStatus('stop', 'running');
      expect((await tuning.ask('stop')).number).toBe(0);
    });
  });
}
