import { z } from 'zod';
import { alertRulePatchSchema, alertRuleSpecSchema, channelSpecSchema, historyQuerySchema, inboxQuerySchema, publishSignalsSchema, silenceSpecSchema, type AlertingService } from '../../domains/alerting/index.js';
import { defineRoute, type RouteContext } from '../route.js';

const nameParams = z.strictObject({ name: z.string().min(1).max(128) });
const idParams = z.strictObject({ id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/) });
const limitQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

/** Alerting under /api/v1/alerts: firing alerts, history, rules, channels, notifications, inbox, silences, signals. */
export function registerAlertingRoutes(ctx: RouteContext, alerting: AlertingService): void {
  const tags = ['alerting'];
  const base = '/api/v1/alerts';

  defineRoute(ctx, { method: 'GET', url: base, scope: 'read', summary: 'Alerts now pending or firing, newest first', tags }, async () => ({ alerts: await alerting.firing() }));
  defineRoute(ctx, { method: 'GET', url: `${base}/history`, scope: 'read', summary: 'Alert episodes (pending, firing, resolved), newest first; page with `before`', tags, query: historyQuerySchema }, async ({ query }) => ({
    alerts: await alerting.history(query),
  }));
  defineRoute(ctx, { method: 'POST', url: `${base}/signals`, scope: 'write', summary: 'Publish signal values (metric, value, labels) and evaluate the rules over them', tags, body: publishSignalsSchema }, async ({ body }) => {
    await alerting.publishInputs(body.signals);
    return { accepted: body.signals.length };
  });

  defineRoute(ctx, { method: 'GET', url: `${base}/rules`, scope: 'read', summary: 'Alert rules', tags }, async () => ({ rules: await alerting.listRules() }));
  defineRoute(ctx, { method: 'POST', url: `${base}/rules`, scope: 'write', status: 201, summary: 'Create an alert rule', tags, body: alertRuleSpecSchema }, ({ body }) => alerting.createRule(body));
  defineRoute(ctx, { method: 'GET', url: `${base}/rules/:name`, scope: 'read', summary: 'One alert rule, by name or id', tags, params: nameParams }, ({ params }) => alerting.getRule(params.name));
  defineRoute(ctx, { method: 'PATCH', url: `${base}/rules/:name`, scope: 'write', summary: 'Change fields of an alert rule (expression, for, severity, channels, grouping, enabled…)', tags, params: nameParams, body: alertRulePatchSchema }, ({ params, body }) =>
    alerting.updateRule(params.name, body),
  );
  defineRoute(ctx, { method: 'DELETE', url: `${base}/rules/:name`, scope: 'write', summary: 'Delete an alert rule (its history stays)', tags, params: nameParams }, async ({ params }) => {
    await alerting.deleteRule(params.name);
  });

  defineRoute(ctx, { method: 'GET', url: `${base}/channels`, scope: 'read', summary: 'Notification channels (URLs shown as their origin only)', tags }, async () => ({ channels: await alerting.listChannels() }));
  defineRoute(ctx, { method: 'POST', url: `${base}/channels`, scope: 'admin', status: 201, summary: 'Add a channel: webhook, slack, log or inbox', tags, body: channelSpecSchema }, ({ body }) => alerting.createChannel(body));
  defineRoute(ctx, { method: 'DELETE', url: `${base}/channels/:name`, scope: 'admin', summary: 'Delete a channel no rule uses', tags, params: nameParams }, async ({ params }) => {
    await alerting.deleteChannel(params.name);
  });
  defineRoute(ctx, { method: 'POST', url: `${base}/channels/:name/test`, scope: 'write', summary: 'Send a test notification through a channel now and report the outcome', tags, params: nameParams }, ({ params }) =>
    alerting.testChannel(params.name),
  );

  defineRoute(ctx, { method: 'GET', url: `${base}/notifications`, scope: 'read', summary: 'Notifications sent or pending, newest first', tags, query: limitQuery }, async ({ query }) => ({
    notifications: await alerting.notifications(query.limit),
  }));

  defineRoute(ctx, { method: 'GET', url: `${base}/inbox`, scope: 'read', summary: 'The in-app inbox, newest first, with the unread count', tags, query: inboxQuerySchema }, ({ query }) =>
    alerting.inbox({ unreadOnly: query.unread === 'true', limit: query.limit }),
  );
  defineRoute(ctx, { method: 'POST', url: `${base}/inbox/read-all`, scope: 'write', summary: 'Mark every inbox item read', tags }, async () => ({ marked: await alerting.markAllRead() }));
  defineRoute(ctx, { method: 'POST', url: `${base}/inbox/:id/read`, scope: 'write', summary: 'Mark an inbox item read (or unread with `read: false`)', tags, params: idParams, body: z.strictObject({ read: z.boolean().default(true) }).prefault({}) }, async ({ params, body }) => {
    await alerting.markRead(params.id, body.read);
  });

  defineRoute(ctx, { method: 'GET', url: `${base}/silences`, scope: 'read', summary: 'Silences, active and past', tags }, async () => ({ silences: await alerting.listSilences() }));
  defineRoute(ctx, { method: 'POST', url: `${base}/silences`, scope: 'write', status: 201, summary: 'Silence alerts whose labels match, until endsAt', tags, body: silenceSpecSchema }, ({ body }) => alerting.createSilence(body));
  defineRoute(ctx, { method: 'DELETE', url: `${base}/silences/:id`, scope: 'write', summary: 'End a silence now', tags, params: idParams }, async ({ params }) => {
    await alerting.expireSilence(params.id);
  });

  defineRoute(ctx, { method: 'GET', url: `${base}/:id`, scope: 'read', summary: 'One alert episode', tags, params: idParams }, ({ params }) => alerting.getAlert(params.id));
}
