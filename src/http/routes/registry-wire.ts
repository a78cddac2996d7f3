import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { modelNameSchema, STAGES, versionNumberSchema, type Actor } from '../../domains/registry/index.js';

/**
 * Who is calling, for the registry's audit log and its admin-only `force`: the API key's
 * id and scope, or `anonymous` when the server runs without keys (then every caller may
 * do everything, admin routes included, so the scope is admin).
 */
export function actorOf(request: FastifyRequest): Actor {
  const p = request.principal;
  return p ? { id: p.keyId, scope: p.scope } : { id: 'anonymous', scope: 'admin' };
}

export const nameParams = z.strictObject({ name: modelNameSchema });
export const versionParams = z.strictObject({ name: modelNameSchema, version: versionNumberSchema });

/* ---------- response shapes, for the OpenAPI document ---------- */

const tag = z.object({ key: z.string(), value: z.string() });
const stage = z.enum(STAGES);
const tensor = z.object({ name: z.string(), type: z.string(), shape: z.array(z.number().int()) });

export const modelResponse = z.object({
  name: z.string(),
  description: z.string(),
  tags: z.array(tag),
  aliases: z.array(z.object({ alias: z.string(), version: z.number().int() })),
  productionVersion: z.number().int().nullable(),
  latestVersion: z.number().int().nullable(),
  createdBy: z.string(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});

export const versionResponse = z.object({
  name: z.string(),
  version: z.number().int(),
  stage,
  description: z.string(),
  source: z.string(),
  artifactPath: z.string().nullable(),
  runId: z.string().nullable(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
  fileName: z.string(),
  flavor: z.literal('onnx'),
  signature: z.object({ inputs: z.array(tensor), outputs: z.array(tensor) }).nullable(),
  metrics: z.array(z.object({ key: z.string(), value: z.number().nullable(), step: z.number().int(), timestamp: z.number().int() })),
  params: z.array(tag),
  datasets: z.array(z.object({ name: z.string(), digest: z.string(), sourceType: z.string(), source: z.string(), context: z.string().nullable() })),
  tags: z.array(tag),
  aliases: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});

const check = z.object({ name: z.string(), verdict: z.enum(['pass', 'fail', 'skipped']), measured: z.record(z.string(), z.unknown()), threshold: z.record(z.string(), z.unknown()), evidence: z.record(z.string(), z.unknown()), message: z.string() });

export const reportResponse = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  targetStage: stage,
  policyVersion: z.number().int().nullable(),
  comparedWith: z.number().int().nullable(),
  passed: z.boolean(),
  checks: z.array(check),
  startedAt: z.number().int(),
  finishedAt: z.number().int(),
  createdBy: z.string(),
});

export const policyResponse = z.object({ name: z.string(), policyVersion: z.number().int(), policy: z.unknown(), createdBy: z.string(), createdAt: z.number().int() });

export const auditResponse = z.object({
  seq: z.number().int(),
  name: z.string(),
  action: z.string(),
  version: z.number().int().nullable(),
  fromStage: stage.nullable(),
  toStage: stage.nullable(),
  alias: z.string().nullable(),
  actor: z.string(),
  reason: z.string().nullable(),
  at: z.number().int(),
  details: z.record(z.string(), z.unknown()),
});

export const promotionResponse = z.object({
  version: versionResponse,
  archived: z.array(z.number().int()),
  gate: z.enum(['passed', 'no-policy', 'not-required', 'forced']),
  report: reportResponse.nullable(),
  message: z.string(),
});
