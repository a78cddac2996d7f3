import type { Readable } from 'node:stream';
import { z } from 'zod';
import { createVersionSchema, datasetFilePathSchema, datasetNameSchema, linkRunSchema, missingBlobsSchema, versionSelectorSchema, type DatasetService } from '../../domains/data/index.js';
import { defineRoute, type RouteContext } from '../route.js';

/**
 * Datasets over REST. Adding a version is two steps, so large folders stream and unchanged files
 * are never sent twice: `POST /api/v1/datasets/files/missing` says which sha256s the server lacks,
 * each missing file is streamed to `POST /api/v1/datasets/files` (raw body), then
 * `POST /api/v1/datasets/:name/versions` commits the version from `{files: [{path, sha256}]}`.
 */
const nameParams = z.strictObject({ name: datasetNameSchema });
const versionParams = z.strictObject({ name: datasetNameSchema, version: versionSelectorSchema });

const statValue = z.union([z.number(), z.string(), z.null()]);
const columnProfile = z.object({
  name: z.string(),
  type: z.string(),
  kind: z.enum(['numeric', 'text', 'boolean', 'temporal', 'other']),
  count: z.number(),
  nulls: z.number(),
  nullFraction: z.number(),
  distinct: z.number(),
  distinctApproximate: z.boolean(),
  min: statValue,
  max: statValue,
  mean: z.number().nullable(),
  std: z.number().nullable(),
  quantiles: z.object({ p5: z.number(), p25: z.number(), p50: z.number(), p75: z.number(), p95: z.number() }).nullable(),
  histogram: z.object({ edges: z.array(z.number()), counts: z.array(z.number()) }).nullable(),
  top: z.array(z.object({ value: z.string(), count: z.number() })).nullable(),
});
const datasetResponse = z.object({ id: z.string(), name: z.string(), description: z.string(), createdBy: z.string(), createdAt: z.number(), latestVersion: z.number().nullable(), versionCount: z.number() });
const fileResponse = z.object({ path: z.string(), sha256: z.string(), size: z.number() });
const versionResponse = z.object({
  id: z.string(),
  dataset: z.string(),
  datasetId: z.string(),
  version: z.number(),
  digest: z.string(),
  format: z.enum(['csv', 'parquet', 'jsonl']),
  files: z.array(fileResponse),
  size: z.number(),
  rowCount: z.number(),
  schema: z.array(z.object({ name: z.string(), type: z.string() })),
  profile: z.object({ rowCount: z.number(), columns: z.array(columnProfile) }),
  message: z.string(),
  source: z.string(),
  createdBy: z.string(),
  createdAt: z.number(),
});
const checkResponse = z.object({
  name: z.string(),
  type: z.string(),
  columns: z.array(z.string()),
  passed: z.boolean(),
  measured: statValue,
  threshold: statValue,
  detail: z.string(),
  failingExamples: z.array(z.record(z.string(), z.unknown())),
});
const reportResponse = z.object({ id: z.string(), dataset: z.string(), version: z.number(), versionId: z.string(), suite: z.string(), passed: z.boolean(), rowCount: z.number(), checks: z.array(checkResponse), durationMs: z.number(), createdAt: z.number() });
const statPair = z.tuple([statValue, statValue]);
const diffResponse = z.object({
  dataset: z.string(),
  from: z.object({ version: z.number(), digest: z.string(), rowCount: z.number() }),
  to: z.object({ version: z.number(), digest: z.string(), rowCount: z.number() }),
  rowCountChange: z.number(),
  files: z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(z.string()), unchanged: z.number() }),
  columns: z.array(z.object({ name: z.string(), change: z.enum(['added', 'removed', 'type_changed', 'changed', 'unchanged']), typeFrom: z.string().optional(), typeTo: z.string().optional(), stats: z.record(z.string(), statPair) })),
});

/** A suite as an object, or the text of a JSON/YAML suite file (parsed and checked by the service). */
const checkBody = z.strictObject({ suite: z.union([z.string().min(1).max(1_048_576), z.record(z.string(), z.unknown())]) });

const actorId = (request: { principal?: { keyId: string } | undefined }): { id: string } => ({ id: request.principal?.keyId ?? 'anonymous' });

export function registerDataRoutes(ctx: RouteContext, data: DatasetService): void {
  const tags = ['data'];

  defineRoute(ctx, { method: 'GET', url: '/api/v1/datasets', scope: 'read', summary: 'List datasets', tags, response: z.object({ datasets: z.array(datasetResponse) }) }, async () => ({ datasets: await data.listDatasets() }));

  defineRoute(
    ctx,
    { method: 'POST', url: '/api/v1/datasets/files/missing', scope: 'write', summary: 'Which of these file sha256s the server lacks (upload only those)', tags, body: missingBlobsSchema, response: z.object({ missing: z.array(z.string()) }) },
    async ({ body }) => ({ missing: await data.missingBlobs(body.sha256) }),
  );

  defineRoute(ctx, { method: 'GET', url: '/api/v1/datasets/:name', scope: 'read', summary: 'A dataset', tags, params: nameParams, response: datasetResponse }, ({ params }) => data.getDataset(params.name));

  defineRoute(
    ctx,
    { method: 'GET', url: '/api/v1/datasets/:name/versions', scope: 'read', summary: 'Versions of a dataset, newest first', tags, params: nameParams, response: z.object({ versions: z.array(versionResponse) }) },
    async ({ params }) => ({ versions: await data.listVersions(params.name) }),
  );

  defineRoute(
    ctx,
    {
      method: 'POST',
      url: '/api/v1/datasets/:name/versions',
      scope: 'write',
      summary: 'Commit a version from uploaded files (profiled on commit); the same content again returns the existing version',
      tags,
      params: nameParams,
      body: createVersionSchema,
      response: z.object({ version: versionResponse, created: z.boolean(), reusedFiles: z.number() }),
      status: 201,
    },
    ({ params, body, request }) => data.createVersion(params.name, body, actorId(request)),
  );

  defineRoute(
    ctx,
    { method: 'GET', url: '/api/v1/datasets/:name/versions/:version', scope: 'read', summary: 'A version: files, schema, row count, profile (version: a number, "latest" or a digest prefix)', tags, params: versionParams, response: versionResponse },
    ({ params }) => data.getVersion(params.name, params.version),
  );

  defineRoute(
    ctx,
    { method: 'GET', url: '/api/v1/datasets/:name/versions/:version/file', scope: 'read', summary: 'Download one file of a version', tags, params: versionParams, query: z.strictObject({ path: datasetFilePathSchema }) },
    async ({ params, query, reply }) => {
      const { file, stream } = await data.readFile(params.name, params.version, query.path);
      return reply.type('application/octet-stream').header('content-length', String(file.size)).header('etag', `"${file.sha256}"`).header('x-content-type-options', 'nosniff').send(stream);
    },
  );

  defineRoute(
    ctx,
    { method: 'GET', url: '/api/v1/datasets/:name/diff', scope: 'read', summary: 'Schema, row count, file and per-column statistic changes between two versions', tags, params: nameParams, query: z.strictObject({ from: versionSelectorSchema, to: versionSelectorSchema }), response: diffResponse },
    ({ params, query }) => data.diff(params.name, query.from, query.to),
  );

  defineRoute(
    ctx,
    { method: 'POST', url: '/api/v1/datasets/:name/versions/:version/checks', scope: 'write', summary: 'Run a quality suite on a version; the report is stored with it (passed: false when a check fails)', tags, params: versionParams, body: checkBody, response: reportResponse, status: 201 },
    ({ params, body }) => data.checkQuality(params.name, params.version, body.suite),
  );

  defineRoute(
    ctx,
    { method: 'GET', url: '/api/v1/datasets/:name/versions/:version/checks', scope: 'read', summary: 'Quality reports of a version, newest first', tags, params: versionParams, response: z.object({ reports: z.array(reportResponse) }) },
    async ({ params }) => ({ reports: await data.listReports(params.name, params.version) }),
  );

  defineRoute(
    ctx,
    { method: 'POST', url: '/api/v1/datasets/:name/versions/:version/runs', scope: 'write', summary: 'Record that a run used this version (also logged among the run inputs)', tags, params: versionParams, body: linkRunSchema },
    async ({ params, body }) => {
      await data.linkRun(params.name, params.version, body);
    },
  );

  defineRoute(
    ctx,
    {
      method: 'GET',
      url: '/api/v1/datasets/:name/versions/:version/lineage',
      scope: 'read',
      summary: 'Runs that used a version and the model versions they produced',
      tags,
      params: versionParams,
      response: z.object({ runs: z.array(z.object({ runId: z.string(), context: z.string(), linkedAt: z.number() })), modelVersions: z.array(z.object({ name: z.string(), version: z.number(), runId: z.string() })) }),
    },
    ({ params }) => data.lineage(params.name, params.version),
  );

  // Raw uploads stream into the blob store; the plugin is encapsulated so other routes keep strict JSON parsing.
  ctx.app.register(async (child) => {
    child.removeAllContentTypeParsers();
    child.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    defineRoute(
      { ...ctx, app: child },
      { method: 'POST', url: '/api/v1/datasets/files', scope: 'write', summary: 'Upload one dataset file (raw body, streamed); answers its sha256', tags, response: z.object({ sha256: z.string(), size: z.number() }), status: 201 },
      ({ request }) => data.uploadFile((request.body as Readable | undefined) ?? new Uint8Array(0)),
    );
  });
}
