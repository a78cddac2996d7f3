export * from './alerting.schema.js';
export type * from './alerting.store.js';
export { AlertingService, type AlertingDeps, type AlertingLogger } from './alerting.service.js';
export { DEFAULT_RULES } from './default-rules.js';
export { parseRuleExpression, referencedMetrics, type RuleExpr } from './rule-expression.js';
export { retrainingJobHandler, RETRAINING_QUEUE, type CommandRunner, type RetrainingJob } from './retraining-action.js';
export { slackMessage, type WebhookPoster, type DeliveryResult } from './channel-delivery.js';
export type { WebhookMessage } from './notification-plan.js';
export type { SeriesSample } from './rule-evaluation.js';
