import type { Readable } from 'node:stream';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { batchJobListQuerySchema, batchJobSpecSchema, type BatchJobService } from '../../domains/serving/index.js';
import { defineRoute, type RouteContext } from '../route.js';

const idParams = z.strictObject({ id: z.string().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/) });
const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', parquet: 'application/vnd.apache.parquet', jsonl: 'application/x-ndjson' } as const;

/** Batch inference jobs under /api/v1/batch-jobs: submit (sharded onto the job queue), list, poll, download. */
export function registerBatchJobRoutes(ctx: RouteContext, batch: BatchJobService): void {
  const tags = ['serving'];
  const base = '/api/v1/batch-jobs';

  // The raw body is streamed into the artifact store; encapsulated so other routes keep strict JSON parsing.
  ctx.app.register(async (child) => {
    child.removeAllContentTypeParsers();
    child.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    defineRoute(
      { ...ctx, app: child },
      { method: 'PUT', url: `${base}/inputs`, scope: 'write', status: 201, summary: 'Upload an input file (raw body: CSV, Parquet or JSON lines); answers the sha256 to submit as input.sha256', tags },
      async ({ request }) => {
        const body = request.body as Readable | undefined;
        if (!body) throw new AppError('INVALID_ARGUMENT', 'the input file is empty');
        return batch.putInput(body);
      },
    );
  });

  defineRoute(
    ctx,
    { method: 'POST', url: base, scope: 'write', status: 201, summary: 'Start a batch inference job over a stored file (input.sha256) or a path the workers can read; answers the job id', tags, body: batchJobSpecSchema },
    ({ body }) => batch.submit(body),
  );

  defineRoute(ctx, { method: 'GET', url: base, scope: 'read', summary: 'The newest batch jobs (of one deployment with ?deployment=), with their progress', tags, query: batchJobListQuerySchema }, async ({ query }) => ({ jobs: await batch.list(query) }));

  defineRoute(ctx, { method: 'GET', url: `${base}/:id`, scope: 'read', summary: 'Status, progress (rows, rows/s, ETA) and, once completed, the summary of a batch job', tags, params: idParams }, ({ params }) => batch.status(params.id));

  for (const which of ['output', 'failed'] as const) {
    defineRoute(
      ctx,
      { method: 'GET', url: `${base}/:id/${which}`, scope: 'read', summary: which === 'output' ? 'Download the predictions of a completed job' : 'Download the failed rows (JSON lines, each with its reason)', tags, params: idParams },
      async ({ params, reply }) => {
        const result = await batch.openResult(params.id, which);
        return reply.type(CONTENT_TYPES[result.format]).header('content-length', result.size).header('content-disposition', `attachment; filename="${params.id}-${which}.${result.format}"`).send(result.stream);
      },
    );
  }
}
