import type { Readable } from 'node:stream';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { fileNameSchema, pageQuerySchema, promoteSchema, REGISTRY_LIMITS, rollbackSchema, type RegistryApi } from '../../domains/registry/index.js';
import { defineRoute, type RouteContext } from '../route.js';
import { actorOf, auditResponse, nameParams, policyResponse, promotionResponse, reportResponse, versionParams, versionResponse } from './registry-wire.js';

const reportParams = versionParams.extend({ id: z.string().min(1).max(64) });
const uploadQuery = z.strictObject({
  filename: fileNameSchema,
  runId: z.string().max(64).optional(),
  description: z.string().max(REGISTRY_LIMITS.description).optional(),
  /** A signature as JSON (what `--signature file.json` sends); the ONNX model's own is used when absent. */
  signature: z.string().max(64 * 1024).optional(),
});

function parseJsonParam(text: string | undefined, field: string): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw AppError.invalid(`${field}: not valid JSON (${(err as Error).message})`, [{ path: field, message: 'not valid JSON' }]);
  }
}

/** A Content-Disposition value that survives any file name: an ASCII fallback plus RFC 5987's UTF-8 form. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Stages, the gate, rollback, audit, lineage, and the model file itself. */
export function registerRegistryLifecycleRoutes(ctx: RouteContext, registry: RegistryApi): void {
  const tags = ['registry'];

  defineRoute(
    ctx,
    {
      method: 'POST',
      url: '/api/v1/models/:name/versions/:version/promote',
      scope: 'write',
      summary: 'Move a version to a stage. Production goes through the validation gate (412 listing the failed checks when it fails); force needs an admin key and a reason',
      tags,
      params: versionParams,
      body: promoteSchema,
      response: promotionResponse,
    },
    ({ params, body, request }) => registry.promote(params.name, params.version, body, actorOf(request)),
  );

  defineRoute(
    ctx,
    { method: 'POST', url: '/api/v1/models/:name/rollback', scope: 'write', summary: 'Move Production back to the version it replaced, archiving the current one', tags, params: nameParams, body: rollbackSchema, response: z.object({ version: versionResponse, rolledBack: z.number().int() }) },
    ({ params, body, request }) => registry.rollback(params.name, body.reason, actorOf(request)),
  );

  defineRoute(ctx, { method: 'GET', url: '/api/v1/models/:name/gate-policy', scope: 'read', summary: 'The current gate policy (404 when none)', tags, params: nameParams, response: policyResponse }, ({ params }) =>
    registry.getGatePolicy(params.name),
  );

  defineRoute(
    ctx,
    { method: 'PUT', url: '/api/v1/models/:name/gate-policy', scope: 'write', summary: 'Store a new gate policy version (validated by the gate; 400 naming the field)', tags, params: nameParams, body: z.record(z.string(), z.unknown()), response: policyResponse },
    ({ params, body, request }) => registry.putGatePolicy(params.name, body, actorOf(request)),
  );

  defineRoute(ctx, { method: 'GET', url: '/api/v1/models/:name/gate-policy/history', scope: 'read', summary: 'Every gate policy version, newest first', tags, params: nameParams, response: z.object({ policies: z.array(policyResponse) }) }, async ({ params }) => ({
    policies: await registry.gatePolicyHistory(params.name),
  }));

  defineRoute(ctx, { method: 'GET', url: '/api/v1/models/:name/versions/:version/reports', scope: 'read', summary: 'Gate reports of a version, newest first', tags, params: versionParams, response: z.object({ reports: z.array(reportResponse) }) }, async ({ params }) => ({
    reports: await registry.listReports(params.name, params.version),
  }));

  defineRoute(ctx, { method: 'GET', url: '/api/v1/models/:name/versions/:version/reports/:id', scope: 'read', summary: 'One gate report', tags, params: reportParams, response: reportResponse }, ({ params }) =>
    registry.getReport(params.name, params.version, params.id),
  );

  defineRoute(
    ctx,
    { method: 'GET', url: '/api/v1/models/:name/audit', scope: 'read', summary: 'Audit log of the model: stage and alias changes, gate runs, forced promotions, rollbacks, policy edits', tags, params: nameParams, query: pageQuerySchema, response: z.object({ events: z.array(auditResponse), nextPageToken: z.string().optional() }) },
    async ({ params, query }) => {
      const page = await registry.audit(params.name, query);
      return { events: page.items, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
    },
  );

  defineRoute(ctx, { method: 'GET', url: '/api/v1/models/:name/versions/:version/lineage', scope: 'read', summary: 'Run → params/metrics → datasets → deployments of a version', tags, params: versionParams }, ({ params }) =>
    registry.lineage(params.name, params.version),
  );

  defineRoute(ctx, { method: 'GET', url: '/api/v1/models/:name/versions/:version/artifact', scope: 'read', summary: 'Download the version’s model file', tags, params: versionParams }, async ({ params, reply }) => {
    const file = await registry.openArtifact(params.name, params.version);
    return reply
      .type('application/octet-stream')
      .header('content-length', String(file.size))
      .header('content-disposition', attachment(file.fileName))
      .header('etag', `"${file.sha256}"`)
      .send(file.stream);
  });

  // The upload takes the raw body as a stream of any content type, never buffered; the plugin is
  // encapsulated so every other route keeps strict JSON parsing.
  ctx.app.register(async (child) => {
    child.removeAllContentTypeParsers();
    child.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    defineRoute(
      { ...ctx, app: child },
      { method: 'PUT', url: '/api/v1/models/:name/versions/upload', scope: 'write', summary: 'Upload a model file (raw body) and register it as a new version', tags, params: nameParams, query: uploadQuery, response: versionResponse, status: 201 },
      ({ params, query, request }) =>
        registry.uploadVersion(
          params.name,
          {
            data: (request.body as Readable | undefined) ?? new Uint8Array(0),
            fileName: query.filename,
            runId: query.runId,
            description: query.description,
            signature: parseJsonParam(query.signature, 'query.signature'),
          },
          actorOf(request),
        ),
    );
  });
}
