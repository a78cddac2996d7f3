import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../index.js';
import { describeRetention } from './system.js';

const policy = {
  enabled: true,
  sweepIntervalMs: 3_600_000,
  tables: [
    { table: 'predictionLog' as const, keepDays: 30 },
    { table: 'gatewayRequests' as const, keepDays: null },
    { table: 'alertHistory' as const, keepDays: 90 },
  ],
};

describe('keel system retention', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('prints each log with its period, and the last sweep', () => {
    const text = describeRetention({ policy, lastSweep: { startedAt: Date.UTC(2026, 10, 27, 10), finishedAt: Date.UTC(2026, 10, 27, 10), tables: [] } });
    expect(text).toMatch(/^retention: swept every 60 min; last sweep 2026-11-27 10:00:00$/m);
    expect(text).toMatch(/prediction log \(\+ feedback\): 30 days/);
    expect(text).toMatch(/gateway requests: kept forever/);
    expect(describeRetention({ policy: { ...policy, enabled: false }, lastSweep: null })).toMatch(/no sweeps .*; no sweep yet on this server/);
  });

  it('--local --sweep runs on the configured database without a server', async () => {
    const data = mkdtempSync(join(tmpdir(), 'keel-retention-cli-'));
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await buildProgram().parseAsync(['node', 'keel', '--json', 'system', 'retention', '--local', '--sweep', '--data', data]);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
    // The environment of the test run sets no periods, so the sweep has nothing to do.
    expect(JSON.parse(written.join(''))).toMatchObject({ tables: [] });
  });
});
