import { z } from 'zod';
import {
  estimateGpuMemory,
  GPU_CATALOG,
  gpuEstimateRequestSchema,
  listTrainingJobsQuery,
  runLogsQuery,
  submitTrainingJobSchema,
  trainTabularRequestSchema,
  TRAINING_JOB_STATES,
  type TabularTrainingService,
  type TrainingJobService,
} from '../../domains/training/index.js';
import { defineRoute, type RouteContext } from '../route.js';
import { actorOf } from './registry-wire.js';

/**
 * Training over REST:
 * - jobs: `POST/GET /api/v1/training/jobs`, `GET /api/v1/training/jobs/:id`, `POST …/:id/cancel`;
 *   the workers that advertised resources: `GET /api/v1/training/workers`;
 * - live run logs (what a job's command printed): `GET /api/v1/runs/:id/logs?after=<seq>`;
 * - built-in tabular trainers: `POST /api/v1/training/tabular`;
 * - GPU sizing: `POST /api/v1/gpu/estimate`, the GPU list with prices: `GET /api/v1/gpu/catalog`.
 */
const jobResponse = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(TRAINING_JOB_STATES),
  command: z.array(z.string()),
  params: z.record(z.string(), z.string()),
  env: z.record(z.string(), z.string()),
  experimentId: z.string(),
  runId: z.string(),
  gpus: z.number(),
  cpus: z.number(),
  memoryMb: z.number().nullable(),
  retries: z.number(),
  backoffSec: z.number(),
  timeoutSec: z.number(),
  cwd: z.string().nullable(),
  attempt: z.number(),
  maxAttempts: z.number(),
  exitCode: z.number().nullable(),
  error: z.string().nullable(),
  worker: z.string().nullable(),
  cancelRequested: z.boolean(),
  queueJobId: z.string(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
});
const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const logLine = z.object({ seq: z.number(), stream: z.enum(['stdout', 'stderr', 'system']), text: z.string(), timestamp: z.number() });
const breakdown = z.object({ weights: z.number(), kvCache: z.number(), activations: z.number(), gradients: z.number(), optimizer: z.number(), overhead: z.number(), total: z.number() });

export function registerTrainingRoutes(ctx: RouteContext, services: { training: TrainingJobService; tabularTraining?: TabularTrainingService | undefined }): void {
  const tags = ['training'];
  const { training } = services;

  defineRoute(ctx, { method: 'POST', url: '/api/v1/training/jobs', scope: 'write', summary: 'Queue a training job: a command run by a training worker as a tracked run', tags, body: submitTrainingJobSchema, response: jobResponse, status: 201 }, ({ body }) => training.submit(body));
  defineRoute(ctx, { method: 'GET', url: '/api/v1/training/jobs', scope: 'read', summary: 'List training jobs, newest first', tags, query: listTrainingJobsQuery, response: z.object({ jobs: z.array(jobResponse) }) }, async ({ query }) => ({
    jobs: await training.list(query),
  }));
  defineRoute(ctx, { method: 'GET', url: '/api/v1/training/jobs/:id', scope: 'read', summary: 'Get a training job', tags, params: idParams, response: jobResponse }, ({ params }) => training.get(params.id));
  defineRoute(ctx, { method: 'POST', url: '/api/v1/training/jobs/:id/cancel', scope: 'write', summary: 'Cancel a training job (a running one is killed by its worker)', tags, params: idParams, response: jobResponse }, ({ params }) =>
    training.cancel(params.id),
  );
  defineRoute(
    ctx,
    {
      method: 'GET',
      url: '/api/v1/training/workers',
      scope: 'read',
      summary: 'Training workers seen lately, with their resources and running jobs',
      tags,
      response: z.object({ workers: z.array(z.object({ id: z.string(), host: z.string(), resources: z.object({ cpus: z.number(), memoryMb: z.number(), gpus: z.array(z.object({ index: z.number(), name: z.string(), memoryMb: z.number() })) }), running: z.array(z.string()), lastSeen: z.number() })) }),
    },
    async () => ({ workers: await training.workers() }),
  );
  defineRoute(
    ctx,
    { method: 'GET', url: '/api/v1/runs/:id/logs', scope: 'read', summary: "A run's live log lines (stdout, stderr, worker notes) after a sequence number", tags: ['tracking', ...tags], params: idParams, query: runLogsQuery, response: z.object({ lines: z.array(logLine), next: z.number() }) },
    async ({ params, query }) => {
      const lines = await training.logs(params.id, query);
      return { lines, next: lines.at(-1)?.seq ?? query.after };
    },
  );
  const tabular = services.tabularTraining;
  if (tabular) {
    defineRoute(ctx, { method: 'POST', url: '/api/v1/training/tabular', scope: 'write', summary: 'Train a built-in tabular model (logreg, forest, gbdt, mlp) as a tracked run, export ONNX, optionally register it', tags, body: trainTabularRequestSchema }, ({ body, request }) =>
      tabular.train(body, actorOf(request)),
    );
  }
  defineRoute(ctx, { method: 'POST', url: '/api/v1/gpu/estimate', scope: 'read', summary: 'GPU memory for inference or training: breakdown, GPUs that fit, how many, cost per hour', tags, body: gpuEstimateRequestSchema, response: z.object({ breakdown, perGpu: breakdown }).passthrough() }, ({ body }) =>
    estimateGpuMemory(body),
  );
  defineRoute(ctx, { method: 'GET', url: '/api/v1/gpu/catalog', scope: 'read', summary: 'The GPUs GPU sizing compares against, with memory and list prices', tags, response: z.object({ gpus: z.array(z.object({ name: z.string(), memoryGiB: z.number(), pricePerHour: z.number() })) }) }, () => ({
    gpus: GPU_CATALOG,
  }));
}
