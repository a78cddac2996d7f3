import { z } from 'zod';

/**
 * Wire types of alerting, shared by the REST API, the SDK and the CLI. Pure zod.
 * A rule is an expression over the latest signal values (see rule-expression.ts) with a
 * for-duration, a severity, labels and the channels it notifies; alerts move
 * pending → firing → resolved as Prometheus's do, and notifications are grouped,
 * deduplicated and repeated as Alertmanager's are.
 */

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

const nameSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][\w.-]*$/, 'must start with a letter or digit and contain only letters, digits, underscores, dashes and periods');
export const ruleNameSchema = nameSchema;
export const channelNameSchema = nameSchema;
const labelNameSchema = z.string().min(1).max(128).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a label name ([A-Za-z_][A-Za-z0-9_]*)');
const labelsSchema = z.record(labelNameSchema, z.string().max(1024)).refine((r) => Object.keys(r).length <= 64, 'at most 64 labels');
const seconds = (max: number) => z.number().int().min(0).max(max);

export const ruleActionSchema = z.discriminatedUnion('type', [
  /** Emits `retraining_triggered` and queues the server's configured retraining command (if any) once per firing. */
  z.strictObject({ type: z.literal('retraining') }),
]);
export type RuleAction = z.infer<typeof ruleActionSchema>;

const ruleFields = {
  /** e.g. `error_rate > 0.05`, `accuracy < accuracy_baseline - 0.05`, `drift_detected{monitor="m"} == 1`. */
  expr: z.string().min(1).max(1000),
  /** How long the condition must hold before the alert fires (0: at once). */
  forSeconds: seconds(7 * 86_400),
  labels: labelsSchema,
  /** `summary` and `description` appear in notifications; `{{ $value }}` and `{{ $labels.x }}` are filled in. */
  annotations: z.record(z.string().min(1).max(128), z.string().max(4096)).refine((r) => Object.keys(r).length <= 32, 'at most 32 annotations'),
  channels: z.array(channelNameSchema).max(16),
  /** Alerts with the same values of these labels share one notification. */
  groupBy: z.array(labelNameSchema).max(16),
  /** Before the first notification of a new group, to collect its other alerts. */
  groupWaitSeconds: seconds(3600),
  /** Between notifications of a group whose alerts changed. */
  groupIntervalSeconds: seconds(86_400),
  /** Between notifications of a group that did not change and still fires. */
  repeatIntervalSeconds: z.number().int().min(60).max(30 * 86_400),
  /** Series whose latest value is older than this are ignored (events such as `deployment_changed`); null: never stale. */
  staleAfterSeconds: z.number().int().min(1).max(30 * 86_400).nullable(),
  actions: z.array(ruleActionSchema).max(8),
  enabled: z.boolean(),
};

export const alertRuleSpecSchema = z.strictObject({
  name: ruleNameSchema,
  expr: ruleFields.expr,
  forSeconds: ruleFields.forSeconds.default(0),
  severity: severitySchema,
  labels: ruleFields.labels.default({}),
  annotations: ruleFields.annotations.default({}),
  channels: ruleFields.channels.default(['inbox']),
  groupBy: ruleFields.groupBy.default(['alertname']),
  groupWaitSeconds: ruleFields.groupWaitSeconds.default(10),
  groupIntervalSeconds: ruleFields.groupIntervalSeconds.default(60),
  repeatIntervalSeconds: ruleFields.repeatIntervalSeconds.default(4 * 3600),
  staleAfterSeconds: ruleFields.staleAfterSeconds.default(null),
  actions: ruleFields.actions.default([]),
  enabled: ruleFields.enabled.default(true),
});
export type AlertRuleSpec = z.input<typeof alertRuleSpecSchema>;
export type ParsedAlertRuleSpec = z.output<typeof alertRuleSpecSchema>;

/** PATCH: any field of the spec, without defaults (an absent field keeps its value); renaming keeps the rule's id and history. */
export const alertRulePatchSchema = z.strictObject({
  name: ruleNameSchema.optional(),
  severity: severitySchema.optional(),
  ...Object.fromEntries(Object.entries(ruleFields).map(([k, v]) => [k, v.optional()])),
}) as unknown as z.ZodType<Partial<ParsedAlertRuleSpec>, Partial<ParsedAlertRuleSpec>>;
export type AlertRulePatch = Partial<ParsedAlertRuleSpec>;

export interface AlertRule extends ParsedAlertRuleSpec {
  id: string;
  /** Installed by Keel (editable, deletable); false for rules users created. */
  builtin: boolean;
  createdAt: number;
  updatedAt: number;
}

export const CHANNEL_TYPES = ['webhook', 'slack', 'log', 'inbox'] as const;
const urlSchema = z
  .string()
  .max(2048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http:// or https:// URL');
const headersSchema = z.record(z.string().min(1).max(256).regex(/^[A-Za-z0-9-]+$/, 'must be a header name'), z.string().max(4096)).refine((r) => Object.keys(r).length <= 32, 'at most 32 headers');

export const channelSpecSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('webhook'), name: channelNameSchema, url: urlSchema, headers: headersSchema.default({}), maxAttempts: z.number().int().min(1).max(10).default(4), timeoutMs: z.number().int().min(100).max(60_000).default(5000) }),
  z.strictObject({ type: z.literal('slack'), name: channelNameSchema, url: urlSchema, maxAttempts: z.number().int().min(1).max(10).default(4), timeoutMs: z.number().int().min(100).max(60_000).default(5000) }),
  z.strictObject({ type: z.literal('log'), name: channelNameSchema }),
  z.strictObject({ type: z.literal('inbox'), name: channelNameSchema }),
]);
export type ChannelSpec = z.input<typeof channelSpecSchema>;
export type ParsedChannelSpec = z.output<typeof channelSpecSchema>;

/** A channel as the API shows it: URLs cut to their origin and header values hidden, since both often hold secrets. */
export interface AlertChannel {
  name: string;
  type: (typeof CHANNEL_TYPES)[number];
  /** Origin only (`https://hooks.slack.com/…`). */
  target: string | null;
  builtin: boolean;
  createdAt: number;
}

export const silenceSpecSchema = z.strictObject({
  /** Every matcher must hold for an alert to be silenced (label = value, or != with `isEqual: false`). */
  matchers: z.array(z.strictObject({ label: labelNameSchema, value: z.string().max(1024), isEqual: z.boolean().default(true) })).min(1).max(32),
  /** Epoch milliseconds; default now. */
  startsAt: z.number().int().min(0).optional(),
  endsAt: z.number().int().min(0),
  comment: z.string().max(2048).default(''),
  createdBy: z.string().max(256).default(''),
});
export type SilenceSpec = z.input<typeof silenceSpecSchema>;

export interface Silence {
  id: string;
  matchers: { label: string; value: string; isEqual: boolean }[];
  startsAt: number;
  endsAt: number;
  comment: string;
  createdBy: string;
  createdAt: number;
}

export type AlertState = 'pending' | 'firing' | 'resolved';

/** One episode of an alert: from pending (or firing) to resolved. */
export interface Alert {
  id: string;
  /** Stable across episodes: the rule and the alert's labels. */
  fingerprint: string;
  ruleId: string;
  ruleName: string;
  severity: Severity;
  state: AlertState;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  value: number;
  activeSince: number;
  firedAt: number | null;
  resolvedAt: number | null;
  updatedAt: number;
}

export type NotificationStatus = 'pending' | 'sent' | 'failed';

export interface AlertNotification {
  id: string;
  channel: string;
  ruleId: string;
  groupKey: string;
  status: NotificationStatus;
  /** `firing` when any alert of the group still fires. */
  groupStatus: 'firing' | 'resolved';
  alertCount: number;
  attempts: number;
  error: string | null;
  createdAt: number;
  sentAt: number | null;
}

export interface InboxItem {
  id: string;
  notificationId: string;
  severity: Severity;
  status: 'firing' | 'resolved';
  title: string;
  body: string;
  labels: Record<string, string>;
  createdAt: number;
  readAt: number | null;
}

export const historyQuerySchema = z.strictObject({
  state: z.enum(['pending', 'firing', 'resolved']).optional(),
  rule: z.string().max(128).optional(),
  severity: severitySchema.optional(),
  /** Alerts that became active before this (epoch ms), for paging back. */
  before: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type HistoryQuery = z.input<typeof historyQuerySchema>;
export type ParsedHistoryQuery = z.output<typeof historyQuerySchema>;

export const inboxQuerySchema = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** A signal as the REST API accepts it (`at` in epoch ms, default now). */
export const signalInputSchema = z.strictObject({
  metric: z.string().min(1).max(128).regex(/^[A-Za-z_][A-Za-z0-9_:]*$/, 'must be a metric name'),
  value: z.number(),
  labels: labelsSchema.default({}),
  at: z.number().int().min(0).optional(),
});
export const publishSignalsSchema = z.strictObject({ signals: z.array(signalInputSchema).min(1).max(10_000) });
export type SignalInput = z.input<typeof signalInputSchema>;

/** How a test notification (or one delivery) went. */
export interface DeliveryResultView {
  ok: boolean;
  attempts: number;
  /** Never contains the channel's URL. */
  error: string | null;
}
