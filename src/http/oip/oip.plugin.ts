import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { TensorValue } from '../../core/ports/model-runtime.js';
import type { AccessService } from '../../domains/access/index.js';
import { deploymentNameSchema, type ServingService } from '../../domains/serving/index.js';
import { OpenApiRegistry, type OpenApiOperation } from '../openapi.js';
import { defineRoute, type RouteContext } from '../route.js';
import { decodeInput, inferRequestSchema, inferResponseText, parseInferBody, toOipSpec } from './oip-tensors.js';

const PREFIX = '/v2';

class PrefixedOpenApi extends OpenApiRegistry {
  constructor(private readonly into: OpenApiRegistry) {
    super();
  }

  override add(op: OpenApiOperation): void {
    this.into.add({ ...op, url: PREFIX + op.url });
  }
}

/** OIP's error body is a bare string: `{"error": "..."}`, with Keel's status for the code. */
function sendOipError(err: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  let status = 500;
  let message = 'internal error; the server log has details under this x-request-id';
  if (err instanceof AppError) {
    status = err.httpStatus;
    message = err.message;
  } else if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
    status = err.statusCode;
    message = err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? `malformed JSON: ${err.message}` : err.message;
  }
  if (status >= 500 && !(err instanceof AppError)) request.log.error({ err }, 'request failed');
  else request.log.info({ status, msg: message }, 'request rejected');
  return reply.status(status).type('application/json').send({ error: message });
}

const modelParams = z.strictObject({ name: deploymentNameSchema });
const versionParams = z.strictObject({ name: deploymentNameSchema, version: z.coerce.number().int().min(1).max(2_147_483_647) });
const oipTensorOut = z.object({ name: z.string(), shape: z.array(z.number()), datatype: z.string(), data: z.array(z.unknown()) });
const inferResponse = z.object({ model_name: z.string(), model_version: z.string(), id: z.string(), parameters: z.record(z.string(), z.unknown()).optional(), outputs: z.array(oipTensorOut) });
const metadataResponse = z.object({ name: z.string(), versions: z.array(z.string()), platform: z.string(), inputs: z.array(z.object({ name: z.string(), datatype: z.string(), shape: z.array(z.number()) })), outputs: z.array(z.object({ name: z.string(), datatype: z.string(), shape: z.array(z.number()) })) });

/**
 * The Open Inference Protocol v2 REST face (KServe, Triton, MLServer speak it). `{name}`
 * is a deployment, routed by its strategy; `/versions/{v}` pins one of its versions.
 * An encapsulated plugin: its error handler answers OIP's `{"error": "..."}`.
 */
export async function registerOipFace(app: FastifyInstance, deps: { serving: ServingService; access: AccessService; openapi: OpenApiRegistry; serverVersion: string; ready: () => Promise<boolean> }): Promise<void> {
  const { serving } = deps;
  await app.register(
    async (child) => {
      child.setErrorHandler((err: FastifyError, request, reply) => sendOipError(err, request, reply));
      child.setNotFoundHandler((request, reply) => reply.status(404).send({ error: `no route for ${request.method} ${request.url.split('?')[0]}` }));
      const ctx: RouteContext = { app: child, openapi: new PrefixedOpenApi(deps.openapi), access: deps.access };
      const tags = ['inference (OIP v2)'];

      defineRoute(ctx, { method: 'GET', url: '', scope: 'public', summary: 'Server metadata', tags }, () => ({ name: 'keel', version: deps.serverVersion, extensions: [] }));
      defineRoute(ctx, { method: 'GET', url: '/health/live', scope: 'public', summary: 'Liveness', tags }, () => ({ live: true }));
      defineRoute(ctx, { method: 'GET', url: '/health/ready', scope: 'public', summary: 'Readiness: stored deployments loaded and the server not draining', tags }, async ({ reply }) => {
        const ready = await deps.ready();
        return reply.status(ready ? 200 : 503).send({ ready });
      });

      const metadata = async (name: string, version?: number) => {
        const d = await serving.describe(name, version);
        return { name, versions: (version === undefined ? d.versions : [d.version]).map(String), platform: 'onnxruntime_onnx', inputs: d.signature.inputs.map(toOipSpec), outputs: d.signature.outputs.map(toOipSpec) };
      };
      defineRoute(ctx, { method: 'GET', url: '/models/:name', scope: 'read', summary: 'Model metadata of a deployment', tags, params: modelParams, response: metadataResponse }, ({ params }) => metadata(params.name));
      defineRoute(ctx, { method: 'GET', url: '/models/:name/versions/:version', scope: 'read', summary: 'Model metadata of one version', tags, params: versionParams, response: metadataResponse }, ({ params }) =>
        metadata(params.name, params.version),
      );
      defineRoute(ctx, { method: 'GET', url: '/models/:name/ready', scope: 'read', summary: 'Whether the deployment’s versions are loaded', tags, params: modelParams }, async ({ params }) => ({ name: params.name, ready: await serving.isReady(params.name) }));
      defineRoute(ctx, { method: 'GET', url: '/models/:name/versions/:version/ready', scope: 'read', summary: 'Whether one version is loaded', tags, params: versionParams }, async ({ params }) => ({
        name: params.name,
        version: String(params.version),
        ready: await serving.isReady(params.name, params.version),
      }));

      const infer = async (name: string, version: number | undefined, body: z.output<typeof inferRequestSchema>, request: FastifyRequest, reply: FastifyReply) => {
        const inputs: Record<string, TensorValue> = {};
        for (const t of body.inputs) {
          if (t.name in inputs) throw AppError.invalid(`input '${t.name}' is given twice`, [{ path: `inputs.${t.name}`, message: 'duplicate' }]);
          inputs[t.name] = decodeInput(t);
        }
        const key = body.parameters?.['key'];
        const result = await serving.infer(name, {
          inputs,
          outputs: body.outputs?.map((o) => o.name),
          requestId: String(request.id),
          version,
          routingKey: typeof key === 'string' ? key : undefined,
          header: (h) => {
            const v = request.headers[h.toLowerCase()];
            return typeof v === 'string' ? v : undefined;
          },
        });
        // Sent as text: the float outputs go straight into the JSON, with no array copy and no second serialization.
        reply.type('application/json');
        return inferResponseText({ model_name: name, model_version: String(result.version), id: body.id ?? result.requestId, parameters: { arm: result.arm, cached: result.cached, fallback: result.fallback } }, result.outputs);
      };
      defineRoute(ctx, { method: 'POST', url: '/models/:name/infer', scope: 'read', summary: 'Inference, routed by the deployment’s strategy', tags, params: modelParams, body: inferRequestSchema, parseBody: parseInferBody, response: inferResponse }, ({ params, body, request, reply }) =>
        infer(params.name, undefined, body, request, reply),
      );
      defineRoute(ctx, { method: 'POST', url: '/models/:name/versions/:version/infer', scope: 'read', summary: 'Inference pinned to one version of the deployment', tags, params: versionParams, body: inferRequestSchema, parseBody: parseInferBody, response: inferResponse }, ({ params, body, request, reply }) =>
        infer(params.name, params.version, body, request, reply),
      );
    },
    { prefix: PREFIX },
  );
}
