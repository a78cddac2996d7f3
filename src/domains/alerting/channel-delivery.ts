import type { WebhookPoster } from '../../core/ports/webhook-poster.js';
import type { InboxItem, ParsedChannelSpec, Severity } from './alerting.schema.js';
import type { WebhookMessage } from './notification-plan.js';

export type { WebhookPoster };

export interface DeliveryDeps {
  poster: WebhookPoster;
  log: (obj: object, msg: string) => void;
  inbox: (item: Omit<InboxItem, 'id'>) => Promise<void>;
  sleep?: (ms: number) => Promise<void>;
  /** Base of the retry backoff: attempt n waits base · 2^(n-1) (jittered). */
  backoffMs?: number;
}

export interface DeliveryResult {
  ok: boolean;
  attempts: number;
  error: string | null;
}

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function title(msg: WebhookMessage): string {
  const firing = msg.alerts.filter((a) => a.status === 'firing').length;
  const name = msg.commonLabels['alertname'] ?? msg.groupLabels['alertname'] ?? 'alerts';
  return msg.status === 'firing' ? `[FIRING:${firing}] ${name}` : `[RESOLVED] ${name}`;
}

function alertLine(a: WebhookMessage['alerts'][number]): string {
  const summary = a.annotations['summary'] ?? a.labels['alertname'] ?? 'alert';
  const labels = Object.entries(a.labels)
    .filter(([k]) => k !== 'alertname' && k !== 'severity')
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return `${a.status === 'firing' ? 'Firing' : 'Resolved'}: ${summary}${labels ? ` (${labels})` : ''}`;
}

function severityOf(msg: WebhookMessage): Severity {
  const s = msg.commonLabels['severity'];
  return s === 'critical' || s === 'warning' ? s : 'info';
}

/** Slack's incoming-webhook body: `text` for notifications and clients without blocks, `blocks` for the rest. */
export function slackMessage(msg: WebhookMessage): { text: string; blocks: unknown[] } {
  const head = `${title(msg)} — ${severityOf(msg)}`;
  return {
    text: head,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: head.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: msg.alerts.map(alertLine).join('\n').slice(0, 3000) } },
    ],
  };
}

/** A failure worth another try: the receiver was unreachable, slow, or said so (5xx, 429). */
function retriable(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/** Error text without the URL: webhook URLs (Slack's above all) are secrets. */
function describe(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  const name = err instanceof Error ? err.name : 'error';
  return `request failed: ${code || name}`;
}

async function postWithRetries(deps: DeliveryDeps, url: string, body: unknown, headers: Record<string, string>, maxAttempts: number, timeoutMs: number): Promise<DeliveryResult> {
  const sleep = deps.sleep ?? sleepFor;
  const base = deps.backoffMs ?? 500;
  const text = JSON.stringify(body);
  let error = 'not attempted';
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1) await sleep(base * 2 ** (attempt - 2) * (0.5 + Math.random() / 2));
    try {
      const res = await deps.poster.post(url, text, { 'content-type': 'application/json', ...headers }, timeoutMs);
      if (res.status >= 200 && res.status < 300) return { ok: true, attempts: attempt, error: null };
      error = `receiver answered ${res.status}`;
      if (!retriable(res.status)) return { ok: false, attempts: attempt, error };
    } catch (err) {
      error = describe(err);
    }
  }
  return { ok: false, attempts: maxAttempts, error };
}

/** Sends one notification through one channel; never throws (the result says what happened). */
export async function deliver(channel: ParsedChannelSpec, notificationId: string, msg: WebhookMessage, deps: DeliveryDeps): Promise<DeliveryResult> {
  switch (channel.type) {
    case 'webhook':
      return postWithRetries(deps, channel.url, msg, channel.headers, channel.maxAttempts, channel.timeoutMs);
    case 'slack':
      return postWithRetries(deps, channel.url, slackMessage(msg), {}, channel.maxAttempts, channel.timeoutMs);
    case 'log':
      deps.log({ channel: channel.name, status: msg.status, groupKey: msg.groupKey, alerts: msg.alerts.map((a) => ({ status: a.status, labels: a.labels, value: a.value })) }, title(msg));
      return { ok: true, attempts: 1, error: null };
    case 'inbox':
      try {
        await deps.inbox({
          notificationId,
          severity: severityOf(msg),
          status: msg.status,
          title: title(msg),
          body: msg.alerts.map(alertLine).join('\n'),
          labels: msg.commonLabels,
          createdAt: Date.now(),
          readAt: null,
        });
        return { ok: true, attempts: 1, error: null };
      } catch (err) {
        return { ok: false, attempts: 1, error: err instanceof Error ? err.message : String(err) };
      }
  }
}
