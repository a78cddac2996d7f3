/**
 * A compiled online lookup: everything one feature list (or service) needs that does not depend
 * on the entity rows, built once per definitions snapshot. Serving asks for the same list on every
 * call, and resolving 50 references, grouping them by view and formatting key prefixes each time
 * was most of the lookup's garbage — the young-generation GCs that set its p99.
 */
import { parseInput } from '../../core/validation.js';
import { entityColumns } from './entity-keys.js';
import { resolveFeatureRefs, serviceRefs } from './feature-definitions.js';
import { onlineRequestSchema, type Entity, type FeatureService, type FeatureView, type JoinKeyType } from './features.schema.js';
import { onlineKeyPrefix } from './online-store.js';

export interface PlannedView {
  name: string;
  ttlMs: number;
  /** `feat:v1:<view>:`; the key is this plus the JSON array of the join key values. */
  keyPrefix: string;
  features: string[];
  /** Indexes into the plan's joinKeys, in the entity's join key order. */
  joinKeyIndexes: number[];
}

export interface OnlinePlan {
  views: PlannedView[];
  /** The join keys of every view's entity, each once, in first-use order (the answer's first columns). */
  joinKeys: { name: string; type: JoinKeyType }[];
  /** Join key names, then `view:feature` in request order. */
  featureNames: string[];
  /** Each view's entity, for the checked path's messages. */
  entities: Entity[];
}

export interface OnlinePlanContext {
  entities: ReadonlyMap<string, Entity>;
  views: ReadonlyMap<string, FeatureView>;
  services: ReadonlyMap<string, FeatureService>;
  ttlMs: ReadonlyMap<string, number>;
  /** Compiled plans of this snapshot, by request key; dropped with the snapshot when definitions change. */
  plans: Map<string, OnlinePlan>;
}

/** A lookup ready to read: the plan and the checked join key columns (in plan.joinKeys order). */
export interface PreparedLookup {
  plan: OnlinePlan;
  columns: (number | string)[][];
  rows: number;
}

/** Distinct lists a snapshot keeps; a client sending ever-new lists cannot grow memory without bound. */
const MAX_PLANS = 512;
const MAX_ROWS = 10_000;
const MAX_KEY_TEXT = 1_024;

function compile(ctx: OnlinePlanContext, refs: readonly string[], field: string): OnlinePlan {
  const grouped = [...resolveFeatureRefs(refs, ctx.views, field).values()];
  const joinKeys: OnlinePlan['joinKeys'] = [];
  const index = new Map<string, number>();
  const entities = grouped.map((g) => ctx.entities.get(g.view.entity) as Entity);
  const views = grouped.map((g, gi): PlannedView => {
    const entity = entities[gi] as Entity;
    const joinKeyIndexes = entity.joinKeys.map((k) => {
      let i = index.get(k.name);
      if (i === undefined) {
        i = joinKeys.push({ name: k.name, type: k.type }) - 1;
        index.set(k.name, i);
      }
      return i;
    });
    return { name: g.view.name, ttlMs: ctx.ttlMs.get(g.view.name) as number, keyPrefix: onlineKeyPrefix(g.view.name), features: g.features, joinKeyIndexes };
  });
  const featureNames = [...joinKeys.map((k) => k.name), ...views.flatMap((v) => v.features.map((f) => `${v.name}:${f}`))];
  return { views, joinKeys, featureNames, entities };
}

function remember(ctx: OnlinePlanContext, key: string, plan: OnlinePlan): OnlinePlan {
  if (ctx.plans.size >= MAX_PLANS) ctx.plans.clear();
  ctx.plans.set(key, plan);
  return plan;
}

function planKey(features: unknown, service: unknown): string | undefined {
  if (typeof service === 'string') return features === undefined ? `s\u0000${service}` : undefined;
  if (!Array.isArray(features) || service !== undefined) return undefined;
  let key = 'f';
  for (const f of features) {
    if (typeof f !== 'string') return undefined;
    key += `\u0000${f}`;
  }
  return key;
}

/**
 * The usual request — a list or service seen before, exactly the plan's join key columns, values
 * of the right types — without zod. Anything else returns undefined and takes the checked path,
 * so every answer and every 4xx is the checked path's.
 */
function prepareQuick(ctx: OnlinePlanContext, body: unknown): PreparedLookup | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { features, service, entities, ...rest } = body as Record<string, unknown>;
  for (const _ in rest) return undefined;
  const key = planKey(features, service);
  const plan = key === undefined ? undefined : ctx.plans.get(key);
  if (!plan || entities === null || typeof entities !== 'object' || Array.isArray(entities)) return undefined;
  const given = entities as Record<string, unknown>;
  let names = 0;
  for (const _ in given) names++;
  if (names !== plan.joinKeys.length) return undefined;
  const columns: (number | string)[][] = [];
  let rows = -1;
  for (const k of plan.joinKeys) {
    const values = given[k.name];
    if (!Array.isArray(values) || values.length === 0 || values.length > MAX_ROWS || (rows !== -1 && values.length !== rows)) return undefined;
    rows = values.length;
    for (const v of values) {
      if (k.type === 'int64' ? !(typeof v === 'number' && Number.isSafeInteger(v)) : !(typeof v === 'string' && v.length <= MAX_KEY_TEXT)) return undefined;
    }
    columns.push(values as (number | string)[]);
  }
  return { plan, columns, rows };
}

function prepareChecked(ctx: OnlinePlanContext, body: unknown): PreparedLookup {
  const req = parseInput(onlineRequestSchema, body, 'body');
  const key = planKey(req.features, req.service) as string;
  let plan = ctx.plans.get(key);
  if (!plan) {
    const refs = req.service !== undefined ? serviceRefs(ctx.services, req.service) : (req.features as string[]);
    plan = remember(ctx, key, compile(ctx, refs, req.service !== undefined ? `service ${req.service}.features` : 'features'));
  }
  const { rows, keys } = entityColumns(req.entities, plan.entities, plan.views.map((v) => v.name));
  return { plan, columns: plan.joinKeys.map((k) => keys.get(k.name) as (number | string)[]), rows };
}

export function prepareLookup(ctx: OnlinePlanContext, body: unknown): PreparedLookup {
  return prepareQuick(ctx, body) ?? prepareChecked(ctx, body);
}

/** Store keys of every view for every row, view by view (the order the answer is assembled in). */
export function storeKeys({ plan, columns, rows }: PreparedLookup): string[] {
  const keys: string[] = [];
  for (const v of plan.views) {
    if (v.joinKeyIndexes.length === 1) {
      const col = columns[v.joinKeyIndexes[0] as number] as (number | string)[];
      // JSON.stringify([x]) without the array: a safe integer prints the same either way.
      for (let r = 0; r < rows; r++) {
        const x = col[r] as number | string;
        keys.push(`${v.keyPrefix}[${typeof x === 'number' ? x : JSON.stringify(x)}]`);
      }
    } else {
      for (let r = 0; r < rows; r++) keys.push(v.keyPrefix + JSON.stringify(v.joinKeyIndexes.map((i) => (columns[i] as (number | string)[])[r])));
    }
  }
  return keys;
}
