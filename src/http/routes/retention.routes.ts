import { retentionStatusSchema, retentionSweepSchema, type RetentionService } from '../../domains/system/index.js';
import { defineRoute, type RouteContext } from '../route.js';

const tags = ['system'];

/** `/api/v1/system/retention`: the data retention policy, this server's last sweep, and a sweep on demand. */
export function registerRetentionRoutes(ctx: RouteContext, retention: RetentionService): void {
  defineRoute(ctx, { method: 'GET', url: '/api/v1/system/retention', scope: 'read', summary: 'Data retention policy and the last sweep on this server', tags, response: retentionStatusSchema }, () => retention.status());

  defineRoute(
    ctx,
    { method: 'POST', url: '/api/v1/system/retention/sweep', scope: 'admin', summary: 'Delete rows older than the retention policy now; answers the counts per log', tags, response: retentionSweepSchema },
    () => retention.sweep(),
  );
}
