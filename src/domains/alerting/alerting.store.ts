import type { Alert, AlertNotification, AlertRule, InboxItem, ParsedHistoryQuery, ParsedChannelSpec, Silence } from './alerting.schema.js';

/** The latest value of one series (metric + labels); `at` in epoch ms. */
export interface SeriesSample {
  metric: string;
  labels: Readonly<Record<string, string>>;
  value: number;
  at: number;
}

export interface StoredChannel {
  spec: ParsedChannelSpec;
  builtin: boolean;
  createdAt: number;
}

/** A notification group: the alerts of one rule sharing the values of its `groupBy` labels. */
export interface AlertGroup {
  key: string;
  ruleId: string;
  labels: Record<string, string>;
  createdAt: number;
  lastSentAt: number | null;
  /** Fingerprint → id of the alert episode last notified as firing. */
  sent: Record<string, string>;
}

export interface NewNotification {
  id: string;
  channel: string;
  ruleId: string;
  groupKey: string;
  groupStatus: 'firing' | 'resolved';
  alertCount: number;
  /** The message as the channel will send it (Alertmanager's webhook shape). */
  payload: unknown;
  createdAt: number;
}

export interface ClaimedNotification extends AlertNotification {
  payload: unknown;
}

/** What one evaluation changed, written in one transaction. */
export interface EvaluationChanges {
  insertAlerts: Alert[];
  updateAlerts: Alert[];
  /** Pending alerts whose condition stopped holding before they fired: not kept in history. */
  deleteAlerts: string[];
  putGroups: AlertGroup[];
  deleteGroups: string[];
  notifications: NewNotification[];
  /** Signals the evaluation itself emits (`retraining_triggered`). */
  series: SeriesSample[];
}

/**
 * Storage port of alerting. State lives here, not in a server's memory, so several
 * servers share rules, alerts and notification groups; one evaluation at a time holds
 * the `evaluator` lease. Unknown ids answer null/false; a taken name is ALREADY_EXISTS.
 */
export interface AlertingStore {
  /** Installs rules and channels once per database (a marker row remembers it); false when already done. */
  installDefaults(rules: AlertRule[], channels: StoredChannel[]): Promise<boolean>;
  createRule(rule: AlertRule): Promise<void>;
  getRule(idOrName: string): Promise<AlertRule | null>;
  listRules(): Promise<AlertRule[]>;
  updateRule(rule: AlertRule): Promise<boolean>;
  /** Deletes the rule, its active alerts and its groups; history stays. */
  deleteRule(id: string): Promise<boolean>;

  createChannel(channel: StoredChannel): Promise<void>;
  getChannel(name: string): Promise<StoredChannel | null>;
  listChannels(): Promise<StoredChannel[]>;
  deleteChannel(name: string): Promise<boolean>;

  /**
   * Keeps the latest value of each series (metric + labels); an older sample never replaces a newer one.
   * Samples with a `monitor` label are that monitor's complete set for their metric: its other, older
   * series of the metric are removed (a new model version or dataset must not leave a stale series firing).
   */
  upsertSeries(samples: readonly SeriesSample[]): Promise<void>;
  latestSeries(metrics: readonly string[]): Promise<SeriesSample[]>;

  /** True when `owner` holds `name` until now + ttlMs (taken if free or expired, extended if its own). */
  acquireLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, owner: string): Promise<void>;

  /** Alerts in state pending or firing. */
  activeAlerts(): Promise<Alert[]>;
  alertsByIds(ids: readonly string[]): Promise<Alert[]>;
  getAlert(id: string): Promise<Alert | null>;
  /** Newest first (by activeSince). */
  listAlerts(query: ParsedHistoryQuery): Promise<Alert[]>;
  listGroups(): Promise<AlertGroup[]>;
  commitEvaluation(changes: EvaluationChanges): Promise<void>;

  /**
   * Marks up to `limit` pending notifications as claimed by this caller: those never claimed,
   * or whose claim is older than `staleMs` (a server died while sending). Never the same row twice at once.
   */
  claimNotifications(now: number, staleMs: number, limit: number): Promise<ClaimedNotification[]>;
  finishNotification(id: string, result: { status: 'sent' | 'failed'; attempts: number; error: string | null; at: number }): Promise<void>;
  listNotifications(limit: number): Promise<AlertNotification[]>;

  addInboxItem(item: InboxItem): Promise<void>;
  listInbox(opts: { unreadOnly: boolean; limit: number }): Promise<{ items: InboxItem[]; unread: number }>;
  /** null `readAt` marks unread. */
  setInboxRead(id: string, readAt: number | null): Promise<boolean>;
  markAllInboxRead(at: number): Promise<number>;

  createSilence(silence: Silence): Promise<void>;
  listSilences(): Promise<Silence[]>;
  /** Ends a silence now (kept for the record). */
  expireSilence(id: string, at: number): Promise<boolean>;

  /**
   * Retention: deletes history from before `cutoff` (epoch ms) in transactions of at most `batchSize`
   * rows: resolved alerts (never pending or firing ones, nor a resolved one a notification group still
   * has to announce), notifications already sent or failed (never the pending outbox) and inbox items.
   * Rules, channels, series, groups, silences and leases stay. Returns the rows deleted, all tables together.
   */
  deleteHistoryBefore(cutoff: number, batchSize: number): Promise<number>;
}
