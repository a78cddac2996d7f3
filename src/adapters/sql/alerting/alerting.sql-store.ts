import { createHash } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { AppError } from '../../../core/errors.js';
import type { Alert, AlertNotification, AlertRule, InboxItem, ParsedHistoryQuery, Severity, Silence } from '../../../domains/alerting/alerting.schema.js';
import type { AlertGroup, AlertingStore, ClaimedNotification, EvaluationChanges, SeriesSample, StoredChannel } from '../../../domains/alerting/alerting.store.js';
import type { SqlDatabase } from '../database.js';
import { fromDbBool, isUniqueViolation, toDbBool } from '../dialect.js';
import { deleteAlertHistoryBefore } from './alert-history-retention.sql.js';
import type { AlertNotificationsTable, AlertsTable, DatabaseSchema } from '../schema/index.js';

const DEFAULTS_MARKER = 'defaults-installed';
type Db = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

function seriesKey(metric: string, labels: Readonly<Record<string, string>>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((k) => [k, labels[k]]);
  return createHash('sha256').update(metric).update('\0').update(JSON.stringify(sorted)).digest('hex');
}

function ruleFromRow(r: { id: string; spec: string; builtin: number; created_at: number; updated_at: number }): AlertRule {
  return { ...(JSON.parse(r.spec) as Omit<AlertRule, 'id' | 'builtin' | 'createdAt' | 'updatedAt'>), id: r.id, builtin: fromDbBool(r.builtin), createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) };
}

function ruleSpecJson(rule: AlertRule): string {
  const { id: _i, builtin: _b, createdAt: _c, updatedAt: _u, ...spec } = rule;
  return JSON.stringify(spec);
}

function alertFromRow(r: Selectable<AlertsTable>): Alert {
  return {
    id: r.id,
    fingerprint: r.fingerprint,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    severity: r.severity as Severity,
    state: r.state as Alert['state'],
    labels: JSON.parse(r.labels) as Record<string, string>,
    annotations: JSON.parse(r.annotations) as Record<string, string>,
    value: Number(r.value),
    activeSince: Number(r.active_since),
    firedAt: r.fired_at === null ? null : Number(r.fired_at),
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
    updatedAt: Number(r.updated_at),
  };
}

function alertRow(a: Alert): Selectable<AlertsTable> {
  return {
    id: a.id,
    fingerprint: a.fingerprint,
    rule_id: a.ruleId,
    rule_name: a.ruleName,
    severity: a.severity,
    state: a.state,
    labels: JSON.stringify(a.labels),
    annotations: JSON.stringify(a.annotations),
    // NaN and ±Infinity have no place in a double column on PostgreSQL's JSON-free path; keep them out.
    value: Number.isFinite(a.value) ? a.value : 0,
    active_since: a.activeSince,
    fired_at: a.firedAt,
    resolved_at: a.resolvedAt,
    updated_at: a.updatedAt,
  };
}

function notificationFromRow(r: Selectable<AlertNotificationsTable>): AlertNotification {
  return {
    id: r.id,
    channel: r.channel,
    ruleId: r.rule_id,
    groupKey: r.group_key,
    status: r.status as AlertNotification['status'],
    groupStatus: r.group_status as AlertNotification['groupStatus'],
    alertCount: Number(r.alert_count),
    attempts: Number(r.attempts),
    error: r.error,
    createdAt: Number(r.created_at),
    sentAt: r.sent_at === null ? null : Number(r.sent_at),
  };
}

/** The alerting store on SQLite and PostgreSQL (one code path; JSON as text on both). */
export class AlertingSqlStore implements AlertingStore {
  private readonly db: Kysely<DatabaseSchema>;

  constructor(sql: SqlDatabase) {
    this.db = sql.db;
  }

  async installDefaults(rules: AlertRule[], channels: StoredChannel[]): Promise<boolean> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const marker = await trx.selectFrom('alerting_leases').select('name').where('name', '=', DEFAULTS_MARKER).executeTakeFirst();
        if (marker) return false;
        // The marker insert conflicts when two servers install at once: one transaction wins, the other rolls back.
        await trx.insertInto('alerting_leases').values({ name: DEFAULTS_MARKER, owner: 'keel', expires_at: Number.MAX_SAFE_INTEGER }).execute();
        for (const c of channels) await trx.insertInto('alert_channels').values({ name: c.spec.name, spec: JSON.stringify(c.spec), builtin: toDbBool(c.builtin), created_at: c.createdAt }).onConflict((oc) => oc.column('name').doNothing()).execute();
        for (const r of rules) await trx.insertInto('alert_rules').values({ id: r.id, name: r.name, spec: ruleSpecJson(r), builtin: toDbBool(r.builtin), created_at: r.createdAt, updated_at: r.updatedAt }).onConflict((oc) => oc.column('name').doNothing()).execute();
        return true;
      });
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async createRule(rule: AlertRule): Promise<void> {
    try {
      await this.db.insertInto('alert_rules').values({ id: rule.id, name: rule.name, spec: ruleSpecJson(rule), builtin: toDbBool(rule.builtin), created_at: rule.createdAt, updated_at: rule.updatedAt }).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('ALREADY_EXISTS', `alert rule ${rule.name} already exists`);
      throw err;
    }
  }

  async getRule(idOrName: string): Promise<AlertRule | null> {
    const row = await this.db.selectFrom('alert_rules').selectAll().where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)])).executeTakeFirst();
    return row ? ruleFromRow(row) : null;
  }

  async listRules(): Promise<AlertRule[]> {
    return (await this.db.selectFrom('alert_rules').selectAll().orderBy('name').execute()).map(ruleFromRow);
  }

  async updateRule(rule: AlertRule): Promise<boolean> {
    try {
      const res = await this.db.updateTable('alert_rules').set({ name: rule.name, spec: ruleSpecJson(rule), updated_at: rule.updatedAt }).where('id', '=', rule.id).executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('ALREADY_EXISTS', `alert rule ${rule.name} already exists`);
      throw err;
    }
  }

  async deleteRule(id: string): Promise<boolean> {
    const res = await this.db.deleteFrom('alert_rules').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async createChannel(channel: StoredChannel): Promise<void> {
    try {
      await this.db.insertInto('alert_channels').values({ name: channel.spec.name, spec: JSON.stringify(channel.spec), builtin: toDbBool(channel.builtin), created_at: channel.createdAt }).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('ALREADY_EXISTS', `channel ${channel.spec.name} already exists`);
      throw err;
    }
  }

  async getChannel(name: string): Promise<StoredChannel | null> {
    const row = await this.db.selectFrom('alert_channels').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? { spec: JSON.parse(row.spec) as StoredChannel['spec'], builtin: fromDbBool(row.builtin), createdAt: Number(row.created_at) } : null;
  }

  async listChannels(): Promise<StoredChannel[]> {
    const rows = await this.db.selectFrom('alert_channels').selectAll().orderBy('name').execute();
    return rows.map((row) => ({ spec: JSON.parse(row.spec) as StoredChannel['spec'], builtin: fromDbBool(row.builtin), createdAt: Number(row.created_at) }));
  }

  async deleteChannel(name: string): Promise<boolean> {
    const res = await this.db.deleteFrom('alert_channels').where('name', '=', name).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async upsertSeries(samples: readonly SeriesSample[]): Promise<void> {
    if (samples.length === 0) return;
    await this.db.transaction().execute((trx) => upsertSeriesIn(trx, samples));
  }

  async latestSeries(metrics: readonly string[]): Promise<SeriesSample[]> {
    if (metrics.length === 0) return [];
    const rows = await this.db.selectFrom('alert_series').select(['metric', 'labels', 'value', 'at']).where('metric', 'in', [...metrics]).execute();
    return rows.map((r) => ({ metric: r.metric, labels: JSON.parse(r.labels) as Record<string, string>, value: Number(r.value), at: Number(r.at) }));
  }

  async acquireLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    const expires = now + ttlMs;
    const taken = await this.db
      .updateTable('alerting_leases')
      .set({ owner, expires_at: expires })
      .where('name', '=', name)
      .where((eb) => eb.or([eb('owner', '=', owner), eb('expires_at', '<', now)]))
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) > 0) return true;
    try {
      const res = await this.db.insertInto('alerting_leases').values({ name, owner, expires_at: expires }).onConflict((oc) => oc.column('name').doNothing()).executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.db.updateTable('alerting_leases').set({ expires_at: 0 }).where('name', '=', name).where('owner', '=', owner).execute();
  }

  async activeAlerts(): Promise<Alert[]> {
    return (await this.db.selectFrom('alerts').selectAll().where('state', 'in', ['pending', 'firing']).execute()).map(alertFromRow);
  }

  async alertsByIds(ids: readonly string[]): Promise<Alert[]> {
    if (ids.length === 0) return [];
    return (await this.db.selectFrom('alerts').selectAll().where('id', 'in', [...ids]).execute()).map(alertFromRow);
  }

  async getAlert(id: string): Promise<Alert | null> {
    const row = await this.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? alertFromRow(row) : null;
  }

  async listAlerts(query: ParsedHistoryQuery): Promise<Alert[]> {
    let q = this.db.selectFrom('alerts').selectAll();
    if (query.state) q = q.where('state', '=', query.state);
    if (query.rule) q = q.where('rule_name', '=', query.rule);
    if (query.severity) q = q.where('severity', '=', query.severity);
    if (query.before !== undefined) q = q.where('active_since', '<', query.before);
    return (await q.orderBy('active_since', 'desc').orderBy('id', 'desc').limit(query.limit).execute()).map(alertFromRow);
  }

  async listGroups(): Promise<AlertGroup[]> {
    const rows = await this.db.selectFrom('alert_groups').selectAll().execute();
    return rows.map((r) => ({
      key: r.key,
      ruleId: r.rule_id,
      labels: JSON.parse(r.labels) as Record<string, string>,
      createdAt: Number(r.created_at),
      lastSentAt: r.last_sent_at === null ? null : Number(r.last_sent_at),
      sent: JSON.parse(r.sent) as Record<string, string>,
    }));
  }

  async commitEvaluation(c: EvaluationChanges): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (c.deleteAlerts.length > 0) await trx.deleteFrom('alerts').where('id', 'in', c.deleteAlerts).execute();
      for (const a of c.updateAlerts) {
        const { id: _id, ...row } = alertRow(a);
        await trx.updateTable('alerts').set(row).where('id', '=', a.id).execute();
      }
      for (const a of c.insertAlerts) await trx.insertInto('alerts').values(alertRow(a)).execute();
      if (c.deleteGroups.length > 0) await trx.deleteFrom('alert_groups').where('key', 'in', c.deleteGroups).execute();
      for (const g of c.putGroups) {
        const row = { key: g.key, rule_id: g.ruleId, labels: JSON.stringify(g.labels), created_at: g.createdAt, last_sent_at: g.lastSentAt, sent: JSON.stringify(g.sent) };
        await trx
          .insertInto('alert_groups')
          .values(row)
          .onConflict((oc) => oc.column('key').doUpdateSet({ last_sent_at: row.last_sent_at, sent: row.sent, labels: row.labels }))
          .execute();
      }
      for (const n of c.notifications) {
        await trx
          .insertInto('alert_notifications')
          .values({ id: n.id, channel: n.channel, rule_id: n.ruleId, group_key: n.groupKey, group_status: n.groupStatus, alert_count: n.alertCount, payload: JSON.stringify(n.payload), status: 'pending', attempts: 0, error: null, claimed_at: null, created_at: n.createdAt, sent_at: null })
          .execute();
      }
      await upsertSeriesIn(trx, c.series);
    });
  }

  async claimNotifications(now: number, staleMs: number, limit: number): Promise<ClaimedNotification[]> {
    const candidates = await this.db
      .selectFrom('alert_notifications')
      .selectAll()
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', now - staleMs)]))
      .orderBy('created_at')
      .limit(limit)
      .execute();
    const claimed: ClaimedNotification[] = [];
    for (const row of candidates) {
      // Conditional on the claim we read: of two servers racing for a row, one update matches.
      const res = await this.db
        .updateTable('alert_notifications')
        .set({ claimed_at: now })
        .where('id', '=', row.id)
        .where('status', '=', 'pending')
        .where((eb) => (row.claimed_at === null ? eb('claimed_at', 'is', null) : eb('claimed_at', '=', row.claimed_at)))
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) > 0) claimed.push({ ...notificationFromRow(row), payload: JSON.parse(row.payload) as unknown });
    }
    return claimed;
  }

  async finishNotification(id: string, r: { status: 'sent' | 'failed'; attempts: number; error: string | null; at: number }): Promise<void> {
    await this.db
      .updateTable('alert_notifications')
      .set({ status: r.status, attempts: r.attempts, error: r.error, sent_at: r.status === 'sent' ? r.at : null })
      .where('id', '=', id)
      .execute();
  }

  async listNotifications(limit: number): Promise<AlertNotification[]> {
    const rows = await this.db.selectFrom('alert_notifications').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
    return rows.map(notificationFromRow);
  }

  async addInboxItem(item: InboxItem): Promise<void> {
    await this.db
      .insertInto('alert_inbox')
      .values({ id: item.id, notification_id: item.notificationId, severity: item.severity, status: item.status, title: item.title, body: item.body, labels: JSON.stringify(item.labels), created_at: item.createdAt, read_at: item.readAt })
      .execute();
  }

  async listInbox(opts: { unreadOnly: boolean; limit: number }): Promise<{ items: InboxItem[]; unread: number }> {
    let q = this.db.selectFrom('alert_inbox').selectAll();
    if (opts.unreadOnly) q = q.where('read_at', 'is', null);
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
    const count = await this.db.selectFrom('alert_inbox').select((eb) => eb.fn.countAll().as('n')).where('read_at', 'is', null).executeTakeFirstOrThrow();
    return {
      items: rows.map((r) => ({
        id: r.id,
        notificationId: r.notification_id,
        severity: r.severity as Severity,
        status: r.status as InboxItem['status'],
        title: r.title,
        body: r.body,
        labels: JSON.parse(r.labels) as Record<string, string>,
        createdAt: Number(r.created_at),
        readAt: r.read_at === null ? null : Number(r.read_at),
      })),
      unread: Number(count.n),
    };
  }

  async setInboxRead(id: string, readAt: number | null): Promise<boolean> {
    const res = await this.db.updateTable('alert_inbox').set({ read_at: readAt }).where('id', '=', id).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async markAllInboxRead(at: number): Promise<number> {
    const res = await this.db.updateTable('alert_inbox').set({ read_at: at }).where('read_at', 'is', null).executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  async createSilence(s: Silence): Promise<void> {
    await this.db
      .insertInto('alert_silences')
      .values({ id: s.id, matchers: JSON.stringify(s.matchers), starts_at: s.startsAt, ends_at: s.endsAt, comment: s.comment, created_by: s.createdBy, created_at: s.createdAt })
      .execute();
  }

  async listSilences(): Promise<Silence[]> {
    const rows = await this.db.selectFrom('alert_silences').selectAll().orderBy('created_at', 'desc').execute();
    return rows.map((r) => ({
      id: r.id,
      matchers: JSON.parse(r.matchers) as Silence['matchers'],
      startsAt: Number(r.starts_at),
      endsAt: Number(r.ends_at),
      comment: r.comment,
      createdBy: r.created_by,
      createdAt: Number(r.created_at),
    }));
  }

  async expireSilence(id: string, at: number): Promise<boolean> {
    const res = await this.db.updateTable('alert_silences').set({ ends_at: at }).where('id', '=', id).where('ends_at', '>', at).executeTakeFirst();
    if (Number(res.numUpdatedRows) > 0) return true;
    return (await this.db.selectFrom('alert_silences').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }
  deleteHistoryBefore(cutoff: number, batchSize: number): Promise<number> {
    return deleteAlertHistoryBefore(this.db, cutoff, batchSize);
  }

}

async function upsertSeriesIn(db: Db, samples: readonly SeriesSample[]): Promise<void> {
  // The last sample of a series in one batch wins; across batches, the newer `at` wins.
  const byKey = new Map<string, SeriesSample>();
  const scopes = new Map<string, { metric: string; source: string; keys: string[]; at: number }>();
  for (const s of samples) {
    if (!Number.isFinite(s.value)) continue;
    const key = seriesKey(s.metric, s.labels);
    byKey.set(key, s);
    const source = s.labels['monitor'];
    if (source === undefined) continue;
    const scope = `${s.metric}\0${source}`;
    const entry = scopes.get(scope) ?? { metric: s.metric, source, keys: [], at: s.at };
    entry.keys.push(key);
    entry.at = Math.max(entry.at, s.at);
    scopes.set(scope, entry);
  }
  for (const sc of scopes.values()) {
    await db.deleteFrom('alert_series').where('metric', '=', sc.metric).where('source', '=', sc.source).where('key', 'not in', sc.keys).where('at', '<=', sc.at).execute();
  }
  for (const [key, s] of byKey) {
    await db
      .insertInto('alert_series')
      .values({ key, metric: s.metric, source: s.labels['monitor'] ?? '', labels: JSON.stringify(s.labels), value: s.value, at: s.at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: s.value, at: s.at }).where('alert_series.at', '<=', s.at))
      .execute();
  }
}
