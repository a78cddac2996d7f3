import type { Readable } from 'node:stream';
import { z } from 'zod';
import { driftRequestSchema, renderDriftReportHtml, type MonitoringService } from '../../domains/monitoring/index.js';
import { defineRoute, type RouteContext } from '../route.js';

/**
 * Drift detection over REST.
 * - `POST /api/v1/monitoring/datasets`: raw body (CSV, Parquet or JSON lines, any content type),
 *   streamed into the artifact store; answers `{sha256, size}`.
 * - `POST /api/v1/monitoring/drift`: JSON `{reference, current, columns?, test?, options?}` where a
 *   dataset is `{sha256, format?}` (an upload or any stored artifact) or `{rows: [...]}`; answers the
 *   drift report JSON, or the HTML page with `?format=html`.
 */
const columnDrift = z.object({
  type: z.enum(['numeric', 'categorical']),
  test: z.string().nullable(),
  statistic: z.number().nullable(),
  p_value: z.number().nullable(),
  p_value_adjusted: z.number().nullable().optional(),
  threshold: z.number().nullable(),
  drifted: z.boolean(),
  psi: z.number().nullable(),
  reference_count: z.number(),
  current_count: z.number(),
  not_computable: z.string().optional(),
});
const driftReportResponse = z.object({
  dataset_drift: z.boolean(),
  drift_share: z.number(),
  drift_share_threshold: z.number(),
  number_of_columns: z.number(),
  number_of_drifted_columns: z.number(),
  reference_rows: z.number(),
  current_rows: z.number(),
  fdr: z.boolean(),
  columns: z.record(z.string(), columnDrift),
});

export function registerMonitoringRoutes(ctx: RouteContext, monitoring: MonitoringService): void {
  const tags = ['monitoring'];

  defineRoute(
    ctx,
    {
      method: 'POST',
      url: '/api/v1/monitoring/drift',
      scope: 'read',
      summary: 'Data drift report between a reference and a current dataset (per-column tests, dataset drift)',
      tags,
      body: driftRequestSchema,
      query: z.strictObject({ format: z.enum(['json', 'html']).optional() }),
      response: driftReportResponse,
    },
    async ({ body, query, reply }) => {
      const result = await monitoring.drift(body);
      if (query.format === 'html') return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(renderDriftReportHtml(result));
      return result.report;
    },
  );

  // Raw uploads are streamed, never buffered; the plugin is encapsulated so other routes keep strict JSON parsing.
  ctx.app.register(async (child) => {
    child.removeAllContentTypeParsers();
    child.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    defineRoute(
      { ...ctx, app: child },
      { method: 'POST', url: '/api/v1/monitoring/datasets', scope: 'write', summary: 'Upload a dataset (CSV, Parquet or JSON lines as the raw body) for drift requests', tags, response: z.object({ sha256: z.string(), size: z.number() }), status: 201 },
      ({ request }) => monitoring.uploadDataset((request.body as Readable | undefined) ?? new Uint8Array(0)),
    );
  });
}
