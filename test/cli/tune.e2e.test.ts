import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keel, type Trial } from '../../src/sdk/index.js';
import { REPO_ROOT, runKeel, spawnServer, type ServerProcess } from '../support/spawn-keel.js';

// Needs the built binary: `npm run build:server` first.
const CURVE = 'test/fixtures/tune/curve.mjs';
const dir = mkdtempSync(join(tmpdir(), 'keel-tune-'));
const SPACE = join(dir, 'space.json');
const BAD_SPACE = join(dir, 'bad-space.json');
writeFileSync(SPACE, JSON.stringify({ x: { type: 'float', low: 0, high: 1, step: 0.1 }, lr: { type: 'categorical', choices: [0.001, 0.01, 0.1] } }));
writeFileSync(BAD_SPACE, JSON.stringify({ x: { type: 'float', low: 1, high: 0 } }));

let server: ServerProcess;
let keel: Keel;
beforeAll(async () => {
  server = await spawnServer(['--port', '0', '--data', join(dir, 'data')]);
  keel = new Keel({ url: server.url });
});
afterAll(async () => {
  await server?.stop();
});

const tune = (args: string[], command: string[]) => runKeel(['tune', '--url', server.url, ...args, '--', ...command], { timeoutMs: 120_000 });

describe('keel tune (built binary, real server)', () => {
  it('runs a study with ASHA over a command that logs through the MLflow API: trials are child runs, bad ones stopped early', async () => {
    const r = await tune(
      ['--study', 'curve', '--space', SPACE, '--trials', '12', '--parallel', '3', '--sampler', 'random', '--pruner', '{"type":"asha","reductionFactor":2}', '--metric', 'val_loss', '--seed', '4', '--poll-ms', '50', '--json'],
      ['node', CURVE, '--x', '{x}', '--lr', '{lr}', '--steps', '12', '--sleep-ms', '80'],
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { counts: { complete: number; pruned: number; failed: number }; best: Trial; trials: Trial[] };
    expect(out.counts.complete + out.counts.pruned).toBe(12);
    expect(out.counts.pruned).toBeGreaterThan(0);
    expect(out.trials.map((t) => t.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    const study = await keel.studies.get('curve');
    for (const t of out.trials) {
      const run = await keel.runs.get(t.runId as string);
      expect(run.data.tags).toContainEqual({ key: 'mlflow.parentRunId', value: study.parentRunId });
      expect(run.data.params).toContainEqual({ key: 'x', value: String(t.params.x) });
      const steps = (await keel.runs.metricHistory(t.runId as string, 'val_loss')).metrics.length;
      if (t.state === 'pruned') {
        expect(t.reason).toMatch(/rung/);
        expect(run.info.status).toBe('KILLED');
        expect(steps).toBeLessThan(12); // stopped before the end
      } else {
        expect(t.state).toBe('complete');
        expect(steps).toBe(12);
        expect(t.values?.[0]).toBeCloseTo((t.params.x as number - 0.7) ** 2 + 0.2 * Math.abs(Math.log10(t.params.lr as number) + 2) + Math.exp(-3), 10);
      }
    }
    const complete = out.trials.filter((t) => t.state === 'complete');
    expect(out.best.values?.[0]).toBe(Math.min(...complete.map((t) => t.values?.[0] as number)));
  });

  it('resumes the study without --space and runs only the missing trials', async () => {
    const r = await tune(['--study', 'curve', '--trials', '14', '--parallel', '2', '--poll-ms', '50', '--json'], ['node', CURVE, '--x', '{x}', '--lr', '{lr}', '--steps', '4', '--sleep-ms', '10']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { trials: Trial[] };
    expect(out.trials.map((t) => t.number).sort()).toEqual([12, 13]);
    const { trials } = await keel.studies.trials('curve');
    expect(trials).toHaveLength(14);
  });

  it('a failing command fails its trials with the exit code and stderr as the reason', async () => {
    const r = await tune(['--study', 'failing', '--space', SPACE, '--trials', '2', '--sampler', 'random', '--metric', 'val_loss', '--json'], ['node', CURVE, '--x', '{x}', '--lr', '{lr}', '--fail']);
    expect(r.code, r.stderr).toBe(0);
    const { trials } = await keel.studies.trials('failing');
    expect(trials.map((t) => t.state)).toEqual(['failed', 'failed']);
    expect(trials[0]?.reason).toMatch(/exit code 3: bad hyperparameters/);
  });

  it('refuses a missing command, an invalid space and an unknown sampler with exit code 2, creating nothing', async () => {
    const notFound = await tune(['--study', 'nf', '--space', SPACE], ['no-such-command-keel-xyz', '--x', '{x}']);
    expect(notFound.code).toBe(2);
    expect(notFound.stderr).toMatch(/command 'no-such-command-keel-xyz' not found on PATH/);
    const invalid = await tune(['--study', 'nf', '--space', BAD_SPACE], ['node', CURVE]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/body\.space\.x\.high/);
    const sampler = await tune(['--study', 'nf', '--space', SPACE, '--sampler', 'bayesian'], ['node', CURVE]);
    expect(sampler.code).toBe(2);
    expect(sampler.stderr).toMatch(/body\.sampler\.type/);
    expect((await keel.studies.list()).studies.map((s) => s.name)).not.toContain('nf');
  });

  it('keel studies show prints the best trial and parameter importance', async () => {
    const r = await runKeel(['studies', 'show', 'curve', '--url', server.url]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/best: trial \d+/);
    expect(r.stdout).toMatch(/parameter importance/);
    expect(r.stdout).toMatch(/\bx\b/);
  });

  it('keel tune tabular tunes a built-in trainer on the penguins: every trial a training run, the best validation accuracy found', async () => {
    const rows = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/vega-datasets/data/penguins.json'), 'utf8')) as Record<string, string | number | null>[];
    const cols = Object.keys(rows[0] ?? {});
    const csv = join(dir, 'penguins.csv');
    writeFileSync(csv, [cols.map((c) => `"${c}"`).join(','), ...rows.map((r) => cols.map((c) => r[c] ?? '').join(','))].join('\n'));
    const space = join(dir, 'gbdt-space.json');
    writeFileSync(space, JSON.stringify({ rounds: { type: 'int', low: 5, high: 60 }, max_depth: { type: 'int', low: 1, high: 4 }, learning_rate: { type: 'float', low: 0.01, high: 0.5, log: true } }));
    const r = await runKeel(['tune', 'tabular', '--url', server.url, '--json', '--study', 'penguins-gbdt', '--data', csv, '--target', 'Species', '--model', 'gbdt', '--space', space, '--trials', '6', '--sampler', 'random', '--seed', '1', '--metric', 'accuracy'], { timeoutMs: 180_000 });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { best: Trial; trials: Trial[] };
    expect(out.trials).toHaveLength(6);
    expect(out.trials.every((t) => t.state === 'complete')).toBe(true);
    // Gradient-boosted trees separate the three species well on the validation split.
    expect(out.best.values?.[0]).toBeGreaterThan(0.9);
    const run = await keel.runs.get(out.best.runId as string);
    const trainingRun = run.data.tags.find((t) => t.key === 'keel.trial.trainingRun')?.value as string;
    const training = await keel.runs.get(trainingRun);
    expect(training.data.params).toContainEqual({ key: 'rounds', value: String(out.best.params.rounds) });
    expect(training.data.metrics.find((m) => m.key === 'accuracy')?.value).toBe(out.best.values?.[0]);
  });
});
