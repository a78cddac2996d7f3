/** Kysely row types of alerting. Times are epoch milliseconds; JSON columns read back as text; booleans are 0/1. */
export interface AlertRulesTable {
  id: string;
  name: string;
  spec: string;
  builtin: number;
  created_at: number;
  updated_at: number;
}

export interface AlertChannelsTable {
  name: string;
  spec: string;
  builtin: number;
  created_at: number;
}

export interface AlertSeriesTable {
  key: string;
  metric: string;
  source: string;
  labels: string;
  value: number;
  at: number;
}

export interface AlertsTable {
  id: string;
  fingerprint: string;
  rule_id: string;
  rule_name: string;
  severity: string;
  state: string;
  labels: string;
  annotations: string;
  value: number;
  active_since: number;
  fired_at: number | null;
  resolved_at: number | null;
  updated_at: number;
}

export interface AlertGroupsTable {
  key: string;
  rule_id: string;
  labels: string;
  created_at: number;
  last_sent_at: number | null;
  sent: string;
}

export interface AlertNotificationsTable {
  id: string;
  channel: string;
  rule_id: string;
  group_key: string;
  group_status: string;
  alert_count: number;
  payload: string;
  status: string;
  attempts: number;
  error: string | null;
  claimed_at: number | null;
  created_at: number;
  sent_at: number | null;
}

export interface AlertInboxTable {
  id: string;
  notification_id: string;
  severity: string;
  status: string;
  title: string;
  body: string;
  labels: string;
  created_at: number;
  read_at: number | null;
}

export interface AlertSilencesTable {
  id: string;
  matchers: string;
  starts_at: number;
  ends_at: number;
  comment: string;
  created_by: string;
  created_at: number;
}

export interface AlertingLeasesTable {
  name: string;
  owner: string;
  expires_at: number;
}

export interface AlertingTables {
  alert_rules: AlertRulesTable;
  alert_channels: AlertChannelsTable;
  alert_series: AlertSeriesTable;
  alerts: AlertsTable;
  alert_groups: AlertGroupsTable;
  alert_notifications: AlertNotificationsTable;
  alert_inbox: AlertInboxTable;
  alert_silences: AlertSilencesTable;
  alerting_leases: AlertingLeasesTable;
}
