/**
 * The retention deletes of the three stores that own append-only logs: SQLite beside the code,
 * PostgreSQL in test/integration. Batches of 2 make every case loop over several transactions.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.js';
import type { Alert, InboxItem } from '../../domains/alerting/alerting.schema.js';
import type { PredictionRecord } from '../../domains/serving/serving.store.js';
import type { GatewayRequestRecord } from '../../domains/llm/gateway-usage.schema.js';
import { AlertingSqlStore } from './alerting/alerting.sql-store.js';
import type { SqlDatabase } from './database.js';
import { GatewayRequestLogSqlStore } from './gateway/request-log.sql-store.js';
import { ServingSqlStore } from './serving/serving.sql-store.js';

export interface RetentionHarness {
  database: SqlDatabase;
  cleanup(): Promise<void>;
}

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 27, 10);
const CUTOFF = NOW - 30 * DAY;
const OLD = CUTOFF - DAY;
const BATCH = 2;

function prediction(requestId: string, at: number): PredictionRecord {
  return { requestId, deployment: 'iris', model: 'iris', version: 1, arm: 'primary', inputs: '{}', outputs: '{}', latencyMs: 1, status: 'ok', cached: false, at };
}

function gatewayRecord(at: number, tags: string[]): GatewayRequestRecord {
  return {
    id: newId(),
    requestId: newId(),
    at,
    kind: 'chat',
    model: 'chat',
    route: null,
    provider: 'a',
    providerModel: 'm',
    status: 200,
    stream: false,
    tokensIn: 1,
    tokensOut: 1,
    costUsd: 0,
    latencyMs: 1,
    ttftMs: null,
    cache: 'none',
    keyId: null,
    user: null,
    tags,
    attempts: 1,
    usageSource: 'provider',
    error: null,
  };
}

function alert(id: string, state: Alert['state'], since: number, resolvedAt: number | null = null): Alert {
  return { id, fingerprint: `fp-${id}`, ruleId: 'r1', ruleName: 'Drift', severity: 'warning', state, labels: { monitor: id }, annotations: {}, value: 1, activeSince: since, firedAt: state === 'pending' ? null : since, resolvedAt, updatedAt: resolvedAt ?? since };
}

function inbox(id: string, createdAt: number): InboxItem {
  return { id, notificationId: `n-${id}`, severity: 'warning', status: 'firing', title: id, body: '', labels: {}, createdAt, readAt: null };
}

async function count(database: SqlDatabase, table: 'prediction_feedback' | 'gateway_request_tags'): Promise<number> {
  const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function runRetentionDeletesContract(name: string, factory: () => Promise<RetentionHarness>): void {
  describe(`retention deletes: ${name}`, () => {
    let h: RetentionHarness;
    beforeEach(async () => {
      h = await factory();
    });
    afterEach(() => h.cleanup());

    it('deletes predictions older than the cutoff with their feedback, over several batches', async () => {
      const store = new ServingSqlStore(h.database);
      const old = ['o1', 'o2', 'o3', 'o4', 'o5'];
      await store.appendPredictions([...old.map((id, i) => prediction(id, OLD - i)), prediction('recent', CUTOFF), prediction('new', NOW)]);
      await store.putFeedback({ requestId: 'o1', deployment: 'iris', label: '"a"', reward: 1, at: OLD });
      await store.putFeedback({ requestId: 'recent', deployment: 'iris', label: '"b"', reward: 1, at: NOW });

      expect(await store.deletePredictionsBefore(CUTOFF, BATCH)).toBe(5);
      for (const id of old) expect(await store.getPrediction(id)).toBeNull();
      // A row exactly at the cutoff is inside the window and stays.
      expect(await store.getPrediction('recent')).not.toBeNull();
      expect(await store.getPrediction('new')).not.toBeNull();
      expect(await count(h.database, 'prediction_feedback')).toBe(1);
      expect(await store.armOutcomes('iris')).toEqual([{ arm: 'primary', trials: 1, successes: 1 }]);
      expect(await store.deletePredictionsBefore(CUTOFF, BATCH)).toBe(0);
    });

    it('stops on a batch that comes back exactly empty after full ones', async () => {
      const store = new ServingSqlStore(h.database);
      await store.appendPredictions(['a', 'b', 'c', 'd'].map((id) => prediction(id, OLD)));
      expect(await store.deletePredictionsBefore(CUTOFF, BATCH)).toBe(4);
    });

    it('deletes gateway requests older than the cutoff with their tags', async () => {
      const store = new GatewayRequestLogSqlStore(h.database);
      await store.insertMany([gatewayRecord(OLD, ['a', 'b']), gatewayRecord(OLD - 1, []), gatewayRecord(OLD - 2, ['a']), gatewayRecord(CUTOFF, ['a']), gatewayRecord(NOW, [])]);

      expect(await store.deleteBefore(CUTOFF, BATCH)).toBe(3);
      const left = await store.list({}, 10, undefined);
      expect(left.map((r) => r.at)).toEqual([NOW, CUTOFF]);
      expect(await count(h.database, 'gateway_request_tags')).toBe(1);
      expect(await store.list({ tag: 'a' }, 10, undefined)).toHaveLength(1);
    });

    it('deletes resolved alerts, finished notifications and inbox items, never what the evaluator still needs', async () => {
      const store = new AlertingSqlStore(h.database);
      const alerts = [
        alert('resolved-old-1', 'resolved', OLD - 10, OLD),
        alert('resolved-old-2', 'resolved', OLD - 10, OLD - 1),
        alert('resolved-old-3', 'resolved', OLD - 10, OLD - 2),
        alert('resolved-announcing', 'resolved', OLD - 10, OLD),
        alert('resolved-recent', 'resolved', OLD - 10, NOW),
        alert('firing-old', 'firing', OLD - 10),
        alert('pending-old', 'pending', OLD - 10),
      ];
      const notification = (id: string, createdAt: number) => ({ id, channel: 'inbox', ruleId: 'r1', groupKey: 'g', groupStatus: 'firing' as const, alertCount: 1, payload: {}, createdAt });
      await store.commitEvaluation({
        insertAlerts: alerts,
        updateAlerts: [],
        deleteAlerts: [],
        // A group that has not yet announced `resolved-announcing` as resolved.
        putGroups: [{ key: 'g', ruleId: 'r1', labels: {}, createdAt: OLD, lastSentAt: OLD, sent: { 'fp-resolved-announcing': 'resolved-announcing', 'fp-firing-old': 'firing-old' } }],
        deleteGroups: [],
        notifications: [notification('sent-old', OLD), notification('failed-old', OLD), notification('pending-old', OLD), notification('sent-recent', NOW)],
        series: [],
      });
      await store.finishNotification('sent-old', { status: 'sent', attempts: 1, error: null, at: OLD });
      await store.finishNotification('failed-old', { status: 'failed', attempts: 3, error: 'timeout', at: OLD });
      await store.finishNotification('sent-recent', { status: 'sent', attempts: 1, error: null, at: NOW });
      for (const item of [inbox('inbox-old-1', OLD), inbox('inbox-old-2', OLD - 1), inbox('inbox-recent', NOW)]) await store.addInboxItem(item);

      // 3 resolved alerts + 2 finished notifications + 2 inbox items.
      expect(await store.deleteHistoryBefore(CUTOFF, BATCH)).toBe(7);
      const left = await store.listAlerts({ limit: 100 });
      expect(left.map((a) => a.id).sort()).toEqual(['firing-old', 'pending-old', 'resolved-announcing', 'resolved-recent']);
      expect((await store.listNotifications(100)).map((n) => n.id).sort()).toEqual(['pending-old', 'sent-recent']);
      expect((await store.listInbox({ unreadOnly: false, limit: 100 })).items.map((i) => i.id)).toEqual(['inbox-recent']);
      expect(await store.listGroups()).toHaveLength(1);
      expect(await store.deleteHistoryBefore(CUTOFF, BATCH)).toBe(0);
    });
  });
}
