import { z } from 'zod';
import { askSchema, createStudySchema, reportSchema, studyNameSchema, tellSchema, type TuningService } from '../../domains/tuning/index.js';
import { defineRoute, type RouteContext } from '../route.js';

const nameParams = z.strictObject({ name: studyNameSchema });
const trialParams = z.strictObject({ name: studyNameSchema, number: z.coerce.number().int().min(0).max(2_147_483_647) });

const paramValue = z.union([z.string(), z.number(), z.boolean()]);
const trialResponse = z.object({
  id: z.string(),
  studyName: z.string(),
  number: z.number(),
  state: z.enum(['running', 'complete', 'pruned', 'failed']),
  params: z.record(z.string(), paramValue),
  values: z.array(z.number()).nullable(),
  reason: z.string().nullable(),
  runId: z.string().nullable(),
  retryOf: z.number().nullable(),
  parentTrial: z.number().nullable(),
  lastStep: z.number().nullable(),
  lastValue: z.number().nullable(),
  startedAt: z.number(),
  completedAt: z.number().nullable(),
});
const studyResponse = z.looseObject({ id: z.string(), name: z.string(), status: z.string(), directions: z.array(z.string()), counts: z.record(z.string(), z.number()) });
const analysisResponse = z.looseObject({ study: z.string(), history: z.array(z.unknown()), importance: z.array(z.object({ param: z.string(), importance: z.number() })) });

/** Hyperparameter studies under /api/v1/studies: ask/tell, intermediate reports (pruning), analysis. */
export function registerTuningRoutes(ctx: RouteContext, tuning: TuningService): void {
  const tags = ['tuning'];

  defineRoute(ctx, { method: 'POST', url: '/api/v1/studies', scope: 'write', summary: 'Create a study (search space, directions, sampler, pruner)', tags, body: createStudySchema, response: studyResponse, status: 201 }, ({ body }) => tuning.createStudy(body));

  defineRoute(ctx, { method: 'GET', url: '/api/v1/studies', scope: 'read', summary: 'List studies with trial counts', tags, response: z.object({ studies: z.array(studyResponse) }) }, async () => ({ studies: await tuning.listStudies() }));

  defineRoute(ctx, { method: 'GET', url: '/api/v1/studies/:name', scope: 'read', summary: 'Get a study', tags, params: nameParams, response: studyResponse }, ({ params }) => tuning.getStudy(params.name));

  defineRoute(
    ctx,
    { method: 'POST', url: '/api/v1/studies/:name/status', scope: 'write', summary: 'Stop, resume or complete a study', tags, params: nameParams, body: z.strictObject({ status: z.enum(['running', 'stopped', 'completed']) }), response: studyResponse },
    ({ params, body }) => tuning.setStatus(params.name, body.status),
  );

  defineRoute(
    ctx,
    { method: 'POST', url: '/api/v1/studies/:name/trials', scope: 'write', summary: 'Ask: start the next trial (its parameters and tracked run)', tags, params: nameParams, body: askSchema, response: trialResponse, status: 201 },
    ({ params, body }) => tuning.ask(params.name, body ?? {}),
  );

  defineRoute(ctx, { method: 'GET', url: '/api/v1/studies/:name/trials', scope: 'read', summary: 'List a study’s trials', tags, params: nameParams, response: z.object({ trials: z.array(trialResponse) }) }, async ({ params }) => ({
    trials: await tuning.listTrials(params.name),
  }));

  defineRoute(ctx, { method: 'GET', url: '/api/v1/studies/:name/trials/:number', scope: 'read', summary: 'Get one trial', tags, params: trialParams, response: trialResponse }, ({ params }) => tuning.getTrial(params.name, params.number));

  defineRoute(
    ctx,
    { method: 'POST', url: '/api/v1/studies/:name/trials/:number/report', scope: 'write', summary: 'Report an intermediate value; the answer says whether the pruner stops the trial', tags, params: trialParams, body: reportSchema, response: z.object({ prune: z.boolean(), reason: z.string().nullable() }) },
    ({ params, body }) => tuning.report(params.name, params.number, body),
  );

  defineRoute(ctx, { method: 'POST', url: '/api/v1/studies/:name/trials/:number/heartbeat', scope: 'write', summary: 'Keep a long trial alive (a silent one is failed and retried)', tags, params: trialParams }, async ({ params }) => {
    await tuning.heartbeat(params.name, params.number);
  });

  defineRoute(
    ctx,
    { method: 'POST', url: '/api/v1/studies/:name/trials/:number/tell', scope: 'write', summary: 'Tell: finish a trial (complete with its values, failed or pruned with a reason); once only', tags, params: trialParams, body: tellSchema, response: trialResponse },
    ({ params, body }) => tuning.tell(params.name, params.number, body),
  );

  defineRoute(
    ctx,
    { method: 'GET', url: '/api/v1/studies/:name/analysis', scope: 'read', summary: 'Optimization history, best trial, Pareto front, parameter importance, parallel coordinates', tags, params: nameParams, response: analysisResponse },
    ({ params }) => tuning.analyze(params.name),
  );
}
